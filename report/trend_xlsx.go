package report

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

// TrendSheetName is the name of the sheet of weekly values.
const TrendSheetName = "趋势"

// Trend is the week-by-week history of a report's period: every unit's
// counts at each trend point kept so far (domain.Period.TrendPoints).
type Trend struct {
	Points []time.Time         // the points, in order
	Counts []domain.TrendPoint // by unit and point; a unit missing at a point had no counting ticket then
}

// XLSXWithTrend is XLSX with a second sheet, 趋势: for each unit, its
// composite and its on-time rate at the end of each week of the period,
// and as of the report's instant.
func XLSXWithTrend(w io.Writer, r domain.Report, s domain.Scheme, t Trend) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildSheet(f, r); err != nil {
		return fmt.Errorf("build report xlsx: %w", err)
	}
	if err := writeTrendSheet(f, r, s, t); err != nil {
		return fmt.Errorf("build report xlsx: trend: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write report xlsx: %w", err)
	}
	return nil
}

// trendRows are the 趋势 sheet's rows below its header: two a unit, the
// composite then the on-time rate (a fraction, shown as a percentage),
// nil where the unit had no counting ticket; units in the report's order.
func trendRows(r domain.Report, s domain.Scheme, t Trend) [][]any {
	at := map[int64]map[int64]domain.Counts{}
	for _, pt := range t.Counts {
		if at[pt.UnitID] == nil {
			at[pt.UnitID] = map[int64]domain.Counts{}
		}
		at[pt.UnitID][pt.At.Unix()] = pt.Counts
	}
	units := make([]domain.Unit, 0, len(r.Units)+len(r.NoTickets))
	for _, sc := range r.Units {
		units = append(units, sc.Unit)
	}
	units = append(units, r.NoTickets...)
	var rows [][]any
	for _, u := range units {
		comp := []any{u.Name, u.Kind.Label("zh"), "综合指标值"}
		ontime := []any{u.Name, u.Kind.Label("zh"), "按期办结率"}
		for _, p := range t.Points {
			c, v := valueAt(s, u, at[u.ID][p.Unix()])
			comp, ontime = append(comp, c), append(ontime, v)
		}
		sc, ok := r.Card(u.ID)
		if ok {
			comp, ontime = append(comp, sc.Composite), append(ontime, domain.RoundTo(sc.OnTimeRate, rateDecimals))
		} else {
			comp, ontime = append(comp, nil), append(ontime, nil)
		}
		rows = append(rows, comp, ontime)
	}
	return rows
}

// valueAt scores counts: composite and on-time rate, nil for both without
// a counting ticket.
func valueAt(s domain.Scheme, u domain.Unit, c domain.Counts) (composite, ontime any) {
	if c.Should == 0 {
		return nil, nil
	}
	sc := s.Score(u, c)
	return sc.Composite, domain.RoundTo(sc.OnTimeRate, rateDecimals)
}

func writeTrendSheet(f *excelize.File, r domain.Report, s domain.Scheme, t Trend) error {
	if _, err := f.NewSheet(TrendSheetName); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(TrendSheetName)
	if err != nil {
		return err
	}
	st, err := newTrendStyles(f)
	if err != nil {
		return err
	}
	head := []any{cell(st.header, "单位名称"), cell(st.header, "类别"), cell(st.header, "指标")}
	for _, p := range t.Points {
		label := p.In(r.Period.Start.Location()).Format("1/2")
		if p.Equal(r.Period.End) {
			label = "期末"
		}
		head = append(head, cell(st.header, label))
	}
	head = append(head, cell(st.header, "截至 "+r.At.In(r.Period.Start.Location()).Format("1/2 15:04")))
	if err := layoutTrend(sw, len(head)); err != nil {
		return err
	}
	title := r.Period.Label("zh") + " 各单位每周综合指标值与按期办结率（每周一 0 时的值）"
	if err := sw.SetRow("A1", []any{cell(st.title, title)}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", head); err != nil {
		return err
	}
	for i, row := range trendRows(r, s, t) {
		style := st.composite
		if i%2 == 1 {
			style = st.percent
		}
		for j := 3; j < len(row); j++ {
			row[j] = cell(style, row[j])
		}
		name, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(name, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

func layoutTrend(sw *excelize.StreamWriter, cols int) error {
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: 2, TopLeftCell: "D3", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 3, 11); err != nil {
		return err
	}
	return sw.SetColWidth(4, cols, 12)
}

// trendStyles are the style ids of the 趋势 sheet.
type trendStyles struct{ title, header, composite, percent int }

func newTrendStyles(f *excelize.File) (trendStyles, error) {
	composite := numFmtComposite
	specs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}},
		{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center"}},
		{CustomNumFmt: &composite},
		{NumFmt: numFmtPercent},
	}
	ids := make([]int, len(specs))
	for i, spec := range specs {
		id, err := f.NewStyle(spec)
		if err != nil {
			return trendStyles{}, err
		}
		ids[i] = id
	}
	return trendStyles{ids[0], ids[1], ids[2], ids[3]}, nil
}

// TrendSource is what a report's trend is read from; the store is one.
type TrendSource interface {
	TrendPointsKept(ctx context.Context, p domain.Period) ([]time.Time, error)
	PeriodTrend(ctx context.Context, p domain.Period) ([]domain.TrendPoint, error)
}

// LoadTrend reads the weekly points of period p kept by instant at (the
// scorecards job keeps one each Monday).
func LoadTrend(ctx context.Context, src TrendSource, p domain.Period, at time.Time) (Trend, error) {
	kept, err := src.TrendPointsKept(ctx, p)
	if err != nil {
		return Trend{}, err
	}
	counts, err := src.PeriodTrend(ctx, p)
	if err != nil {
		return Trend{}, err
	}
	var t Trend
	for _, pt := range kept {
		if !pt.After(at) {
			t.Points = append(t.Points, pt)
		}
	}
	for _, c := range counts {
		if !c.At.After(at) {
			t.Counts = append(t.Counts, c)
		}
	}
	return t, nil
}
