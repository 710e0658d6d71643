package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

// hostileNames are unit names a spreadsheet would run as formulas.
var hostileNames = []string{`=HYPERLINK("http://evil.example","点我")`, `+cmd|' /C calc'!A0`, `@SUM(1+1)`, `-2+3`, "\t=1+1", "\r=1+1"}

func TestExportsNeutraliseFormulas(t *testing.T) {
	r := bulletinReport(t)
	for i, name := range hostileNames[:len(r.Units)] {
		r.Units[i].Unit.Name = name
	}
	r.NoTickets[0].Name = hostileNames[len(r.Units)]
	want := map[string]bool{}
	for _, n := range hostileNames[:len(r.Units)+1] {
		want["'"+n] = true
	}
	t.Run("csv", func(t *testing.T) {
		var buf bytes.Buffer
		if err := CSV(&buf, r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		checkNames(t, rows[1:], want)
	})
	t.Run("xlsx", func(t *testing.T) {
		var buf bytes.Buffer
		if err := XLSX(&buf, r); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(SheetName)
		if err != nil {
			t.Fatal(err)
		}
		var units [][]string
		for _, row := range rows[2:] {
			if len(row) > 1 { // section rows have one cell
				units = append(units, row)
			}
		}
		checkNames(t, units, want)
	})
	t.Run("ordinary names and numbers untouched", func(t *testing.T) {
		for _, s := range []string{"岳阳县政府", "99.88%", "", "A", "市-局"} {
			if got := spreadsheetText(s); got != s {
				t.Errorf("spreadsheetText(%q) = %q", s, got)
			}
		}
	})
}

func checkNames(t *testing.T, rows [][]string, want map[string]bool) {
	t.Helper()
	got := map[string]bool{}
	for _, row := range rows {
		got[row[0]] = true
		if c := row[0][0]; strings.IndexByte("=+-@\t\r", c) >= 0 {
			t.Errorf("unit cell %q starts with %q", row[0], c)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("no unit cell %q among %q", name, rows)
		}
	}
}

func TestXLSXTakesAVeryLongName(t *testing.T) {
	r := bulletinReport(t)
	r.Units[0].Unit.Name = strings.Repeat("岳", 200)
	var buf bytes.Buffer
	if err := XLSX(&buf, r); err != nil {
		t.Fatalf("a 200-character name: %v", err)
	}
}

func TestTicketExportNeutralisesFormulas(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	tk := domain.Ticket{No: "=1+1", UnitName: "@SUM(1+1)", Category: domain.Complaint, Topic: "+cmd|' /C calc'!A0",
		DispatchedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, loc), DueAt: time.Date(2026, 11, 9, 0, 0, 0, 0, loc),
		Summary: "-2+3 " + `=HYPERLINK("http://evil.example")`}
	var buf bytes.Buffer
	_, err := ExportXLSX(&buf, Export{Title: "=标题", At: tk.DueAt, Location: loc, Each: func(fn func(domain.Ticket) error) error { return fn(tk) }})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(TicketSheetName)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.IndexByte("=+-@", cell[0]) >= 0 {
				t.Errorf("cell %q is live", cell)
			}
		}
	}
	if !slices.Contains(rows[2], "'=1+1") || !slices.Contains(rows[2], "'@SUM(1+1)") {
		t.Errorf("ticket row %q", rows[2])
	}
}
