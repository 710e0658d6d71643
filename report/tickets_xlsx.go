package report

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

// TicketSheetName is the name of the exported tickets' sheet.
const TicketSheetName = "工单明细"

// ticketHeaders are the ticket file's Chinese column names, in the order
// `tickets import` documents them, then the ticket's state at the export's
// instant: an exported sheet can be read back by `tickets import`.
var ticketHeaders = []string{"工单编号", "责任单位", "诉求类型", "诉求分类", "是否急办", "派单时间", "办理时限",
	"办结时间", "返工次数", "回访结果", "诉求内容", "状态"}

// ticketColWidths fit the columns' usual content, in Excel's character
// widths (a Chinese character counts two).
var ticketColWidths = []float64{18, 22, 10, 16, 10, 18, 18, 18, 10, 10, 60, 14}

// Export is the content of an /export workbook: the tickets dispatched in
// a period (Each walks them) and, for supervisors, the period's evaluation
// table as its first sheet.
type Export struct {
	Title    string         // the tickets sheet's title row, e.g. 岳阳县政府 2026年第四季度 工单明细
	At       time.Time      // the instant the tickets' state is taken at
	Location *time.Location // the office's zone, in which the times are written
	Report   *domain.Report // nil: the tickets alone
	Each     func(fn func(domain.Ticket) error) error
	Requests []domain.Request // the extension and return requests about these tickets: a sheet of their own (申请记录)
}

// ExportXLSX writes the export as an Excel workbook with Chinese headers
// that Excel and WPS open: times are real date cells in the office's zone,
// the title and header stay in view. It returns how many tickets it wrote.
// The tickets are streamed, so a city's quarter does not sit in memory.
func ExportXLSX(w io.Writer, e Export) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	if e.Report != nil {
		if err := buildSheet(f, *e.Report); err != nil {
			return 0, fmt.Errorf("build export xlsx: %w", err)
		}
		if _, err := f.NewSheet(TicketSheetName); err != nil {
			return 0, fmt.Errorf("build export xlsx: %w", err)
		}
	} else if err := f.SetSheetName(sheet, TicketSheetName); err != nil {
		return 0, fmt.Errorf("build export xlsx: %w", err)
	}
	n, err := writeTicketSheet(f, e)
	if err != nil {
		return n, fmt.Errorf("build export xlsx: %w", err)
	}
	if err := WriteRequestSheet(f, e.Requests, e.Location); err != nil {
		return n, fmt.Errorf("build export xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return n, fmt.Errorf("write export xlsx: %w", err)
	}
	return n, nil
}

// ticketStyles are the style ids of the tickets sheet.
type ticketStyles struct{ title, header, text, when int }

func newTicketStyles(f *excelize.File) (ticketStyles, error) {
	dateTime := "yyyy-mm-dd hh:mm"
	specs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}},
		{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Alignment: &excelize.Alignment{Vertical: "top"}},
		{CustomNumFmt: &dateTime, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	ids := make([]int, len(specs))
	for i, s := range specs {
		id, err := f.NewStyle(s)
		if err != nil {
			return ticketStyles{}, err
		}
		ids[i] = id
	}
	return ticketStyles{ids[0], ids[1], ids[2], ids[3]}, nil
}

func writeTicketSheet(f *excelize.File, e Export) (int, error) {
	st, err := newTicketStyles(f)
	if err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(TicketSheetName)
	if err != nil {
		return 0, err
	}
	for i, w := range ticketColWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: spreadsheetText(e.Title)}}); err != nil {
		return 0, err
	}
	head := make([]any, len(ticketHeaders))
	for i, h := range ticketHeaders {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A2", head); err != nil {
		return 0, err
	}
	n := 0
	err = e.Each(func(t domain.Ticket) error {
		n++
		cell, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, ticketRow(t, e, st))
	})
	if err != nil {
		return n, err
	}
	return n, sw.Flush()
}

func ticketRow(t domain.Ticket, e Export, st ticketStyles) []any {
	text := func(v any) excelize.Cell {
		if s, ok := v.(string); ok {
			v = spreadsheetText(s)
		}
		return excelize.Cell{StyleID: st.text, Value: v}
	}
	when := func(v time.Time) excelize.Cell {
		if v.IsZero() {
			return text(nil)
		}
		return excelize.Cell{StyleID: st.when, Value: wallClock(v, e.Location)}
	}
	urgent := "否"
	if t.Urgent {
		urgent = "是"
	}
	completed := time.Time{}
	if t.Completed(e.At) {
		completed = t.CompletedAt
	}
	callback := ""
	if t.Callback != domain.CallbackNone {
		callback = t.Callback.Label("zh")
	}
	return []any{text(t.No), text(t.UnitName), text(t.Category.Label("zh")), text(t.Topic), text(urgent),
		when(t.DispatchedAt), when(t.DueAt), when(completed), text(t.ReworkCount), text(callback),
		text(t.Summary), text(TicketState(t, e.At))}
}

// wallClock is t's time of day in loc as a zone-less value, which is what
// an Excel date cell holds.
func wallClock(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// TicketState is a ticket's state at an instant as the export writes it:
// 未办结, 超期未办结, 按期办结 or 超期办结.
func TicketState(t domain.Ticket, at time.Time) string {
	switch {
	case t.Completed(at) && t.CompletedLate():
		return "超期办结"
	case t.Completed(at):
		return "按期办结"
	case t.Overdue(at):
		return "超期未办结"
	}
	return "未办结"
}
