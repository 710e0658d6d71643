package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

// SheetName is the name of the XLSX report's only sheet.
const SheetName = "综合评价"

// Rates are written to XLSX as numbers (fractions) shown with Excel's
// built-in 0.00% format, so the office can sort and compute with them; the
// one visible difference from the bulletin is 100.00% for 100%.
const (
	numFmtPercent   = 10 // built-in "0.00%"
	numFmtComposite = "0.0"
)

// xlsxStyles are the style ids of one workbook.
type xlsxStyles struct {
	title, header, section, text, count, percent, composite int
}

// XLSX writes the evaluation table as an Excel workbook: a title row with the
// period and the instant (截至), the bold and frozen header row, and the units
// grouped under the bulletin's headings 综合评价A类单位 / B类单位 / C类及以下单位
// / 无工单办理单位.
func XLSX(w io.Writer, r domain.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildSheet(f, r); err != nil {
		return fmt.Errorf("build report xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write report xlsx: %w", err)
	}
	return nil
}

func buildSheet(f *excelize.File, r domain.Report) error {
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	sw := sheetWriter{f: f, st: st, last: len(headers("zh"))}
	sw.titleRow(title(r, "zh"))
	sw.headerRow()
	for _, g := range sections(r, "zh") {
		sw.sectionRow(countedTitle(g.title, len(g.cards), "zh"))
		for _, sc := range g.cards {
			sw.cardRow(sc)
		}
	}
	if len(r.NoTickets) > 0 {
		sw.sectionRow(countedTitle(noTicketTitle("zh"), len(r.NoTickets), "zh"))
		for _, u := range r.NoTickets {
			sw.noTicketRow(u)
		}
	}
	sw.layout(r)
	return sw.err
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	composite := numFmtComposite
	specs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: center},
		{Font: &excelize.Font{Bold: true}, Alignment: center, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		{Font: &excelize.Font{Bold: true}, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}},
		{Border: border},
		{Border: border, Alignment: &excelize.Alignment{Horizontal: "right"}},
		{Border: border, NumFmt: numFmtPercent},
		{Border: border, CustomNumFmt: &composite},
	}
	ids := make([]int, len(specs))
	for i, s := range specs {
		id, err := f.NewStyle(s)
		if err != nil {
			return xlsxStyles{}, err
		}
		ids[i] = id
	}
	return xlsxStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]}, nil
}

// sheetWriter appends rows to the report sheet and keeps the first error.
type sheetWriter struct {
	f    *excelize.File
	st   xlsxStyles
	last int // number of columns
	row  int // last row written
	err  error
}

func (s *sheetWriter) cell(col int) string {
	name, err := excelize.CoordinatesToCellName(col, s.row)
	s.keep(err)
	return name
}

func (s *sheetWriter) keep(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

// setRow writes values from column A and styles each cell; text a
// spreadsheet would evaluate is neutralised (spreadsheetText).
func (s *sheetWriter) setRow(values []any, styles []int) {
	s.row++
	for i, v := range values {
		if text, ok := v.(string); ok {
			values[i] = spreadsheetText(text)
		}
	}
	s.keep(s.f.SetSheetRow(SheetName, s.cell(1), &values))
	for i, id := range styles {
		s.keep(s.f.SetCellStyle(SheetName, s.cell(i+1), s.cell(i+1), id))
	}
}

// mergedRow writes one text across the whole width of the table.
func (s *sheetWriter) mergedRow(text string, style int) {
	s.row++
	first, last := s.cell(1), s.cell(s.last)
	s.keep(s.f.SetCellValue(SheetName, first, spreadsheetText(text)))
	s.keep(s.f.MergeCell(SheetName, first, last))
	s.keep(s.f.SetCellStyle(SheetName, first, last, style))
}

func (s *sheetWriter) titleRow(text string) {
	s.mergedRow(text, s.st.title)
	s.keep(s.f.SetRowHeight(SheetName, s.row, 28))
}

func (s *sheetWriter) headerRow() {
	head := headers("zh")
	values := make([]any, len(head))
	styles := make([]int, len(head))
	for i, h := range head {
		values[i], styles[i] = h, s.st.header
	}
	s.setRow(values, styles)
	s.keep(s.f.SetRowHeight(SheetName, s.row, 32))
}

func (s *sheetWriter) sectionRow(text string) { s.mergedRow(text, s.st.section) }

func (s *sheetWriter) cardRow(sc domain.Scorecard) {
	st := s.st
	rate := func(v float64) float64 { return domain.RoundTo(v, rateDecimals) }
	s.setRow(
		[]any{sc.Unit.Name, sc.Unit.Kind.Label("zh"), sc.Should, sc.Handled, rate(sc.CompletionRate),
			sc.Overdue, rate(sc.OnTimeRate), sc.Rework, rate(sc.ReworkRate), sc.Dissatisfied,
			rate(sc.SatisfactionRate), domain.RoundTo(sc.Composite, 1), string(sc.Grade)},
		[]int{st.text, st.text, st.count, st.count, st.percent, st.count, st.percent,
			st.count, st.percent, st.count, st.percent, st.composite, st.text})
}

func (s *sheetWriter) noTicketRow(u domain.Unit) {
	values := make([]any, s.last)
	styles := make([]int, s.last)
	for i := range styles {
		values[i], styles[i] = nil, s.st.text
	}
	values[0], values[1], values[s.last-1] = u.Name, u.Kind.Label("zh"), noTicketGrade("zh")
	s.setRow(values, styles)
}

// layout sizes the columns to their content and freezes the title and header.
func (s *sheetWriter) layout(r domain.Report) {
	nameWidth := DisplayWidth("单位名称")
	for _, sc := range r.Units {
		nameWidth = max(nameWidth, DisplayWidth(sc.Unit.Name))
	}
	for _, u := range r.NoTickets {
		nameWidth = max(nameWidth, DisplayWidth(u.Name))
	}
	// Excel's widest column is 255 characters; a longer name wraps.
	s.keep(s.f.SetColWidth(SheetName, "A", "A", float64(min(nameWidth+4, excelize.MaxColumnWidth))))
	s.keep(s.f.SetColWidth(SheetName, "B", "B", 10))
	last, err := excelize.ColumnNumberToName(s.last)
	s.keep(err)
	s.keep(s.f.SetColWidth(SheetName, "C", last, 12))
	s.keep(s.f.SetPanes(SheetName, &excelize.Panes{
		Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
	}))
}
