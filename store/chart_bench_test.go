package store

import (
	"context"
	"os"
	"testing"

	"hotlinebot/chart"
	"hotlinebot/domain"
)

// BenchmarkMillionCharts is each chart the bot sends, read and drawn over
// the million-ticket fixture, with the trend points and the snapshot the
// scorecards job keeps (built once before timing):
//
//	go test ./store -run '^$' -bench MillionCharts -benchtime 20x
func BenchmarkMillionCharts(b *testing.B) {
	font, ok, err := chart.FindFont(os.Getenv("HOTLINE_FONT"), chart.FontCandidates)
	if err != nil || !ok {
		b.Skipf("no CJK font: %s", chart.FontHint)
	}
	r := chart.NewRenderer(font)
	scheme := domain.DefaultScheme()
	millionEngines(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		q2 := domain.NewPeriod(domain.Quarter, 2017, 2, shanghai)
		keepChartData(b, s, q2)
		units, err := s.Units(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("trend", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				t, err := chart.LoadTrend(ctx, s, scheme, units[0], q2, fixtureAt)
				if err != nil || len(t.Weeks) != 13 || !t.Now.Graded {
					b.Fatalf("trend %d weeks, %v", len(t.Weeks), err)
				}
				if _, err := r.Trend(t, "zh"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("grades", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				c, err := chart.LoadCity(ctx, s, scheme, q2, fixtureAt)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Grades(c, "zh"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("ranking", func(b *testing.B) {
			defer reportCPU(b)()
			pictures := 0
			for b.Loop() {
				c, err := chart.LoadCity(ctx, s, scheme, q2, fixtureAt)
				if err != nil {
					b.Fatal(err)
				}
				pages, err := r.Ranking(c, domain.Department, "zh") // 90 units: 3 pictures
				if err != nil || len(pages) == 0 {
					b.Fatal(len(pages), err)
				}
				pictures += len(pages)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pictures), "ns/picture")
		})
		b.Run("overdue", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				o, err := chart.LoadOverdue(ctx, s, fixtureAt)
				if err != nil {
					b.Fatal(err)
				}
				if _, ok, err := r.Overdue(o, "zh"); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
		})
	})
}

// reportCPU reports the process's CPU time per op (user and system, every
// thread) when the returned func runs: on a machine shared with other work
// the wall time of ns/op says more about the neighbours than the code.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op") }
}

// keepChartData keeps what the scorecards job would have by fixtureAt: the
// trend points of period p and a snapshot.
func keepChartData(b *testing.B, s *Store, p domain.Period) {
	b.Helper()
	ctx := context.Background()
	gen := leader(b, s)
	kept, err := s.TrendPointsKept(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	for _, at := range p.TrendPoints(fixtureAt)[len(kept):] {
		counts, err := s.Counts(ctx, p, at)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SaveTrendPoint(ctx, gen, p, at, fixtureAt, counts); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range p.WithPrevious(4)[:4] {
		if err := s.SaveTrendPoint(ctx, gen, q, q.End, fixtureAt, nil); err != nil {
			b.Fatal(err)
		}
	}
	rep, err := s.Report(ctx, domain.DefaultScheme(), p, fixtureAt)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SaveSnapshot(ctx, gen, rep, false, nil); err != nil {
		b.Fatal(err)
	}
}
