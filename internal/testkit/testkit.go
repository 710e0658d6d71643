// Package testkit holds the fixtures that tests in several packages share:
// the office's zone and a settable clock.
package testkit

import (
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
