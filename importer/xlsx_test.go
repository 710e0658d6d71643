package importer

import (
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes rows (cell values by position) to the first sheet of
// a new workbook; a nil row is left empty.
func writeWorkbook(t *testing.T, rows [][]any, date1904 bool) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	sheet := f.GetSheetName(0)
	for i, r := range rows {
		for j, v := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := t.TempDir() + "/tickets.xlsx"
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenXLSX(t *testing.T) {
	// Date cells as Excel stores them: wall-clock serial numbers.
	wall := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	for _, date1904 := range []bool{false, true} {
		name := "1900 date system"
		if date1904 {
			name = "1904 date system"
		}
		t.Run(name, func(t *testing.T) {
			path := writeWorkbook(t, [][]any{
				{"2017年第二季度工单"},
				{"工单编号", "责任单位", "诉求类型", "是否急办", "派单时间", "办理时限", "返工次数", "备注"},
				{"YY-1", "岳阳县政府", "投诉", true, wall(2017, 4, 3, 9, 15, 0), wall(2017, 4, 10, 18, 0, 0), 2, "x"},
				nil,
				{20170403002, "临湘", "求助", "否", "2017/4/3 9:15", "", 0},
				{"YY-3", "市规划局", "咨询", 1, wall(2017, 4, 3, 23, 59, 59), "2017-04-10 24:00"},
			}, date1904)
			got := readAll(t, path, TicketColumns())
			want := []row{
				{3, map[string]string{"ticket_no": "YY-1", "unit": "岳阳县政府", "category": "投诉", "urgent": "1", "dispatched_at": "2017-04-03 09:15:00", "due_at": "2017-04-10 18:00:00", "rework_count": "2"}},
				{5, map[string]string{"ticket_no": "20170403002", "unit": "临湘", "category": "求助", "urgent": "否", "dispatched_at": "2017/4/3 9:15", "due_at": "", "rework_count": "0"}},
				{6, map[string]string{"ticket_no": "YY-3", "unit": "市规划局", "category": "咨询", "urgent": "1", "dispatched_at": "2017-04-03 23:59:59", "due_at": "2017-04-10 24:00", "rework_count": ""}},
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rows =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestOpenXLSXEmpty(t *testing.T) {
	path := writeWorkbook(t, nil, false)
	if _, err := Open(path, TicketColumns()); err == nil || err.Error() != path+": empty file" {
		t.Errorf("error = %v, want empty file", err)
	}
}
