package demo

import (
	"time"

	"hotlinebot/domain"
)

// hourLoad is the relative number of calls in each hour of the day: quiet at
// night, peaks mid-morning and mid-afternoon.
func hourLoad() [24]float64 {
	return [24]float64{1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 6, 8, 8, 7, 5, 5, 7, 7, 6.5, 5.5, 4, 3.5, 3, 2.5, 2, 1.5}
}

// dayOffLoad scales the calls of weekends and holidays.
const dayOffLoad = 0.6

// dispatchClock maps a share of the period's calls to an instant, hour by
// hour, so that n tickets spread over the period as real calls do and come
// out in dispatch order.
type dispatchClock struct {
	starts []int64   // unix second each hour starts
	secs   []int64   // its length (the last hour may be cut short by now)
	cum    []float64 // calls up to the end of each hour
	b      int       // the hour the last instant fell in
}

func newDispatchClock(from, to time.Time, loc *time.Location, cal *domain.Calendar) dispatchClock {
	load := hourLoad()
	var c dispatchClock
	total := 0.0
	for t := from.In(loc); t.Before(to); {
		next := time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, loc)
		if next.After(to) {
			next = to
		}
		w := load[t.Hour()] * next.Sub(t).Hours()
		if !cal.IsWorkday(t) {
			w *= dayOffLoad
		}
		total += w
		c.starts = append(c.starts, t.Unix())
		c.secs = append(c.secs, int64(next.Sub(t)/time.Second))
		c.cum = append(c.cum, total)
		t = next
	}
	return c
}

// total is the load of the whole span.
func (c *dispatchClock) total() float64 {
	if len(c.cum) == 0 {
		return 0
	}
	return c.cum[len(c.cum)-1]
}

// at is the unix second where the load reaches target; targets must not
// decrease from one call to the next.
func (c *dispatchClock) at(target float64) int64 {
	for c.b < len(c.cum)-1 && c.cum[c.b] <= target {
		c.b++
	}
	prev := 0.0
	if c.b > 0 {
		prev = c.cum[c.b-1]
	}
	frac := 0.0
	if w := c.cum[c.b] - prev; w > 0 {
		frac = min(max((target-prev)/w, 0), 1)
	}
	off := int64(frac * float64(c.secs[c.b]))
	if off >= c.secs[c.b] {
		off = c.secs[c.b] - 1
	}
	return c.starts[c.b] + max(off, 0)
}
