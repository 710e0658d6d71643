package domain

import (
	"fmt"
	"strconv"
	"time"
)

// MinYear and MaxYear bound every time the service takes in: a ticket's
// times, a report's instant. The office's records start long after 2000,
// and a year outside the span is a typo or an attack; letting one in would
// break every JSON encoding of it (years outside 0–9999) and every job
// that reads it.
const (
	MinYear = 2000
	MaxYear = 2099
)

// TimeRangeText names the accepted span in an error message.
var TimeRangeText = strconv.Itoa(MinYear) + "-01-01 to " + strconv.Itoa(MaxYear) + "-12-31"

// CheckTime refuses an instant whose year, in its own location, lies
// outside MinYear–MaxYear. It is the one rule for that span: the file
// and API parsers, report instants and the jobs' reading of stored
// tickets all apply it.
func CheckTime(t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%s is outside the accepted range %s", t.Format("2006-01-02 15:04:05 -07:00"), TimeRangeText)
	}
	return nil
}

// FutureSlack is how far past now a ticket's dispatch or completion may
// lie: clocks of the ticket system and this service disagree a little, and
// a file may be written late in the evening for the next morning.
const FutureSlack = 24 * time.Hour

// CheckNotAhead refuses a ticket dispatched or completed more than
// FutureSlack after now: such a time is a typo (2062 for 2026), and one
// would leave the open-ticket horizon in the future for good. Files and
// pushes apply it with the service's clock.
func CheckNotAhead(t Ticket, now time.Time) []FieldError {
	var errs []FieldError
	limit := now.Add(FutureSlack)
	if t.DispatchedAt.After(limit) {
		errs = append(errs, FieldError{"dispatched_at", t.DispatchedAt.Format("2006-01-02 15:04") + " is in the future; a ticket cannot be dispatched after " + limit.Format("2006-01-02 15:04")})
	}
	if t.CompletedAt.After(limit) {
		errs = append(errs, FieldError{"completed_at", t.CompletedAt.Format("2006-01-02 15:04") + " is in the future; a ticket cannot be completed after " + limit.Format("2006-01-02 15:04")})
	}
	return errs
}
