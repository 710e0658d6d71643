package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit/teststore"
)

// importEnv is a fresh SQLite database with one unit, 岳阳县政府 (岳阳县).
func importEnv(t *testing.T) map[string]string {
	t.Helper()
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db")}
	units := writeFile(t, "units.csv", "name,kind,aliases\n岳阳县政府,县市区,岳阳县\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatalf("units import: %s", errOut)
	}
	return vars
}

func TestCLIRefusesTimesOutsideTheRange(t *testing.T) {
	vars := importEnv(t)
	tickets := writeFile(t, "t.csv", "ticket_no,unit,category,dispatched_at,due_at\n"+
		"T1,岳阳县,求助,2026-11-02 09:00,\n"+
		"T2,岳阳县,求助,0000-01-01T00:00:00+14:00,\n"+
		"T3,岳阳县,求助,2026-11-02 09:00,9999-12-31 23:59\n")
	code, out, errOut := runCLI(t, vars, "tickets", "import", tickets)
	if code != 1 || !strings.Contains(out, "1 loaded") || !strings.Contains(out, "2 refused") {
		t.Errorf("exit %d, summary %q; want 1, 1 loaded, 2 refused", code, out)
	}
	for _, want := range []string{
		`t.csv:3: dispatched_at: "0000-01-01T00:00:00+14:00" is outside the accepted range 2000-01-01 to 2099-12-31`,
		`t.csv:4: due_at: "9999-12-31 23:59" is outside the accepted range 2000-01-01 to 2099-12-31`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	code, _, errOut = runCLI(t, vars, "report", "--period", "2026Q4", "--at", "9999-12-31T23:59:59Z")
	if code == 0 || !strings.Contains(errOut, "2000-01-01 to 2099-12-31") {
		t.Errorf("report --at 9999: exit %d, stderr %q", code, errOut)
	}
}

func TestReportCSVNeutralisesFormulas(t *testing.T) {
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db")}
	units := writeFile(t, "units.csv", "name,kind\n\"=HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\",县市区\n@SUM(1+1),市直单位\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatalf("units import: %s", errOut)
	}
	tickets := writeFile(t, "t.csv", "ticket_no,unit,category,dispatched_at,completed_at\n"+
		"T1,@SUM(1+1),求助,2026-10-02 09:00,2026-10-03 09:00\n")
	if code, _, errOut := runCLI(t, vars, "tickets", "import", tickets); code != 0 {
		t.Fatalf("tickets import: %s", errOut)
	}
	code, out, errOut := runCLI(t, vars, "report", "--period", "2026Q4", "--at", "2026-11-01 09:00", "--format", "csv")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"\n'@SUM(1+1),", "\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\","} {
		if !strings.Contains(out, want) {
			t.Errorf("csv lacks %q:\n%s", want, out)
		}
	}
}

func TestTicketsImportNeverLosesRowsSilently(t *testing.T) {
	vars := importEnv(t)
	mac := writeFile(t, "mac.csv", "ticket_no,unit,category,dispatched_at\rM1,岳阳县,求助,2026-11-02 09:00\rM2,岳阳县,求助,2026-11-02 09:00\r")
	code, out, errOut := runCLI(t, vars, "tickets", "import", "--strict", mac)
	if code != 0 || !strings.Contains(out, "2 rows: 2 loaded") {
		t.Errorf("CR-only CSV: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	var b strings.Builder
	b.WriteString("ticket_no,unit,category,summary,dispatched_at\n")
	for i := range 49 {
		summary := "噪音"
		if i == 1 {
			summary = `"未闭合`
		}
		b.WriteString("U" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + ",岳阳县,求助," + summary + ",2026-11-02 09:00\n")
	}
	unclosed := writeFile(t, "unclosed.csv", b.String())
	code, out, errOut = runCLI(t, vars, "tickets", "import", unclosed)
	if code != 1 || !strings.Contains(errOut, "unclosed.csv: line 3: a quoted cell is never closed") {
		t.Errorf("unclosed quote: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	bad := writeFile(t, "bad.csv", "ticket_no,unit,category,dispatched_at\nG1,岳阳县,求助,2026-11-02 09:00\nG2,无此单位,求助,2026-11-02 09:00\n")
	code, out, _ = runCLI(t, vars, "tickets", "import", "--strict", bad)
	if code != 1 || !strings.Contains(out, "2 rows: 0 loaded, 0 updated, 0 unchanged, 1 refused, 1 good ones not loaded (--strict)") {
		t.Errorf("--strict: exit %d, stdout %q", code, out)
	}
}

func TestNamesAreValidatedAndPrintedSafely(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	vars := map[string]string{"HOTLINE_DB": db}
	units := writeFile(t, "units.csv", "name,kind,aliases\n"+
		"市城管局,市直单位,城管\n"+
		"\"坏\x1b[2J单位\",市直单位,\n"+
		"\"两行\n单位\",市直单位,\n"+
		strings.Repeat("长", 61)+",市直单位,\n"+
		"市规划局,市直单位,\"规划\t局\"\n")
	code, out, errOut := runCLI(t, vars, "units", "import", units)
	if code != 1 || !strings.Contains(out, "1 loaded") {
		t.Errorf("units import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, want := range []string{"units.csv:3: name: ", "units.csv:4: name: ", "units.csv:6: name: too long (61 characters)", "units.csv:7: aliases: "} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.ContainsAny(errOut, "\x1b\t") {
		t.Errorf("stderr carries raw control characters: %q", errOut)
	}

	// Names stored before the rule, and a Telegram first name, print escaped.
	st := teststore.Open(t, db)
	ctx := context.Background()
	if _, _, err := st.UpsertUnits(ctx, []domain.Unit{{Name: "旧\x1b[2J单位", Kind: domain.Department}}); err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCLI(t, vars, "invite", "--role", "liaison", "--unit", "市城管局", "--bot-name", "b")
	code_ := regexp.MustCompile(`start=([A-Z2-7]{16})`).FindStringSubmatch(out)[1]
	if _, err := st.RedeemInvite(ctx, code_, domain.Chat{ChatID: 4242, UserID: 4242, Name: "\x1b[2J张三\r"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"units", "list"}, {"contacts", "list"}, {"report", "--period", "2026Q4", "--at", "2026-11-01 09:00"}} {
		code, out, errOut := runCLI(t, vars, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if strings.ContainsAny(out, "\x1b\r") || !strings.Contains(out, `\x1b[2J`) {
			t.Errorf("%v prints raw control characters or drops the name:\n%q", args, out)
		}
	}
}

func TestDatabaseErrorsAreOneLine(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"HOTLINE_DB": "postgres://postgres@127.0.0.1:1/nowhere?connect_timeout=2"}, "units", "list")
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "connection refused") {
		t.Errorf("exit %d, stderr %q; want one line saying why", code, errOut)
	}
}
