package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hotlinebot/chart"
	"hotlinebot/report"
)

func TestChartsOfTheDemo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := runCLI(t, map[string]string{}, "demo", "--demo-db", db, "--tickets", "3000", "--history", "4", "--at", "2026-11-27 09:00"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	vars := map[string]string{"HOTLINE_DB": db}
	cases := []struct {
		name  string
		args  []string
		files []string
	}{
		{"a unit's trend", []string{"trend", "--unit", "岳阳县"}, []string{"c.png"}},
		{"grade distribution", []string{"grades"}, []string{"c.png"}},
		{"75 departments ranked on two pictures", []string{"ranking", "--kind", "department"}, []string{"c.png", "c-2.png"}},
		{"overdue per unit, in English", []string{"overdue", "--lang", "en"}, []string{"c.png"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "c.png")
			args := append(append([]string{"chart"}, tc.args...), "--at", "2026-11-27 09:00", "--out", out)
			code, stdout, errOut := runCLI(t, vars, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := strings.Count(stdout, ".png"); got != len(tc.files) {
				t.Errorf("wrote %q, want %d files", stdout, len(tc.files))
			}
			for _, name := range tc.files {
				f, err := os.Open(filepath.Join(filepath.Dir(out), name))
				if err != nil {
					t.Fatal(err)
				}
				cfg, err := png.DecodeConfig(f)
				f.Close()
				if err != nil || cfg.Width != chart.Width {
					t.Errorf("%s: %v, %d wide", name, err, cfg.Width)
				}
			}
		})
	}
	refusals := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"no --out", nil, []string{"chart", "grades"}, "--out is required"},
		{"trend without a unit", nil, []string{"chart", "trend", "--out", "x.png"}, "--unit is required"},
		{"unknown unit", nil, []string{"chart", "trend", "--unit", "火星办", "--out", "x.png"}, "--unit 火星办"},
		{"unknown chart", nil, []string{"chart", "pie", "--out", "x.png"}, `unknown chart "pie"`},
		{"a configured font that is missing", map[string]string{"HOTLINE_FONT": "/nonexistent/font.ttc"}, []string{"chart", "grades", "--out", "x.png"},
			"HOTLINE_FONT: font /nonexistent/font.ttc: open /nonexistent/font.ttc: no such file or directory"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			v := map[string]string{"HOTLINE_DB": db}
			for k, val := range tc.vars {
				v[k] = val
			}
			code, _, errOut := runCLI(t, v, tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, errOut, tc.want)
			}
		})
	}
}

// The demo's scorecards run keeps the weekly points; the XLSX report
// carries them on its 趋势 sheet.
func TestReportXLSXHasTheTrendSheet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := runCLI(t, map[string]string{}, "demo", "--demo-db", db, "--tickets", "2000", "--history", "0", "--at", "2026-11-27 09:00"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	out := filepath.Join(dir, "r.xlsx")
	if code, _, errOut := runCLI(t, map[string]string{"HOTLINE_DB": db}, "report", "--period", "2026Q4", "--at", "2026-11-27 09:00", "--out", out); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(report.TrendSheetName)
	if err != nil {
		t.Fatalf("sheets %v: %v", f.GetSheetList(), err)
	}
	// Eight Mondays of 2026Q4 by 11-27, then the report's instant.
	want := []string{"单位名称", "类别", "指标", "10/5", "10/12", "10/19", "10/26", "11/2", "11/9", "11/16", "11/23", "截至 11/27 09:00"}
	if strings.Join(rows[1], " ") != strings.Join(want, " ") {
		t.Errorf("header %q, want %q", rows[1], want)
	}
	if len(rows) != 2+2*90 {
		t.Errorf("%d rows, want two for each of the 90 units", len(rows))
	}
}
