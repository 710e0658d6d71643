package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestAdvise(t *testing.T) {
	s := DefaultScheme()
	u := Unit{ID: 1, Name: "岳阳县政府"}
	due := func(n int) []time.Time {
		out := make([]time.Time, n)
		for i := range out {
			out[n-1-i] = time.Date(2026, 12, 1+i, 0, 0, 0, 0, time.UTC) // given latest first: Advise sorts
		}
		return out
	}
	dec := func(i int) time.Time { return time.Date(2026, 12, 1+i, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		counts Counts
		work   OpenWork
		steps  []Step
		best   float64
		losses []Rate
	}{
		{"overdue closings reach B, nothing left reaches A",
			Counts{Should: 10, Handled: 8}, OpenWork{Overdue: 2},
			[]Step{{Target: GradeB, Gap: 2, Overdue: 1, Reachable: true}, {Target: GradeA, Gap: 7}},
			94, []Rate{RateCompletion, RateOnTime}},
		{"A takes every overdue ticket and two on time",
			Counts{Should: 10, Handled: 8}, OpenWork{Overdue: 2, Pending: due(3)},
			[]Step{{Target: GradeB, Gap: 2, Overdue: 1, Reachable: true}, {Target: GradeA, Gap: 7, Overdue: 2, OnTime: 2, By: dec(1), Reachable: true}},
			95.4, []Rate{RateCompletion, RateOnTime}},
		{"on-time closings alone when nothing is overdue",
			Counts{Should: 10, Handled: 10, Overdue: 4}, OpenWork{Pending: due(3)},
			[]Step{{Target: GradeB, Gap: 2, OnTime: 2, By: dec(1), Reachable: true}, {Target: GradeA, Gap: 7}},
			90.8, []Rate{RateOnTime}},
		{"the cheapest mix: one overdue and two on time, not five on time",
			Counts{Should: 10, Handled: 9, Overdue: 3}, OpenWork{Overdue: 1, Pending: due(5)},
			[]Step{{Target: GradeB, Gap: 5, Overdue: 1, OnTime: 2, By: dec(1), Reachable: true}, {Target: GradeA, Gap: 10}},
			92, []Rate{RateOnTime, RateCompletion}},
		{"E climbs two grades, the third is out of reach",
			Counts{Should: 10}, OpenWork{Overdue: 10, Pending: due(5)},
			[]Step{{Target: GradeD, Gap: 20, OnTime: 5, By: dec(4), Reachable: true},
				{Target: GradeC, Gap: 40, Overdue: 10, OnTime: 5, By: dec(4), Reachable: true}, {Target: GradeB, Gap: 50}},
			80, []Rate{RateCompletion, RateOnTime}},
		{"rework and dissatisfaction cannot be undone",
			Counts{Should: 10, Handled: 10, Rework: 3, Satisfied: 5, Dissatisfied: 5}, OpenWork{},
			[]Step{{Target: GradeB, Gap: 6}},
			84, []Rate{RateSatisfaction, RateRework}},
		{"A has no better grade",
			Counts{Should: 10, Handled: 10}, OpenWork{Pending: due(2)}, nil, 100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.Advise(s.Score(u, tt.counts), tt.work)
			if !reflect.DeepEqual(a.Steps, tt.steps) {
				t.Errorf("steps\n got %+v\nwant %+v", a.Steps, tt.steps)
			}
			if a.Best != tt.best {
				t.Errorf("best %v, want %v", a.Best, tt.best)
			}
			var causes []Rate
			for _, l := range a.Losses {
				causes = append(causes, l.Rate)
			}
			if !reflect.DeepEqual(causes, tt.losses) {
				t.Errorf("losses %v, want %v", causes, tt.losses)
			}
		})
	}
}

func TestAdviseSlack(t *testing.T) {
	s := DefaultScheme()
	u := Unit{ID: 1}
	pending := make([]time.Time, 12)
	for i := range pending {
		pending[i] = time.Date(2026, 12, 1, i, 0, 0, 0, time.UTC)
	}
	tests := []struct {
		name   string
		counts Counts
		slack  int
		falls  bool
		by     time.Time
	}{
		{"one lapse of ten tickets drops A", Counts{Should: 10, Handled: 10}, 0, true, pending[0]},
		{"nine of a hundred may lapse, the tenth drops A", Counts{Should: 100, Handled: 100}, 9, true, pending[9]},
		{"a C unit far above its floor", Counts{Should: 1000, Handled: 848, Overdue: 100}, 12, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.Advise(s.Score(u, tt.counts), OpenWork{Pending: pending})
			if a.Slack != tt.slack || a.Falls != tt.falls || !a.FallsBy.Equal(tt.by) {
				t.Errorf("slack %d falls %v by %v, want %d %v %v", a.Slack, a.Falls, a.FallsBy, tt.slack, tt.falls, tt.by)
			}
			if a.Falls && a.FallsTo != GradeBelow(a.Grade) {
				t.Errorf("falls to %s from %s", a.FallsTo, a.Grade)
			}
		})
	}
}

// BenchmarkAdvise is the advice for a large unit's open work: 2,000 open
// overdue tickets and 10,000 not yet due, every grade out of reach but the
// next (the search's worst case).
func BenchmarkAdvise(b *testing.B) {
	s := DefaultScheme()
	sc := s.Score(Unit{ID: 1}, Counts{Should: 50000, Handled: 48000, Overdue: 9000, Rework: 900, Satisfied: 4000, Dissatisfied: 400})
	pending := make([]time.Time, 10000)
	for i := range pending {
		pending[i] = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	}
	w := OpenWork{Overdue: 2000, Pending: pending}
	for b.Loop() {
		s.Advise(sc, w)
	}
}
