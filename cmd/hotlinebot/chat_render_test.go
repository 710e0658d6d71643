package main

import (
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func mustInstant(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := domain.ParseInstant(s, testkit.Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestRenderMessage(t *testing.T) {
	tests := []struct {
		name string
		r    renderer
		in   string
		want string
		html bool
	}{
		{"bold and italic on a terminal", renderer{width: 72, ansi: true}, "<b>超期</b> 与 <i>即将</i>",
			"\x1b[0;1m超期\x1b[0m 与 \x1b[0;3m即将\x1b[0m", true},
		{"tags dropped in plain text", renderer{width: 72}, "<b>岳阳</b> &lt;1&gt; &amp;", "岳阳 <1> &", true},
		{"link keeps its address", renderer{width: 72}, `<a href="https://t.me/x?start=AB">打开链接</a>`,
			"打开链接 (https://t.me/x?start=AB)", true},
		{"link that is its address", renderer{width: 72}, `<a href="https://t.me/x">https://t.me/x</a>`, "https://t.me/x", true},
		{"blockquote has a bar", renderer{width: 72}, "内容：\n<blockquote>路灯不亮</blockquote>", "内容：\n▎ 路灯不亮", true},
		{"plain parse mode keeps angle brackets", renderer{width: 72}, "<b>x</b>", "<b>x</b>", false},
		{"Chinese wraps at the width", renderer{width: 8}, "一二三四五六七八九", "一二三四\n五六七八\n九", true},
		{"Latin wraps at spaces", renderer{width: 10}, "aaa bbbb cccc", "aaa bbbb\ncccc", true},
		{"a long word is cut", renderer{width: 4}, "abcdefgh", "abcd\nefgh", true},
		{"mixed: break before a Chinese character", renderer{width: 10}, "YY20261 工单到期", "YY20261 工\n单到期", true},
		{"an emoji with its selector is as wide as a Chinese character", renderer{width: 6}, "⚠️ 超期提醒", "⚠️ 超\n期提醒", true},
		{"style survives the wrap", renderer{width: 4, ansi: true}, "<b>一二三</b>",
			"\x1b[0;1m一二\x1b[0m\n\x1b[0;1m三\x1b[0m", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.text(tt.in, tt.html); got != tt.want {
				t.Errorf("text(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWrapKeepsEveryLineWithinThePhoneWidth(t *testing.T) {
	r := renderer{width: 72}
	in := "• YY202610002784 投诉｜农业农村类 — 11月30日 24:00 到期（剩余 3 天 14 小时）请尽快办结，发送 /overdue 查看全部超期工单。"
	for _, line := range strings.Split(r.text(in, true), "\n") {
		w := 0
		for _, ch := range line {
			w += runeWidth(ch)
		}
		if w > 72 {
			t.Errorf("line %q is %d cells wide, over 72", line, w)
		}
	}
}

func TestClockTarget(t *testing.T) {
	now := mustInstant(t, "2026-11-27 10:00")
	tests := []struct{ arg, want string }{
		{"+2h", "2026-11-27 12:00"},
		{"+30m", "2026-11-27 10:30"},
		{"+1d", "2026-11-28 10:00"},
		{"+1d2h", "2026-11-28 12:00"},
		{"2026-11-30 09:00", "2026-11-30 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			got, err := clockTarget(now, tt.arg, now.Location())
			if err != nil || !got.Equal(mustInstant(t, tt.want)) {
				t.Errorf("clockTarget(%q) = %v, %v; want %s", tt.arg, got, err, tt.want)
			}
		})
	}
}
