package domain

import (
	"sort"
	"time"
)

// Report is the evaluation table of a period at an instant: graded units in
// the bulletin's order and, apart, the units with no counting ticket.
type Report struct {
	Period    Period
	At        time.Time
	Units     []Scorecard
	NoTickets []Unit
}

// NewReport scores every unit from its counts (units missing from counts
// have no counting ticket) and orders the table as the bulletin does.
func NewReport(p Period, at time.Time, units []Unit, counts map[int64]Counts, s Scheme) Report {
	r := Report{Period: p, At: at}
	for _, u := range units {
		c, ok := counts[u.ID]
		if !ok || c.Should == 0 {
			r.NoTickets = append(r.NoTickets, u)
			continue
		}
		r.Units = append(r.Units, s.Score(u, c))
	}
	SortScorecards(r.Units)
	sort.SliceStable(r.NoTickets, func(i, j int) bool { return r.NoTickets[i].Name < r.NoTickets[j].Name })
	return r
}

// Card returns the scorecard of the unit with the given id, if graded.
func (r Report) Card(unitID int64) (Scorecard, bool) {
	for _, sc := range r.Units {
		if sc.Unit.ID == unitID {
			return sc, true
		}
	}
	return Scorecard{}, false
}

// RankInKind is the unit's 1-based rank by composite among graded units of
// its kind (ties share a rank), and how many there are; rank 0 when the unit
// is not graded.
func (r Report) RankInKind(unitID int64) (rank, of int) {
	card, ok := r.Card(unitID)
	if !ok {
		return 0, 0
	}
	rank = 1
	for _, sc := range r.Units {
		if sc.Unit.Kind != card.Unit.Kind {
			continue
		}
		of++
		if sc.Composite > card.Composite {
			rank++
		}
	}
	return rank, of
}
