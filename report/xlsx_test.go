package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, bulletinReport(t)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SheetName}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"2017年第二季度 12345热线工单办理综合评价（截至 2017-07-10 09:30）"},
		headers("zh"),
		{"综合评价A类单位（2家）"},
		{"岳阳县政府", "县市区", "4195", "4194", "99.98%", "4", "99.88%", "4", "0.10%", "8", "96.54%", "99.2", "A"},
		{"临湘市政府", "县市区", "3068", "3057", "99.64%", "66", "97.49%", "15", "0.49%", "11", "93.21%", "97.7", "A"},
		{"综合评价B类单位（1家）"},
		{"市规划局", "市直单位", "154", "153", "99.35%", "21", "85.71%", "2", "1.30%", "2", "87.50%", "92.8", "B"},
		{"综合评价C类及以下单位（2家）"},
		{"市金融办", "市直单位", "37", "36", "97.30%", "11", "67.57%", "0", "0.00%", "0", "100.00%", "89.5", "C"},
		{"市审计局", "市直单位", "1", "0", "0.00%", "0", "0.00%", "0", "0.00%", "0", "100.00%", "40.0", "E"},
		{"无工单办理单位（2家）"},
		{"屈原管理区", "县市区", "", "", "", "", "", "", "", "", "", "", "无工单"},
		{"市气象局", "市直单位", "", "", "", "", "", "", "", "", "", "", "无工单"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%v", len(rows), len(want), rows)
	}
	for i := range want {
		t.Run(strings.Join(want[i][:1], ""), func(t *testing.T) {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("row %d = %q\nwant %q", i+1, rows[i], want[i])
			}
		})
	}

	t.Run("numbers", func(t *testing.T) {
		raw, err := f.GetCellValue(SheetName, "G4", excelize.Options{RawCellValue: true})
		if err != nil || raw != "0.9988" {
			t.Errorf("on-time rate cell = %q, %v; want the number 0.9988", raw, err)
		}
	})
	t.Run("layout", func(t *testing.T) {
		panes, err := f.GetPanes(SheetName)
		if err != nil || !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("panes = %+v, %v; want the title and header frozen", panes, err)
		}
		merged, err := f.GetMergeCells(SheetName)
		if err != nil || len(merged) != 5 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "M1" {
			t.Errorf("merged = %v, %v; want the title and four section rows across A:M", merged, err)
		}
		id, err := f.GetCellStyle(SheetName, "B2")
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil || style.Font == nil || !style.Font.Bold {
			t.Errorf("header style = %+v, %v; want bold", style, err)
		}
		if w, err := f.GetColWidth(SheetName, "A"); err != nil || w < 14 {
			t.Errorf("column A width = %v, %v", w, err)
		}
	})
}
