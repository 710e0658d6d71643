package domain_test

import (
	"testing"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// bulletinReport is the bulletin's five units, two districts and a
// department with no counting ticket, and one unit whose counts are all
// zero, as of the quarter's end.
func bulletinReport(t *testing.T, extra ...domain.Unit) domain.Report {
	t.Helper()
	units := []domain.Unit{
		{ID: 6, Name: "市档案局", Kind: domain.Department},
		{ID: 7, Name: "平江县政府", Kind: domain.District},
		{ID: 8, Name: "市气象局", Kind: domain.Department},
	}
	counts := map[int64]domain.Counts{6: {}}
	for _, row := range bulletin {
		units = append(units, row.unit)
		counts[row.unit.ID] = row.counts
	}
	for _, u := range extra {
		units = append(units, u)
		counts[u.ID] = bulletin[1].counts // as 临湘市政府: a tie at 97.7
	}
	p, err := domain.ParsePeriod("2017Q2", testkit.Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return domain.NewReport(p, p.End, units, counts, domain.DefaultScheme())
}

func TestNewReport(t *testing.T) {
	r := bulletinReport(t)
	if r.Period.String() != "2017Q2" || !r.At.Equal(inShanghai(t, "2017-07-01 00:00:00")) {
		t.Errorf("report of %s at %v, want 2017Q2 at 2017-07-01 00:00 Shanghai", r.Period, r.At)
	}
	var graded []string
	for _, sc := range r.Units {
		graded = append(graded, sc.Unit.Name+" "+domain.FormatComposite(sc.Composite)+" "+string(sc.Grade))
	}
	wantGraded := []string{"岳阳县政府 99.2 A", "临湘市政府 97.7 A", "市规划局 92.8 B", "市金融办 89.5 C", "市审计局 40 E"}
	if !equalStrings(graded, wantGraded) {
		t.Errorf("graded units\n got %v\nwant %v", graded, wantGraded)
	}
	var apart []string
	for _, u := range r.NoTickets {
		apart = append(apart, u.Name)
	}
	// By name in code-point order: 市档 (U+5E02 U+6863), 市气 (U+5E02 U+6C14), 平 (U+5E73).
	wantApart := []string{"市档案局", "市气象局", "平江县政府"}
	if !equalStrings(apart, wantApart) {
		t.Errorf("units without counting tickets\n got %v\nwant %v", apart, wantApart)
	}
}

func TestReportCard(t *testing.T) {
	r := bulletinReport(t)
	cases := []struct {
		name   string
		id     int64
		ok     bool
		should int
	}{
		{"graded", 3, true, 154},
		{"no counting ticket", 6, false, 0},
		{"absent", 99, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, ok := r.Card(tc.id)
			if ok != tc.ok || sc.Should != tc.should {
				t.Errorf("Card(%d) = should %d, %v; want %d, %v", tc.id, sc.Should, ok, tc.should, tc.ok)
			}
		})
	}
}

func TestRankInKind(t *testing.T) {
	// 汨罗市政府 ties 临湘市政府 at 97.7: both second, and no third.
	r := bulletinReport(t, domain.Unit{ID: 10, Name: "汨罗市政府", Kind: domain.District})
	cases := []struct {
		name     string
		id       int64
		rank, of int
	}{
		{"岳阳县政府", 1, 1, 3},
		{"临湘市政府", 2, 2, 3},
		{"汨罗市政府", 10, 2, 3},
		{"市规划局", 3, 1, 3},
		{"市金融办", 4, 2, 3},
		{"市审计局", 5, 3, 3},
		{"市档案局 has no grade", 6, 0, 0},
		{"平江县政府 has no counts", 7, 0, 0},
		{"unknown unit", 99, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rank, of := r.RankInKind(tc.id)
			if rank != tc.rank || of != tc.of {
				t.Errorf("RankInKind(%d) = %d of %d, want %d of %d", tc.id, rank, of, tc.rank, tc.of)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
