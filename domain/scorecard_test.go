package domain_test

import (
	"math"
	"reflect"
	"testing"

	"hotlinebot/domain"
)

// bulletinRow is a row of the 2017 Q2 bulletin (README.md "Scoring"), with
// the satisfied callbacks derived from the printed satisfaction rate
// (223/231 = 96.54%, 151/162 = 93.21%, 14/16 = 87.5%) and the rates and
// composite worked out by hand.
type bulletinRow struct {
	unit                                  domain.Unit
	counts                                domain.Counts
	completion, ontime, rework, satisfied string
	composite                             float64
	grade                                 domain.Grade
}

var bulletin = []bulletinRow{
	{ // 30·4194/4195 + 30·4190/4195 + 20·(1 − 4/4195) + 20·223/231 = 99.2454
		domain.Unit{ID: 1, Name: "岳阳县政府", Kind: domain.District},
		domain.Counts{Should: 4195, Handled: 4194, Overdue: 4, Rework: 4, Satisfied: 223, Dissatisfied: 8},
		"99.98%", "99.88%", "0.1%", "96.54%", 99.2, domain.GradeA},
	{ // 30·3057/3068 + 30·2991/3068 + 20·(1 − 15/3068) + 20·151/162 = 97.6837
		domain.Unit{ID: 2, Name: "临湘市政府", Kind: domain.District},
		domain.Counts{Should: 3068, Handled: 3057, Overdue: 66, Rework: 15, Satisfied: 151, Dissatisfied: 11},
		"99.64%", "97.49%", "0.49%", "93.21%", 97.7, domain.GradeA},
	{ // 30·153/154 + 30·132/154 + 20·(1 − 2/154) + 20·14/16 = 92.7597
		domain.Unit{ID: 3, Name: "市规划局", Kind: domain.Department},
		domain.Counts{Should: 154, Handled: 153, Overdue: 21, Rework: 2, Satisfied: 14, Dissatisfied: 2},
		"99.35%", "85.71%", "1.3%", "87.5%", 92.8, domain.GradeB},
	{ // 30·36/37 + 30·25/37 + 20 + 20 (none sampled) = 89.4595
		domain.Unit{ID: 4, Name: "市金融办", Kind: domain.Department},
		domain.Counts{Should: 37, Handled: 36, Overdue: 11},
		"97.3%", "67.57%", "0%", "100%", 89.5, domain.GradeC},
	{ // 0 + 0 + 20 + 20 = 40
		domain.Unit{ID: 5, Name: "市审计局", Kind: domain.Department},
		domain.Counts{Should: 1},
		"0%", "0%", "0%", "100%", 40, domain.GradeE},
}

func TestScoreBulletin(t *testing.T) {
	s := domain.DefaultScheme()
	for _, row := range bulletin {
		t.Run(row.unit.Name, func(t *testing.T) {
			sc := s.Score(row.unit, row.counts)
			got := []string{
				domain.FormatPercent(sc.CompletionRate), domain.FormatPercent(sc.OnTimeRate),
				domain.FormatPercent(sc.ReworkRate), domain.FormatPercent(sc.SatisfactionRate),
			}
			want := []string{row.completion, row.ontime, row.rework, row.satisfied}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rates %v, want %v", got, want)
			}
			if sc.Composite != row.composite || sc.Grade != row.grade {
				t.Errorf("composite %v grade %s, want %v %s", sc.Composite, sc.Grade, row.composite, row.grade)
			}
			if sc.Unit.Name != row.unit.Name || sc.Counts != row.counts {
				t.Errorf("scorecard lost its unit or counts: %+v", sc)
			}
			if sc.Dissatisfied != row.counts.Dissatisfied {
				t.Errorf("dissatisfied %d, want %d", sc.Dissatisfied, row.counts.Dissatisfied)
			}
		})
	}
}

// The exact rates, as fractions worked out by hand, for the first row.
func TestScoreRates(t *testing.T) {
	sc := domain.DefaultScheme().Score(bulletin[0].unit, bulletin[0].counts)
	cases := []struct {
		rate domain.Rate
		want float64
	}{
		{domain.RateCompletion, 0.999761620977354},
		{domain.RateOnTime, 0.99880810488677},
		{domain.RateRework, 0.0009535160905840286},
		{domain.RateSatisfaction, 0.9653679653679653},
	}
	for _, tc := range cases {
		t.Run(string(tc.rate), func(t *testing.T) {
			if got := sc.Value(tc.rate); math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("Value(%s) = %v, want %v", tc.rate, got, tc.want)
			}
		})
	}
}

func TestScoreWithoutCountingTickets(t *testing.T) {
	sc := domain.DefaultScheme().Score(domain.Unit{ID: 9, Name: "市档案局"}, domain.Counts{})
	if sc.Grade != domain.GradeNone || sc.Composite != 0 || sc.CompletionRate != 0 || sc.SatisfactionRate != 1 {
		t.Errorf("Score of no tickets = %+v, want no grade, composite 0, satisfaction 100%%", sc)
	}
}

// Another scheme's weights and thresholds change the composite and grade.
func TestScoreOtherScheme(t *testing.T) {
	s := domain.Scheme{
		Weights:    domain.Weights{Completion: 50, OnTime: 50},
		Thresholds: domain.Thresholds{A: 99, B: 95, C: 90, D: 50},
	}
	// 市规划局: 50·153/154 + 50·132/154 = 92.5325 → 92.5, grade C.
	sc := s.Score(bulletin[2].unit, bulletin[2].counts)
	if sc.Composite != 92.5 || sc.Grade != domain.GradeC {
		t.Errorf("composite %v grade %s, want 92.5 C", sc.Composite, sc.Grade)
	}
}

func TestGradeOf(t *testing.T) {
	s := domain.DefaultScheme()
	cases := []struct {
		composite float64
		want      domain.Grade
	}{
		{100, domain.GradeA}, {95, domain.GradeA}, {94.9, domain.GradeB}, {90, domain.GradeB},
		{89.9, domain.GradeC}, {80, domain.GradeC}, {79.9, domain.GradeD}, {60, domain.GradeD},
		{59.9, domain.GradeE}, {0, domain.GradeE},
	}
	for _, tc := range cases {
		t.Run(domain.FormatComposite(tc.composite), func(t *testing.T) {
			if got := s.GradeOf(tc.composite); got != tc.want {
				t.Errorf("GradeOf(%v) = %s, want %s", tc.composite, got, tc.want)
			}
		})
	}
	thresholds := map[domain.Grade]float64{domain.GradeA: 95, domain.GradeB: 90, domain.GradeC: 80, domain.GradeD: 60, domain.GradeE: 0, domain.GradeNone: 0}
	for g, want := range thresholds {
		if got := s.Threshold(g); got != want {
			t.Errorf("Threshold(%q) = %v, want %v", g, got, want)
		}
	}
}

func TestGradeBelow(t *testing.T) {
	cases := []struct {
		g, other domain.Grade
		want     bool
	}{
		{domain.GradeC, domain.GradeA, true},
		{domain.GradeB, domain.GradeA, true},
		{domain.GradeE, domain.GradeD, true},
		{domain.GradeA, domain.GradeB, false},
		{domain.GradeA, domain.GradeA, false},
		{domain.GradeNone, domain.GradeE, true},
		{domain.GradeE, domain.GradeNone, false},
		{domain.GradeNone, domain.GradeNone, false},
	}
	for _, tc := range cases {
		t.Run(string(tc.g)+"<"+string(tc.other), func(t *testing.T) {
			if got := tc.g.Below(tc.other); got != tc.want {
				t.Errorf("%q.Below(%q) = %v, want %v", tc.g, tc.other, got, tc.want)
			}
		})
	}
}

func TestLosses(t *testing.T) {
	s := domain.DefaultScheme()
	cases := []struct {
		name   string
		counts domain.Counts
		want   []domain.Rate
		points []float64
	}{
		// 市规划局: on-time 30·22/154 = 4.2857, satisfaction 20·2/16 = 2.5,
		// rework 20·2/154 = 0.2597, completion 30·1/154 = 0.1948.
		{"市规划局", bulletin[2].counts,
			[]domain.Rate{domain.RateOnTime, domain.RateSatisfaction, domain.RateRework, domain.RateCompletion},
			[]float64{4.2857, 2.5, 0.2597, 0.1948}},
		// 岳阳县政府: satisfaction 20·8/231 = 0.6926, on-time 30·5/4195 =
		// 0.0358, rework 20·4/4195 = 0.0191, completion 30/4195 = 0.0072.
		{"岳阳县政府", bulletin[0].counts,
			[]domain.Rate{domain.RateSatisfaction, domain.RateOnTime, domain.RateRework, domain.RateCompletion},
			[]float64{0.6926, 0.0358, 0.0191, 0.0072}},
		// A perfect unit loses nothing and keeps the bulletin's order.
		{"perfect", domain.Counts{Should: 10, Handled: 10, Satisfied: 3},
			[]domain.Rate{domain.RateCompletion, domain.RateOnTime, domain.RateRework, domain.RateSatisfaction},
			[]float64{0, 0, 0, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			losses := s.Losses(s.Score(domain.Unit{Name: tc.name}, tc.counts))
			if len(losses) != len(tc.want) {
				t.Fatalf("got %d losses, want %d", len(losses), len(tc.want))
			}
			for i, l := range losses {
				if l.Rate != tc.want[i] || domain.RoundTo(l.Points, 4) != tc.points[i] {
					t.Errorf("loss %d = %s %.4f, want %s %.4f", i, l.Rate, l.Points, tc.want[i], tc.points[i])
				}
			}
		})
	}
}

func TestRoundTo(t *testing.T) {
	cases := []struct {
		v        float64
		decimals int
		want     float64
	}{
		{92.75, 1, 92.8},   // the composite of 市规划局 to be: .x5 rounds up
		{89.45, 1, 89.5},   // 89.45 is 89.4500000000000028 in binary
		{92.65, 1, 92.7},   // 92.65 is 92.6500000000000057
		{0.15, 1, 0.2},     // 0.1499999999999999944
		{1.005, 2, 1.01},   // 1.00499999999999989: forgiven
		{2.675, 2, 2.68},   // 2.67499999999999982: forgiven
		{0.125, 2, 0.13},   // exact half
		{12.345, 2, 12.35}, // 12.3449999999999989
		{-1.25, 1, -1.3},   // half away from zero
		{99.24538076147135, 1, 99.2},
		{97.6836962995155, 1, 97.7},
		{89.45945945945945, 1, 89.5},
		{0.04999, 1, 0},
		{1234.5, 0, 1235},
		{96.53679653679653, 2, 96.54},
		{40, 1, 40},
	}
	for _, tc := range cases {
		t.Run(domain.FormatComposite(tc.v), func(t *testing.T) {
			if got := domain.RoundTo(tc.v, tc.decimals); got != tc.want {
				t.Errorf("RoundTo(%v, %d) = %v, want %v", tc.v, tc.decimals, got, tc.want)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	cases := []struct {
		rate float64
		want string
	}{
		{0.9988, "99.88%"},
		{1, "100%"},
		{0.001, "0.1%"},
		{223.0 / 231, "96.54%"},
		{14.0 / 16, "87.5%"},
		{4.0 / 4195, "0.1%"},
		{0, "0%"},
		{0.99995, "100%"}, // 99.995 rounds up, never to "99.99%"
		{0.99994, "99.99%"},
		{0.00004, "0%"},
		{0.5, "50%"},
		{0.12345, "12.35%"},
		{0.1, "10%"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := domain.FormatPercent(tc.rate); got != tc.want {
				t.Errorf("FormatPercent(%v) = %q, want %q", tc.rate, got, tc.want)
			}
		})
	}
}

func TestFormatComposite(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{99.2, "99.2"}, {40, "40"}, {92.75, "92.8"}, {89.45945945945945, "89.5"}, {100, "100"}, {0, "0"}, {59.95, "60"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := domain.FormatComposite(tc.v); got != tc.want {
				t.Errorf("FormatComposite(%v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}

func TestSortScorecards(t *testing.T) {
	card := func(name string, g domain.Grade, should int) domain.Scorecard {
		return domain.Scorecard{Unit: domain.Unit{Name: name}, Counts: domain.Counts{Should: should}, Grade: g}
	}
	cards := []domain.Scorecard{
		card("市审计局", domain.GradeE, 1),
		card("市规划局", domain.GradeB, 154),
		card("市档案局", domain.GradeNone, 0),
		card("临湘市政府", domain.GradeA, 3068),
		card("市金融办", domain.GradeC, 37),
		card("岳阳县政府", domain.GradeA, 4195),
		card("市住建局", domain.GradeB, 154),   // same grade and count: by name, 住 (U+4F4F) before 规 (U+89C4)
		card("平江县政府", domain.GradeA, 3068), // 平 (U+5E73) after 临 (U+4E34)
		card("市气象局", domain.GradeD, 12),
	}
	domain.SortScorecards(cards)
	var got []string
	for _, c := range cards {
		got = append(got, c.Unit.Name)
	}
	want := []string{"岳阳县政府", "临湘市政府", "平江县政府", "市住建局", "市规划局", "市金融办", "市气象局", "市审计局", "市档案局"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
}
