package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

func TestTrendPoints(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		if _, _, err := s.UpsertUnits(ctx, testUnits()[:2]); err != nil {
			t.Fatal(err)
		}
		units, err := s.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a, b := units[0].ID, units[1].ID
		gen := leader(t, s)
		q4 := domain.NewPeriod(domain.Quarter, 2026, 4, shanghai)
		q3 := q4.Prev()
		w1, w2 := sh(t, "2026-10-05 00:00"), sh(t, "2026-10-12 00:00")
		taken := sh(t, "2026-10-12 09:00")
		save := func(p domain.Period, at time.Time, counts map[int64]domain.Counts) {
			t.Helper()
			if err := s.SaveTrendPoint(ctx, gen, p, at, taken, counts); err != nil {
				t.Fatal(err)
			}
		}
		save(q3, q3.End, map[int64]domain.Counts{a: {Should: 50, Handled: 49, Overdue: 3, Rework: 1, Satisfied: 9, Dissatisfied: 1}, b: {Should: 7, Handled: 7}})
		save(q4, w1, map[int64]domain.Counts{b: {Should: 2, Handled: 1}})
		save(q4, w2, map[int64]domain.Counts{a: {Should: 10, Handled: 9, Overdue: 1}, b: {Should: 4, Handled: 4}})
		save(q4, w2, map[int64]domain.Counts{a: {Should: 999}}) // kept already: unchanged

		t.Run("a unit's trend zero-fills kept points it had no ticket at", func(t *testing.T) {
			pts, err := s.UnitTrend(ctx, a, []domain.Period{q3, q4})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range pts {
				got = append(got, fmt.Sprintf("%s %s %+v", p.Period, p.At.Format("01-02 15:04"), p.Counts))
			}
			want := []string{
				"2026Q3 10-01 00:00 {Should:50 Handled:49 Overdue:3 Rework:1 Satisfied:9 Dissatisfied:1}",
				"2026Q4 10-05 00:00 {Should:0 Handled:0 Overdue:0 Rework:0 Satisfied:0 Dissatisfied:0}",
				"2026Q4 10-12 00:00 {Should:10 Handled:9 Overdue:1 Rework:0 Satisfied:0 Dissatisfied:0}",
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("unit trend\n got %q\nwant %q", got, want)
			}
			if pts[1].At.Location() != shanghai || pts[1].UnitID != a {
				t.Errorf("point %+v not in the period's zone or not the unit's", pts[1])
			}
		})
		t.Run("points kept and a period's trend by unit", func(t *testing.T) {
			kept, err := s.TrendPointsKept(ctx, q4)
			if err != nil || len(kept) != 2 || !kept[0].Equal(w1) || !kept[1].Equal(w2) {
				t.Errorf("kept %v %v, want %v %v", kept, err, w1, w2)
			}
			pts, err := s.PeriodTrend(ctx, q4)
			var got []string
			for _, p := range pts {
				got = append(got, fmt.Sprintf("%d %s %d", p.UnitID, p.At.Format("01-02"), p.Counts.Should))
			}
			want := []string{fmt.Sprintf("%d 10-05 2", b), fmt.Sprintf("%d 10-12 4", b), fmt.Sprintf("%d 10-12 10", a)}
			if a < b {
				want = []string{want[2], want[0], want[1]}
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("period trend %q %v, want %q", got, err, want)
			}
		})
		t.Run("a former leader cannot write", func(t *testing.T) {
			if _, ok, err := s.AcquireLease(ctx, "other", time.Hour, time.Now(), true); err != nil || !ok {
				t.Fatal(ok, err)
			}
			err := s.SaveTrendPoint(ctx, gen, q4, sh(t, "2026-10-19 00:00"), taken, nil)
			if !errors.Is(err, domain.ErrFenced) {
				t.Errorf("got %v, want ErrFenced", err)
			}
		})
	})
}
