package report

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
)

// RequestSheetName is the name of the sheet of extension and return
// requests in an export.
const RequestSheetName = "申请记录"

// requestHeaders are the columns of the request record: who asked what,
// when and why, the deadline before and after, and the decision.
var requestHeaders = []string{"申请编号", "工单编号", "申请单位", "申请类型", "延期工作日", "申请理由", "申请人", "申请时间",
	"原办理时限", "延期后时限", "审核结果", "审核人", "审核方式", "审核时间", "审核意见", "是否生效", "失效原因"}

var requestColWidths = []float64{10, 18, 22, 10, 10, 40, 12, 18, 18, 18, 10, 12, 10, 18, 40, 10, 22}

// WriteRequestSheet adds the request record to workbook f as its own
// sheet, times as date cells in loc; nothing when qs is empty.
func WriteRequestSheet(f *excelize.File, qs []domain.Request, loc *time.Location) error {
	if len(qs) == 0 {
		return nil
	}
	if _, err := f.NewSheet(RequestSheetName); err != nil {
		return fmt.Errorf("request sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(RequestSheetName)
	if err != nil {
		return fmt.Errorf("request sheet: %w", err)
	}
	dateTime := "yyyy-mm-dd hh:mm"
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	when, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateTime})
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range requestColWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	head := make([]any, len(requestHeaders))
	for i, h := range requestHeaders {
		head[i] = excelize.Cell{StyleID: header, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{}); err != nil {
		return err
	}
	for i, q := range qs {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, requestRow(q, loc, when)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// requestRow is one request's cells; times are local wall-clock values, as
// Excel has no zones.
func requestRow(q domain.Request, loc *time.Location, when int) []any {
	at := func(t time.Time) any {
		if t.IsZero() {
			return ""
		}
		l := t.In(loc)
		return excelize.Cell{StyleID: when, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)}
	}
	kind, days := "退单", any("")
	if q.Kind == domain.RequestExtend {
		kind, days = "延期", q.Days
	}
	status := map[domain.RequestStatus]string{domain.RequestPending: "待审核", domain.RequestApproved: "批准", domain.RequestRejected: "驳回"}[q.Status]
	effective := "否"
	if q.Effective {
		effective = "是"
	}
	ended := map[string]string{domain.EndedByDispatch: "改派", domain.EndedByDeadline: "工单系统给出更晚时限"}[q.EndedBy]
	via := map[string]string{"bot": "机器人", "api": "工单系统"}[q.DecidedVia]
	return []any{q.ID, spreadsheetText(q.TicketNo), spreadsheetText(q.UnitName), kind, days, spreadsheetText(q.Reason),
		spreadsheetText(q.RequestedBy), at(q.RequestedAt), at(q.DueBefore), at(q.DueAfter), status,
		spreadsheetText(q.DecidedBy), via, at(q.DecidedAt), spreadsheetText(q.DecisionReason), effective, ended}
}
