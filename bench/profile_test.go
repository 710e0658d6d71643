// Package bench holds the Go benchmarks behind compare.sh's figures: the
// whole import and report paths in one process, so that
// `go test -cpuprofile` shows where their time goes.
//
//	go test ./bench -run '^$' -bench Import -benchtime 1x -cpuprofile bench/out/import.prof
//	HOTLINE_BENCH_ROWS=1000000 go test ./bench -run '^$' -bench . -benchtime 1x
package bench

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"hotlinebot/bench/internal/benchdata"
	"hotlinebot/demo"
	"hotlinebot/domain"
	"hotlinebot/importer"
	"hotlinebot/report"
	"hotlinebot/store"
)

// dataset is the benchmark's data: HOTLINE_BENCH_ROWS tickets (default
// 100,000) as compare.sh generates them, in a CSV kept in bench/out between
// runs, or the file HOTLINE_BENCH_FILE names.
type dataset struct {
	benchdata.Setup
	units   []domain.Unit
	tickets string // path of the CSV
}

func newDataset(b *testing.B) dataset {
	b.Helper()
	s, err := benchdata.NewSetup(benchdata.Period, benchdata.At)
	if err != nil {
		b.Fatal(err)
	}
	d := dataset{Setup: s, units: benchdata.Units(benchdata.UnitCount)}
	n := rows()
	if err := os.MkdirAll("out", 0o755); err != nil {
		b.Fatal(err)
	}
	d.tickets = filepath.Join("out", "profile-"+strconv.Itoa(n)+".csv")
	if f := os.Getenv("HOTLINE_BENCH_FILE"); f != "" {
		d.tickets = f // e.g. compare.sh's shuffled.csv, of HOTLINE_BENCH_ROWS rows
	}
	if _, err := os.Stat(d.tickets); err != nil {
		writeTickets(b, d, n)
	}
	return d
}

// rows is HOTLINE_BENCH_ROWS, 100,000 by default.
func rows() int {
	if n := envInt("HOTLINE_BENCH_ROWS"); n > 0 {
		return n
	}
	return 100_000
}

// envInt is the positive integer in the environment variable, else 0
// (HOTLINE_BENCH_BATCH: the import's batch size, 0 for the importer's
// default).
func envInt(name string) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return 0
}

// writeTickets generates the CSV once; later runs reuse it.
func writeTickets(b *testing.B, d dataset, n int) {
	b.Helper()
	tmp := d.tickets + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := demo.WriteCSV(w, n, d.units, d.Period, d.At, d.Config.Policy, demo.DefaultSeed); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, d.tickets); err != nil {
		b.Fatal(err)
	}
}

// load opens a fresh SQLite store in dir with the demo's units.
func (d dataset) load(b *testing.B, dir string) *store.Store {
	b.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := st.UpsertUnits(ctx, d.units); err != nil {
		b.Fatal(err)
	}
	return st
}

func (d dataset) importTickets(b *testing.B, st *store.Store) {
	b.Helper()
	opts := importer.Options{Policy: d.Config.Policy, Location: d.Config.Location, BatchSize: envInt("HOTLINE_BENCH_BATCH")}
	ctx := context.Background()
	load, err := st.BeginTicketLoad(ctx)
	if err != nil {
		b.Fatal(err)
	}
	sum, err := importer.ImportTickets(ctx, d.tickets, opts, load)
	if err := errors.Join(err, load.Finish(ctx)); err != nil {
		b.Fatal(err)
	}
	if sum.Refused > 0 || sum.Loaded != rows() {
		b.Fatalf("import: %s", sum)
	}
}

// BenchmarkImport is `hotlinebot tickets import` of the whole file into a
// fresh database: one op is one import.
func BenchmarkImport(b *testing.B) {
	d := newDataset(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		st := d.load(b, b.TempDir())
		b.StartTimer()
		d.importTickets(b, st)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows()), "ns/ticket")
}

// BenchmarkReport is `hotlinebot report --format json` for the quarter
// over the imported file: the scorecard GROUP BY, the grading and the JSON.
func BenchmarkReport(b *testing.B) {
	d := newDataset(b)
	st := d.load(b, b.TempDir())
	defer st.Close()
	d.importTickets(b, st)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		r, err := st.Report(ctx, d.Config.Scoring.Scheme, d.Period, d.At)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.Write(io.Discard, r, "json", "zh"); err != nil {
			b.Fatal(err)
		}
	}
}

// discardStore takes tickets and keeps nothing, so that BenchmarkImportParse
// measures the importer alone: reading, parsing, validating, batching.
type discardStore struct{ units []domain.Unit }

func (s discardStore) Units(context.Context) ([]domain.Unit, error) { return s.units, nil }

func (s discardStore) UpsertTickets(_ context.Context, ts []domain.Ticket) ([]domain.Outcome, error) {
	out := make([]domain.Outcome, len(ts))
	for i := range out {
		out[i] = domain.Inserted
	}
	return out, nil
}

// BenchmarkImportParse is the import without a database: the importer's
// share of BenchmarkImport.
func BenchmarkImportParse(b *testing.B) {
	d := newDataset(b)
	units := make([]domain.Unit, len(d.units))
	for i, u := range d.units {
		u.ID = int64(i + 1)
		units[i] = u
	}
	st := discardStore{units: units}
	opts := importer.Options{Policy: d.Config.Policy, Location: d.Config.Location}
	b.ReportAllocs()
	for b.Loop() {
		sum, err := importer.ImportTickets(context.Background(), d.tickets, opts, st)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Refused > 0 {
			b.Fatalf("import: %s", sum)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows()), "ns/ticket")
}
