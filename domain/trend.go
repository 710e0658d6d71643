package domain

import "time"

// TrendPoints are the instants at which a period's trend is read, in order:
// the end of every week (Monday 00:00 in the period's zone) that lies inside
// the period and has passed by now, then the period's end once it has passed.
// The values at the last point of a closed period are its final values.
func (p Period) TrendPoints(now time.Time) []time.Time {
	loc := p.Start.Location()
	start := p.Start.In(loc)
	days := (int(time.Monday) - int(start.Weekday()) + 7) % 7
	if days == 0 {
		days = 7 // a period that starts on a Monday has its first week end a week later
	}
	var out []time.Time
	for t := time.Date(start.Year(), start.Month(), start.Day()+days, 0, 0, 0, 0, loc); t.Before(p.End) && !t.After(now); t = t.AddDate(0, 0, 7) {
		out = append(out, t)
	}
	if !p.End.After(now) {
		out = append(out, p.End)
	}
	return out
}

// TrendPoint is a unit's counts as they stood at one instant of a period.
type TrendPoint struct {
	UnitID int64
	Period Period
	At     time.Time
	Counts Counts
}

// WithPrevious is p and the n periods before it, oldest first: the periods
// a trend of p shows.
func (p Period) WithPrevious(n int) []Period {
	out := make([]Period, n+1)
	out[n] = p
	for i := n - 1; i >= 0; i-- {
		out[i] = out[i+1].Prev()
	}
	return out
}

// FirstWorkdayOfWeek reports whether t's day is the first working day of
// its week (Monday to Sunday) on cal: usually Monday; after a holiday that
// took the start of the week, the first day back. Without a calendar it is
// Monday.
func FirstWorkdayOfWeek(cal *Calendar, t time.Time) bool {
	if cal == nil {
		return t.Weekday() == time.Monday
	}
	if !cal.IsWorkday(t) {
		return false
	}
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	for d := 1; d <= back; d++ {
		if cal.IsWorkday(t.AddDate(0, 0, -d)) {
			return false
		}
	}
	return true
}
