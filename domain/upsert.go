package domain

import (
	"fmt"
	"time"
)

// Outcome is what an upsert did with one ticket (or unit).
type Outcome int

// The outcomes of an upsert, per item.
const (
	Inserted  Outcome = iota + 1 // a new ticket number
	Updated                      // an existing ticket whose content changed
	Unchanged                    // an existing ticket stored exactly as given: not rewritten
)

// String is the outcome's lowercase English name.
func (o Outcome) String() string {
	switch o {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// OpenPage asks for one page of the tickets open now, soonest due (most
// overdue) first; the matching OpenCounts say how many there are in all.
type OpenPage struct {
	UnitID      int64 // 0: all units
	At          time.Time
	OverdueOnly bool // only those past their deadline at At
	Offset      int
	Limit       int
}

// OpenCounts are a unit's open tickets at an instant, at a glance.
type OpenCounts struct {
	Open     int // open at the instant: not completed by then
	Overdue  int // of those, past their deadline
	DueToday int // of those, not overdue but due by the end of the instant's day (midnight after it, in its location)
}
