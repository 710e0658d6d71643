package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name           string
		xs             []float64
		median, lo, hi float64
	}{
		{"empty", nil, 0, 0, 0},
		{"one", []float64{2}, 2, 2, 2},
		{"odd, unsorted", []float64{3, 1, 2}, 2, 1, 3},
		{"even: mean of the middle two", []float64{4, 1, 3, 2}, 2.5, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, lo, hi := summarize(tt.xs)
			if m != tt.median || lo != tt.lo || hi != tt.hi {
				t.Errorf("summarize(%v) = %v, %v, %v; want %v, %v, %v", tt.xs, m, lo, hi, tt.median, tt.lo, tt.hi)
			}
		})
	}
}

func TestCompareCounts(t *testing.T) {
	a := unitCounts{Should: 10, Handled: 9, Overdue: 1, Rework: 2, Dissatisfied: 1}
	tests := []struct {
		name      string
		got, want map[string]unitCounts
		diffs     int
	}{
		{"equal", map[string]unitCounts{"A": a}, map[string]unitCounts{"A": a}, 0},
		{"a count differs", map[string]unitCounts{"A": a}, map[string]unitCounts{"A": {Should: 10}}, 1},
		{"unit only in the report", map[string]unitCounts{"A": a, "B": a}, map[string]unitCounts{"A": a}, 1},
		{"unit only in the query", map[string]unitCounts{}, map[string]unitCounts{"A": a}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := compareCounts(tt.got, tt.want); len(d) != tt.diffs {
				t.Errorf("compareCounts: %d differences %q, want %d", len(d), d, tt.diffs)
			}
		})
	}
}

// TestCheckReadsBothOutputs runs check over a report JSON and the query's
// CSV (sqlite3 -csv and psql -A -F, write the same), skipping the report's
// units that count nothing.
func TestCheckReadsBothOutputs(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	query := filepath.Join(dir, "q.csv")
	write(t, report, `{"period":"2026Q3","units":[
		{"unit":"岳阳县政府","should":5,"handled":4,"overdue":1,"rework":2,"dissatisfied":1,"composite":99.1},
		{"unit":"市档案馆","should":0,"handled":0,"overdue":0,"rework":0,"dissatisfied":0}]}`)
	tests := []struct {
		name, csv string
		ok        bool
	}{
		{"equal", "岳阳县政府,5,4,1,2,1\n", true},
		{"differs", "岳阳县政府,5,4,0,2,1\n", false},
		{"missing unit", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(t, query, tt.csv)
			var out bytes.Buffer
			err := checkCommand([]string{"-report", report, "-query", query}, &out)
			if (err == nil) != tt.ok {
				t.Errorf("check: %v (output %q), want ok=%v", err, out.String(), tt.ok)
			}
		})
	}
}

func TestSQLUsesTheBenchmarkInstant(t *testing.T) {
	var out bytes.Buffer
	if err := sqlCommand([]string{"-period", "2026Q3", "-at", "2026-10-20 17:00"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"'2026-10-20 17:00:00'", "dispatched_at >= '2026-07-01 00:00:00'", "dispatched_at < '2026-10-01 00:00:00'", "GROUP BY unit"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("query lacks %s:\n%s", want, out.String())
		}
	}
}

func TestReadGoBench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.txt")
	write(t, path, `goos: linux
BenchmarkCommands/live/liaison/grade-2   	      28	 106568949 ns/op	  202848 B/op	    2064 allocs/op
BenchmarkCommands/live/liaison/grade-2   	      30	 100000000 ns/op	  202848 B/op	    2064 allocs/op
BenchmarkDeadlines/steady-2         	       4	 406238980 ns/op
PASS
`)
	runs, order, err := readGoBench(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Commands/live/liaison/grade", "Deadlines/steady"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %q, want %q", order, want)
	}
	if got := runs["Commands/live/liaison/grade"]; len(got) != 2 || got[1] != 1e8 {
		t.Errorf("grade runs %v", got)
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{count(1_000_000), "1M"},
		{count(250_000), "250k"},
		{count(1234), "1234"},
		{firstPath("out/deadlines.json"), "out/deadlines-first.json"},
		{firstPath("deadlines"), "deadlines-first"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPairedRatio(t *testing.T) {
	tests := []struct {
		name       string
		ours, base []float64
		want       float64
	}{
		{"turns: median of the round ratios", []float64{6, 9, 12}, []float64{2, 3, 3}, 3},
		{"unpaired: ratio of the medians", []float64{6, 9}, []float64{3}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pairedRatio(tt.ours, tt.base); got != tt.want {
				t.Errorf("pairedRatio = %v, want %v", got, tt.want)
			}
		})
	}
}
