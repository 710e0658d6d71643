package chart

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// fakeTrendSource keeps some points and counts every unit at should =
// the day of the month of the instant asked, recording the asks.
type fakeTrendSource struct {
	kept  []domain.TrendPoint
	asked []string
}

func (f *fakeTrendSource) UnitTrend(_ context.Context, unitID int64, periods []domain.Period) ([]domain.TrendPoint, error) {
	var out []domain.TrendPoint
	for _, pt := range f.kept {
		for _, p := range periods {
			if pt.Period == p && pt.UnitID == unitID {
				out = append(out, pt)
			}
		}
	}
	return out, nil
}

func (f *fakeTrendSource) UnitCounts(_ context.Context, unitID int64, p domain.Period, at time.Time) (domain.Counts, error) {
	f.asked = append(f.asked, fmt.Sprintf("%d %s %s", unitID, p, at.Format("01-02 15:04")))
	return domain.Counts{Should: at.Day(), Handled: at.Day()}, nil
}

func TestLoadTrend(t *testing.T) {
	loc := testkit.Shanghai()
	now := time.Date(2026, 10, 20, 15, 0, 0, 0, loc)
	p := domain.PeriodAt(domain.Quarter, now, loc)
	u := domain.Unit{ID: 3, Name: "市规划局", Kind: domain.Department}
	src := &fakeTrendSource{kept: []domain.TrendPoint{
		{UnitID: 3, Period: p, At: time.Date(2026, 10, 5, 0, 0, 0, 0, loc), Counts: domain.Counts{Should: 40, Handled: 30}},
		{UnitID: 3, Period: p.Prev(), At: p.Start, Counts: domain.Counts{Should: 90, Handled: 90, Overdue: 9}},
		{UnitID: 4, Period: p, At: time.Date(2026, 10, 12, 0, 0, 0, 0, loc), Counts: domain.Counts{Should: 1, Handled: 1}},
	}}
	tr, err := LoadTrend(context.Background(), src, domain.DefaultScheme(), u, p, now)
	if err != nil {
		t.Fatal(err)
	}
	wantAsked := []string{
		"3 2025Q4 01-01 00:00", "3 2026Q1 04-01 00:00", "3 2026Q2 07-01 00:00", // earlier periods' ends not kept
		"3 2026Q4 10-12 00:00", // this period's second week (kept only for another unit)
		"3 2026Q4 10-19 00:00", // its third, not kept
		"3 2026Q4 10-20 15:00", // today, live
	}
	if fmt.Sprint(src.asked) != fmt.Sprint(wantAsked) {
		t.Errorf("rebuilt from tickets:\n got %q\nwant %q", src.asked, wantAsked)
	}
	s := domain.DefaultScheme()
	checks := []struct {
		name string
		got  Value
		want domain.Counts
	}{
		{"kept week", tr.Weeks[0], domain.Counts{Should: 40, Handled: 30}},
		{"rebuilt week", tr.Weeks[1], domain.Counts{Should: 12, Handled: 12}},
		{"kept final", tr.Finals[3].Value, domain.Counts{Should: 90, Handled: 90, Overdue: 9}},
		{"rebuilt final", tr.Finals[0].Value, domain.Counts{Should: 1, Handled: 1}},
		{"today", tr.Now, domain.Counts{Should: 20, Handled: 20}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if want := s.Score(u, c.want); c.got.Composite != want.Composite || !c.got.Graded {
				t.Errorf("composite %v, want %v from %+v", c.got.Composite, want.Composite, c.want)
			}
		})
	}
}
