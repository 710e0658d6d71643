package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestWriteRequestSheet(t *testing.T) {
	loc := testkit.Shanghai()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	qs := []domain.Request{
		{ID: 3, TicketNo: "A-003", UnitName: "岳阳县政府", Kind: domain.RequestExtend, Days: 2, Reason: "=需核实",
			RequestedBy: "李四", RequestedAt: at("2026-11-27 08:30"), DueBefore: at("2026-11-28 00:00"), DueAfter: at("2026-12-02 00:00"),
			Status: domain.RequestApproved, DecidedBy: "王主任", DecidedVia: "bot", DecidedAt: at("2026-11-27 09:00"), Effective: true},
		{ID: 4, TicketNo: "A-001", UnitName: "岳阳县政府", Kind: domain.RequestReturn, Reason: "非本单位职责",
			RequestedBy: "李四", RequestedAt: at("2026-11-27 10:00"), DueBefore: at("2026-11-27 15:00"), Status: domain.RequestPending},
	}
	f := excelize.NewFile()
	if err := WriteRequestSheet(f, qs, loc); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := back.GetRows(RequestSheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "申请编号" || rows[0][9] != "延期后时限" {
		t.Fatalf("rows %q", rows)
	}
	checks := []struct {
		name      string
		got, want string
	}{
		{"ticket", rows[1][1], "A-003"},
		{"kind", rows[1][3], "延期"},
		{"days", rows[1][4], "2"},
		{"a formula-like reason is quoted", rows[1][5], "'=需核实"},
		{"deadline before, local time", rows[1][8], "2026-11-28 00:00"},
		{"deadline after", rows[1][9], "2026-12-02 00:00"},
		{"decision", rows[1][10], "批准"},
		{"decided through", rows[1][12], "机器人"},
		{"effective", rows[1][15], "是"},
		{"pending return", rows[2][3] + rows[2][10], "退单待审核"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
	if err := WriteRequestSheet(excelize.NewFile(), nil, loc); err != nil {
		t.Errorf("no requests: %v", err)
	}
}
