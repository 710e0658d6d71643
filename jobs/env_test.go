package jobs

import (
	"context"
	"testing"
	"time"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
)

var shanghai = testkit.Shanghai()

// at is an instant in Asia/Shanghai, written "2006-01-02 15:04".
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// env is a SQLite store with two units, the leader lease taken, and a fake
// clock that every job reads.
type env struct {
	t     testing.TB
	ctx   context.Context
	st    *store.Store
	clock *testkit.Clock
	deps  Deps
	units map[string]domain.Unit
}

func newEnv(t testing.TB, dsn string) *env {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t, dsn)
	if _, _, err := st.UpsertUnits(ctx, []domain.Unit{
		{Name: "岳阳县政府", Kind: domain.District},
		{Name: "市规划局", Kind: domain.Department},
	}); err != nil {
		t.Fatal(err)
	}
	units, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, st: st, clock: testkit.NewClock(time.Time{}), units: map[string]domain.Unit{}}
	for _, u := range units {
		e.units[u.Name] = u
	}
	gen, ok, err := st.AcquireLease(ctx, "test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	cfg := config.Defaults()
	e.deps = Deps{Settings: SettingsFrom(cfg), Fence: FixedFence(gen), Now: e.clock.Now}
	return e
}

func (e *env) unit(name string) domain.Unit { return e.units[name] }

// ticket is a ticket of the named unit dispatched a week before due.
func (e *env) ticket(no, unit string, due time.Time, urgent bool) domain.Ticket {
	return domain.Ticket{No: no, UnitID: e.unit(unit).ID, Category: domain.Help, Topic: "路灯不亮",
		Urgent: urgent, DispatchedAt: due.Add(-7 * 24 * time.Hour), DueAt: due}
}

func (e *env) upsert(ts ...domain.Ticket) {
	e.t.Helper()
	if _, err := e.st.UpsertTickets(e.ctx, ts); err != nil {
		e.t.Fatal(err)
	}
}

// outbox lists every queued notification.
func (e *env) outbox() []store.OutboxEntry {
	e.t.Helper()
	out, err := e.st.Outbox(e.ctx, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// runAt sets the clock and runs job.
func (e *env) runAt(job Job, s string) {
	e.t.Helper()
	e.clock.Set(at(e.t, s))
	if err := job.Run(e.ctx); err != nil {
		e.t.Fatalf("run at %s: %v", s, err)
	}
}

// newSince lists the notifications queued after the first n.
func (e *env) newSince(n int) []store.OutboxEntry {
	all := e.outbox()
	return all[n:]
}
