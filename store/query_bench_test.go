package store

import (
	"context"
	"os"
	"testing"

	"hotlinebot/domain"
)

// The query benchmarks run over the million-ticket fixture (see
// fixture_test.go), on SQLite and, with HOTLINE_BENCH_PG=1, on PostgreSQL:
//
//	go test ./store -run '^$' -bench 'Million' -benchtime 20x

func millionEngines(b *testing.B, fn func(b *testing.B, s *Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, millionTickets(b)) })
	if os.Getenv("HOTLINE_BENCH_PG") == "1" {
		b.Run("postgres", func(b *testing.B) { fn(b, millionTicketsPostgres(b)) })
	}
}

func BenchmarkMillionCounts(b *testing.B) {
	millionEngines(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		q2 := domain.NewPeriod(domain.Quarter, 2017, 2, shanghai)
		for b.Loop() {
			counts, err := s.Counts(ctx, q2, fixtureAt)
			if err != nil || len(counts) != 100 {
				b.Fatalf("Counts = %d units, %v", len(counts), err)
			}
		}
	})
}

func BenchmarkMillionReport(b *testing.B) {
	millionEngines(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		q2 := domain.NewPeriod(domain.Quarter, 2017, 2, shanghai)
		for b.Loop() {
			if _, err := s.Report(ctx, domain.DefaultScheme(), q2, fixtureAt); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMillionOpen(b *testing.B) {
	millionEngines(b, benchOpen)
}

func benchOpen(b *testing.B, s *Store) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func() (int, error)
	}{
		{"OpenTickets/all", func() (int, error) { ts, err := s.OpenTickets(ctx, 0, fixtureAt); return len(ts), err }},
		{"OpenTickets/unit", func() (int, error) { ts, err := s.OpenTickets(ctx, 7, fixtureAt); return len(ts), err }},
		{"OverdueTickets/all", func() (int, error) { ts, err := s.OverdueTickets(ctx, 0, fixtureAt); return len(ts), err }},
		{"DueTickets/all/24h", func() (int, error) {
			ts, err := s.DueTickets(ctx, 0, fixtureAt, fixtureAt.AddDate(0, 0, 1))
			return len(ts), err
		}},
		{"TicketCounts/unit", func() (int, error) { c, err := s.TicketCounts(ctx, 7, fixtureAt); return c.Open, err }},
		{"OpenCountsByUnit", func() (int, error) { c, err := s.OpenCountsByUnit(ctx, fixtureAt); return len(c), err }},
		{"Ticket", func() (int, error) { _, err := s.Ticket(ctx, "GD000500001"); return 1, err }},
		{"UnitTickets/quarter", func() (int, error) {
			ts, err := s.UnitTickets(ctx, 7, domain.NewPeriod(domain.Quarter, 2017, 2, shanghai))
			return len(ts), err
		}},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n, err := tc.run()
				if err != nil || n == 0 {
					b.Fatalf("%d rows, %v", n, err)
				}
			}
		})
	}
}
