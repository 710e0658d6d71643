package jobs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// BenchmarkDeadlines runs the deadlines job over a year of a large city's
// tickets: 1,000,000 over 100 units, 10,000 of them open with deadlines
// from ten days past to ten days ahead. "first" is the first run over the
// database as loaded, which announces every stage already crossed, each on
// a fresh copy opened by a fresh store (its caches cold, as when serve
// starts); "steady" is the job as it runs every minute after that.
//
//	go test ./jobs -run '^$' -bench Deadlines -benchtime 5x
//
// HOTLINE_BENCH_DB=PATH keeps the database there and reuses it on the next
// run (loading takes most of a minute); "first" is measured only on the
// run that loads it (a reused one has had its first run).
func BenchmarkDeadlines(b *testing.B) {
	path := os.Getenv("HOTLINE_BENCH_DB")
	if path == "" {
		path = storetest.SQLite(b)
	}
	e := newEnv(b, path)
	now := time.Now().Truncate(time.Minute)
	if n, err := e.st.TicketCount(e.ctx); err != nil || n == 0 {
		loadBenchTickets(b, e, now, 1_000_000, 10_000, 100)
		b.Run("first", func(b *testing.B) { benchFirstRun(b, path, now) })
	}
	e.clock.Set(now)
	job := NewDeadlines(e.st, e.deps)
	if err := job.Run(e.ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("steady", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			e.clock.Set(now.Add(time.Duration(i) * time.Minute))
			if err := job.Run(e.ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchFirstRun times the job's first run at now over copies of the
// database at path (idle, so its file and WAL copied are consistent).
func benchFirstRun(b *testing.B, path string, now time.Time) {
	dir := b.TempDir()
	notes := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		run := filepath.Join(dir, fmt.Sprintf("first-%d.db", i))
		for _, suffix := range []string{"", "-wal"} {
			if err := copyFile(path+suffix, run+suffix); err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
				b.Fatal(err)
			}
		}
		f := newEnv(b, run)
		f.clock.Set(now)
		job := NewDeadlines(f.st, f.deps)
		b.StartTimer()
		if err := job.Run(f.ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		notes = len(f.outbox())
		f.st.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(run + suffix)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(notes), "notifications")
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func loadBenchTickets(b *testing.B, e *env, now time.Time, total, open, units int) {
	b.Helper()
	var us []domain.Unit
	for i := range units {
		us = append(us, domain.Unit{Name: fmt.Sprintf("单位%03d", i), Kind: domain.Department})
	}
	if _, _, err := e.st.UpsertUnits(e.ctx, us); err != nil {
		b.Fatal(err)
	}
	all, err := e.st.Units(e.ctx)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	batch := make([]domain.Ticket, 0, 10_000)
	for i := range total {
		u := all[rng.IntN(len(all))]
		t := domain.Ticket{No: fmt.Sprintf("T%07d", i), UnitID: u.ID, Category: domain.Help, Topic: "城市管理类"}
		if i < open {
			t.DueAt = now.Add(time.Duration(rng.IntN(20*24*60)-10*24*60) * time.Minute)
			t.Urgent = i%10 == 0
			t.DispatchedAt = t.DueAt.Add(-5 * 24 * time.Hour)
			if t.DispatchedAt.After(now) { // nothing is dispatched in the future
				t.DispatchedAt = now.Add(-time.Duration(1+rng.IntN(24*60)) * time.Minute)
			}
		} else {
			t.DispatchedAt = now.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute)
			t.DueAt = t.DispatchedAt.Add(5 * 24 * time.Hour)
			t.CompletedAt = t.DispatchedAt.Add(time.Duration(rng.IntN(6*24*60)) * time.Minute)
			if t.CompletedAt.After(now) { // nothing is completed in the future
				t.CompletedAt = now.Add(-time.Minute)
			}
		}
		batch = append(batch, t)
		if len(batch) == cap(batch) {
			if _, err := e.st.UpsertTickets(e.ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if _, err := e.st.UpsertTickets(e.ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d tickets (%d open) in %v", total, open, time.Since(start).Round(time.Second))
}
