package store

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// benchUnits stores n units and returns their ids.
func benchUnits(b testing.TB, s *Store, n int) []int64 {
	b.Helper()
	ids, err := benchUnitsErr(context.Background(), s, n)
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

// benchUnitsErr stores n units 单位000… (the first tenth districts) and
// returns their ids.
func benchUnitsErr(ctx context.Context, s *Store, n int) ([]int64, error) {
	var units []domain.Unit
	for i := range n {
		kind := domain.Department
		if i < n/10 {
			kind = domain.District
		}
		units = append(units, domain.Unit{Name: fmt.Sprintf("单位%03d", i), Kind: kind})
	}
	if _, _, err := s.UpsertUnits(ctx, units); err != nil {
		return nil, err
	}
	all, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(all))
	for i, u := range all {
		ids[i] = u.ID
	}
	return ids, nil
}

func benchEngines(b *testing.B, fn func(b *testing.B, dsn func(testing.TB) string)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite) })
	if os.Getenv("HOTLINE_BENCH_PG") == "1" {
		b.Run("postgres", func(b *testing.B) { fn(b, storetest.Postgres) })
	}
}

// BenchmarkUpsertTickets measures one call of 1,000 tickets: new ones, then
// the same ones again (the re-import case), then all changed.
func BenchmarkUpsertTickets(b *testing.B) {
	const batch = 1000
	benchEngines(b, func(b *testing.B, dsn func(testing.TB) string) {
		ctx := context.Background()
		s := openStore(b, dsn(b))
		units := benchUnits(b, s, 100)
		start := time.Date(2017, 4, 1, 8, 0, 0, 0, shanghai)
		b.Run("insert", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				ts := genTickets(units, i*batch, batch, start)
				if _, err := s.UpsertTickets(ctx, ts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/ticket")
		})
		ts := genTickets(units, 0, batch, start)
		b.Run("unchanged", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.UpsertTickets(ctx, ts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/ticket")
		})
		b.Run("changed", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				for j := range ts {
					ts[j].ReworkCount = i + 1
				}
				if _, err := s.UpsertTickets(ctx, ts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/ticket")
		})
	})
}

// BenchmarkImport loads HOTLINE_BENCH_ROWS tickets (default 200,000) into a
// fresh database in calls of HOTLINE_BENCH_BATCH (default 5,000, as the
// importer does); one op is the whole load. Ticket generation is outside the
// timer; cpu-s/1M is the process's CPU time inside UpsertTickets (which a
// busy machine disturbs less than the wall clock), per million tickets.
func BenchmarkImport(b *testing.B) {
	n := envInt("HOTLINE_BENCH_ROWS", 200_000)
	batch := envInt("HOTLINE_BENCH_BATCH", 5000)
	benchEngines(b, func(b *testing.B, dsn func(testing.TB) string) {
		ctx := context.Background()
		start := time.Date(2017, 4, 1, 8, 0, 0, 0, shanghai)
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			s := openStore(b, dsn(b))
			units := benchUnits(b, s, 100)
			for first := 0; first < n; first += batch {
				ts := genTickets(units, first, min(batch, n-first), start)
				b.StartTimer()
				cpu0 := cpuTime()
				if _, err := s.UpsertTickets(ctx, ts); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - cpu0
				b.StopTimer()
			}
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/ticket")
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e6/float64(n), "s/1M")
		b.ReportMetric(cpu.Seconds()/float64(b.N)*1e6/float64(n), "cpu-s/1M")
	})
}

// cpuTime is the process's user and system CPU time so far: on a shared
// machine it measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func envInt(name string, def int) int {
	var v int
	if _, err := fmt.Sscan(os.Getenv(name), &v); err != nil || v <= 0 {
		return def
	}
	return v
}
