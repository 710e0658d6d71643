package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// TestContactsBotQueries covers the queries the bot's lists and live
// scorecards read, on both engines.
func TestContactsBotQueries(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, unitA, unitB := contactFixture(t, dsn)
		now := time.Date(2026, 11, 27, 8, 30, 0, 0, shanghai)
		var ts []domain.Ticket
		for i := 0; i < 25; i++ { // open; due in pairs an hour apart, from 10 hours ago
			ts = append(ts, domain.Ticket{No: fmt.Sprintf("A-%02d", i), UnitID: unitA, Category: domain.Help,
				DispatchedAt: now.Add(-48 * time.Hour), DueAt: now.Add(time.Duration(i/2-10) * time.Hour)})
		}
		for i := 0; i < 5; i++ { // completed, one of them late
			ts = append(ts, domain.Ticket{No: fmt.Sprintf("A-DONE-%d", i), UnitID: unitA, Category: domain.Help,
				DispatchedAt: now.Add(-72 * time.Hour), DueAt: now.Add(-24 * time.Hour),
				CompletedAt: now.Add(time.Duration(i-50) * time.Hour), Callback: domain.CallbackSatisfied})
		}
		ts = append(ts, domain.Ticket{No: "B-1", UnitID: unitB, Category: domain.Help,
			DispatchedAt: now.Add(-48 * time.Hour), DueAt: now.Add(-time.Hour)})
		if _, err := s.UpsertTickets(ctx, ts); err != nil {
			t.Fatal(err)
		}

		p := domain.PeriodAt(domain.Quarter, now, shanghai)
		all, err := s.Counts(ctx, p, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, unit := range []int64{unitA, unitB} {
			got, err := s.UnitCounts(ctx, unit, p, now)
			if err != nil || got != all[unit] {
				t.Fatalf("UnitCounts(%d) = %+v, %v; Counts has %+v", unit, got, err, all[unit])
			}
		}
		if got, err := s.UnitCounts(ctx, unitA, p.Prev(), now); err != nil || got != (domain.Counts{}) {
			t.Fatalf("UnitCounts of an empty period = %+v, %v", got, err)
		}

		counts := []struct {
			unit int64
			want domain.OpenCounts
		}{
			{unitA, domain.OpenCounts{Open: 25, Overdue: 22, DueToday: 3}},
			{unitB, domain.OpenCounts{Open: 1, Overdue: 1}},
			{0, domain.OpenCounts{Open: 26, Overdue: 23, DueToday: 3}},
		}
		for _, c := range counts {
			if got, err := s.CurrentOpenCounts(ctx, c.unit, now); err != nil || got != c.want {
				t.Fatalf("CurrentOpenCounts(%d) = %+v, %v; want %+v", c.unit, got, err, c.want)
			}
		}

		pages := []struct {
			name  string
			q     domain.OpenPage
			first string
			n     int
		}{
			{"first page", domain.OpenPage{UnitID: unitA, At: now, Limit: 10}, "A-00", 10},
			{"last page", domain.OpenPage{UnitID: unitA, At: now, Offset: 20, Limit: 10}, "A-20", 5},
			{"overdue only", domain.OpenPage{UnitID: unitA, At: now, OverdueOnly: true, Offset: 20, Limit: 10}, "A-20", 2},
			{"all units, ties in insertion order", domain.OpenPage{At: now, OverdueOnly: true, Offset: 18, Limit: 10}, "A-18", 5},
		}
		for _, pg := range pages {
			t.Run(pg.name, func(t *testing.T) {
				got, err := s.OpenTicketsPage(ctx, pg.q)
				if err != nil || len(got) != pg.n || got[0].No != pg.first {
					t.Fatalf("OpenTicketsPage = %d tickets from %v, %v; want %d from %s", len(got), firstNo(got), err, pg.n, pg.first)
				}
				for i := 1; i < len(got); i++ {
					if got[i].DueAt.Before(got[i-1].DueAt) {
						t.Fatalf("not in due order: %s before %s", got[i-1].No, got[i].No)
					}
				}
			})
		}
	})
}

func firstNo(ts []domain.Ticket) string {
	if len(ts) == 0 {
		return "nothing"
	}
	return ts[0].No
}
