package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/importer"
	"hotlinebot/internal/testkit"
	"hotlinebot/report"
)

// exportTickets are tickets of every state at exportAt.
func exportTickets(loc *time.Location) []domain.Ticket {
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			panic(err)
		}
		return t
	}
	return []domain.Ticket{
		{No: "YY202611000123", UnitID: 1, UnitName: "岳阳县政府", Category: domain.Complaint, Topic: "城市管理类", Urgent: true,
			DispatchedAt: at("2026-11-02 09:15"), DueAt: at("2026-11-03 09:15"), CompletedAt: at("2026-11-02 18:00"),
			ReworkCount: 1, Callback: domain.CallbackDissatisfied, Summary: "路灯不亮，\n请尽快修复 <b>&"},
		{No: "YY202611000124", UnitID: 1, UnitName: "岳阳县政府", Category: domain.Help, Topic: "噪音扰民",
			DispatchedAt: at("2026-11-20 10:00"), DueAt: at("2026-11-28 00:00"), CompletedAt: at("2026-11-29 08:00")},
		{No: "YY202611000125", UnitID: 1, UnitName: "岳阳县政府", Category: domain.Inquiry,
			DispatchedAt: at("2026-11-24 09:00"), DueAt: at("2026-11-27 00:00")},
		{No: "YY202611000126", UnitID: 1, UnitName: "岳阳县政府", Category: domain.Suggestion, Callback: domain.CallbackSatisfied,
			DispatchedAt: at("2026-11-26 09:00"), DueAt: at("2026-12-10 00:00")},
	}
}

func TestExportXLSXReopens(t *testing.T) {
	sh := testkit.Shanghai()
	exportAt := time.Date(2026, 11, 27, 8, 30, 0, 0, sh)
	tickets := exportTickets(sh)
	p := domain.PeriodAt(domain.Quarter, exportAt, sh)
	r := domain.NewReport(p, exportAt, []domain.Unit{{ID: 1, Name: "岳阳县政府", Kind: domain.District}},
		map[int64]domain.Counts{1: {Should: 2, Handled: 2, Overdue: 1}}, domain.DefaultScheme())
	cases := []struct {
		name   string
		report *domain.Report
		sheets []string
	}{
		{"liaison: the tickets alone", nil, []string{report.TicketSheetName}},
		{"supervisor: the evaluation table, then the tickets", &r, []string{report.SheetName, report.TicketSheetName}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := report.ExportXLSX(&buf, report.Export{
				Title: "岳阳县政府 2026年第四季度 工单明细", At: exportAt, Location: sh, Report: tc.report,
				Each: func(fn func(domain.Ticket) error) error {
					for _, tk := range tickets {
						if err := fn(tk); err != nil {
							return err
						}
					}
					return nil
				},
			})
			if err != nil || n != len(tickets) {
				t.Fatalf("ExportXLSX = %d, %v", n, err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("the export does not open: %v", err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, tc.sheets) {
				t.Fatalf("sheets %q, want %q", got, tc.sheets)
			}
			rows, err := f.GetRows(report.TicketSheetName)
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{
				{"岳阳县政府 2026年第四季度 工单明细"},
				{"工单编号", "责任单位", "诉求类型", "诉求分类", "是否急办", "派单时间", "办理时限", "办结时间", "返工次数", "回访结果", "诉求内容", "状态"},
				{"YY202611000123", "岳阳县政府", "投诉", "城市管理类", "是", "2026-11-02 09:15", "2026-11-03 09:15", "2026-11-02 18:00", "1", "不满意", "路灯不亮，\n请尽快修复 <b>&", "按期办结"},
				{"YY202611000124", "岳阳县政府", "求助", "噪音扰民", "否", "2026-11-20 10:00", "2026-11-28 00:00", "", "0", "", "", "未办结"},
				{"YY202611000125", "岳阳县政府", "咨询", "", "否", "2026-11-24 09:00", "2026-11-27 00:00", "", "0", "", "", "超期未办结"},
				{"YY202611000126", "岳阳县政府", "建议", "", "否", "2026-11-26 09:00", "2026-12-10 00:00", "", "0", "满意", "", "未办结"},
			}
			for i := range want {
				if i >= len(rows) || !slices.Equal(trimRow(rows[i]), want[i]) {
					t.Errorf("row %d = %q, want %q", i+1, rowAt(rows, i), want[i])
				}
			}
			if typ, err := f.GetCellType(report.TicketSheetName, "F3"); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("派单时间 is stored as text (%v, %v), not a date Excel can sort", typ, err)
			}
			if tc.report != nil {
				eval, _ := f.GetRows(report.SheetName)
				if len(eval) < 4 || eval[3][0] != "岳阳县政府" {
					t.Errorf("evaluation sheet rows: %q", eval)
				}
			}
			if tc.report == nil {
				roundTrip(t, buf.Bytes(), tickets, sh) // the importer reads a workbook's first sheet
			}
		})
	}
}

// roundTrip reads the export back with the importer: the office can load an
// exported sheet again and get the same tickets.
func roundTrip(t *testing.T, data []byte, want []domain.Ticket, loc *time.Location) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	rows, err := importer.Open(path, importer.TicketColumns())
	if err != nil {
		t.Fatalf("the importer cannot open the export: %v", err)
	}
	defer rows.Close()
	units := importer.NewUnitIndex([]domain.Unit{{ID: 1, Name: "岳阳县政府"}})
	policy := config.Defaults().Policy
	i := 0
	for rows.Next() {
		got, errs := importer.ParseTicket(rows.Fields(), units, policy, loc)
		if len(errs) > 0 {
			t.Fatalf("line %d: %v", rows.Line(), errs)
		}
		w := want[i]
		w.UnitName = ""
		if !w.CompletedAt.IsZero() && w.CompletedAt.After(time.Date(2026, 11, 27, 8, 30, 0, 0, loc)) {
			w.CompletedAt = time.Time{} // not completed yet at the export's instant
		}
		got.UnitName = ""
		if !got.DispatchedAt.Equal(w.DispatchedAt) || !got.DueAt.Equal(w.DueAt) || !got.CompletedAt.Equal(w.CompletedAt) ||
			got.No != w.No || got.Category != w.Category || got.Topic != w.Topic || got.Urgent != w.Urgent ||
			got.ReworkCount != w.ReworkCount || got.Callback != w.Callback || got.Summary != w.Summary {
			t.Errorf("line %d reads back as\n%+v\nwant\n%+v", rows.Line(), got, w)
		}
		i++
	}
	if err := rows.Err(); err != nil || i != len(want) {
		t.Fatalf("read back %d tickets, want %d (%v)", i, len(want), err)
	}
}

func trimRow(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

func rowAt(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// BenchmarkExportXLSX writes 20,000 tickets, a busy unit's quarter (a
// city's quarter is about twelve times as many).
func BenchmarkExportXLSX(b *testing.B) {
	sh := testkit.Shanghai()
	base := exportTickets(sh)
	const n = 20000
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		_, err := report.ExportXLSX(&buf, report.Export{Title: "全市 2026年第四季度 工单明细", At: time.Date(2026, 11, 27, 8, 30, 0, 0, sh), Location: sh,
			Each: func(fn func(domain.Ticket) error) error {
				for i := range n {
					if err := fn(base[i%len(base)]); err != nil {
						return err
					}
				}
				return nil
			}})
		if err != nil {
			b.Fatal(err)
		}
	}
}
