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
