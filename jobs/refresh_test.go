package jobs

import (
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// TestRefresherNearWarning: a near-threshold warning holds while the unit
// is still just above the floor, and is no longer current once its overdue
// tickets are completed and the margin is wide again.
func TestRefresherNearWarning(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.onTime("市规划局", 45)
	e.late("市规划局", 0, 4, false) // 95.1: 0.1 above A's floor
	e.runAt(NewScorecards(e.st, e.deps), "2026-11-20 09:00")
	var near domain.Notification
	for _, n := range e.outbox() {
		if n.Notice.Kind == domain.NoticeNearThreshold {
			near = n.Notification
		}
	}
	if near.Notice.Near == nil {
		t.Fatal("no near-threshold warning queued")
	}
	r := NewRefresher(e.st, e.deps)
	n, current, err := r.Refresh(e.ctx, near, at(t, "2026-11-20 09:05"))
	if err != nil || !current || n.Near.Margin != 0.1 || !n.At.Equal(at(t, "2026-11-20 09:05")) {
		t.Fatalf("still near: %v %v %+v", current, err, n.Near)
	}
	e.late("市规划局", 0, 4, true)
	if _, current, err := r.Refresh(e.ctx, near, at(t, "2026-11-20 09:10")); err != nil || current {
		t.Errorf("after the overdue tickets were completed the warning is current=%v (%v)", current, err)
	}
}

// TestRefresherTicketList: an overdue alert lists, when sent, only the
// tickets still open; with none left it is not sent.
func TestRefresherTicketList(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.late("市规划局", 0, 4, false)
	u := e.unit("市规划局")
	var lines []domain.TicketLine
	for _, no := range []string{"市规划局-LATE-00", "市规划局-LATE-01", "市规划局-LATE-02", "市规划局-LATE-03"} {
		lines = append(lines, domain.TicketLine{No: no, UnitID: u.ID, UnitName: u.Name})
	}
	note := domain.Notification{Audience: unitAudience(u.ID),
		Notice: domain.Notice{Kind: domain.NoticeOverdue, At: at(t, "2026-11-12 09:00"), Unit: u, Tickets: lines}}
	r := NewRefresher(e.st, e.deps)
	e.late("市规划局", 0, 2, true) // completed 2026-11-19 10:00
	n, current, err := r.Refresh(e.ctx, note, at(t, "2026-11-20 09:00"))
	if err != nil || !current || len(n.Tickets) != 2 || n.Tickets[0].No != "市规划局-LATE-02" {
		t.Fatalf("refreshed list: %v %v %+v", current, err, n.Tickets)
	}
	e.late("市规划局", 2, 4, true)
	if _, current, err := r.Refresh(e.ctx, note, at(t, "2026-11-20 09:00").Add(1)); err != nil || current {
		t.Errorf("every ticket completed: current=%v (%v)", current, err)
	}
}
