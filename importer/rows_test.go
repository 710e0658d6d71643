package importer

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"hotlinebot/config"
)

// row is one data row as a test sees it.
type row struct {
	Line   int
	Fields map[string]string
}

// readAll reads every data row of a file.
func readAll(t *testing.T, path string, columns []Column) []row {
	t.Helper()
	r, err := Open(path, columns)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer r.Close()
	var rows []row
	for r.Next() {
		if r.Problem() != "" {
			t.Fatalf("line %d: %s", r.Line(), r.Problem())
		}
		rows = append(rows, row{r.Line(), clone(r.Fields())})
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func clone(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

const chineseTickets = "工单编号,责任单位,诉求类型,派单时间,诉求内容\r\n" +
	"YY-1,岳阳县政府,投诉,2017/4/3 9:15,路灯不亮\r\n" +
	"YY-2,临湘,求助,2017-04-03 10:00,\"噪音扰民，\r\n夜间施工\"\r\n" +
	"YY-3,市规划局,咨询,2017-04-03 11:00,咨询规划\r\n"

// chineseRows is what chineseTickets reads as: the multi-line cell makes
// the third row start on line 5.
func chineseRows() []row {
	return []row{
		{2, map[string]string{"ticket_no": "YY-1", "unit": "岳阳县政府", "category": "投诉", "dispatched_at": "2017/4/3 9:15", "summary": "路灯不亮"}},
		{3, map[string]string{"ticket_no": "YY-2", "unit": "临湘", "category": "求助", "dispatched_at": "2017-04-03 10:00", "summary": "噪音扰民，\n夜间施工"}},
		{5, map[string]string{"ticket_no": "YY-3", "unit": "市规划局", "category": "咨询", "dispatched_at": "2017-04-03 11:00", "summary": "咨询规划"}},
	}
}

func TestOpenEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(chineseTickets)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(chineseTickets, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		content string
	}{
		{"UTF-8", chineseTickets},
		{"UTF-8 with BOM", "\uFEFF" + chineseTickets},
		{"GB18030 (Chinese Excel)", gb},
		{"UTF-16 with tabs (Excel Unicode text)", utf16},
		{"semicolons", strings.ReplaceAll(chineseTickets, ",", ";")},
		{"LF line ends", strings.ReplaceAll(chineseTickets, "\r\n", "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, writeFile(t, "tickets.csv", []byte(tt.content)), TicketColumns())
			want := chineseRows()
			if tt.name == "LF line ends" {
				want[1].Fields["summary"] = "噪音扰民，\n夜间施工"
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rows =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// TestOpenGB18030Large streams a GB18030 file several buffers long: rows
// and line numbers stay right across the decoder's chunk boundaries.
func TestOpenGB18030Large(t *testing.T) {
	var b strings.Builder
	b.WriteString("工单编号,责任单位,诉求类型,派单时间\n")
	for i := 0; b.Len() < 3*sniffSize; i++ {
		b.WriteString("A-1,岳阳县政府,投诉,2017-04-03 09:15\n")
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, writeFile(t, "big.csv", []byte(gb)), TicketColumns())
	last := rows[len(rows)-1]
	if last.Fields["unit"] != "岳阳县政府" || last.Line != len(rows)+1 {
		t.Errorf("last row = %v of %d", last, len(rows))
	}
}

func TestHeaderMapping(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   map[string]string
	}{
		{"English any order, case and spacing", " Dispatched_At ,UNIT,ticket no,Category,note", map[string]string{"dispatched_at": "v1", "unit": "v2", "ticket_no": "v3", "category": "v4"}},
		{"mixed languages, unknown columns ignored", "序号,工单编号,责任单位,诉求类型,派单时间,备注", map[string]string{"ticket_no": "v2", "unit": "v3", "category": "v4", "dispatched_at": "v5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "t.csv", []byte(tt.header+"\nv1,v2,v3,v4,v5,v6\n"))
			got := readAll(t, path, TicketColumns())
			if len(got) != 1 || !reflect.DeepEqual(got[0].Fields, tt.want) {
				t.Errorf("rows = %v, want fields %v", got, tt.want)
			}
		})
	}
}

func TestTitleRowAndBlankRows(t *testing.T) {
	content := "2017年第二季度工单明细,,,\n,,,\n\n工单编号,责任单位,诉求类型,派单时间\n,,,\nA-1,临湘,投诉,2017-04-03 09:15\n  , ,,\nA-2,临湘,投诉,2017-04-03 09:15\n"
	got := readAll(t, writeFile(t, "t.csv", []byte(content)), TicketColumns())
	if len(got) != 2 || got[0].Line != 6 || got[1].Line != 8 {
		t.Errorf("rows = %v, want lines 6 and 8", got)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		path    string
		content string // written unless empty and create is false
		create  bool
		want    string
	}{
		{"missing", "tickets.csv", "", false, "tickets.csv: no such file"},
		{"empty", "tickets.csv", "", true, "tickets.csv: empty file"},
		{"only a BOM", "tickets.csv", "\uFEFF", true, "tickets.csv: empty file"},
		{"only blank lines", "tickets.csv", "\n\r\n,,,\n", true, "tickets.csv: empty file"},
		{"missing required column", "tickets.csv", "责任单位,诉求类型,派单时间\n", true,
			"tickets.csv: header: missing required column 工单编号 (ticket_no)"},
		{"several missing", "tickets.csv", "ticket_no,unit,topic\n", true,
			"tickets.csv: header: missing required columns 诉求类型 (category), 派单时间 (dispatched_at)"},
		{"no header at all", "tickets.csv", "A-1,临湘,投诉,2017-04-03 09:15\n", true,
			"tickets.csv: header: missing required columns 工单编号 (ticket_no), 责任单位 (unit), 诉求类型 (category), 派单时间 (dispatched_at)"},
		{"duplicate column", "tickets.csv", "工单编号,责任单位,诉求类型,派单时间,ticket_no\n", true,
			"tickets.csv: header: column 工单编号 (ticket_no) appears twice (columns 1 and 5)"},
		{"xls", "tickets.xls", "x", true, "tickets.xls: Excel 97-2003 (.xls) files are not supported; save it as .xlsx or CSV"},
		{"unknown extension", "tickets.txt", "x", true, "tickets.txt: unsupported file type .txt; expected .csv or .xlsx"},
		{"workbook named .csv", "tickets.csv", "PK\x03\x04rest", true, "tickets.csv: is an Excel workbook, not CSV; name it .xlsx"},
		{"CSV named .xlsx", "tickets.xlsx", "工单编号,责任单位\n", true, "tickets.xlsx: is not an .xlsx workbook; if it is CSV, name it .csv"},
		{"old workbook named .xlsx", "tickets.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", true,
			"tickets.xlsx: is password-protected or an Excel 97-2003 workbook; save it as .xlsx without a password, or as CSV"},
		{"broken workbook", "tickets.xlsx", "PK\x03\x04garbage", true, "tickets.xlsx: cannot read the workbook: zip: not a valid zip file"},
		{"directory", "dir.csv", "", false, "dir.csv: is a directory, not a file"},
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.path)
			if tt.create {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
				defer os.Remove(path)
			}
			_, err := Open(path, TicketColumns())
			if err == nil {
				t.Fatal("Open succeeded")
			}
			if got := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)); got != tt.want {
				t.Errorf("error = %s\nwant    %s", got, tt.want)
			}
		})
	}
}

func TestOpenMissingIsNotExist(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nope.csv"), TicketColumns())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v is not fs.ErrNotExist", err)
	}
}

func TestMalformedCSVRowGoesOn(t *testing.T) {
	content := "工单编号,责任单位,诉求类型,派单时间,诉求内容\nA-1,临湘,投诉,2017-04-03 09:15,12\" pipe\nA-2,临湘,投诉,2017-04-03 09:15,ok\n"
	r, err := Open(writeFile(t, "t.csv", []byte(content)), TicketColumns())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []string
	for r.Next() {
		got = append(got, strings.Join([]string{strconv.Itoa(r.Line()), r.Problem(), r.Fields()["ticket_no"]}, "|"))
	}
	want := []string{
		`2|malformed CSV: a " inside an unquoted cell; quote the whole cell and double the " ("")|`,
		"3||A-2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

// FuzzCSVRows checks the reader never panics and keeps line numbers
// increasing, whatever the bytes.
func FuzzCSVRows(f *testing.F) {
	f.Add([]byte(chineseTickets))
	f.Add([]byte("\uFEFFticket_no,unit,category,dispatched_at\n\"a\n\"\"b\",c\n"))
	f.Add([]byte("工单编号\n\"unterminated\n"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	path := filepath.Join(f.TempDir(), "f.csv") // fuzz inputs run one at a time per process
	f.Fuzz(func(t *testing.T, content []byte) {
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, TicketColumns())
		if err != nil {
			if !strings.HasPrefix(err.Error(), path+": ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error not one line about the file: %q", err)
			}
			return
		}
		defer r.Close()
		last := 0
		for n := 0; r.Next(); n++ {
			if r.Line() <= last {
				t.Fatalf("line %d after line %d", r.Line(), last)
			}
			last = r.Line()
		}
	})
}

// TestBytesAfterFirstChunkNotUTF8 covers a file that starts as UTF-8 and
// turns out not to be: the bad rows are refused, not stored garbled.
func TestBytesAfterFirstChunkNotUTF8(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("ticket_no,unit,category,dispatched_at,summary\n")
	for b.Len() < 2*sniffSize {
		b.WriteString("A-1,临湘,投诉,2017-04-03 09:15,ok\n")
	}
	b.WriteString("A-2,临湘,投诉,2017-04-03 09:15,\xc2\xb7\xd3\xc6\n")
	rows := readAll(t, writeFile(t, "t.csv", b.Bytes()), TicketColumns())
	_, errs := ParseTicket(rows[len(rows)-1].Fields, NewUnitIndex(testUnits()), config.Defaults().Policy, nil)
	if len(errs) != 1 || errs[0].Field != KeySummary {
		t.Errorf("errors = %v, want one about the summary's bytes", errs)
	}
}
