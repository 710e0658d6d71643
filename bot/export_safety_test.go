package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// TestReportWorkbookIsSafeToOpen sends /report with a unit named as a
// formula and one whose name is 130 characters long: the workbook is
// sent, the formula shows as text.
func TestReportWorkbookIsSafeToOpen(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	long := strings.Repeat("岳", 130)
	hostile := `=HYPERLINK("http://evil.example","点我")`
	if _, _, err := h.st.UpsertUnits(ctx, []domain.Unit{{Name: hostile, Kind: domain.Department}, {Name: long, Kind: domain.Department}}); err != nil {
		t.Fatal(err)
	}
	u, err := h.st.UnitByName(ctx, hostile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.UpsertTickets(ctx, completed(u.ID, "FX-%02d", 2, day(time.October, 10, 9, 0), time.Hour)); err != nil {
		t.Fatal(err)
	}
	got := h.say(t, sam, "/report 2026Q4")
	if got.Method != "sendDocument" || len(got.Documents) != 1 {
		t.Fatalf("reply %+v", got)
	}
	f, err := excelize.OpenReader(bytes.NewReader(got.Documents[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(report.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range rows {
		names[r[0]] = true
	}
	if !names["'"+hostile] || names[hostile] || !names[long] {
		t.Errorf("workbook names: want %q neutralised and the long name kept; got %q", hostile, rows)
	}
}
