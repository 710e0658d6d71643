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

// WinBack is what it would take a unit to reach a grade again within the
// period: completing its open overdue tickets (late, they still raise the
// completion rate) and then completing open tickets on time.
type WinBack struct {
	Target   Grade   `json:"target"`
	Gap      float64 `json:"gap"`      // points the composite lacks, one decimal
	Overdue  int     `json:"overdue"`  // overdue open tickets to complete
	OnTime   int     `json:"on_time"`  // not-yet-due open tickets to complete before their deadline
	Possible bool    `json:"possible"` // false: even all of its open tickets would not do
}

// WinBack simulates completions on the unit's counts: first its overdue
// open tickets (the counting tickets not yet handled), then up to pending
// open tickets that are not yet due, completed on time.
func (s Scheme) WinBack(cur Scorecard, target Grade, pending int) WinBack {
	thr := s.Threshold(target)
	wb := WinBack{Target: target, Gap: RoundTo(thr-cur.Composite, 1)}
	if cur.Composite >= thr {
		wb.Possible = true
		return wb
	}
	c := cur.Counts
	for k := 1; k <= cur.Should-cur.Handled; k++ {
		c.Handled++
		c.Overdue++
		if s.Score(cur.Unit, c).Composite >= thr {
			wb.Overdue, wb.Possible = k, true
			return wb
		}
	}
	wb.Overdue = cur.Should - cur.Handled
	for m := 1; m <= pending; m++ {
		c.Should++
		c.Handled++
		if s.Score(cur.Unit, c).Composite >= thr {
			wb.OnTime, wb.Possible = m, true
			return wb
		}
	}
	return wb
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
	Behind        []string `json:"behind,omitempty"` // ticket numbers behind the moved rate, first few
	BehindCount   int      `json:"behind_count"`
	WinBack       WinBack  `json:"win_back"`
}

// NewGradeDrop describes the fall from prev to cur. The grade to win back
// is the one just above the new grade (A → C: back to B first, as the
// office's own sketch does); pending is how many of the unit's open tickets
// of the period are not yet due.
func (s Scheme) NewGradeDrop(p Period, prev, cur Scorecard, pending int) GradeDrop {
	target := GradeAbove(cur.Grade)
	if target.Below(prev.Grade) {
		target = prev.Grade
	}
	return GradeDrop{
		Unit: cur.Unit, Period: p,
		From: prev.Grade, To: cur.Grade,
		FromComposite: prev.Composite, ToComposite: cur.Composite,
		Moved:   s.LargestMove(prev, cur, true),
		WinBack: s.WinBack(cur, target, pending),
	}
}

// NearFloor reports the grade whose lowest composite sc's composite is
// within the scheme's NearThreshold of (inclusive, so 95.5 is near A's 95
// with the default 0.5), and how far above it the unit is. E has no floor
// to fall through.
func (s Scheme) NearFloor(sc Scorecard) (Grade, float64, bool) {
	if sc.Grade == GradeNone || sc.Grade == GradeE || s.NearThreshold <= 0 {
		return GradeNone, 0, false
	}
	margin := RoundTo(sc.Composite-s.Threshold(sc.Grade), 1)
	if margin < 0 || margin > s.NearThreshold {
		return GradeNone, 0, false
	}
	return sc.Grade, margin, true
}
