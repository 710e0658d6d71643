package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIErrorsAndHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	base := map[string]string{"HOTLINE_DB": db}
	tests := []struct {
		name    string
		vars    map[string]string
		args    []string
		code    int
		stdout  string // substring expected on stdout
		stderr  string // substring expected on stderr
		oneLine bool   // stderr must be exactly one line
	}{
		{"help lists every command", base, []string{"--help"}, 0, "tickets import FILE", "", false},
		{"command help lists its flags", base, []string{"report", "--help"}, 0, "-period", "", false},
		{"unknown command", base, []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, true},
		{"bad timezone names the variable", map[string]string{"HOTLINE_DB": db, "HOTLINE_TIMEZONE": "Mars/Base"}, []string{"units", "list"}, 2, "", "HOTLINE_TIMEZONE", true},
		{"unsupported database names the variable", map[string]string{"HOTLINE_DB": "ftp://x"}, []string{"units", "list"}, 2, "", "HOTLINE_DB", true},
		{"period that does not parse is named", base, []string{"report", "--period", "2017Q5"}, 1, "", `"2017Q5"`, true},
		{"period is required", base, []string{"report"}, 2, "", "--period is required", false},
		{"unknown format", base, []string{"report", "--period", "2017Q2", "--format", "pdf"}, 2, "", `"pdf"`, false},
		{"missing import file", base, []string{"tickets", "import", "/nonexistent/t.csv"}, 1, "", "/nonexistent/t.csv", true},
		{"serve refuses without a token", base, []string{"serve"}, 1, "", "TELEGRAM_BOT_TOKEN", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.vars, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout %q lacks %q", out, tc.stdout)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q lacks %q", errOut, tc.stderr)
			}
			if tc.oneLine && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
		})
	}
}

func TestTicketsImportReportsBadRowsAndLoadsGoodOnes(t *testing.T) {
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db")}
	units := writeFile(t, "units.csv", "name,kind,aliases\n岳阳县政府,县市区,岳阳县\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatalf("units import: %s", errOut)
	}
	tickets := writeFile(t, "t.csv", "ticket_no,unit,category,dispatched_at,completed_at\n"+
		"T1,岳阳县,求助,2026-11-02 09:00,\n"+
		"T2,不存在的单位,求助,2026-11-02 09:00,\n"+
		"T3,岳阳县政府,投诉,2026-11-02 09:00,2026-11-01 09:00\n")
	code, out, errOut := runCLI(t, vars, "tickets", "import", "--strict", tickets)
	if code != 1 || !strings.Contains(out, "0 loaded") {
		t.Errorf("--strict: exit %d, stdout %q", code, out)
	}
	code, out, errOut = runCLI(t, vars, "tickets", "import", tickets)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"t.csv:3: unit:", "t.csv:4: completed_at:"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "1 loaded") || !strings.Contains(out, "2 refused") {
		t.Errorf("summary %q", out)
	}
}

// TestReportReadsPeriodsAsPeopleWriteThem: --period takes the bot's period
// forms, the relative ones resolved against --at.
func TestReportReadsPeriodsAsPeopleWriteThem(t *testing.T) {
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db")}
	cases := []struct{ period, at, want string }{
		{"2017年第二季度", "2017-12-31 00:00", `"period":"2017Q2"`},
		{"2017年二季度", "2017-12-31 00:00", `"period":"2017Q2"`},
		{"2017年5月", "2017-12-31 00:00", `"period":"2017-05"`},
		{"上季度", "2017-07-01 09:00", `"period":"2017Q2"`},
		{"本月", "2017-07-01 09:00", `"period":"2017-07"`},
		{"上月", "2017-01-15 09:00", `"period":"2016-12"`},
	}
	for _, tc := range cases {
		t.Run(tc.period, func(t *testing.T) {
			code, out, errOut := runCLI(t, vars, "report", "--period", tc.period, "--at", tc.at, "--format", "json")
			if code != 0 || !strings.Contains(strings.ReplaceAll(out, " ", ""), tc.want) {
				t.Errorf("exit %d, stdout %q lacks %s (stderr %q)", code, out, tc.want, errOut)
			}
		})
	}
}
