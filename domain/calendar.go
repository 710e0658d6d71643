package domain

import (
	"fmt"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// Calendar tells working days from days off on the official Chinese
// calendar: weekends and statutory holidays are off, make-up working days
// (调休) are on. The shipped data comes from lunar-go's HolidayUtil; the
// office's additions and corrections override it.
type Calendar struct {
	// overrides maps a date (YYYYMMDD) to whether it is a working day.
	overrides map[int]bool
}

// NewCalendar loads the official calendar for the given years and applies
// the office's additions, written as YYYY-MM-DD.
func NewCalendar(firstYear, lastYear int, holidays, workdays []string) (*Calendar, error) {
	c := &Calendar{overrides: make(map[int]bool)}
	for y := firstYear; y <= lastYear; y++ {
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := time.Parse("2006-01-02", h.GetDay())
			if err != nil {
				return nil, fmt.Errorf("calendar data %q: %w", h.GetDay(), err)
			}
			c.overrides[dateKey(d)] = h.IsWork()
		}
	}
	if err := c.add(holidays, false); err != nil {
		return nil, err
	}
	if err := c.add(workdays, true); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Calendar) add(days []string, work bool) error {
	for _, s := range days {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return fmt.Errorf("invalid date %q (want YYYY-MM-DD)", s)
		}
		c.overrides[dateKey(d)] = work
	}
	return nil
}

func dateKey(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

// IsWorkday reports whether the calendar day of t (in t's location) is a
// working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	if work, ok := c.overrides[dateKey(t)]; ok {
		return work
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the start (00:00) of the n-th working day after the
// calendar day of t, in t's location.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day
}
