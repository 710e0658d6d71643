package bot_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// TestPeriodArguments asks every command that takes a period with every
// form of period, a bad one and a future one: each answers about exactly
// the period asked for, final (终评) when it has ended, provisional (暂定)
// while it runs; a bad one gets the command's usage, a future one a
// refusal, never an answer about another period.
func TestPeriodArguments(t *testing.T) {
	h := newHarness(t)
	forms := []struct {
		arg, label, phase string
	}{
		{"2026Q4", "2026年第四季度", "暂定"},
		{"2026q3", "2026年第三季度", "终评"},
		{"2026-11", "2026年11月", "暂定"},
		{"2026-10", "2026年10月", "终评"},
		{"2026年第四季度", "2026年第四季度", "暂定"},
		{"2026年三季度", "2026年第三季度", "终评"},
		{"2026年11月", "2026年11月", "暂定"},
		{"本季度", "2026年第四季度", "暂定"},
		{"上季度", "2026年第三季度", "终评"},
		{"本月", "2026年11月", "暂定"},
		{"上月", "2026年10月", "终评"},
	}
	commands := []struct {
		user   models.User
		prefix string
	}{
		{alice, "/grade"},
		{sam, "/summary"},
		{sam, "/ranking"},
		{sam, "/unit 临湘"},
		{ada, "/unit 岳阳县政府"},
	}
	for _, c := range commands {
		for _, f := range forms {
			t.Run(c.prefix+" "+f.arg, func(t *testing.T) {
				got := h.say(t, c.user, c.prefix+" "+f.arg).Text
				first := strings.SplitN(got, "\n", 2)[0]
				if !strings.Contains(first, f.label) || !strings.Contains(first, f.phase) {
					t.Errorf("title %q does not name %s %s; reply:\n%s", first, f.label, f.phase, got)
				}
			})
		}
		t.Run(c.prefix+" bad", func(t *testing.T) {
			got := h.say(t, c.user, c.prefix+" 2026Q9").Text
			name := strings.Fields(c.prefix)[0]
			if !strings.Contains(got, "无法识别“2026Q9”") || !strings.Contains(got, "用法："+name) || !strings.Contains(got, "例如："+name) {
				t.Errorf("bad period did not get the usage:\n%s", got)
			}
		})
		t.Run(c.prefix+" future", func(t *testing.T) {
			got := h.say(t, c.user, c.prefix+" 2027Q1").Text
			if got != "2027年第一季度还没有开始，没有可看的数据。当前是2026年第四季度。" {
				t.Errorf("future period not refused:\n%s", got)
			}
		})
	}
	t.Run("/report past period", func(t *testing.T) {
		got := h.say(t, sam, "/report 上季度")
		if len(got.Documents) != 1 || !strings.Contains(got.Documents[0].Filename, "2026Q3") {
			t.Fatalf("want the 2026Q3 table, got %+v", got)
		}
	})
	t.Run("/report future", func(t *testing.T) {
		got := h.say(t, sam, "/report 2027年1月")
		if len(got.Documents) != 0 || !strings.Contains(got.Text, "2027年1月还没有开始") {
			t.Fatalf("future report not refused: %+v", got)
		}
	})
	t.Run("/report bad", func(t *testing.T) {
		got := h.say(t, sam, "/report xyz")
		if len(got.Documents) != 0 || !strings.Contains(got.Text, "用法：/report") {
			t.Fatalf("bad report period did not get the usage: %+v", got)
		}
	})
}
