// Package testkit holds the fixtures that tests in several packages share:
// the office's zone and a settable clock.
package testkit

import (
	"context"
	"sync"
	"time"
	_ "time/tzdata" // the zone loads even where the system has no zoneinfo
)

// Shanghai is the office's zone, in which tests pin their instants.
func Shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err) // unreachable: the zone is embedded
	}
	return loc
}

// Clock is a fake clock that tests set and advance while the code under
// test reads it from other goroutines.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at at.
func NewClock(at time.Time) *Clock { return &Clock{t: at} }

// Now is the clock's current instant.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// FastClock is a clock that runs speed times faster than real time, for
// tests of waits measured in minutes (an outage, a retry budget): code
// under test that reads Now and waits with Sleep sees the minutes pass in
// milliseconds.
type FastClock struct {
	start time.Time // the clock's instant at realStart
	speed time.Duration
	// realStart is the wall-clock instant the clock started; Now scales
	// the real time elapsed since.
	realStart time.Time
}

// NewFastClock is a clock standing at at and running speed times faster
// than real time.
func NewFastClock(at time.Time, speed int) *FastClock {
	return &FastClock{start: at, speed: time.Duration(speed), realStart: time.Now()}
}

// Now is the clock's current instant.
func (c *FastClock) Now() time.Time { return c.start.Add(time.Since(c.realStart) * c.speed) }

// Sleep waits until d has passed on the clock, or ctx ends first (then
// false).
func (c *FastClock) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d / c.speed)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
