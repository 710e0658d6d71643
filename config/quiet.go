package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// QuietHours is the daily span during which only urgent-ticket
// notifications go out. Start and End are wall-clock times since midnight;
// a span with Start after End runs over midnight (22:00–07:30), and equal
// Start and End mean no quiet hours at all.
type QuietHours struct {
	Start    time.Duration
	End      time.Duration
	Location *time.Location // the office's zone; nil: each instant's own
}

// Quiet reports whether t falls within quiet hours.
func (q QuietHours) Quiet(t time.Time) bool {
	if q.Start == q.End {
		return false
	}
	m := q.clock(t)
	if q.Start < q.End {
		return m >= q.Start && m < q.End
	}
	return m >= q.Start || m < q.End
}

// Until is when the quiet span containing t ends; t itself when t is not
// within quiet hours.
func (q QuietHours) Until(t time.Time) time.Time {
	if !q.Quiet(t) {
		return t
	}
	local := q.in(t)
	day := local.Day()
	if q.clock(t) >= q.End {
		day++ // in the evening part of a span over midnight: it ends tomorrow
	}
	h, m := int(q.End/time.Hour), int(q.End%time.Hour/time.Minute)
	return time.Date(local.Year(), local.Month(), day, h, m, 0, 0, local.Location())
}

// String is the span as written in the YAML file, 22:00–07:30, or "none".
func (q QuietHours) String() string {
	if q.Start == q.End {
		return "none"
	}
	return formatClock(q.Start) + "–" + formatClock(q.End)
}

func (q QuietHours) in(t time.Time) time.Time {
	if q.Location == nil {
		return t
	}
	return t.In(q.Location)
}

// clock is the wall-clock time of t since midnight.
func (q QuietHours) clock(t time.Time) time.Duration {
	l := q.in(t)
	return time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute +
		time.Duration(l.Second())*time.Second + time.Duration(l.Nanosecond())
}

// parseClock reads HH:MM (00:00 to 23:59; one-digit hours allowed).
func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !ok || errH != nil || errM != nil || !digits(hh, 1, 2) || !digits(mm, 2, 2) || h > 23 || m > 59 {
		return 0, fmt.Errorf("invalid time of day %q (want HH:MM, 00:00 to 23:59)", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// digits reports whether s is between min and max ASCII digits long.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func formatClock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
