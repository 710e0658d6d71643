package jobs

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// bind makes chatID a contact of role (a liaison of unit) through an invite.
func (e *env) bind(role domain.Role, unit string, chatID int64) domain.Contact {
	e.t.Helper()
	code, err := e.st.CreateInvite(e.ctx, role, e.units[unit].ID, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.st.RedeemInvite(e.ctx, code, domain.Chat{ChatID: chatID, UserID: chatID, Name: "user"}, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestDigestWorkingDaysOnly(t *testing.T) {
	tests := []struct {
		name string
		now  string
		runs bool
	}{
		{"National Day holiday, a Friday", "2026-10-02 08:30", false},
		{"make-up working Saturday", "2026-10-10 08:30", true},
		{"ordinary Sunday", "2026-10-11 08:30", false},
		{"ordinary Monday", "2026-10-12 08:30", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, storetest.SQLite(t))
			e.upsert(e.ticket("A-01", "岳阳县政府", at(t, "2026-10-15 18:00"), false))
			e.runAt(NewDigest(e.st, e.deps), tt.now)
			got := describeAll(e.outbox())
			want := []string{}
			if tt.runs {
				want = []string{"digest 岳阳县政府 ", "summary supervisors "}
			}
			sameList(t, "queued", got, want)
		})
	}
}

func TestDigestContents(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.bind(domain.RoleLiaison, "市规划局", 1001)
	e.bind(domain.RoleAdmin, "", 1002)
	e.onTime("市规划局", 10)
	e.upsert(
		e.ticket("A-LATE", "岳阳县政府", at(t, "2026-11-25 18:00"), false),
		e.ticket("A-TODAY", "岳阳县政府", at(t, "2026-11-27 00:00"), false),
		e.ticket("A-LATER", "岳阳县政府", at(t, "2026-12-01 00:00"), false),
	)
	job := NewDigest(e.st, e.deps)
	e.runAt(job, "2026-11-26 08:30")
	e.runAt(job, "2026-11-26 09:00") // a catch-up the same day adds nothing
	out := e.outbox()
	if len(out) != 3 {
		t.Fatalf("queued %q", describeAll(out))
	}
	byUnit := map[string]*domain.UnitDigest{}
	var summary *domain.Summary
	for _, n := range out {
		if n.Notice.Digest != nil {
			byUnit[n.Notice.Unit.Name] = n.Notice.Digest
		}
		if n.Notice.Summary != nil {
			summary = n.Notice.Summary
		}
		if want := at(t, "2026-11-27 00:00"); !n.ExpiresAt.Equal(want) {
			t.Errorf("%s expires %v, want the end of the day", n.Key, n.ExpiresAt)
		}
	}
	if d := byUnit["岳阳县政府"]; d == nil || d.Open != 3 || d.Overdue != 1 || d.DueToday != 1 || !d.Graded || d.Grade != domain.GradeE {
		t.Errorf("岳阳县政府 digest %+v", d)
	}
	if d := byUnit["市规划局"]; d == nil || d.Open != 0 || d.Grade != domain.GradeA || d.Rank != 1 || d.Of != 1 {
		t.Errorf("市规划局 digest %+v", d)
	}
	if summary == nil || summary.OpenOverdue != 1 || summary.Overview.Graded != 2 {
		t.Fatalf("summary %+v", summary)
	}
	sameList(t, "units without an active liaison", summary.NoContacts, []string{"岳阳县政府"})
}

func TestCloseOncePerPeriod(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.onTime("市规划局", 4)
	urgent := e.ticket("U-1", "岳阳县政府", at(t, "2026-11-10 18:00"), true)
	urgent.CompletedAt = urgent.DueAt.Add(-time.Minute)
	lateUrgent := e.ticket("U-2", "岳阳县政府", at(t, "2026-11-10 18:00"), true)
	lateUrgent.Topic = "噪音扰民"
	lateUrgent.Category = domain.Complaint
	e.upsert(urgent, lateUrgent)
	job := NewClose(e.st, e.deps)
	e.runAt(job, "2027-01-01 09:00")
	e.runAt(job, "2027-01-01 09:01")
	out := e.outbox()
	sameList(t, "queued", describeAll(out), []string{"bulletin supervisors ", "final 岳阳县政府 ", "final 市规划局 "})
	b := out[0].Notice.Bulletin
	if b.Period.String() != "2026Q4" || b.Total != 6 || b.Urgent != 2 || b.UrgentOnTime != 1 {
		t.Errorf("bulletin %s total %d urgent %d/%d", b.Period, b.Total, b.UrgentOnTime, b.Urgent)
	}
	if b.ByCategory[0].Category != domain.Complaint || b.ByCategory[0].Count != 1 || b.ByCategory[1].Count != 5 {
		t.Errorf("by category %+v", b.ByCategory)
	}
	if len(b.TopTopics) != 2 || b.TopTopics[0].Topic != "路灯不亮" || b.TopTopics[0].Count != 5 {
		t.Errorf("topics %+v", b.TopTopics)
	}
	if len(b.TopDistricts) != 1 || len(b.TopDepartments) != 1 || b.TopDepartments[0].Handled != 4 {
		t.Errorf("top units %+v %+v", b.TopDistricts, b.TopDepartments)
	}
	if _, ok, err := e.st.FinalSnapshot(e.ctx, b.Period); err != nil || !ok {
		t.Errorf("final snapshot of %s: %v %v", b.Period, ok, err)
	}
}

// The supervisors' summary carries the city chart on the week's first
// working day only.
func TestDigestChartOnTheWeeksFirstWorkday(t *testing.T) {
	tests := []struct {
		name  string
		now   string
		chart bool
	}{
		{"a Monday", "2026-11-30 08:30", true},
		{"a Tuesday", "2026-12-01 08:30", false},
		{"the Thursday after National Day took Monday to Wednesday", "2026-10-08 08:30", true},
		{"the make-up Saturday of that week", "2026-10-10 08:30", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, storetest.SQLite(t))
			e.onTime("市规划局", 3)
			e.runAt(NewDigest(e.st, e.deps), tt.now)
			var summary *domain.Summary
			for _, n := range e.outbox() {
				if n.Notice.Summary != nil {
					summary = n.Notice.Summary
				}
			}
			if summary == nil || summary.Chart != tt.chart {
				t.Errorf("summary %+v, want chart %v", summary, tt.chart)
			}
		})
	}
}
