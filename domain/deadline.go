package domain

import (
	"fmt"
	"time"
)

// DeadlinePolicy computes a ticket's deadline (办理时限) when the ticket
// system does not give one.
type DeadlinePolicy struct {
	UrgentHours int              // urgent tickets: calendar hours after dispatch
	WorkingDays map[Category]int // others: working days by category
	Calendar    *Calendar
	Location    *time.Location // the office's zone, where "24:00" is reckoned
}

// DefaultWorkingDays are the office's published limits by category.
func DefaultWorkingDays() map[Category]int {
	return map[Category]int{Complaint: 5, Help: 5, Inquiry: 3, Suggestion: 10, Praise: 5}
}

// Due is the deadline of a ticket dispatched at t: urgent tickets UrgentHours
// later; others at 24:00 of the N-th working day after the dispatch day
// (次日起算), whatever day the dispatch fell on.
func (p DeadlinePolicy) Due(category Category, urgent bool, dispatched time.Time) (time.Time, error) {
	if urgent {
		return dispatched.Add(time.Duration(p.UrgentHours) * time.Hour), nil
	}
	n, ok := p.WorkingDays[category]
	if !ok {
		return time.Time{}, fmt.Errorf("no working-day limit for category %q", category)
	}
	last := p.Calendar.AddWorkdays(dispatched.In(p.Location), n)
	return last.AddDate(0, 0, 1), nil
}
