package store

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// leader takes the leader lease on s and returns its generation.
func leader(t testing.TB, s *Store) int64 {
	t.Helper()
	gen, ok, err := s.AcquireLease(context.Background(), "test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	return gen
}

func outboxNote(key string, a domain.Audience, at time.Time) domain.Notification {
	return domain.Notification{Key: key, Audience: a, NotBefore: at, CreatedAt: at,
		Notice: domain.Notice{Kind: domain.NoticeOverdue, At: at, Tickets: []domain.TicketLine{{No: "A-1", DueAt: at}}}}
}

func TestOutbox(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		gen := leader(t, s)
		now := sh(t, "2026-11-26 23:00")
		unit := domain.Audience{Kind: domain.AudienceUnit, UnitID: 7}
		later := outboxNote("later", unit, now)
		later.NotBefore = sh(t, "2026-11-27 07:30")
		urgent := outboxNote("urgent", unit, now)
		urgent.Urgent = true
		n, err := s.Enqueue(ctx, gen, []domain.Notification{outboxNote("first", unit, now), later, urgent, outboxNote("first", unit, now)})
		if err != nil || n != 3 {
			t.Fatalf("enqueue: %d %v, want 3 (one key twice)", n, err)
		}
		due, err := s.DueNotifications(ctx, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := outboxKeys(due); got != "urgent first" {
			t.Errorf("due at 23:00: %q, want urgent first, then oldest", got)
		}
		if due[1].Notice.Tickets[0].No != "A-1" || due[1].Audience != unit {
			t.Errorf("round trip: %+v", due[1])
		}
		id := due[1].ID
		if err := s.RecordDelivery(ctx, gen, domain.Delivery{NotificationID: id, ContactID: 1, Parts: 1, State: domain.DeliveryPartial}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordDelivery(ctx, gen, domain.Delivery{NotificationID: id, ContactID: 1, Parts: 2, State: domain.DeliverySent}, now); err != nil {
			t.Fatal(err)
		}
		dels, err := s.Deliveries(ctx, []int64{id})
		if err != nil || len(dels) != 1 || dels[0].Parts != 2 || !dels[0].Done() {
			t.Errorf("deliveries %+v %v", dels, err)
		}
		if err := s.CloseNotification(ctx, gen, id, false, now); err != nil {
			t.Fatal(err)
		}
		if err := s.DeferNotification(ctx, gen, due[0].ID, now.Add(time.Minute), "502 Bad Gateway"); err != nil {
			t.Fatal(err)
		}
		due, _ = s.DueNotifications(ctx, now, 10)
		if got := outboxKeys(due); got != "" {
			t.Errorf("due after closing and deferring: %q", got)
		}
		due, _ = s.DueNotifications(ctx, sh(t, "2026-11-27 07:30"), 10)
		if got := outboxKeys(due); got != "urgent later" || due[0].Attempts != 1 {
			t.Errorf("due in the morning: %q (attempts %d)", got, due[0].Attempts)
		}
		if d, err := s.OutboxDepth(ctx); err != nil || d != 2 {
			t.Errorf("depth %d %v", d, err)
		}
	})
}

func outboxKeys(ns []domain.Notification) string {
	var keys []string
	for _, n := range ns {
		keys = append(keys, n.Key)
	}
	return strings.Join(keys, " ")
}

func TestStageCandidates(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		gen := leader(t, s)
		ids := seedUnits(t, s)
		now := sh(t, "2026-11-26 12:00")
		ticket := func(no string, due time.Time, completed time.Time) domain.Ticket {
			return domain.Ticket{No: no, UnitID: ids["岳阳县政府"], Category: domain.Help, Topic: "城市管理类",
				DispatchedAt: due.Add(-72 * time.Hour), DueAt: due, CompletedAt: completed}
		}
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{
			ticket("SOON", now.Add(3*time.Hour), time.Time{}),
			ticket("LATER", now.Add(48*time.Hour), time.Time{}),
			ticket("DONE", now.Add(time.Hour), now.Add(-time.Hour)),
			ticket("LATE", now.Add(-2*time.Hour), time.Time{}),
			ticket("SETTLED", now.Add(-72*time.Hour), time.Time{}),
			ticket("FORGOTTEN", now.Add(-72*time.Hour), time.Time{}),
		}); err != nil {
			t.Fatal(err)
		}
		fired := []domain.FiredStage{
			{TicketNo: "LATE", DueAt: now.Add(-2 * time.Hour), Stage: "overdue"},
			{TicketNo: "LATE", DueAt: now.Add(-3 * time.Hour), Stage: "escalation"}, // an older deadline's
			{TicketNo: "SETTLED", DueAt: now.Add(-72 * time.Hour), Stage: "escalation"},
		}
		if err := s.RecordStages(ctx, gen, fired, []domain.Notification{outboxNote("k", supervisorsAudienceForTest, now)}, now); err != nil {
			t.Fatal(err)
		}
		tickets, announced, err := s.StageCandidates(ctx, now, now.Add(24*time.Hour), now.Add(-24*time.Hour), "escalation")
		if err != nil {
			t.Fatal(err)
		}
		var nos []string
		for _, tk := range tickets {
			nos = append(nos, tk.No)
			// What the alert lists of the ticket.
			if tk.UnitName != "岳阳县政府" || tk.Category != domain.Help || tk.Topic != "城市管理类" || tk.Urgent {
				t.Errorf("candidate %s: unit %q, category %q, topic %q, urgent %v", tk.No, tk.UnitName, tk.Category, tk.Topic, tk.Urgent)
			}
		}
		sort.Strings(nos)
		if got := strings.Join(nos, " "); got != "FORGOTTEN LATE SOON" {
			t.Errorf("candidates %q", got)
		}
		if got := strings.Join(announced["LATE"], " "); got != "overdue" {
			t.Errorf("announced for LATE's current deadline: %q", got)
		}

		if s.dialect != DialectSQLite {
			return
		}
		// At "now" the scan reads the index of open tickets only, never
		// the table, however many completed tickets it holds.
		q, args, err := s.stageQuery(ctx, now, now.Add(24*time.Hour), now.Add(-24*time.Hour), "escalation")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.sql.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, "SEARCH t USING COVERING INDEX tickets_open_stage") || strings.Count(text, " t ") != 1 {
			t.Errorf("the stage scan reads more than tickets_open_stage:\n%s", text)
		}
	})
}

var supervisorsAudienceForTest = domain.Audience{Kind: domain.AudienceSupervisors}

func TestSnapshots(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		gen := leader(t, s)
		ids := seedUnits(t, s)
		p := domain.NewPeriod(domain.Quarter, 2026, 4, shanghai)
		scheme := domain.DefaultScheme()
		units, _ := s.Units(ctx)
		at := sh(t, "2026-11-26 12:00")
		r := domain.NewReport(p, at, units, map[int64]domain.Counts{
			ids["岳阳县政府"]: {Should: 4195, Handled: 4194, Overdue: 4, Rework: 4, Satisfied: 223, Dissatisfied: 8},
			ids["市金融办"]:  {Should: 37, Handled: 36, Overdue: 11},
		}, scheme)
		if err := s.SaveSnapshot(ctx, gen, r, false, nil); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.FinalSnapshot(ctx, p); ok || err != nil {
			t.Errorf("final snapshot before closing: %v %v", ok, err)
		}
		got, ok, err := s.LatestSnapshot(ctx, p)
		if err != nil || !ok {
			t.Fatalf("latest: %v %v", ok, err)
		}
		if !got.At.Equal(at) || len(got.Units) != 2 || len(got.NoTickets) != 3 {
			t.Fatalf("snapshot at %v: %d graded, %d without tickets", got.At, len(got.Units), len(got.NoTickets))
		}
		card, _ := got.Card(ids["岳阳县政府"])
		want, _ := r.Card(ids["岳阳县政府"])
		if card.Composite != 99.2 || card.Grade != domain.GradeA || card.OnTimeRate != want.OnTimeRate || card.Unit.Name != "岳阳县政府" {
			t.Errorf("card %+v", card)
		}
		final := r
		final.At = sh(t, "2027-01-01 09:00")
		if err := s.SaveSnapshot(ctx, gen, final, true, nil); err != nil {
			t.Fatal(err)
		}
		if got, ok, _ := s.FinalSnapshot(ctx, p); !ok || !got.At.Equal(final.At) {
			t.Errorf("final snapshot %v %v", ok, got.At)
		}
		if n, err := s.PruneSnapshots(ctx, gen, sh(t, "2027-02-01 00:00")); err != nil || n != 1 {
			t.Errorf("pruned %d %v, want the provisional one", n, err)
		}
	})
}

func TestLeaseAndRuns(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		t0 := time.Unix(1_800_000_000, 0)
		if err := s.CheckFence(ctx, 1); !errors.Is(err, domain.ErrFenced) {
			t.Errorf("fence before any lease: %v", err)
		}
		gen, ok, err := s.AcquireLease(ctx, "a", 20*time.Second, t0, false)
		if err != nil || !ok || gen != 1 {
			t.Fatalf("acquire %d %v %v", gen, ok, err)
		}
		if err := s.CheckFence(ctx, gen); err != nil {
			t.Error(err)
		}
		if _, ok, _ := s.AcquireLease(ctx, "b", 20*time.Second, t0.Add(time.Second), false); ok {
			t.Error("b took a live lease")
		}
		if gen2, ok, _ := s.AcquireLease(ctx, "b", 20*time.Second, t0.Add(time.Second), true); !ok || gen2 != 2 {
			t.Errorf("steal: %d %v", gen2, ok)
		}
		if err := s.CheckFence(ctx, gen); !errors.Is(err, domain.ErrFenced) {
			t.Errorf("old generation: %v", err)
		}
		if err := s.ReleaseLease(ctx, "b", 2); err != nil {
			t.Fatal(err)
		}
		if gen3, ok, _ := s.AcquireLease(ctx, "c", 20*time.Second, t0.Add(2*time.Second), false); !ok || gen3 != 3 {
			t.Errorf("after release: %d %v", gen3, ok)
		}
		if _, ok, err := s.LastRun(ctx, "digest"); ok || err != nil {
			t.Errorf("never ran: %v %v", ok, err)
		}
		for _, at := range []time.Time{t0, t0.Add(time.Minute)} {
			if err := s.RecordRun(ctx, "digest", at); err != nil {
				t.Fatal(err)
			}
		}
		if last, ok, err := s.LastRun(ctx, "digest"); !ok || err != nil || !last.Equal(t0.Add(time.Minute)) {
			t.Errorf("last run %v %v %v", last, ok, err)
		}
	})
}

func TestPeriodFiguresAndBehind(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		p := domain.NewPeriod(domain.Quarter, 2026, 4, shanghai)
		at := sh(t, "2026-11-26 12:00")
		mk := func(no string, c domain.Category, topic string, urgent bool, due, done time.Time, rework int, cb domain.Callback) domain.Ticket {
			return domain.Ticket{No: no, UnitID: ids["市规划局"], Category: c, Topic: topic, Urgent: urgent,
				DispatchedAt: sh(t, "2026-10-10 09:00"), DueAt: due, CompletedAt: done, ReworkCount: rework, Callback: cb}
		}
		due := sh(t, "2026-10-15 00:00")
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{
			mk("P-1", domain.Complaint, "噪音", true, due, due.Add(-time.Hour), 0, domain.CallbackSatisfied),
			mk("P-2", domain.Complaint, "噪音", true, due, due.Add(time.Hour), 2, domain.CallbackDissatisfied),
			mk("P-3", domain.Help, "路灯", false, due, time.Time{}, 0, domain.CallbackNone),
			mk("P-4", domain.Help, "", false, sh(t, "2026-12-01 00:00"), time.Time{}, 0, domain.CallbackNone),
		}); err != nil {
			t.Fatal(err)
		}
		f, err := s.PeriodFigures(ctx, p, at)
		if err != nil {
			t.Fatal(err)
		}
		// P-5 was returned by its unit and awaits re-dispatch (unit 0).
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{mk("P-5", domain.Praise, "退单", false, due, due, 0, domain.CallbackNone)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.sql.ExecContext(ctx, `UPDATE tickets SET unit_id = 0 WHERE ticket_no = 'P-5'`); err != nil {
			t.Fatal(err)
		}
		f, err = s.PeriodFigures(ctx, p, at)
		if err != nil {
			t.Fatal(err)
		}
		// P-4 is open and not yet due, P-5 returned: like the scorecards, the figures leave them out.
		if f.Total != 3 || f.ByCategory[domain.Complaint] != 2 || f.ByCategory[domain.Help] != 1 || f.Urgent != 2 || f.UrgentOnTime != 1 || f.Topics["噪音"] != 2 || len(f.Topics) != 2 {
			t.Errorf("figures %+v", f)
		}
		counts, err := s.Counts(ctx, p, at)
		if err != nil || counts[ids["市规划局"]].Should != f.Total {
			t.Errorf("figures total %d, scorecard should %+v (%v)", f.Total, counts, err)
		}
		for rate, want := range map[domain.Rate]string{
			domain.RateOnTime: "P-3", domain.RateRework: "P-2", domain.RateSatisfaction: "P-2",
		} {
			nos, n, err := s.TicketsBehind(ctx, ids["市规划局"], p, at, rate, 5)
			if err != nil || strings.Join(nos, " ") != want || n != 1 {
				t.Errorf("behind %s: %v %d %v, want %s", rate, nos, n, err, want)
			}
		}
		for _, unit := range []int64{0, ids["市规划局"]} {
			pending, err := s.PendingDeadlines(ctx, unit, p, at)
			if err != nil || len(pending) != 1 || len(pending[ids["市规划局"]]) != 1 || !pending[ids["市规划局"]][0].Equal(sh(t, "2026-12-01 00:00")) {
				t.Errorf("pending deadlines of unit %d: %v %v", unit, pending, err)
			}
		}
	})
}
