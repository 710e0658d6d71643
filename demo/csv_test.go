package demo

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestWriteCSVRoundTrip(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Quarter, 2026, 4, loc)
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, loc)
	const n = 3000
	var buf bytes.Buffer
	if err := WriteCSV(&buf, n, storedUnits(), p, now, config.Defaults().Policy, DefaultSeed); err != nil {
		t.Fatal(err)
	}
	want := collect(t, n, p, now, DefaultSeed)

	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"ticket_no", "unit", "category", "topic", "urgent", "dispatched_at", "due_at",
		"completed_at", "rework_count", "callback", "summary"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header = %v, want %v", rows[0], header)
	}
	if len(rows) != n+1 {
		t.Fatalf("%d rows, want %d", len(rows)-1, n)
	}
	for i, row := range rows[1:] {
		got, err := parseRow(row, loc)
		if err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		got.UnitID = want[i].UnitID
		if !ticketsEqual(got, want[i]) {
			t.Fatalf("line %d:\n got %+v\nwant %+v", i+2, got, want[i])
		}
	}
}

// parseRow reads a row of the ticket file the way the importer does.
func parseRow(row []string, loc *time.Location) (domain.Ticket, error) {
	parseTime := func(s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		return time.ParseInLocation(TimeLayout, s, loc)
	}
	tk := domain.Ticket{No: row[0], UnitName: row[1], Topic: row[3], Summary: row[10]}
	var errs [8]error
	tk.Category, errs[0] = domain.ParseCategory(row[2])
	tk.Urgent, errs[1] = strconv.ParseBool(row[4])
	tk.DispatchedAt, errs[2] = parseTime(row[5])
	tk.DueAt, errs[3] = parseTime(row[6])
	tk.CompletedAt, errs[4] = parseTime(row[7])
	tk.ReworkCount, errs[5] = strconv.Atoi(row[8])
	tk.Callback, errs[6] = domain.ParseCallback(row[9])
	for _, err := range errs {
		if err != nil {
			return tk, err
		}
	}
	return tk, nil
}

func TestWriteCSVDeterministic(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Month, 2026, 5, loc)
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, loc)
	write := func(seed uint64) []byte {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, 500, Units(), p, now, config.Defaults().Policy, seed); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b, c := write(1), write(1), write(2)
	if !bytes.Equal(a, b) {
		t.Error("the same seed wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds wrote the same file")
	}
	if !strings.HasPrefix(string(a), "ticket_no,unit,") || !strings.Contains(string(a), "\nYY202605000001,") {
		t.Errorf("file starts %q", a[:100])
	}
}

func TestAppendField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"岳阳县政府", "岳阳县政府"},
		{"a,b", `"a,b"`},
		{`say "hi"`, `"say ""hi"""`},
		{"two\nlines", "\"two\nlines\""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(appendField(nil, tt.in)); got != tt.want {
				t.Errorf("appendField(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// BenchmarkWriteCSV writes the benchmark's file: a million tickets of a
// year over the demo units (run with -benchtime=1x for one file).
func BenchmarkWriteCSV(b *testing.B) {
	loc := testkit.Shanghai()
	policy := config.Defaults().Policy
	units := Units()
	p := domain.NewPeriod(domain.Quarter, 2025, 4, loc)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	const rows = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		var w countingWriter
		if err := WriteCSV(&w, rows, units, p, now, policy, DefaultSeed); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(w.n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// TestCatalogCSVPlain guards WriteCSV's shortcut: the catalog's texts are
// written without quoting.
func TestCatalogCSVPlain(t *testing.T) {
	var texts []string
	for _, ts := range topicSpecs() {
		texts = append(texts, ts.name)
		for _, lines := range ts.issues {
			texts = append(texts, lines...)
		}
	}
	texts = append(texts, praise()...)
	texts = append(texts, cityPlaces()...)
	for _, s := range catalog() {
		texts = append(texts, s.places...)
	}
	for _, s := range texts {
		if !csvPlain(s) {
			t.Errorf("%q needs CSV quoting", s)
		}
	}
}
