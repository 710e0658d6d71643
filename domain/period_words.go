package domain

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrBadPeriod is wrapped by every error ParsePeriodAt returns for text it
// cannot read as a period.
var ErrBadPeriod = errors.New("not a period")

// PeriodPhase says where a period stands against an instant: over (its
// figures are final), running (provisional) or not begun.
type PeriodPhase int

// The phases of a period against now.
const (
	PeriodPast PeriodPhase = iota
	PeriodCurrent
	PeriodFuture
)

// PhaseAt is where p stands at now: a period that has ended is past (终评),
// one that contains now is current (暂定), one that starts after now is
// future.
func (p Period) PhaseAt(now time.Time) PeriodPhase {
	switch {
	case !now.Before(p.End):
		return PeriodPast
	case now.Before(p.Start):
		return PeriodFuture
	}
	return PeriodCurrent
}

var (
	zhQuarterRe = regexp.MustCompile(`^(\d{4})年第?([1-4一二三四])季度?$`)
	zhMonthRe   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月份?$`)
	zhDigits    = map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
)

// ParsePeriodAt reads a period as the office's people write it: 2026Q4,
// 2026-11, 2026年第四季度, 2026年四季度, 2026年第4季度, 2026年11月, and the
// relative 本季度, 上季度, 本月, 上月, 本期 and 上期 (the evaluation period of
// kind), resolved against now in loc. Full-width digits and letters, as
// Chinese input methods type them, are read as ASCII, and surrounding spaces
// are ignored. Text that is none of these is an error wrapping ErrBadPeriod.
// Whether the period has begun is PhaseAt's question, not this one's.
func ParsePeriodAt(s string, kind PeriodKind, now time.Time, loc *time.Location) (Period, error) {
	text := strings.TrimSpace(foldWidth(s))
	if p, ok := relativePeriod(text, kind, now, loc); ok {
		return p, nil
	}
	if m := zhQuarterRe.FindStringSubmatch(text); m != nil {
		y, _ := strconv.Atoi(m[1])
		return NewPeriod(Quarter, y, zhDigits[m[2]], loc), nil
	}
	if m := zhMonthRe.FindStringSubmatch(text); m != nil {
		y, _ := strconv.Atoi(m[1])
		if mo, _ := strconv.Atoi(m[2]); mo >= 1 && mo <= 12 {
			return NewPeriod(Month, y, mo, loc), nil
		}
	}
	if p, err := ParsePeriod(text, loc); err == nil {
		return p, nil
	}
	return Period{}, fmt.Errorf("%w: %q (want 2026Q4, 2026-11, 2026年第四季度, 2026年11月, 本季度, 上季度, 本月 or 上月)", ErrBadPeriod, s)
}

// relativePeriod resolves the words that name a period by where now is.
func relativePeriod(text string, kind PeriodKind, now time.Time, loc *time.Location) (Period, bool) {
	var k PeriodKind
	back := false
	switch text {
	case "本季度", "本季", "这个季度":
		k = Quarter
	case "上季度", "上季", "上个季度", "上一季度":
		k, back = Quarter, true
	case "本月", "这个月":
		k = Month
	case "上月", "上个月", "上一月":
		k, back = Month, true
	case "本期":
		k = kind
	case "上期":
		k, back = kind, true
	default:
		return Period{}, false
	}
	if k == "" {
		k = Quarter
	}
	p := PeriodAt(k, now, loc)
	if back {
		p = p.Prev()
	}
	return p, true
}

// foldWidth turns full-width ASCII (２０２６Ｑ４, as Chinese input methods
// type it) and the ideographic space into their ASCII forms.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
