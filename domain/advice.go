package domain

import (
	"slices"
	"sort"
	"time"
)

// OpenWork is what a unit can still act on in a period at an instant: its
// open tickets of the period that are past their deadline (they count
// already, against it) and the deadlines of those not yet due.
type OpenWork struct {
	Overdue int         `json:"overdue"`
	Pending []time.Time `json:"pending,omitempty"` // soonest first
}

// Step is the cheapest way to a better grade within the period: close
// Overdue open overdue tickets and, before their deadlines, the OnTime
// soonest-due open tickets, the last of which falls due at By.
type Step struct {
	Target    Grade     `json:"target"`
	Gap       float64   `json:"gap"` // points the composite lacks, one decimal
	Overdue   int       `json:"overdue,omitempty"`
	OnTime    int       `json:"on_time,omitempty"`
	By        time.Time `json:"by,omitzero"`
	Reachable bool      `json:"reachable"`
}

// Advice is what a unit can still do in its period: the cheapest steps to
// each better grade it can reach, then the first it cannot (with the best
// composite left within reach); the points it lost by cause; and, for a
// unit above its grade's floor, how many more overdue tickets would drop it.
type Advice struct {
	Grade     Grade   `json:"grade"`
	Composite float64 `json:"composite"`
	Steps     []Step  `json:"steps,omitempty"`
	Best      float64 `json:"best"`             // the highest composite the open tickets can still bring
	Losses    []Loss  `json:"losses,omitempty"` // causes costing at least 0.05 points, largest first
	// Slack is how many of the pending tickets may still go overdue
	// before the grade falls; 0 with Falls false when none would.
	Slack    int       `json:"slack,omitempty"`
	Falls    bool      `json:"falls,omitempty"`
	FallsBy  time.Time `json:"falls_by,omitzero"` // the deadline of the ticket whose lapse would drop it
	FallsTo  Grade     `json:"falls_to,omitempty"`
	Overdue  int       `json:"overdue"` // open overdue tickets of the period
	Pendings int       `json:"pending"` // open tickets of the period not yet due
}

// Advise finds, for the unit of sc with work open at the same instant, the
// cheapest combination of closings that reaches each better grade. Closing
// an overdue ticket raises the completion rate only; closing a not-yet-due
// ticket before its deadline adds a counting ticket handled on time, which
// raises completion and on-time rates and dilutes the rework rate. Fewest
// tickets wins; among equals, more overdue and fewer deadlines to meet.
func (s Scheme) Advise(sc Scorecard, w OpenWork) Advice {
	a := Advice{Grade: sc.Grade, Composite: sc.Composite, Overdue: w.Overdue, Pendings: len(w.Pending)}
	for _, l := range s.Losses(sc) {
		if l.Points >= 0.05 {
			a.Losses = append(a.Losses, l)
		}
	}
	if sc.Grade == GradeNone {
		return a
	}
	pending := slices.Clone(w.Pending)
	sort.Slice(pending, func(i, j int) bool { return pending[i].Before(pending[j]) })
	a.Best = s.closing(sc, w.Overdue, len(pending)).Composite
	for r := sc.Grade.Rank() - 1; r >= 0; r-- {
		st := s.cheapest(sc, Grades[r], w.Overdue, pending)
		a.Steps = append(a.Steps, st)
		if !st.Reachable {
			break
		}
	}
	a.Slack, a.Falls, a.FallsBy = s.slack(sc, pending)
	if a.Falls {
		a.FallsTo = GradeBelow(sc.Grade)
	}
	return a
}

// closing is the scorecard after x overdue and y on-time closings.
func (s Scheme) closing(sc Scorecard, x, y int) Scorecard {
	c := sc.Counts
	c.Handled += x + y
	c.Overdue += x
	c.Should += y
	return s.Score(sc.Unit, c)
}

// cheapest searches, for each number of on-time closings, the fewest
// overdue closings that reach target (the composite rises with either).
func (s Scheme) cheapest(sc Scorecard, target Grade, overdue int, pending []time.Time) Step {
	thr := s.Threshold(target)
	st := Step{Target: target, Gap: RoundTo(thr-sc.Composite, 1)}
	best := -1
	for y := 0; y <= len(pending); y++ {
		if best >= 0 && y >= best {
			break
		}
		if s.closing(sc, overdue, y).Composite < thr {
			continue
		}
		x := sort.Search(overdue+1, func(x int) bool { return s.closing(sc, x, y).Composite >= thr })
		if best < 0 || x+y < best {
			best, st.Overdue, st.OnTime = x+y, x, y
		}
	}
	if best < 0 {
		return st
	}
	st.Reachable = true
	if st.OnTime > 0 {
		st.By = pending[st.OnTime-1]
	}
	return st
}

// slack counts how many of the soonest-due pending tickets may lapse (count
// unhandled) before the grade falls, and the deadline of the one that would
// drop it.
func (s Scheme) slack(sc Scorecard, pending []time.Time) (int, bool, time.Time) {
	if sc.Grade == GradeE {
		return 0, false, time.Time{}
	}
	thr := s.Threshold(sc.Grade)
	c := sc.Counts
	for k, due := range pending {
		c.Should++
		if s.Score(sc.Unit, c).Composite < thr {
			return k, true, due
		}
	}
	return len(pending), false, time.Time{}
}

// check says why the advice's deadlines cannot be carried by a notice.
func (a Advice) check() error {
	times := []time.Time{a.FallsBy}
	for _, st := range a.Steps {
		times = append(times, st.By)
	}
	for _, t := range times {
		if !t.IsZero() {
			if err := CheckTime(t); err != nil {
				return err
			}
		}
	}
	return nil
}
