package chart

import (
	"fmt"
	"strings"
	"testing"

	"hotlinebot/domain"
)

func TestNewTrend(t *testing.T) {
	tr, now := sampleTrend(t)
	s := domain.DefaultScheme()
	t.Run("one weekly value per week end so far, scored from that week's counts", func(t *testing.T) {
		pts := tr.Period.TrendPoints(now)
		if len(tr.Weeks) != len(pts) {
			t.Fatalf("got %d weeks, want %d", len(tr.Weeks), len(pts))
		}
		// Week 3 (index 2) of sampleTrend: 180 should, 178 handled, 6 overdue.
		want := s.Score(tr.Unit, domain.Counts{Should: 180, Handled: 178, Overdue: 6, Satisfied: 50, Dissatisfied: 1})
		got := tr.Weeks[2]
		if !got.At.Equal(pts[2]) || got.Composite != want.Composite || got.OnTime != domain.RoundTo(100*want.OnTimeRate, 2) || got.Grade != want.Grade {
			t.Errorf("week 3 = %+v, want composite %v on-time %v grade %s at %v", got, want.Composite, 100*want.OnTimeRate, want.Grade, pts[2])
		}
	})
	t.Run("today is the live counts", func(t *testing.T) {
		want := s.Score(tr.Unit, domain.Counts{Should: 480, Handled: 470, Overdue: 25, Satisfied: 50, Dissatisfied: 2})
		if !tr.Now.Graded || tr.Now.Composite != want.Composite || !tr.Now.At.Equal(now) {
			t.Errorf("now = %+v, want composite %v at %v", tr.Now, want.Composite, now)
		}
	})
	t.Run("finals are the four periods before, oldest first, ungraded where no ticket counted", func(t *testing.T) {
		want := []string{"2025Q4", "2026Q1", "2026Q2", "2026Q3"}
		for i, f := range tr.Finals {
			if f.Period.String() != want[i] {
				t.Errorf("final %d is %s, want %s", i, f.Period, want[i])
			}
		}
		if tr.Finals[0].Graded {
			t.Errorf("2025Q4 graded %+v, want no grade (no tickets)", tr.Finals[0])
		}
		third := s.Score(tr.Unit, domain.Counts{Should: 1000, Handled: 997, Overdue: 90, Satisfied: 400, Dissatisfied: 12})
		if f := tr.Finals[3]; f.Composite != third.Composite || f.Grade != third.Grade {
			t.Errorf("2026Q3 = %v %s, want %v %s", f.Composite, f.Grade, third.Composite, third.Grade)
		}
	})
	t.Run("change since last week", func(t *testing.T) {
		d, ok := tr.Change()
		last := tr.Weeks[len(tr.Weeks)-1]
		if !ok || d != domain.RoundTo(tr.Now.Composite-last.Composite, 1) || d >= 0 {
			t.Errorf("change = %v, %v; want now %v − last week %v, a fall", d, ok, tr.Now.Composite, last.Composite)
		}
	})
	t.Run("no change before the first week ends", func(t *testing.T) {
		early := tr.Period.Start.Add(48 * 3600e9)
		tt := NewTrend(s, tr.Unit, tr.Period, early, nil, domain.Counts{Should: 3, Handled: 3})
		if _, ok := tt.Change(); ok || len(tt.Weeks) != 0 || !tt.Now.Graded {
			t.Errorf("early trend = %+v, want today only and no change", tt)
		}
	})
}

func TestNewCity(t *testing.T) {
	c := sampleCity(t)
	t.Run("grade counts by kind, now and previous period", func(t *testing.T) {
		want := map[domain.UnitKind][2][]int{
			domain.District:   {{9, 1, 0, 0, 0}, {10, 0, 0, 0, 0}},
			domain.Department: {{0, 9, 1, 0, 0}, {10, 0, 0, 0, 0}},
		}
		for _, kg := range c.Kinds {
			w := want[kg.Kind]
			if !equalInts(kg.Now, w[0]) || !equalInts(kg.Prev, w[1]) {
				t.Errorf("%s: now %v prev %v, want %v %v", kg.Kind, kg.Now, kg.Prev, w[0], w[1])
			}
		}
	})
	t.Run("ranking best first within each kind", func(t *testing.T) {
		for kind, bars := range c.Ranked {
			if len(bars) != 10 {
				t.Errorf("%s has %d bars, want 10", kind, len(bars))
			}
			for i := 1; i < len(bars); i++ {
				if bars[i].Composite > bars[i-1].Composite || bars[i].Unit.Kind != kind {
					t.Errorf("%s: bar %d %+v out of order after %+v", kind, i, bars[i], bars[i-1])
				}
			}
		}
		if first := c.Ranked[domain.Department][0]; first.Unit.Name != "市城管局" || first.Composite != 94.9 {
			t.Errorf("first department = %s %v, want 市城管局 94.9", first.Unit.Name, first.Composite)
		}
	})
	t.Run("no previous period leaves its counts at zero", func(t *testing.T) {
		s := domain.DefaultScheme()
		cc := NewCity(s, domain.Report{Period: c.Period}, domain.Report{}, false)
		if cc.HasPrev || !equalInts(cc.Kinds[0].Prev, []int{0, 0, 0, 0, 0}) {
			t.Errorf("city without previous = %+v", cc)
		}
	})
}

func TestNewOverdue(t *testing.T) {
	o := sampleOverdue(t)
	var got []string
	for _, b := range o.Bars {
		got = append(got, b.Unit.Name)
	}
	want := []string{"市城管局", "市规划局", "岳阳县政府", "市金融办"} // 12, 12 (by name), 3, 1; 市审计局 has none
	if len(got) != len(want) {
		t.Fatalf("bars %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bars %v, want %v", got, want)
			break
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCountTicks(t *testing.T) {
	for _, tc := range []struct {
		top  int
		want string
	}{
		{1, "0 1"}, {4, "0 1 2 3 4"}, {9, "0 2 4 6 8"}, {12, "0 5 10"}, {63, "0 20 40 60"}, {116, "0 20 40 60 80 100"}, {480, "0 100 200 300 400"},
	} {
		t.Run(fmt.Sprint(tc.top), func(t *testing.T) {
			var got []string
			for _, tk := range countTicks(tc.top) {
				got = append(got, tk.Label)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("ticks to %d: %v, want %s", tc.top, got, tc.want)
			}
		})
	}
}
