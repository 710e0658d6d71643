package report

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

func TestXLSXWithTrend(t *testing.T) {
	r := bulletinReport(t)
	points := r.Period.TrendPoints(r.At)[:3] // 4/3, 4/10, 4/17 of 2017Q2
	trend := Trend{Points: points, Counts: []domain.TrendPoint{
		{UnitID: 1, Period: r.Period, At: points[0], Counts: domain.Counts{Should: 100, Handled: 100}},
		{UnitID: 1, Period: r.Period, At: points[2], Counts: domain.Counts{Should: 300, Handled: 297, Overdue: 12, Satisfied: 9, Dissatisfied: 1}},
		{UnitID: 4, Period: r.Period, At: points[1], Counts: domain.Counts{Should: 5, Handled: 4, Overdue: 2}},
	}}
	var buf bytes.Buffer
	if err := XLSXWithTrend(&buf, r, domain.DefaultScheme(), trend); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetName, TrendSheetName}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(TrendSheetName)
	if err != nil {
		t.Fatal(err)
	}
	s := domain.DefaultScheme()
	week3 := s.Score(domain.Unit{}, domain.Counts{Should: 300, Handled: 297, Overdue: 12, Satisfied: 9, Dissatisfied: 1})
	jr := s.Score(domain.Unit{}, domain.Counts{Should: 5, Handled: 4, Overdue: 2})
	want := [][]string{
		{"2017年第二季度 各单位每周综合指标值与按期办结率（每周一 0 时的值）"},
		{"单位名称", "类别", "指标", "4/3", "4/10", "4/17", "截至 7/10 09:30"},
		{"岳阳县政府", "县市区", "综合指标值", "100.0", "", fmt.Sprintf("%.1f", week3.Composite), "99.2"},
		{"岳阳县政府", "县市区", "按期办结率", "100.00%", "", "95.00%", "99.88%"},
	}
	for i, w := range want {
		if !slices.Equal(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], w)
		}
	}
	// 市金融办 is the report's fourth graded unit: rows 9 and 10.
	if got := rows[8][:5]; !slices.Equal(got, []string{"市金融办", "市直单位", "综合指标值", "", fmt.Sprintf("%.1f", jr.Composite)}) {
		t.Errorf("市金融办 row = %q", got)
	}
	if n := len(rows); n != 2+2*7 {
		t.Errorf("%d rows, want a title, a header and two rows for each of the 7 units", n)
	}
}
