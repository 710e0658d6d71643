package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/jobs"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

func TestPreviewAlerts(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := st.UpsertUnits(ctx, []domain.Unit{{Name: "岳阳县政府", Kind: domain.District}}); err != nil {
		t.Fatal(err)
	}
	u, _ := st.UnitByName(ctx, "岳阳县政府")
	cfg := config.Defaults()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, cfg.Location) // a Friday, a working day
	var tickets []domain.Ticket
	for i, due := range []time.Time{now.Add(-30 * time.Hour), now.Add(-2 * time.Hour), now.Add(3 * time.Hour)} {
		tickets = append(tickets, domain.Ticket{No: "A-0" + string(rune('1'+i)), UnitID: u.ID, Category: domain.Help,
			Topic: "路灯不亮", DispatchedAt: due.Add(-72 * time.Hour), DueAt: due})
	}
	if _, err := st.UpsertTickets(ctx, tickets); err != nil {
		t.Fatal(err)
	}
	alerts, err := previewAlerts(ctx, st, jobs.SettingsFrom(cfg), now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.Audience+" "+string(a.Kind))
		if strings.Contains(a.Text, "<b>") || strings.Contains(a.Text, "&lt;") {
			t.Errorf("text keeps HTML: %q", a.Text)
		}
	}
	want := "督查 escalation|督查 summary|岳阳县政府 due_soon|岳阳县政府 overdue|岳阳县政府 digest"
	if strings.Join(got, "|") != want {
		t.Errorf("alerts\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if _, err := previewAlerts(ctx, st, jobs.SettingsFrom(cfg), now); err != nil {
		t.Errorf("a second preview: %v", err)
	}
}
