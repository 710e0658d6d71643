package bot

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"hotlinebot/domain"
)

// locale renders times, spans and numbers for one reader: a language, the
// office's zone and the instant the reply is about.
type locale struct {
	lang string
	loc  *time.Location
	now  time.Time
	p    *phrases
}

func newLocale(lang string, loc *time.Location, now time.Time) locale {
	if lang != domain.LangEN {
		lang = domain.LangZH
	}
	return locale{lang: lang, loc: loc, now: now.In(loc), p: phrasesFor(lang)}
}

// clock is the time of day, with a deadline at midnight written 24:00 of
// the day before, as the office writes deadlines.
func (l locale) clock(t time.Time) (day time.Time, hm string) {
	t = t.In(l.loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Add(-time.Minute), "24:00"
	}
	return t, t.Format("15:04")
}

// when is a nearby instant as people say it: 今天 15:00, 明天 24:00,
// 11月29日 09:00 (with the year when it is not this year's).
func (l locale) when(t time.Time) string {
	day, hm := l.clock(t)
	switch dayDiff(l.now, day) {
	case 0:
		return l.p.today + " " + hm
	case 1:
		return l.p.tomorrow + " " + hm
	case -1:
		return l.p.yesterday + " " + hm
	}
	return l.date(day) + " " + hm
}

// stamp is an instant as a reply's "as of" time: 11月27日 08:30.
func (l locale) stamp(t time.Time) string {
	day, hm := l.clock(t)
	return l.date(day) + " " + hm
}

// date is a calendar day, with the year only when it is not this year's.
func (l locale) date(t time.Time) string {
	t = t.In(l.loc)
	if l.lang == domain.LangEN {
		if t.Year() != l.now.Year() {
			return t.Format("Jan 2, 2006")
		}
		return t.Format("Jan 2")
	}
	if t.Year() != l.now.Year() {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	}
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// full is an instant with its date in full: 2026-11-25 09:15.
func (l locale) full(t time.Time) string {
	day, hm := l.clock(t)
	return day.Format("2006-01-02") + " " + hm
}

func dayDiff(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// longestSpan is the longest span shown in days: time.Duration saturates
// at about 292 years (a ticket stored before the time range rule may lie
// that far off), where a day count would be a wrong number.
const longestSpan = 100 * 365 * 24 * time.Hour

// span is a duration in the largest units that matter: 45 分钟, 3 小时,
// 2 天 5 小时; 超过 100 年 past longestSpan.
func (l locale) span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < 0 || d >= longestSpan { // -MinInt64 stays negative
		return l.p.units.overCentury
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	u := l.p.units
	switch {
	case d < time.Minute:
		return u.lessThanMinute
	case d < time.Hour:
		return fmt.Sprintf(u.minutes, mins)
	case days == 0:
		return fmt.Sprintf(u.hours, hours)
	case hours == 0:
		return fmt.Sprintf(u.days, days)
	}
	return fmt.Sprintf(u.days, days) + " " + fmt.Sprintf(u.hours, hours)
}

// esc escapes user-supplied text for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// clip shortens free text to at most n characters for a list line, marking
// the cut; the full text is one command away.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// bold wraps already-escaped text in <b>.
func bold(s string) string { return "<b>" + s + "</b>" }

// joinNames lists names with the language's separator, at most n of them,
// saying how many were left out.
func (l locale) joinNames(items []string, n int) string {
	shown := items
	if len(items) > n {
		shown = items[:n]
	}
	out := strings.Join(shown, l.p.listSep)
	if len(items) > n {
		out += fmt.Sprintf(l.p.andMore, len(items))
	}
	return out
}

// signed writes a composite change with its sign: +1.2, −4.3.
func signed(v float64) string {
	v = domain.RoundTo(v, 1)
	switch {
	case v > 0:
		return "+" + composite(v)
	case v < 0:
		return "−" + composite(-v)
	}
	return "±0"
}
