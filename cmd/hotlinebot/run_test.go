package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/store/storetest"
)

// runCLI runs the program in-process with the given environment.
func runCLI(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return vars[k] }
	code = run(context.Background(), append([]string{"hotlinebot"}, args...), getenv, &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// bulletinRow is one unit of the 2017 Q2 bulletin in README.md "Scoring".
type bulletinRow struct {
	unit, kind                                                string
	should, handled, overdue, rework, dissatisfied, satisfied int
	satisfaction, composite, grade                            string
}

var bulletin = []bulletinRow{
	{"岳阳县政府", "县市区", 4195, 4194, 4, 4, 8, 223, "96.54%", "99.2", "A"},
	{"临湘市政府", "县市区", 3068, 3057, 66, 15, 11, 151, "93.21%", "97.7", "A"},
	{"市规划局", "市直单位", 154, 153, 21, 2, 2, 14, "87.5%", "92.8", "B"},
	{"市金融办", "市直单位", 37, 36, 11, 0, 0, 0, "100%", "89.5", "C"},
	{"市审计局", "市直单位", 1, 0, 0, 0, 0, 0, "100%", "40", "E"},
}

// bulletinTickets writes ticket-level rows that add up to the bulletin: per
// unit, handled tickets of which `overdue` completed late, the rest open past
// their deadline, rework and callbacks spread over the completed ones.
func bulletinTickets(rows []bulletinRow) string {
	var b strings.Builder
	b.WriteString("工单编号,责任单位,诉求类型,诉求分类,派单时间,办理时限,办结时间,返工次数,回访结果\n")
	for u, r := range rows {
		for i := range r.should {
			dispatched := time.Date(2017, 4, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i%2000) * time.Hour)
			due := dispatched.Add(72 * time.Hour)
			completed := ""
			if i < r.handled {
				done := due.Add(-time.Hour)
				if i < r.overdue {
					done = due.Add(5 * time.Hour)
				}
				completed = done.Format("2006-01-02 15:04")
			}
			rework := 0
			if i < r.rework {
				rework = 1
			}
			callback := ""
			switch {
			case i < r.dissatisfied:
				callback = "不满意"
			case i < r.dissatisfied+r.satisfied:
				callback = "满意"
			}
			fmt.Fprintf(&b, "B%d-%05d,%s,求助,城市管理类,%s,%s,%s,%d,%s\n", u, i, r.unit,
				dispatched.Format("2006-01-02 15:04"), due.Format("2006-01-02 15:04"), completed, rework, callback)
		}
	}
	return b.String()
}

func TestBulletinReproducedFromTicketFiles(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		vars := map[string]string{"HOTLINE_DB": dsn, "HOTLINE_TIMEZONE": "UTC"}
		var units strings.Builder
		units.WriteString("单位名称,类别\n")
		for _, r := range bulletin {
			fmt.Fprintf(&units, "%s,%s\n", r.unit, r.kind)
		}
		if code, _, errOut := runCLI(t, vars, "units", "import", writeFile(t, "units.csv", units.String())); code != 0 {
			t.Fatalf("units import: exit %d: %s", code, errOut)
		}
		tickets := writeFile(t, "tickets.csv", bulletinTickets(bulletin))
		code, out, errOut := runCLI(t, vars, "tickets", "import", tickets)
		if code != 0 || !strings.Contains(out, "7455 loaded") {
			t.Fatalf("tickets import: exit %d: %s %s", code, out, errOut)
		}
		code, out, errOut = runCLI(t, vars, "report", "--period", "2017Q2", "--at", "2017-12-31 00:00", "--format", "json")
		if code != 0 {
			t.Fatalf("report: exit %d: %s", code, errOut)
		}
		var doc struct {
			Units []struct {
				Unit             string `json:"unit"`
				Should, Handled  int
				Overdue, Rework  int
				Dissatisfied     int
				SatisfactionRate float64 `json:"satisfaction_rate"`
				Composite        float64 `json:"composite"`
				Grade            string  `json:"grade"`
			} `json:"units"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("report JSON: %v\n%s", err, out)
		}
		if len(doc.Units) != len(bulletin) {
			t.Fatalf("report has %d units, want %d", len(doc.Units), len(bulletin))
		}
		for i, want := range bulletin {
			got := doc.Units[i]
			line := fmt.Sprintf("%s %d %d %d %d %d %v %s", got.Unit, got.Should, got.Handled, got.Overdue, got.Rework, got.Dissatisfied, got.Composite, got.Grade)
			wantLine := fmt.Sprintf("%s %d %d %d %d %d %s %s", want.unit, want.should, want.handled, want.overdue, want.rework, want.dissatisfied, want.composite, want.grade)
			if line != wantLine {
				t.Errorf("row %d:\n got %s\nwant %s", i, line, wantLine)
			}
		}
		code, out, _ = runCLI(t, vars, "report", "--period", "2017Q2", "--at", "2017-12-31 00:00", "--format", "csv")
		for _, want := range bulletin {
			if code != 0 || !strings.Contains(out, want.satisfaction) || !strings.Contains(out, want.unit) {
				t.Errorf("CSV report lacks %s %s:\n%s", want.unit, want.satisfaction, out)
			}
		}
		// Re-importing the same file changes nothing.
		code, out, _ = runCLI(t, vars, "tickets", "import", tickets)
		if code != 0 || !strings.Contains(out, "0 loaded, 0 updated, 7455 unchanged") {
			t.Errorf("re-import: exit %d: %s", code, out)
		}
	})
}

func TestReportOutFileTakesItsFormatFromTheExtension(t *testing.T) {
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db"), "HOTLINE_TIMEZONE": "UTC"}
	units := writeFile(t, "units.csv", "单位名称,类别\n市金融办,市直单位\n市审计局,市直单位\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, vars, "tickets", "import", writeFile(t, "t.csv", bulletinTickets(bulletin[3:4]))); code != 0 {
		t.Fatal(errOut)
	}
	dir := t.TempDir()
	at := []string{"report", "--period", "2017Q2", "--at", "2017-12-31 00:00"}
	code, _, errOut := runCLI(t, vars, append(at, "--out", filepath.Join(dir, "r.json"))...)
	b, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	if code != 0 || !strings.Contains(string(b), `"no_tickets": [`) || !strings.Contains(string(b), `"grade": "C"`) {
		t.Errorf("--out r.json: exit %d %s: %s", code, errOut, b)
	}
	code, _, errOut = runCLI(t, vars, append(at, "--out", filepath.Join(dir, "r.xlsx"))...)
	f, err := excelize.OpenFile(filepath.Join(dir, "r.xlsx"))
	if code != 0 || err != nil {
		t.Fatalf("--out r.xlsx: exit %d %s: %v", code, errOut, err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	var cells []string
	for _, r := range rows {
		cells = append(cells, strings.Join(r, "|"))
	}
	all := strings.Join(cells, "\n")
	for _, want := range []string{"综合评价C类及以下单位", "市金融办", "无工单办理单位", "市审计局"} {
		if !strings.Contains(all, want) {
			t.Errorf("XLSX lacks %q:\n%s", want, all)
		}
	}
}
