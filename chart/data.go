package chart

import (
	"cmp"
	"slices"
	"time"

	"hotlinebot/domain"
)

// Value is a unit's composite and on-time rate (in percent) at one instant;
// Graded is false when no ticket counted then.
type Value struct {
	At        time.Time
	Composite float64
	OnTime    float64 // percent, 0–100
	Grade     domain.Grade
	Graded    bool
}

// PeriodValue is a unit's final value of one period.
type PeriodValue struct {
	Period domain.Period
	Value
}

// Trend is what a unit's trend chart draws: the weekly values of the
// current period, today's provisional value, and the final values of the
// periods before it.
type Trend struct {
	Unit       domain.Unit
	Period     domain.Period
	Weeks      []Value       // at each of Period.TrendPoints(Now.At), in order
	Now        Value         // today's provisional value
	Finals     []PeriodValue // the periods before Period, oldest first
	Thresholds domain.Thresholds
}

// finalsShown is how many earlier periods' final values a trend shows.
const finalsShown = 4

// TrendPeriods are the periods a trend of p reads: p and the four before
// it, oldest first.
func TrendPeriods(p domain.Period) []domain.Period { return p.WithPrevious(finalsShown) }

// NewTrend scores a unit's trend. points holds the unit's counts at the
// trend points of p and at the ends of the earlier periods (a point the
// unit had no counting ticket at may be missing); live is its counts now.
func NewTrend(s domain.Scheme, u domain.Unit, p domain.Period, now time.Time, points []domain.TrendPoint, live domain.Counts) Trend {
	at := make(map[string]domain.Counts, len(points))
	for _, pt := range points {
		at[pointKey(pt.Period, pt.At)] = pt.Counts
	}
	t := Trend{Unit: u, Period: p, Now: valueOf(s, u, now, live), Thresholds: s.Thresholds}
	for _, ts := range p.TrendPoints(now) {
		t.Weeks = append(t.Weeks, valueOf(s, u, ts, at[pointKey(p, ts)]))
	}
	for _, prev := range TrendPeriods(p)[:finalsShown] {
		t.Finals = append(t.Finals, PeriodValue{Period: prev, Value: valueOf(s, u, prev.End, at[pointKey(prev, prev.End)])})
	}
	return t
}

func pointKey(p domain.Period, at time.Time) string {
	return p.String() + "@" + at.UTC().Format(time.RFC3339)
}

func valueOf(s domain.Scheme, u domain.Unit, at time.Time, c domain.Counts) Value {
	if c.Should == 0 {
		return Value{At: at}
	}
	sc := s.Score(u, c)
	return Value{At: at, Composite: sc.Composite, OnTime: domain.RoundTo(100*sc.OnTimeRate, 2), Grade: sc.Grade, Graded: true}
}

// LastWeek is the latest weekly value before now, if the unit was graded then.
func (t Trend) LastWeek() (Value, bool) {
	for i := len(t.Weeks) - 1; i >= 0; i-- {
		if t.Weeks[i].At.Before(t.Now.At) {
			return t.Weeks[i], t.Weeks[i].Graded
		}
	}
	return Value{}, false
}

// Change is the composite now minus the latest weekly value; ok is false
// when either is missing.
func (t Trend) Change() (delta float64, ok bool) {
	last, ok := t.LastWeek()
	if !ok || !t.Now.Graded {
		return 0, false
	}
	return domain.RoundTo(t.Now.Composite-last.Composite, 1), true
}

// Grades are the grade letters a chart counts, best first.
var Grades = []domain.Grade{domain.GradeA, domain.GradeB, domain.GradeC, domain.GradeD, domain.GradeE}

// KindGrades is how many units of one kind hold each grade (in Grades
// order), now and at the end of the previous period.
type KindGrades struct {
	Kind domain.UnitKind
	Now  []int
	Prev []int
}

// Bar is one unit's bar in a ranking.
type Bar struct {
	Unit      domain.Unit
	Composite float64
	Grade     domain.Grade
}

// City is what the supervisors' city charts draw.
type City struct {
	Period     domain.Period
	At         time.Time // when the current figures were taken
	Prev       domain.Period
	HasPrev    bool
	Kinds      []KindGrades // districts, then departments
	Ranked     map[domain.UnitKind][]Bar
	Thresholds domain.Thresholds
}

// Kinds are the unit kinds a city chart shows, in order.
var Kinds = []domain.UnitKind{domain.District, domain.Department}

// NewCity counts the grades of cur and prev by kind and ranks cur's units
// of each kind by composite, best first (ties by name).
func NewCity(s domain.Scheme, cur, prev domain.Report, hasPrev bool) City {
	c := City{Period: cur.Period, At: cur.At, Prev: cur.Period.Prev(), HasPrev: hasPrev,
		Ranked: map[domain.UnitKind][]Bar{}, Thresholds: s.Thresholds}
	for _, k := range Kinds {
		kg := KindGrades{Kind: k, Now: gradeCounts(cur, k), Prev: make([]int, len(Grades))}
		if hasPrev {
			kg.Prev = gradeCounts(prev, k)
		}
		c.Kinds = append(c.Kinds, kg)
	}
	for _, sc := range cur.Units {
		c.Ranked[sc.Unit.Kind] = append(c.Ranked[sc.Unit.Kind], Bar{Unit: sc.Unit, Composite: sc.Composite, Grade: sc.Grade})
	}
	for _, bars := range c.Ranked {
		slices.SortStableFunc(bars, func(a, b Bar) int {
			return cmp.Or(cmp.Compare(b.Composite, a.Composite), cmp.Compare(a.Unit.Name, b.Unit.Name))
		})
	}
	return c
}

func gradeCounts(r domain.Report, k domain.UnitKind) []int {
	out := make([]int, len(Grades))
	for _, sc := range r.Units {
		if sc.Unit.Kind != k {
			continue
		}
		if i := slices.Index(Grades, sc.Grade); i >= 0 {
			out[i]++
		}
	}
	return out
}

// OverdueBar is one unit's count of open overdue tickets.
type OverdueBar struct {
	Unit  domain.Unit
	Count int
}

// Overdue is what the overdue chart draws: units with open overdue
// tickets at At, largest first (ties by name).
type Overdue struct {
	At   time.Time
	Bars []OverdueBar
}

// NewOverdue keeps the units with at least one open overdue ticket, by
// count descending.
func NewOverdue(at time.Time, units []domain.Unit, counts map[int64]int) Overdue {
	o := Overdue{At: at}
	for _, u := range units {
		if n := counts[u.ID]; n > 0 {
			o.Bars = append(o.Bars, OverdueBar{Unit: u, Count: n})
		}
	}
	slices.SortStableFunc(o.Bars, func(a, b OverdueBar) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Unit.Name, b.Unit.Name))
	})
	return o
}

// Total is the number of open overdue tickets over all units.
func (o Overdue) Total() int {
	n := 0
	for _, b := range o.Bars {
		n += b.Count
	}
	return n
}
