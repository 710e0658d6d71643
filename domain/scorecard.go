package domain

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Grade is a unit's evaluation letter, A (best) to E; empty for a unit with
// no counting ticket (无工单办理单位).
type Grade string

// The grades of the office's scheme, best first.
const (
	GradeA    Grade = "A"
	GradeB    Grade = "B"
	GradeC    Grade = "C"
	GradeD    Grade = "D"
	GradeE    Grade = "E"
	GradeNone Grade = ""
)

// Grades lists the grades best first.
var Grades = []Grade{GradeA, GradeB, GradeC, GradeD, GradeE}

// Rank orders grades: A is 0, E is 4, no grade sorts last.
func (g Grade) Rank() int {
	for i, x := range Grades {
		if g == x {
			return i
		}
	}
	return len(Grades)
}

// Below reports whether g is a worse grade than other.
func (g Grade) Below(other Grade) bool { return g.Rank() > other.Rank() }

// Weights are the points each rate contributes to the composite.
type Weights struct {
	Completion   float64 `yaml:"completion"`
	OnTime       float64 `yaml:"ontime"`
	Rework       float64 `yaml:"rework"`
	Satisfaction float64 `yaml:"satisfaction"`
}

// Thresholds are the lowest composites of grades A to D.
type Thresholds struct {
	A float64 `yaml:"A"`
	B float64 `yaml:"B"`
	C float64 `yaml:"C"`
	D float64 `yaml:"D"`
}

// Scheme is the office's scoring method: weights, grade thresholds, and how
// close to the grade below a composite may come before the unit is warned.
type Scheme struct {
	Weights       Weights
	Thresholds    Thresholds
	NearThreshold float64
}

// DefaultScheme is the method of the office's published bulletin.
func DefaultScheme() Scheme {
	return Scheme{
		Weights:       Weights{Completion: 30, OnTime: 30, Rework: 20, Satisfaction: 20},
		Thresholds:    Thresholds{A: 95, B: 90, C: 80, D: 60},
		NearThreshold: 0.5,
	}
}

// Counts are the raw figures of a unit's counting tickets in a period.
type Counts struct {
	Should       int `json:"should"`
	Handled      int `json:"handled"`
	Overdue      int `json:"overdue"` // completed after the deadline
	Rework       int `json:"rework"`
	Satisfied    int `json:"-"`
	Dissatisfied int `json:"dissatisfied"`
}

// Add accumulates one ticket as seen at instant at, if it counts then.
func (c *Counts) Add(t Ticket, at time.Time) {
	if !t.Counts(at) {
		return
	}
	c.Should++
	if t.Completed(at) {
		c.Handled++
		if t.CompletedLate() {
			c.Overdue++
		}
	}
	c.Rework += t.ReworkCount
	switch t.Callback {
	case CallbackSatisfied:
		c.Satisfied++
	case CallbackDissatisfied:
		c.Dissatisfied++
	}
}

// Scorecard is a unit's evaluation for a period at an instant.
type Scorecard struct {
	Unit Unit
	Counts
	CompletionRate   float64
	OnTimeRate       float64
	ReworkRate       float64
	SatisfactionRate float64
	Composite        float64 // rounded to one decimal
	Grade            Grade
}

// Score computes the unit's scorecard from its counts.
func (s Scheme) Score(u Unit, c Counts) Scorecard {
	sc := Scorecard{Unit: u, Counts: c, SatisfactionRate: 1}
	if sampled := c.Satisfied + c.Dissatisfied; sampled > 0 {
		sc.SatisfactionRate = float64(c.Satisfied) / float64(sampled)
	}
	if c.Should == 0 {
		return sc
	}
	n := float64(c.Should)
	sc.CompletionRate = float64(c.Handled) / n
	sc.OnTimeRate = float64(c.Handled-c.Overdue) / n
	sc.ReworkRate = float64(c.Rework) / n
	w := s.Weights
	raw := w.Completion*sc.CompletionRate + w.OnTime*sc.OnTimeRate +
		w.Rework*(1-sc.ReworkRate) + w.Satisfaction*sc.SatisfactionRate
	sc.Composite = RoundTo(raw, 1)
	sc.Grade = s.GradeOf(sc.Composite)
	return sc
}

// GradeOf is the grade of a rounded composite.
func (s Scheme) GradeOf(composite float64) Grade {
	t := s.Thresholds
	switch {
	case composite >= t.A:
		return GradeA
	case composite >= t.B:
		return GradeB
	case composite >= t.C:
		return GradeC
	case composite >= t.D:
		return GradeD
	}
	return GradeE
}

// Threshold is the lowest composite of grade g (0 for E).
func (s Scheme) Threshold(g Grade) float64 {
	switch g {
	case GradeA:
		return s.Thresholds.A
	case GradeB:
		return s.Thresholds.B
	case GradeC:
		return s.Thresholds.C
	case GradeD:
		return s.Thresholds.D
	}
	return 0
}

// Rate names one of the four rates of the composite.
type Rate string

// The four rates that make up the composite.
const (
	RateCompletion   Rate = "completion_rate"
	RateOnTime       Rate = "ontime_rate"
	RateRework       Rate = "rework_rate"
	RateSatisfaction Rate = "satisfaction_rate"
)

// Label is the rate's name as the bulletin prints it.
func (r Rate) Label(lang string) string {
	zh := map[Rate]string{RateCompletion: "办结率", RateOnTime: "按期办结率", RateRework: "返工率", RateSatisfaction: "群众满意率"}
	en := map[Rate]string{RateCompletion: "completion rate", RateOnTime: "on-time rate", RateRework: "rework rate", RateSatisfaction: "satisfaction rate"}
	if lang == "en" {
		return en[r]
	}
	return zh[r]
}

// Value is the rate as it is shown (the rework rate counts against the unit).
func (sc Scorecard) Value(r Rate) float64 {
	switch r {
	case RateCompletion:
		return sc.CompletionRate
	case RateOnTime:
		return sc.OnTimeRate
	case RateRework:
		return sc.ReworkRate
	}
	return sc.SatisfactionRate
}

// Loss is the points a rate costs a unit against a perfect score.
type Loss struct {
	Rate   Rate
	Points float64
}

// Losses lists the points each rate costs, largest first.
func (s Scheme) Losses(sc Scorecard) []Loss {
	w := s.Weights
	ls := []Loss{
		{RateCompletion, w.Completion * (1 - sc.CompletionRate)},
		{RateOnTime, w.OnTime * (1 - sc.OnTimeRate)},
		{RateRework, w.Rework * sc.ReworkRate},
		{RateSatisfaction, w.Satisfaction * (1 - sc.SatisfactionRate)},
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Points > ls[j].Points })
	return ls
}

// RoundTo rounds v half away from zero to the given decimals, forgiving the
// binary representation's last bits (92.75 stays 92.75, not 92.7499…).
func RoundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p*(1+1e-12)) / p
}

// FormatPercent renders a fraction as the bulletin does: two decimals,
// trailing zeros dropped (99.88%, 100%, 0.1%).
func FormatPercent(rate float64) string {
	return strconv.FormatFloat(RoundTo(rate*100, 2), 'f', -1, 64) + "%"
}

// FormatComposite renders a composite with at most one decimal (99.2, 40).
func FormatComposite(v float64) string {
	return strconv.FormatFloat(RoundTo(v, 1), 'f', -1, 64)
}

// SortScorecards orders graded units as the bulletin does: by grade, then by
// tickets that count (most first), then by name.
func SortScorecards(cards []Scorecard) {
	sort.SliceStable(cards, func(i, j int) bool {
		a, b := cards[i], cards[j]
		if a.Grade != b.Grade {
			return a.Grade.Rank() < b.Grade.Rank()
		}
		if a.Should != b.Should {
			return a.Should > b.Should
		}
		return strings.Compare(a.Unit.Name, b.Unit.Name) < 0
	})
}
