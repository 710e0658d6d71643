package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"hotlinebot/domain"
)

func TestImportRefusesTimesOutsideTheRange(t *testing.T) {
	const rangeText = "is outside the accepted range 2000-01-01 to 2099-12-31"
	csvPath := writeFile(t, "tickets.csv", []byte("ticket_no,unit,category,dispatched_at,due_at,completed_at\n"+
		"OK-1,岳阳县,投诉,2017-04-03 09:15,,\n"+
		"Y0,岳阳县,投诉,0000-01-01T00:00:00+14:00,,\n"+
		"Y9999,岳阳县,投诉,2017-04-03 09:15,9999-12-31 23:59,\n"+
		"PAST,岳阳县,投诉,2017-04-03 09:15,,9999-12-31T20:00:00-10:00\n"))
	xlsxPath := writeWorkbook(t, [][]any{
		{"ticket_no", "unit", "category", "dispatched_at", "due_at"},
		{"OK-1", "岳阳县", "投诉", "2017-04-03 09:15"},
		{"SERIAL1", "岳阳县", "投诉", 1.0},                              // 1899-12-31 as Excel stores it
		{"SERIAL9999", "岳阳县", "投诉", "2017-04-03 09:15", 2958465.5}, // 9999-12-31 12:00
	}, false)
	cases := []struct {
		name, path string
		refused    []string
	}{
		{"csv", csvPath, []string{":3: dispatched_at: ", ":4: due_at: ", ":5: completed_at: "}},
		{"xlsx", xlsxPath, []string{":3: dispatched_at: ", ":4: due_at: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newFakeStore()
			sum, err := ImportTickets(context.Background(), c.path, importOpts(t), st)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Loaded != 1 || sum.Refused != len(c.refused) || len(st.Tickets) != 1 {
				t.Fatalf("summary %+v; want 1 loaded, %d refused", sum, len(c.refused))
			}
			for i, want := range c.refused {
				if got := sum.Errors[i].Error(); !strings.Contains(got, want) || !strings.Contains(got, rangeText) {
					t.Errorf("error %d = %q, want %q … %q", i, got, want, rangeText)
				}
			}
		})
	}
}

// rewritePart copies the workbook at src with edit applied to one of its
// parts (xl/worksheets/sheet1.xml, xl/sharedStrings.xml) and returns the
// new file's path.
func rewritePart(t *testing.T, src, part string, edit func(string) string) string {
	t.Helper()
	r, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	found := false
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			b, found = []byte(edit(string(b))), true
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no part %s", part)
	}
	return writeFile(t, "edited.xlsx", buf.Bytes())
}

// rowXML is the <row> element numbered n in a worksheet's XML.
func rowXML(t *testing.T, sheet string, n int) string {
	t.Helper()
	start := strings.Index(sheet, fmt.Sprintf(`<row r="%d"`, n))
	if start < 0 {
		t.Fatalf("no row %d", n)
	}
	end := strings.Index(sheet[start:], "</row>")
	return sheet[start : start+end+len("</row>")]
}

// ticketRows is a header and n good ticket rows for a workbook.
func ticketRows(n int) [][]any {
	rows := [][]any{{"ticket_no", "unit", "category", "dispatched_at"}}
	for i := range n {
		rows = append(rows, []any{fmt.Sprintf("W-%03d", i+1), "岳阳县", "投诉", "2017-04-03 09:15"})
	}
	return rows
}

// TestEveryRowLoadedRefusedOrTheFileRefused feeds files that used to lose
// rows without a word. Each either loads all its rows, refuses some with
// FILE:LINE, or is refused as a whole with a reason; the counts add up
// to the file's data rows, and --strict loads nothing from a file with a
// problem.
func TestEveryRowLoadedRefusedOrTheFileRefused(t *testing.T) {
	var mac, unclosed, bare strings.Builder
	mac.WriteString("ticket_no,unit,category,summary,dispatched_at\r")
	for i := range 5 {
		fmt.Fprintf(&mac, "M-%d,岳阳县,投诉,\"两行\r内容\",2017-04-03 09:15\r", i)
	}
	unclosed.WriteString("ticket_no,unit,category,summary,dispatched_at\n")
	for i := range 49 {
		summary := "噪音"
		if i == 1 {
			summary = `"未闭合的引号`
		}
		fmt.Fprintf(&unclosed, "U-%02d,岳阳县,投诉,%s,2017-04-03 09:15\n", i, summary)
	}
	bare.WriteString("ticket_no,unit,category,summary,dispatched_at\n")
	for i := range 30000 { // over maxRecordBytes in all: a bare quote must not open a record
		summary := strings.Repeat("噪", 50)
		if i == 1 {
			summary = `他说"太吵"`
		}
		fmt.Fprintf(&bare, "B-%05d,岳阳县,投诉,%s,2017-04-03 09:15\n", i, summary)
	}
	good := writeWorkbook(t, ticketRows(200), false)
	sheet := "xl/worksheets/sheet1.xml"
	cases := []struct {
		name          string
		path          string
		loaded        int
		refused       int
		fileProblem   string // the whole file refused with this
		firstRowError string
	}{
		{"CR-only line breaks (CSV Macintosh)", writeFile(t, "mac.csv", []byte(mac.String())), 5, 0, "", ""},
		{"a quote never closed in row 3 of 49", writeFile(t, "unclosed.csv", []byte(unclosed.String())), 0, 0, "line 3: a quoted cell is never closed", ""},
		{"a bare quote in a large file refuses its row only", writeFile(t, "bare.csv", []byte(bare.String())), 29999, 1, "", ":3: malformed CSV"},
		{"XLSX XML breaking after row 101", rewritePart(t, good, sheet, func(s string) string {
			i := strings.Index(s, `<row r="102"`)
			return s[:i+20]
		}), 0, 0, "after row 102: the XML ends abruptly", ""},
		{"XLSX rows out of order", rewritePart(t, good, sheet, func(s string) string {
			five, six := rowXML(t, s, 5), rowXML(t, s, 6)
			return strings.Replace(s, five+six, six+five, 1)
		}), 0, 0, "row 5 comes after row 6", ""},
		{"XLSX row number repeated", rewritePart(t, good, sheet, func(s string) string {
			return strings.Replace(s, `<row r="8"`, `<row r="7"`, 1)
		}), 0, 0, "row 7 comes after row 7", ""},
		{"XLSX intact", good, 200, 0, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, strict := range []bool{false, true} {
				st := newFakeStore()
				opts := importOpts(t)
				opts.Strict = strict
				sum, err := ImportTickets(context.Background(), c.path, opts, st)
				if c.fileProblem != "" {
					if err == nil || !strings.Contains(err.Error(), c.fileProblem) || len(st.Tickets) != 0 {
						t.Fatalf("strict=%v: err %v, %d stored; want the file refused with %q", strict, err, len(st.Tickets), c.fileProblem)
					}
					continue
				}
				if err != nil {
					t.Fatalf("strict=%v: %v", strict, err)
				}
				if sum.Loaded+sum.Updated+sum.Unchanged+sum.Refused+sum.Superseded+sum.Held != sum.Rows {
					t.Errorf("strict=%v: counts do not add up: %+v", strict, sum)
				}
				wantLoaded := c.loaded
				if strict && c.refused > 0 {
					wantLoaded = 0
				}
				if sum.Refused != c.refused || len(st.Tickets) != wantLoaded {
					t.Errorf("strict=%v: %d refused, %d stored; want %d, %d (%s)", strict, sum.Refused, len(st.Tickets), c.refused, wantLoaded, sum)
				}
				if c.firstRowError != "" && (len(sum.Errors) == 0 || !strings.Contains(sum.Errors[0].Error(), c.firstRowError)) {
					t.Errorf("errors %v, want %q first", sum.Errors, c.firstRowError)
				}
			}
		})
	}
}

// TestHugeCellsStayBounded imports files holding one enormous cell: a cell
// over the 32,767-character limit refuses its row; one so large that
// reading it would take the memory of the machine refuses the file while
// streaming, with memory that does not grow with the cell.
func TestHugeCellsStayBounded(t *testing.T) {
	const huge = 64 << 20
	long := strings.Repeat("长", domain.MaxCellChars+1)
	hugeCSV := writeFile(t, "huge.csv", []byte("ticket_no,unit,category,dispatched_at,summary\nH-1,岳阳县,投诉,2017-04-03 09:15,"+strings.Repeat("x", huge)+"\n"))
	hugeXLSX := rewritePart(t, writeWorkbook(t, [][]any{{"ticket_no", "unit", "category", "dispatched_at", "summary"},
		{"H-1", "岳阳县", "投诉", "2017-04-03 09:15", "PLACEHOLDER"}}, false), "xl/sharedStrings.xml", func(s string) string {
		return strings.Replace(s, "PLACEHOLDER", strings.Repeat("x", huge), 1)
	})
	cases := []struct {
		name, path  string
		rowProblem  string
		fileProblem string
	}{
		{"csv cell over the limit", writeFile(t, "long.csv", []byte("ticket_no,unit,category,dispatched_at,summary\nL-1,岳阳县,投诉,2017-04-03 09:15,"+long+"\nL-2,岳阳县,投诉,2017-04-03 09:15,短\n")), ":2: summary: 32768 characters, more than the 32767", ""},
		{"xlsx cell over the limit", rewritePart(t, writeWorkbook(t, [][]any{{"ticket_no", "unit", "category", "dispatched_at", "summary"},
			{"L-1", "岳阳县", "投诉", "2017-04-03 09:15", "PLACEHOLDER"}, {"L-2", "岳阳县", "投诉", "2017-04-03 09:15", "短"}}, false),
			"xl/sharedStrings.xml", func(s string) string { return strings.Replace(s, "PLACEHOLDER", long, 1) }), ":2: summary: 32768 characters", ""},
		{"csv cell of 64 MiB", hugeCSV, "", "line 2: a row longer than 4 MiB"},
		{"xlsx shared string of 64 MiB", hugeXLSX, "", "sharedStrings.xml: a text longer than 1 MiB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newFakeStore()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			sum, err := ImportTickets(context.Background(), c.path, importOpts(t), st)
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 48<<20 {
				t.Errorf("allocated %d MiB reading the file", grew>>20)
			}
			if c.fileProblem != "" {
				if err == nil || !strings.Contains(err.Error(), c.fileProblem) {
					t.Fatalf("err %v, want %q", err, c.fileProblem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Refused != 1 || len(st.Tickets) != 1 || !strings.Contains(sum.Errors[0].Error(), c.rowProblem) {
				t.Errorf("%s; errors %v; want the long row refused with %q", sum, sum.Errors, c.rowProblem)
			}
		})
	}
}

func TestReworkCountMinusZeroIsZero(t *testing.T) {
	for _, v := range []string{"-0", "-0.0", "-00"} {
		tk, errs := ParseTicket(with(map[string]string{KeyReworkCount: v}), NewUnitIndex(testUnits()), importOpts(t).Policy, nil)
		if len(errs) > 0 || tk.ReworkCount != 0 {
			t.Errorf("rework_count %q: %d, %v", v, tk.ReworkCount, errs)
		}
	}
}
