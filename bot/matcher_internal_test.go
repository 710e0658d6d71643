package bot

import (
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, text, bot string
		want            command
		ok              bool
	}{
		{"plain", "/tickets", "hb", command{name: "tickets"}, true},
		{"args", "/ticket  A-001 ", "hb", command{name: "ticket", args: "A-001"}, true},
		{"addressed", "/ticket@hb A-001", "hb", command{name: "ticket", args: "A-001"}, true},
		{"addressed any case", "/TICKET@HB A-001", "hb", command{name: "ticket", args: "A-001"}, true},
		{"other bot", "/ticket@otherbot A-001", "hb", command{}, false},
		{"name unknown yet", "/ticket@otherbot A-001", "", command{name: "ticket", args: "A-001"}, true},
		{"leading space", "  \n/grade", "hb", command{name: "grade"}, true},
		{"after chinese", "请看 /ticket A-001", "hb", command{name: "ticket", args: "A-001"}, true},
		{"after ideographic space", "请看\u3000/grade", "hb", command{name: "grade"}, true},
		{"start deep link", "/start ABCDEFGHIJKLMNOP", "hb", command{name: "start", args: "ABCDEFGHIJKLMNOP"}, true},
		{"not a command", "hello", "hb", command{}, false},
		{"in a word", "a/grade", "hb", command{}, false},
		{"in a url", "http://x/grade", "hb", command{}, false},
		{"slash alone", "/ grade", "hb", command{}, false},
		{"first of two", "/grade /tickets", "hb", command{name: "grade", args: "/tickets"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseCommand(tt.text, tt.bot)
			if ok != tt.ok || got != tt.want {
				t.Fatalf("parseCommand(%q) = %+v, %v; want %+v, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLocaleTimes(t *testing.T) {
	loc := testkit.Shanghai()
	now := time.Date(2026, 12, 31, 22, 0, 0, 0, loc)
	zh, en := newLocale(domain.LangZH, loc, now), newLocale(domain.LangEN, loc, now)
	tests := []struct {
		name    string
		got     string
		want    string
		english string
	}{
		{"midnight is 24:00 of the day before", zh.when(time.Date(2027, 1, 1, 0, 0, 0, 0, loc)), "今天 24:00", en.when(time.Date(2027, 1, 1, 0, 0, 0, 0, loc))},
		{"tomorrow across the year", zh.when(time.Date(2027, 1, 1, 9, 0, 0, 0, loc)), "明天 09:00", en.when(time.Date(2027, 1, 1, 9, 0, 0, 0, loc))},
		{"another year", zh.when(time.Date(2027, 1, 5, 9, 0, 0, 0, loc)), "2027年1月5日 09:00", en.when(time.Date(2027, 1, 5, 9, 0, 0, 0, loc))},
		{"UTC input", zh.when(time.Date(2026, 12, 31, 1, 30, 0, 0, time.UTC)), "今天 09:30", en.when(time.Date(2026, 12, 31, 1, 30, 0, 0, time.UTC))},
		{"seconds", zh.span(20 * time.Second), "不到 1 分钟", en.span(20 * time.Second)},
		{"minutes", zh.span(-45 * time.Minute), "45 分钟", en.span(-45 * time.Minute)},
		{"hours", zh.span(3*time.Hour + 59*time.Minute), "3 小时", en.span(3*time.Hour + 59*time.Minute)},
		{"days", zh.span(48 * time.Hour), "2 天", en.span(48 * time.Hour)},
		{"days and hours", zh.span(50 * time.Hour), "2 天 2 小时", en.span(50 * time.Hour)},
		{"a century of days", zh.span(99 * 365 * 24 * time.Hour), "36135 天", en.span(99 * 365 * 24 * time.Hour)},
		{"saturated, not 106751 天", zh.span(time.Date(2026, 11, 27, 0, 0, 0, 0, loc).Sub(time.Date(0, 1, 1, 0, 0, 0, 0, loc))), "超过 100 年", en.span(time.Date(0, 1, 1, 0, 0, 0, 0, loc).Sub(time.Date(2026, 11, 27, 0, 0, 0, 0, loc)))},
	}
	wantEN := []string{"today 24:00", "tomorrow 09:00", "Jan 5, 2027 09:00", "today 09:30", "under a minute", "45 min", "3 h", "2 d", "2 d 2 h", "36135 d", "over 100 years"}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want || tt.english != wantEN[i] {
				t.Fatalf("got %q / %q, want %q / %q", tt.got, tt.english, tt.want, wantEN[i])
			}
		})
	}
}

func TestPagingAndMessages(t *testing.T) {
	tests := []struct {
		total, size, asked int
		want               pageOf
	}{
		{0, 10, 0, pageOf{0, 1, 10, 0}},
		{10, 10, 1, pageOf{0, 1, 10, 10}},
		{11, 10, 1, pageOf{1, 2, 10, 11}},
		{125, 10, 99, pageOf{12, 13, 10, 125}},
		{125, 10, -3, pageOf{0, 13, 10, 125}},
	}
	for _, tt := range tests {
		if got := paging(tt.total, tt.size, tt.asked); got != tt.want {
			t.Errorf("paging(%d, %d, %d) = %+v, want %+v", tt.total, tt.size, tt.asked, got, tt.want)
		}
	}
	if d := callbackData("ranking", strings.Repeat("x", 80), 3); len(d) > 64 || d != "ranking||3" {
		t.Errorf("callbackData with a long argument = %q", d)
	}
	name, arg, page := parseCallback("ranking|2026Q4|2")
	if name != "ranking" || arg != "2026Q4" || page != 2 {
		t.Errorf("parseCallback = %q %q %d", name, arg, page)
	}
	item := "• " + strings.Repeat("字", 300)
	items := make([]string, 20)
	for i := range items {
		items[i] = item
	}
	text := message([]string{"head"}, items, []string{"foot"})
	if visibleLen(text) > maxMessage || !strings.HasSuffix(text, "\nfoot") || strings.Count(text, "•") != 13 {
		t.Errorf("message kept %d items, %d long", strings.Count(text, "•"), visibleLen(text))
	}
	if n := visibleLen("<b>&lt;</b>😀"); n != 3 {
		t.Errorf("visibleLen = %d, want 3", n)
	}
}
