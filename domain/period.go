package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// PeriodKind is the length of an evaluation period.
type PeriodKind string

// Quarters are the office's default evaluation period; months also work.
const (
	Quarter PeriodKind = "quarter"
	Month   PeriodKind = "month"
)

// ParsePeriodKind accepts "quarter" or "month".
func ParsePeriodKind(s string) (PeriodKind, error) {
	switch PeriodKind(s) {
	case Quarter, Month:
		return PeriodKind(s), nil
	}
	return "", fmt.Errorf("unknown period kind %q (want quarter or month)", s)
}

// Period is a quarter (2017Q2) or a month (2017-05) in the office's zone:
// it holds the instants [Start, End).
type Period struct {
	Kind  PeriodKind
	Year  int
	Index int // quarter 1–4 or month 1–12
	Start time.Time
	End   time.Time
}

var (
	quarterRe = regexp.MustCompile(`^(\d{4})[Qq]([1-4])$`)
	monthRe   = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
)

// ParsePeriod reads "2017Q2" or "2017-05" in loc.
func ParsePeriod(s string, loc *time.Location) (Period, error) {
	if m := quarterRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		return NewPeriod(Quarter, y, q, loc), nil
	}
	if m := monthRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return NewPeriod(Month, y, mo, loc), nil
		}
	}
	return Period{}, fmt.Errorf("invalid period %q (want a quarter such as 2017Q2 or a month such as 2017-05)", s)
}

// NewPeriod builds the period of the given kind, year and index in loc.
func NewPeriod(kind PeriodKind, year, index int, loc *time.Location) Period {
	p := Period{Kind: kind, Year: year, Index: index}
	if kind == Quarter {
		p.Start = time.Date(year, time.Month(3*index-2), 1, 0, 0, 0, 0, loc)
		p.End = p.Start.AddDate(0, 3, 0)
	} else {
		p.Start = time.Date(year, time.Month(index), 1, 0, 0, 0, 0, loc)
		p.End = p.Start.AddDate(0, 1, 0)
	}
	return p
}

// PeriodAt is the period of the given kind that contains t, in loc.
func PeriodAt(kind PeriodKind, t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	if kind == Quarter {
		return NewPeriod(Quarter, t.Year(), (int(t.Month())+2)/3, loc)
	}
	return NewPeriod(Month, t.Year(), int(t.Month()), loc)
}

// Prev is the period just before p.
func (p Period) Prev() Period {
	return PeriodAt(p.Kind, p.Start.Add(-time.Second), p.Start.Location())
}

// Next is the period just after p.
func (p Period) Next() Period { return PeriodAt(p.Kind, p.End, p.Start.Location()) }

// Contains reports whether t falls within the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// String is the period's key: 2017Q2 or 2017-05.
func (p Period) String() string {
	if p.Kind == Quarter {
		return fmt.Sprintf("%dQ%d", p.Year, p.Index)
	}
	return fmt.Sprintf("%d-%02d", p.Year, p.Index)
}

var quarterZH = [...]string{"", "一", "二", "三", "四"}

// Label is the period as people write it: 2017年第二季度, 2017年5月, 2017 Q2.
func (p Period) Label(lang string) string {
	switch {
	case lang == "en" && p.Kind == Quarter:
		return fmt.Sprintf("%d Q%d", p.Year, p.Index)
	case lang == "en":
		return p.Start.Format("January 2006")
	case p.Kind == Quarter:
		return fmt.Sprintf("%d年第%s季度", p.Year, quarterZH[p.Index])
	}
	return fmt.Sprintf("%d年%d月", p.Year, p.Index)
}

// instantLayouts are the local forms an evaluation instant may take besides
// RFC 3339, read in the office's zone.
var instantLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"}

// ParseInstant reads the instant a report is evaluated at: RFC 3339, or a
// wall-clock time such as 2017-06-30 18:00 in loc, within CheckTime's span.
func ParseInstant(s string, loc *time.Location) (time.Time, error) {
	t, err := parseInstant(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	if err := CheckTime(t); err != nil {
		return time.Time{}, fmt.Errorf("time %q is outside the accepted range %s", s, TimeRangeText)
	}
	return t, nil
}

func parseInstant(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range instantLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid time %q (want RFC 3339 such as 2017-06-30T18:00:00+08:00 or 2017-06-30 18:00)", s)
}
