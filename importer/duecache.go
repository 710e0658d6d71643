package importer

import (
	"time"

	"hotlinebot/domain"
)

// maxDueCache bounds the cache; a real file spans a few hundred days.
const maxDueCache = 100_000

// dueCache remembers the deadlines of normal tickets by category and
// dispatch day: the policy puts them at 24:00 of a working day that depends
// on nothing else, and walking the calendar is the costliest part of
// parsing a row without a deadline.
type dueCache struct {
	policy domain.DeadlinePolicy
	byDay  map[dueKey]time.Time
}

type dueKey struct {
	category domain.Category
	day      int // YYYYMMDD in the policy's zone
}

func newDueCache(policy domain.DeadlinePolicy) *dueCache {
	return &dueCache{policy: policy, byDay: make(map[dueKey]time.Time)}
}

// Due is policy.Due, cached for tickets that are not urgent.
func (c *dueCache) Due(category domain.Category, urgent bool, dispatched time.Time) (time.Time, error) {
	if urgent || c.policy.Location == nil {
		return c.policy.Due(category, urgent, dispatched)
	}
	y, m, d := dispatched.In(c.policy.Location).Date()
	key := dueKey{category, y*10000 + int(m)*100 + d}
	if due, ok := c.byDay[key]; ok {
		return due, nil
	}
	due, err := c.policy.Due(category, urgent, dispatched)
	if err == nil && len(c.byDay) < maxDueCache {
		c.byDay[key] = due
	}
	return due, err
}
