package report

import (
	"bytes"
	"strings"
	"testing"

	"hotlinebot/domain"
)

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"A", 1},
		{"99.88%", 6},
		{"岳阳县政府", 10},
		{"（2家）", 7},
		{"市规划局 B", 10},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			if got := DisplayWidth(tt.s); got != tt.want {
				t.Errorf("DisplayWidth(%q) = %d, want %d", tt.s, got, tt.want)
			}
		})
	}
}

// TestTextAligned checks that every row of the table ends its figures in the
// same terminal cell, whatever mix of Chinese and ASCII it holds.
func TestTextAligned(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Text(&buf, bulletinReport(t), lang); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(buf.String(), "\n")
			head := headers(lang)
			want := -1
			for _, line := range lines {
				if !strings.HasPrefix(line, head[0]) && !strings.Contains(line, "政府") && !strings.Contains(line, "市") {
					continue
				}
				i := strings.LastIndex(line, textGap)
				if i < 0 {
					continue // the list of units without tickets
				}
				w := DisplayWidth(line[:i])
				if want < 0 {
					want = w
				}
				if w != want {
					t.Errorf("row %q ends its figures at cell %d, want %d", line, w, want)
				}
			}
			if want < 0 {
				t.Fatal("no table rows found")
			}
		})
	}
}

func TestTextWrapsNoTickets(t *testing.T) {
	var units []domain.Unit
	for range 30 {
		units = append(units, domain.Unit{Name: "市住房公积金管理中心", Kind: domain.Department})
	}
	r := bulletinReport(t)
	r.NoTickets = units
	var buf bytes.Buffer
	if err := Text(&buf, r, "zh"); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "市住房") && DisplayWidth(line) > textLineWidth {
			t.Errorf("line of %d cells: %q", DisplayWidth(line), line)
		}
	}
	if got := strings.Count(buf.String(), "市住房公积金管理中心"); got != 30 {
		t.Errorf("listed %d units, want 30", got)
	}
}
