package jobs

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

// describe is a notification in one line: kind, audience, tickets.
func describe(n store.OutboxEntry) string {
	var nos []string
	for _, t := range n.Notice.Tickets {
		nos = append(nos, t.No)
	}
	who := n.Notice.Unit.Name
	if n.Audience.Kind != domain.AudienceUnit {
		who = string(n.Audience.Kind)
	}
	s := fmt.Sprintf("%s %s %s", n.Notice.Kind, who, strings.Join(nos, ","))
	if n.Urgent {
		s += " urgent"
	}
	return s
}

func describeAll(ns []store.OutboxEntry) []string {
	out := []string{}
	for _, n := range ns {
		out = append(out, describe(n))
	}
	return out
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestDeadlinesEachStageOnce(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.upsert(e.ticket("A-01", "岳阳县政府", at(t, "2026-11-27 15:00"), false))
	job := NewDeadlines(e.st, e.deps)
	steps := []struct {
		now  string
		want []string
	}{
		{"2026-11-26 14:59", nil},
		{"2026-11-26 15:00", []string{"due_soon 岳阳县政府 A-01"}},
		{"2026-11-26 15:01", nil},
		{"2026-11-27 11:00", []string{"due_soon 岳阳县政府 A-01"}},
		{"2026-11-27 11:30", nil},
		{"2026-11-27 15:00", []string{"overdue 岳阳县政府 A-01"}},
		{"2026-11-28 14:59", nil},
		{"2026-11-28 15:00", []string{"escalation supervisors A-01"}},
		{"2026-11-28 15:01", nil},
		{"2026-11-30 09:00", nil},
	}
	for _, s := range steps {
		t.Run(s.now, func(t *testing.T) {
			n := len(e.outbox())
			e.runAt(job, s.now)
			e.runAt(job, s.now) // a second run at the same instant adds nothing
			sameList(t, "queued", describeAll(e.newSince(n)), append([]string{}, s.want...))
		})
	}
}

func TestDeadlinesExtensionRearms(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	tk := e.ticket("A-01", "岳阳县政府", at(t, "2026-11-27 15:00"), false)
	e.upsert(tk)
	job := NewDeadlines(e.st, e.deps)
	e.runAt(job, "2026-11-27 16:00")
	n := len(e.outbox())
	tk.DueAt = at(t, "2026-11-28 12:00") // extended: due within 24h again
	e.upsert(tk)
	e.runAt(job, "2026-11-27 16:01")
	e.runAt(job, "2026-11-28 08:00")
	e.runAt(job, "2026-11-28 12:00")
	sameList(t, "after the extension", describeAll(e.newSince(n)), []string{
		"due_soon 岳阳县政府 A-01", "due_soon 岳阳县政府 A-01", "overdue 岳阳县政府 A-01",
	})
}

func TestDeadlinesLateArrivalGetsLatestStageOnly(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.upsert(
		e.ticket("LATE", "岳阳县政府", at(t, "2026-11-25 10:00"), false), // overdue 30h: overdue + escalation
		e.ticket("SOON", "岳阳县政府", at(t, "2026-11-26 18:00"), false), // 2h left: past both warnings
	)
	e.runAt(NewDeadlines(e.st, e.deps), "2026-11-26 16:00")
	sameList(t, "queued", describeAll(e.outbox()), []string{
		"due_soon 岳阳县政府 SOON", "escalation supervisors LATE", "overdue 岳阳县政府 LATE",
	})
	for _, n := range e.outbox() {
		if n.Notice.Kind == domain.NoticeDueSoon && n.Notice.Tickets[0].Before != 4*time.Hour {
			t.Errorf("due-soon stage %v, want the 4h one", n.Notice.Tickets[0].Before)
		}
	}
}

func TestDeadlinesGrouping(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.upsert(
		e.ticket("A-SOON-2", "岳阳县政府", at(t, "2026-11-26 20:00"), false),
		e.ticket("A-SOON-1", "岳阳县政府", at(t, "2026-11-26 15:00"), false),
		e.ticket("A-SOON-3", "岳阳县政府", at(t, "2026-11-27 08:00"), false),
		e.ticket("A-LATE-2", "岳阳县政府", at(t, "2026-11-26 09:00"), false),
		e.ticket("A-LATE-1", "岳阳县政府", at(t, "2026-11-24 09:00"), false),
		e.ticket("B-LATE-1", "市规划局", at(t, "2026-11-25 09:00"), false),
		e.ticket("B-LATER", "市规划局", at(t, "2026-12-25 09:00"), false),
	)
	e.runAt(NewDeadlines(e.st, e.deps), "2026-11-26 12:00")
	sameList(t, "one message per unit and kind, soonest first", describeAll(e.outbox()), []string{
		"due_soon 岳阳县政府 A-SOON-1,A-SOON-2,A-SOON-3",
		"escalation supervisors A-LATE-1,B-LATE-1",
		"overdue 岳阳县政府 A-LATE-1,A-LATE-2",
		"overdue 市规划局 B-LATE-1",
	})
}

func TestDeadlinesQuietHours(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.upsert(
		e.ticket("URGENT", "岳阳县政府", at(t, "2026-11-26 23:00"), true),
		e.ticket("NORMAL", "岳阳县政府", at(t, "2026-11-26 22:30"), false),
	)
	e.runAt(NewDeadlines(e.st, e.deps), "2026-11-26 23:00")
	got := e.outbox()
	sameList(t, "split by urgency", describeAll(got), []string{
		"overdue 岳阳县政府 URGENT urgent", "overdue 岳阳县政府 NORMAL",
	})
	if len(got) != 2 {
		t.FailNow()
	}
	if want := at(t, "2026-11-26 23:00"); !got[0].NotBefore.Equal(want) {
		t.Errorf("urgent not before %v, want %v (at once)", got[0].NotBefore, want)
	}
	if want := at(t, "2026-11-27 07:30"); !got[1].NotBefore.Equal(want) {
		t.Errorf("normal not before %v, want %v (end of quiet hours)", got[1].NotBefore, want)
	}
	t.Run("outside quiet hours one message", func(t *testing.T) {
		e := newEnv(t, storetest.SQLite(t))
		e.upsert(e.ticket("URGENT", "岳阳县政府", at(t, "2026-11-26 15:00"), true),
			e.ticket("NORMAL", "岳阳县政府", at(t, "2026-11-26 14:00"), false))
		e.runAt(NewDeadlines(e.st, e.deps), "2026-11-26 15:00")
		sameList(t, "queued", describeAll(e.outbox()), []string{"overdue 岳阳县政府 NORMAL,URGENT urgent"})
	})
}

func TestDeadlinesFencedWriteStoresNothing(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	e.upsert(e.ticket("A-01", "岳阳县政府", at(t, "2026-11-26 15:00"), false))
	stale := e.deps
	stale.Fence = FixedFence(e.deps.Fence.Generation())
	if _, ok, err := e.st.AcquireLease(e.ctx, "newer", time.Hour, time.Now(), true); err != nil || !ok {
		t.Fatalf("takeover: %v %v", ok, err)
	}
	e.clock.Set(at(t, "2026-11-26 16:00"))
	err := NewDeadlines(e.st, stale).Run(e.ctx)
	if !errors.Is(err, domain.ErrFenced) {
		t.Fatalf("run under a stale generation: %v, want ErrFenced", err)
	}
	if n := len(e.outbox()); n != 0 {
		t.Errorf("%d notifications written by a fenced leader", n)
	}
	_, fired, err := e.st.StageCandidates(e.ctx, e.clock.Now(), e.clock.Now(), time.Time{}, "escalation")
	if err != nil || len(fired) != 0 {
		t.Errorf("stage records after a fenced run: %v %v", fired, err)
	}
}
