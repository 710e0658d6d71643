package jobs

import (
	"testing"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// TestDeadlinesAfterDecisions: an extension approved before the old
// deadline means no overdue alert at it, only at the new one; a returned
// ticket gets no warning at all until it is dispatched again.
func TestDeadlinesAfterDecisions(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		rules := config.Defaults().RequestRules()
		// Both due at 24:00 on Friday 2026-11-27.
		ext := e.ticket("E-1", "岳阳县政府", at(t, "2026-11-28 00:00"), false)
		ret := e.ticket("R-1", "岳阳县政府", at(t, "2026-11-28 00:00"), false)
		e.upsert(ext, ret)
		job := NewDeadlines(e.st, e.deps)
		liaison := domain.Contact{ID: 1, Name: "李四", UnitID: e.unit("岳阳县政府").ID}
		for _, d := range []domain.RequestDraft{
			{TicketNo: "E-1", Kind: domain.RequestExtend, Days: 2, Reason: "需现场核实", Contact: liaison},
			{TicketNo: "R-1", Kind: domain.RequestReturn, Reason: "非本单位职责", Contact: liaison},
		} {
			q, err := e.st.SubmitRequest(e.ctx, 0, d, rules, at(t, "2026-11-26 09:00"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.st.DecideRequest(e.ctx, 0, domain.Decision{RequestID: q.ID, Approve: true, By: "王主任", At: at(t, "2026-11-26 10:00")}, rules); err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			now  string
			want []string
		}{
			{"2026-11-27 00:00", []string{}}, // 24 h before the old deadline: nothing
			{"2026-11-27 20:00", []string{}},
			{"2026-11-28 00:00", []string{}},                     // the old deadline: no overdue alert
			{"2026-11-30 00:00", []string{}},                     // the new deadline is 24:00 on Tuesday 12-01
			{"2026-12-01 00:00", []string{"due_soon 岳阳县政府 E-1"}}, // 24 h before it
			{"2026-12-01 20:00", []string{"due_soon 岳阳县政府 E-1"}}, // 4 h before
			{"2026-12-02 00:00", []string{"overdue 岳阳县政府 E-1"}},  // the new deadline
		}
		for _, s := range steps {
			t.Run(s.now, func(t *testing.T) {
				n := len(e.outbox())
				e.runAt(job, s.now)
				sameList(t, "queued", describeAll(e.newSince(n)), s.want)
			})
		}
		// Re-dispatched to another unit with a new deadline: warned there.
		moved := ret
		moved.UnitID, moved.DueAt = e.unit("市规划局").ID, at(t, "2026-12-03 00:00")
		e.upsert(moved)
		n := len(e.outbox())
		e.runAt(job, "2026-12-02 00:00")
		sameList(t, "after re-dispatch", describeAll(e.newSince(n)), []string{"due_soon 市规划局 R-1"})
	})
}
