package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// bulletinReport is the 2017 Q2 bulletin's five rows, scored by the default
// scheme, with two units that had no counting ticket.
func bulletinReport(t testing.TB) domain.Report {
	t.Helper()
	loc := testkit.Shanghai()
	units := []domain.Unit{
		{ID: 1, Name: "岳阳县政府", Kind: domain.District},
		{ID: 2, Name: "临湘市政府", Kind: domain.District},
		{ID: 3, Name: "市规划局", Kind: domain.Department},
		{ID: 4, Name: "市金融办", Kind: domain.Department},
		{ID: 5, Name: "市审计局", Kind: domain.Department},
		{ID: 6, Name: "市气象局", Kind: domain.Department},
		{ID: 7, Name: "屈原管理区", Kind: domain.District},
	}
	counts := map[int64]domain.Counts{
		1: {Should: 4195, Handled: 4194, Overdue: 4, Rework: 4, Satisfied: 223, Dissatisfied: 8},
		2: {Should: 3068, Handled: 3057, Overdue: 66, Rework: 15, Satisfied: 151, Dissatisfied: 11},
		3: {Should: 154, Handled: 153, Overdue: 21, Rework: 2, Satisfied: 14, Dissatisfied: 2},
		4: {Should: 37, Handled: 36, Overdue: 11},
		5: {Should: 1},
	}
	p := domain.NewPeriod(domain.Quarter, 2017, 2, loc)
	at := time.Date(2017, 7, 10, 9, 30, 0, 0, loc)
	return domain.NewReport(p, at, units, counts, domain.DefaultScheme())
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./report/ -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestBulletinRows(t *testing.T) {
	r := bulletinReport(t)
	tests := []struct {
		unit, result, satisfaction string
	}{
		{"岳阳县政府", "99.2 A", "96.54%"},
		{"临湘市政府", "97.7 A", "93.21%"},
		{"市规划局", "92.8 B", "87.5%"},
		{"市金融办", "89.5 C", "100%"},
		{"市审计局", "40 E", "100%"},
	}
	if len(r.Units) != len(tests) {
		t.Fatalf("graded units = %d, want %d", len(r.Units), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			row := cells(r.Units[i], "zh")
			if row[0] != tt.unit {
				t.Fatalf("row %d is %s, want %s (bulletin order)", i, row[0], tt.unit)
			}
			if got := row[11] + " " + row[12]; got != tt.result {
				t.Errorf("composite and grade = %q, want %q", got, tt.result)
			}
			if row[10] != tt.satisfaction {
				t.Errorf("satisfaction = %q, want %q", row[10], tt.satisfaction)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	r := bulletinReport(t)
	tests := []struct {
		file, format, lang string
	}{
		{"bulletin.txt", "text", "zh"},
		{"bulletin.en.txt", "text", "en"},
		{"bulletin.csv", "csv", "zh"},
		{"bulletin.json", "json", "zh"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, r, tt.format, tt.lang); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, bulletinReport(t), "pdf", "zh")
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`"pdf"`)) {
		t.Fatalf("err = %v, want an error naming \"pdf\"", err)
	}
	for _, f := range Formats() {
		if !KnownFormat(f) {
			t.Errorf("KnownFormat(%q) = false", f)
		}
	}
	if KnownFormat("pdf") {
		t.Error(`KnownFormat("pdf") = true`)
	}
}

func TestFileName(t *testing.T) {
	r := bulletinReport(t)
	tests := map[string]string{"xlsx": "12345热线综合评价-2017Q2.xlsx", "text": "12345热线综合评价-2017Q2.txt"}
	for format, want := range tests {
		t.Run(format, func(t *testing.T) {
			if got := FileName(r, format); got != want {
				t.Errorf("FileName = %q, want %q", got, want)
			}
		})
	}
}
