package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"hotlinebot/bench/internal/benchdata"
)

// groupBySQL is the hand-written query over the bare table t that
// `.import` / \copy made of tickets.csv: every column TEXT, times as
// '2026-07-03 09:15:00' in the office's zone, which sort as text. It
// computes the report's counts by the rules of README.md "Scoring": a ticket dispatched
// in the period counts at T once completed by T or due by T; handled if
// completed by T, overdue if completed after its deadline.
const groupBySQL = `SELECT unit,
  count(*) AS should,
  sum(CASE WHEN completed_at <> '' AND completed_at <= '{T}' THEN 1 ELSE 0 END) AS handled,
  sum(CASE WHEN completed_at <> '' AND completed_at <= '{T}' AND completed_at > due_at THEN 1 ELSE 0 END) AS overdue,
  sum(CAST(rework_count AS INTEGER)) AS rework,
  sum(CASE WHEN callback = 'dissatisfied' THEN 1 ELSE 0 END) AS dissatisfied
FROM t
WHERE dispatched_at >= '{START}' AND dispatched_at < '{END}'
  AND ((completed_at <> '' AND completed_at <= '{T}') OR due_at <= '{T}')
GROUP BY unit
ORDER BY unit;`

func sqlCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sql", flag.ContinueOnError)
	period := fs.String("period", benchdata.Period, "the quarter")
	at := fs.String("at", benchdata.At, "the instant (Asia/Shanghai)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := benchdata.NewSetup(*period, *at)
	if err != nil {
		return err
	}
	q := strings.NewReplacer("{T}", s.TextTime(s.At), "{START}", s.TextTime(s.Period.Start),
		"{END}", s.TextTime(s.Period.End)).Replace(groupBySQL)
	_, err = fmt.Fprintln(stdout, q)
	return err
}

// unitCounts are the counts the report and the query both give.
type unitCounts struct {
	Should       int `json:"should"`
	Handled      int `json:"handled"`
	Overdue      int `json:"overdue"`
	Rework       int `json:"rework"`
	Dissatisfied int `json:"dissatisfied"`
}

func checkCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	reportPath := fs.String("report", "", "hotlinebot report --format json output")
	queryPath := fs.String("query", "", "the GROUP BY's output as CSV without a header: unit,should,handled,overdue,rework,dissatisfied")
	if err := fs.Parse(args); err != nil {
		return err
	}
	got, err := readReport(*reportPath)
	if err != nil {
		return err
	}
	want, err := readQuery(*queryPath)
	if err != nil {
		return err
	}
	if diffs := compareCounts(got, want); len(diffs) > 0 {
		return fmt.Errorf("report %s differs from the hand-written GROUP BY %s:\n  %s",
			*reportPath, *queryPath, strings.Join(diffs, "\n  "))
	}
	total := 0
	for _, c := range want {
		total += c.Should
	}
	fmt.Fprintf(stdout, "ok: %d units, %d tickets counted, equal in report and GROUP BY\n", len(want), total)
	return nil
}

func readReport(path string) (map[string]unitCounts, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Units []struct {
			Unit string `json:"unit"`
			unitCounts
		} `json:"units"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make(map[string]unitCounts, len(doc.Units))
	for _, u := range doc.Units {
		if u.unitCounts != (unitCounts{}) {
			out[u.Unit] = u.unitCounts
		}
	}
	return out, nil
}

func readQuery(path string) (map[string]unitCounts, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 6
	out := make(map[string]unitCounts)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var n [5]int
		for i := range n {
			if n[i], err = strconv.Atoi(strings.TrimSpace(rec[i+1])); err != nil {
				return nil, fmt.Errorf("%s: unit %s: %w", path, rec[0], err)
			}
		}
		out[strings.TrimSpace(rec[0])] = unitCounts{n[0], n[1], n[2], n[3], n[4]}
	}
}

// compareCounts lists every unit whose counts differ, either way round.
func compareCounts(got, want map[string]unitCounts) []string {
	names := make(map[string]bool)
	for u := range got {
		names[u] = true
	}
	for u := range want {
		names[u] = true
	}
	var diffs []string
	for u := range names {
		if g, w := got[u], want[u]; g != w {
			diffs = append(diffs, fmt.Sprintf("%s: report %+v, GROUP BY %+v", u, g, w))
		}
	}
	sort.Strings(diffs)
	return diffs
}
