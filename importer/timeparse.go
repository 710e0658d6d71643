package importer

import (
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// TimeLayouts describes the accepted time formats for an operator.
const TimeLayouts = "2017-04-03 09:15, 2017-04-03 09:15:00, 2017/4/3 9:15 or RFC 3339 (2017-04-03T09:15:00+08:00)"

// TimeError says why a text is not a time the service accepts.
type TimeError struct {
	Value  string
	Reason string
	// OutOfRange is set when the text is a time, but outside the span of
	// domain.CheckTime.
	OutOfRange bool
}

// Error says what was found and why it is not taken.
func (e *TimeError) Error() string {
	if e.OutOfRange {
		return strconv.Quote(e.Value) + " is outside the accepted range " + domain.TimeRangeText
	}
	return "cannot read " + strconv.Quote(e.Value) + " as a time (" + e.Reason + ")"
}

// ParseTime reads a date and time written as 2017-04-03 09:15, with
// seconds, with slashes and single digits (2017/4/3 9:15), or in RFC 3339.
// A time without an offset is in loc (UTC when loc is nil); a time with one
// is returned in loc. Fractions of a second are dropped, as the store keeps
// seconds; 24:00 is the end of the day. A time outside domain.CheckTime's
// span is refused: the one range rule, applied to files and pushes alike. The layouts are parsed by hand
// because an import calls this millions of times.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	v := strings.TrimSpace(s)
	f, reason := scanTime(v)
	if reason == "" {
		reason = f.check()
	}
	if reason != "" {
		return time.Time{}, &TimeError{Value: v, Reason: reason}
	}
	var t time.Time
	if f.zoned {
		t = time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, 0, time.UTC)
		t = t.Add(-time.Duration(f.offset) * time.Second).In(loc)
	} else {
		t = time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, 0, loc)
	}
	if domain.CheckTime(t) != nil {
		return time.Time{}, &TimeError{Value: v, Reason: "outside " + domain.TimeRangeText, OutOfRange: true}
	}
	return t, nil
}

// timeFields are the parts of a written time.
type timeFields struct {
	year, month, day, hour, min, sec int
	zoned                            bool
	offset                           int // seconds east of UTC
}

const notATime = "not a date and time"

// scanTime splits v into its fields, checking only the shape.
func scanTime(v string) (f timeFields, reason string) {
	var p int
	if f.year, p = number(v, 0, 4, 4); p < 0 || p >= len(v) || (v[p] != '-' && v[p] != '/') {
		return f, notATime
	}
	sep := v[p]
	if f.month, p = number(v, p+1, 1, 2); p < 0 || p >= len(v) || v[p] != sep {
		return f, notATime
	}
	if f.day, p = number(v, p+1, 1, 2); p < 0 {
		return f, notATime
	}
	if p == len(v) {
		return f, "a date without a time of day"
	}
	if c := v[p]; c != ' ' && c != 'T' && c != 't' {
		return f, notATime
	}
	for p++; p < len(v) && v[p] == ' '; p++ {
	}
	if f.hour, p = number(v, p, 1, 2); p < 0 || p >= len(v) || v[p] != ':' {
		return f, notATime
	}
	if f.min, p = number(v, p+1, 2, 2); p < 0 {
		return f, notATime
	}
	if p < len(v) && v[p] == ':' {
		if f.sec, p = number(v, p+1, 2, 2); p < 0 {
			return f, notATime
		}
		if p < len(v) && (v[p] == '.' || v[p] == ',') {
			q := p + 1
			for p = q; p < len(v) && isDigit(v[p]); p++ {
			}
			if p == q {
				return f, notATime
			}
		}
	}
	return scanZone(v, p, f)
}

// scanZone reads an optional Z or ±hh:mm at v[p:], which must end v.
func scanZone(v string, p int, f timeFields) (timeFields, string) {
	if p == len(v) {
		return f, ""
	}
	switch v[p] {
	case 'Z', 'z':
		f.zoned = true
		p++
	case '+', '-':
		var oh, om int
		neg := v[p] == '-'
		if oh, p = number(v, p+1, 2, 2); p < 0 || p >= len(v) || v[p] != ':' {
			return f, "bad UTC offset; expected +08:00"
		}
		if om, p = number(v, p+1, 2, 2); p < 0 || oh > 23 || om > 59 {
			return f, "bad UTC offset; expected +08:00"
		}
		f.offset = oh*3600 + om*60
		if neg {
			f.offset = -f.offset
		}
		f.zoned = true
	}
	if p != len(v) {
		return f, notATime
	}
	return f, ""
}

// check validates the ranges of the fields.
func (f timeFields) check() string {
	switch {
	case f.month < 1 || f.month > 12:
		return "there is no month " + strconv.Itoa(f.month)
	case f.day < 1 || f.day > daysIn(f.year, f.month):
		return time.Month(f.month).String() + " " + strconv.Itoa(f.year) + " has no day " + strconv.Itoa(f.day)
	case f.hour == 24 && f.min == 0 && f.sec == 0:
		return ""
	case f.hour > 23:
		return "there is no hour " + strconv.Itoa(f.hour)
	case f.min > 59:
		return "there is no minute " + strconv.Itoa(f.min)
	case f.sec > 59:
		return "there is no second " + strconv.Itoa(f.sec)
	}
	return ""
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// number reads min to max decimal digits at v[p:] and returns their value
// and the position after them, or -1 when there are too few digits.
func number(v string, p, min, max int) (int, int) {
	n, i := 0, p
	for ; i < len(v) && i-p < max && isDigit(v[i]); i++ {
		n = n*10 + int(v[i]-'0')
	}
	if i-p < min {
		return 0, -1
	}
	return n, i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
