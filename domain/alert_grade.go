package domain

// GradeFell reports whether a graded unit's grade fell from prev to cur. A
// unit that had no grade, or has none now, has not fallen.
func GradeFell(prev, cur Grade) bool {
	return prev != GradeNone && cur != GradeNone && cur.Below(prev)
}

// GradeRose reports whether a graded unit's grade rose from prev to cur.
func GradeRose(prev, cur Grade) bool {
	return prev != GradeNone && cur != GradeNone && prev.Below(cur)
}

// Rates lists the four rates of the composite in the bulletin's order.
var Rates = []Rate{RateCompletion, RateOnTime, RateRework, RateSatisfaction}

// Contribution is the points rate r adds to the composite of sc.
func (s Scheme) Contribution(sc Scorecard, r Rate) float64 {
	w := s.Weights
	switch r {
	case RateCompletion:
		return w.Completion * sc.CompletionRate
	case RateOnTime:
		return w.OnTime * sc.OnTimeRate
	case RateRework:
		return w.Rework * (1 - sc.ReworkRate)
	}
	return w.Satisfaction * sc.SatisfactionRate
}

// RateMove is how one rate changed between two scorecards and what that
// did to the composite.
type RateMove struct {
	Rate     Rate    `json:"rate"`
	From     float64 `json:"from"`
	To       float64 `json:"to"`
	Points   float64 `json:"points"` // change of the composite, one decimal; negative when it cost points
	Inverted bool    `json:"inverted,omitempty"`
}

// LargestMove is the rate whose change moved the composite most between
// prev and cur: the largest loss when down, else the largest gain.
func (s Scheme) LargestMove(prev, cur Scorecard, down bool) RateMove {
	var best RateMove
	for i, r := range Rates {
		pts := s.Contribution(cur, r) - s.Contribution(prev, r)
		better := pts > best.Points
		if down {
			better = pts < best.Points
		}
		if i == 0 || better {
			best = RateMove{Rate: r, From: prev.Value(r), To: cur.Value(r), Points: pts, Inverted: r == RateRework}
		}
	}
	best.Points = RoundTo(best.Points, 1)
	return best
}

// GradeAbove is the grade one better than g (A stays A).
func GradeAbove(g Grade) Grade {
	r := g.Rank()
	if r <= 0 || r > len(Grades)-1 {
		return GradeA
	}
	return Grades[r-1]
}

// GradeBelow is the grade one worse than g (E stays E).
func GradeBelow(g Grade) Grade {
	r := g.Rank()
	if r >= len(Grades)-1 {
		return GradeE
	}
	return Grades[r+1]
}

// GradeDrop is a unit's fall from one grade to a lower one between two
// provisional scorecards of a period.
type GradeDrop struct {
	Unit          Unit     `json:"unit"`
	Period        Period   `json:"period"`
	From          Grade    `json:"from"`
	To            Grade    `json:"to"`
	FromComposite float64  `json:"from_composite"`
	ToComposite   float64  `json:"to_composite"`
	Moved         RateMove `json:"moved"`
	FromCounts    Counts   `json:"from_counts"`      // the counts before the fall, to weigh the cause again when sent
	Behind        []string `json:"behind,omitempty"` // ticket numbers behind the moved rate, first few
	BehindCount   int      `json:"behind_count"`
	Advice        Advice   `json:"advice"`
}

// NewGradeDrop describes the fall from prev to cur, with the advice for
// the unit's open work at cur's instant.
func (s Scheme) NewGradeDrop(p Period, prev, cur Scorecard, work OpenWork) GradeDrop {
	return GradeDrop{
		Unit: cur.Unit, Period: p,
		From: prev.Grade, To: cur.Grade,
		FromComposite: prev.Composite, ToComposite: cur.Composite,
		Moved:      s.LargestMove(prev, cur, true),
		FromCounts: prev.Counts,
		Advice:     s.Advise(cur, work),
	}
}

// NearFloor reports the grade whose lowest composite sc's composite is
// above by less than the scheme's NearThreshold (95.1 to 95.4 near A's 95
// with the default 0.5), and by how much. A unit exactly on the floor has
// no margin to warn about, and E has no floor to fall through.
func (s Scheme) NearFloor(sc Scorecard) (Grade, float64, bool) {
	if sc.Grade == GradeNone || sc.Grade == GradeE || s.NearThreshold <= 0 {
		return GradeNone, 0, false
	}
	margin := RoundTo(sc.Composite-s.Threshold(sc.Grade), 1)
	if margin <= 0 || margin >= s.NearThreshold {
		return GradeNone, 0, false
	}
	return sc.Grade, margin, true
}

// FinalOf is the final result of a unit in the closed period's report cur,
// ranked in its kind and compared with its final result of prev (when
// hasPrev): what its liaisons hear when the period closes.
func (s Scheme) FinalOf(cur, prev Report, hasPrev bool, unitID int64) FinalResult {
	var f FinalResult
	card, ok := cur.Card(unitID)
	if !ok {
		return f
	}
	f.Graded, f.Grade, f.Composite = true, card.Grade, card.Composite
	f.Rank, f.Of = cur.RankInKind(unitID)
	if l := s.Losses(card)[0]; l.Points >= 0.05 {
		f.Costliest = l
	}
	if !hasPrev {
		return f
	}
	f.Prev = prev.Period
	if old, ok := prev.Card(unitID); ok {
		f.PrevGrade, f.PrevComp = old.Grade, old.Composite
		if old.Grade != card.Grade {
			f.Moved = s.LargestMove(old, card, card.Grade.Below(old.Grade))
		}
	}
	return f
}
