package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// requestFixture is a store with the test units and one open complaint of
// 岳阳县政府, A-1, dispatched Friday 2026-11-20 09:00 and due at 24:00 of
// Friday 2026-11-27.
type requestFixture struct {
	s       *Store
	ids     map[string]int64
	rules   domain.RequestRules
	ticket  domain.Ticket
	liaison domain.Contact
}

func newRequestFixture(t *testing.T, dsn string) requestFixture {
	t.Helper()
	s := openStore(t, dsn)
	ids := seedUnits(t, s)
	cal, err := domain.NewCalendar(2017, 2027, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := requestFixture{s: s, ids: ids,
		rules: domain.RequestRules{MaxDays: 10, MaxExtensions: 1, Calendar: cal, Location: shanghai},
		ticket: domain.Ticket{No: "A-1", UnitID: ids["岳阳县政府"], Category: domain.Complaint, Topic: "噪音扰民",
			DispatchedAt: sh(t, "2026-11-20 09:00"), DueAt: sh(t, "2026-11-28 00:00")},
		liaison: domain.Contact{ID: 11, Name: "李四", Role: domain.RoleLiaison, UnitID: ids["岳阳县政府"]},
	}
	f.upsert(t, f.ticket)
	return f
}

func (f requestFixture) upsert(t *testing.T, ts ...domain.Ticket) {
	t.Helper()
	if _, err := f.s.UpsertTickets(context.Background(), ts); err != nil {
		t.Fatal(err)
	}
}

func (f requestFixture) submit(t *testing.T, kind domain.RequestKind, days int, at time.Time) domain.Request {
	t.Helper()
	q, err := f.s.SubmitRequest(context.Background(), 0, domain.RequestDraft{TicketNo: "A-1", Kind: kind, Days: days,
		Reason: "需协调住建部门", Contact: f.liaison}, f.rules, at)
	if err != nil {
		t.Fatalf("submit %s: %v", kind, err)
	}
	return q
}

func (f requestFixture) decide(t *testing.T, id int64, approve bool, at time.Time) domain.Request {
	t.Helper()
	q, err := f.s.DecideRequest(context.Background(), 0, domain.Decision{RequestID: id, Approve: approve,
		Reason: "理由不充分", By: "王主任", ByID: 21, Via: "bot", At: at}, f.rules)
	if err != nil {
		t.Fatalf("decide %d: %v", id, err)
	}
	return q
}

func (f requestFixture) counts(t *testing.T, unit string, at time.Time) domain.Counts {
	t.Helper()
	p := domain.PeriodAt(domain.Quarter, at, shanghai)
	c, err := f.s.UnitCounts(context.Background(), f.ids[unit], p, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func outboxKeysAt(t *testing.T, s *Store, at time.Time) string {
	t.Helper()
	due, err := s.DueNotifications(context.Background(), at, 100)
	if err != nil {
		t.Fatal(err)
	}
	return outboxKeys(due)
}

func TestExtensionFromRequestToEffect(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		asked := sh(t, "2026-11-25 10:00")
		q := f.submit(t, domain.RequestExtend, 2, asked)
		if q.Status != domain.RequestPending || !q.DueAfter.Equal(sh(t, "2026-12-02 00:00")) {
			t.Fatalf("submitted %+v", q)
		}
		if got := outboxKeysAt(t, f.s, asked); got != "request:1:submitted" {
			t.Errorf("outbox after the request: %q", got)
		}
		_, err := f.s.SubmitRequest(ctx, 0, domain.RequestDraft{TicketNo: "A-1", Kind: domain.RequestReturn,
			Reason: "x", Contact: f.liaison}, f.rules, asked)
		var refusal *domain.Refusal
		if !errors.As(err, &refusal) || refusal.Code != domain.RefusePending {
			t.Fatalf("second request: %v", err)
		}

		decided := f.decide(t, q.ID, true, sh(t, "2026-11-26 09:00"))
		if !decided.Effective || decided.DecidedBy != "王主任" {
			t.Fatalf("decided %+v", decided)
		}
		got, _ := f.s.Ticket(ctx, "A-1")
		if !got.DueAt.Equal(sh(t, "2026-12-02 00:00")) {
			t.Fatalf("due after approval %s", got.DueAt.In(shanghai))
		}
		var already *domain.AlreadyDecided
		_, err = f.s.DecideRequest(ctx, 0, domain.Decision{RequestID: q.ID, Reason: "no", By: "赵科长", At: sh(t, "2026-11-26 09:01")}, f.rules)
		if !errors.As(err, &already) || already.Request.DecidedBy != "王主任" {
			t.Fatalf("second decision: %v", err)
		}

		// Completed between the old and the new deadline: on time.
		done := f.ticket
		done.CompletedAt = sh(t, "2026-11-30 15:00")
		f.upsert(t, done)
		if c := f.counts(t, "岳阳县政府", sh(t, "2026-12-01 09:00")); c.Should != 1 || c.Handled != 1 || c.Overdue != 0 {
			t.Errorf("counts (/grade) after a completion within the extension: %+v", c)
		}
		rep, err := f.s.Report(ctx, domain.DefaultScheme(), domain.PeriodAt(domain.Quarter, done.DispatchedAt, shanghai), sh(t, "2026-12-01 09:00"))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rep.Units {
			if row.Unit.Name == "岳阳县政府" {
				found = true
				if row.Handled != 1 || row.Overdue != 0 || row.OnTimeRate != 1 {
					t.Errorf("report row after a completion within the extension: %+v", row)
				}
			}
		}
		if !found {
			t.Error("the unit is missing from the report")
		}
		got, _ = f.s.Ticket(ctx, "A-1")
		if !got.DueAt.Equal(sh(t, "2026-12-02 00:00")) {
			t.Errorf("a re-import with the old deadline undid the extension: due %s", got.DueAt.In(shanghai))
		}
		// A later deadline from the file wins and ends the decision.
		later := done
		later.DueAt = sh(t, "2026-12-05 00:00")
		f.upsert(t, later)
		got, _ = f.s.Ticket(ctx, "A-1")
		rec, _ := f.s.Request(ctx, q.ID)
		if !got.DueAt.Equal(later.DueAt) || rec.Effective || rec.EndedBy != domain.EndedByDeadline {
			t.Errorf("later file deadline: due %s, record %+v", got.DueAt.In(shanghai), rec)
		}
		// The record keeps who, when, why and the deadlines.
		if rec.Status != domain.RequestApproved || rec.RequestedBy != "李四" || rec.Reason != "需协调住建部门" ||
			!rec.DueBefore.Equal(f.ticket.DueAt) || !rec.DueAfter.Equal(sh(t, "2026-12-02 00:00")) {
			t.Errorf("record %+v", rec)
		}
	})
}

func TestRejectedRequestChangesNothing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		q := f.submit(t, domain.RequestExtend, 3, sh(t, "2026-11-25 10:00"))
		if _, err := f.s.DecideRequest(ctx, 0, domain.Decision{RequestID: q.ID, By: "王主任", At: sh(t, "2026-11-25 11:00")}, f.rules); !errors.Is(err, domain.ErrDecisionReason) {
			t.Fatalf("reject without reason: %v", err)
		}
		r := f.decide(t, q.ID, false, sh(t, "2026-11-25 11:00"))
		if r.Status != domain.RequestRejected || r.DecisionReason != "理由不充分" || r.Effective {
			t.Fatalf("rejected %+v", r)
		}
		got, _ := f.s.Ticket(ctx, "A-1")
		if !got.DueAt.Equal(f.ticket.DueAt) || got.UnitID != f.ticket.UnitID {
			t.Errorf("ticket after rejection %+v", got)
		}
		if c := f.counts(t, "岳阳县政府", sh(t, "2026-11-28 01:00")); c.Should != 1 || c.Handled != 0 {
			t.Errorf("counts %+v", c)
		}
		// A rejected request leaves room for another.
		f.submit(t, domain.RequestReturn, 0, sh(t, "2026-11-25 12:00"))
	})
}

func TestReturnLeavesCountsUntilRedispatch(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		late := sh(t, "2026-11-29 10:00") // past the deadline: counts, overdue
		if c := f.counts(t, "岳阳县政府", late); c.Should != 1 {
			t.Fatalf("before: %+v", c)
		}
		q := f.submit(t, domain.RequestReturn, 0, sh(t, "2026-11-25 10:00"))
		f.decide(t, q.ID, true, sh(t, "2026-11-25 11:00"))
		if c := f.counts(t, "岳阳县政府", late); c.Should != 0 {
			t.Errorf("returned ticket still counts: %+v", c)
		}
		open, _ := f.s.OpenTickets(ctx, f.ids["岳阳县政府"], late)
		if len(open) != 0 {
			t.Errorf("returned ticket still open for the unit: %v", ticketNos(open))
		}
		got, err := f.s.Ticket(ctx, "A-1")
		if err != nil || got.UnitID != 0 {
			t.Fatalf("returned ticket: %+v %v", got, err)
		}
		// The same row again names the unit that returned it: still returned.
		f.upsert(t, f.ticket)
		changed := f.ticket
		changed.Summary = "补充说明"
		f.upsert(t, changed)
		if c := f.counts(t, "岳阳县政府", late); c.Should != 0 {
			t.Errorf("a re-import undid the return: %+v", c)
		}
		// Re-dispatched to another unit: counts there.
		moved := changed
		moved.UnitID = f.ids["市规划局"]
		f.upsert(t, moved)
		if c := f.counts(t, "市规划局", late); c.Should != 1 {
			t.Errorf("re-dispatched ticket does not count for its new unit: %+v", c)
		}
		rec, _ := f.s.Request(ctx, q.ID)
		if rec.Effective || rec.EndedBy != domain.EndedByDispatch {
			t.Errorf("record after re-dispatch %+v", rec)
		}
	})
}

func TestReturnRedispatchedToSameUnit(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		f := newRequestFixture(t, dsn)
		q := f.submit(t, domain.RequestReturn, 0, sh(t, "2026-11-25 10:00"))
		f.decide(t, q.ID, true, sh(t, "2026-11-25 11:00"))
		again := f.ticket
		again.DispatchedAt, again.DueAt = sh(t, "2026-11-26 09:00"), sh(t, "2026-12-03 00:00")
		f.upsert(t, again)
		if c := f.counts(t, "岳阳县政府", sh(t, "2026-12-03 10:00")); c.Should != 1 {
			t.Errorf("a new dispatch to the same unit does not count: %+v", c)
		}
	})
}

func TestConcurrentDecisionsOneWins(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		q := f.submit(t, domain.RequestExtend, 2, sh(t, "2026-11-25 10:00"))
		at := sh(t, "2026-11-25 11:00")
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.s.DecideRequest(ctx, 0, domain.Decision{RequestID: q.ID, Approve: i%2 == 0,
					Reason: "并发", By: "督查" + string(rune('A'+i)), At: at}, f.rules)
			}()
		}
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errs {
			var already *domain.AlreadyDecided
			switch {
			case err == nil:
				won++
			case errors.As(err, &already):
				lost++
			default:
				t.Errorf("decision failed: %v", err)
			}
		}
		if won != 1 || lost != 7 {
			t.Fatalf("won %d, lost %d", won, lost)
		}
		if got := outboxKeysAt(t, f.s, at); got != "request:1:submitted request:1:decided request:1:closed" {
			t.Errorf("outbox %q: one decision notice, one update of the cards", got)
		}
	})
}

func TestRequestCards(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		for _, c := range []struct {
			chat int64
			msg  int
		}{{1001, 5}, {1002, 7}, {1001, 9}} {
			if err := s.RecordCard(ctx, 3, c.chat, c.msg); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.RequestCards(ctx, 3)
		if err != nil || len(got) != 2 || got[1001] != 9 || got[1002] != 7 {
			t.Fatalf("cards %v, %v", got, err)
		}
		if none, _ := s.RequestCards(ctx, 4); len(none) != 0 {
			t.Errorf("cards of another request: %v", none)
		}
	})
}

func TestDecisionFenced(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		gen := leader(t, f.s)
		q := f.submit(t, domain.RequestExtend, 2, sh(t, "2026-11-25 10:00"))
		leader(t, f.s) // taken over: gen is stale
		_, err := f.s.DecideRequest(ctx, gen, domain.Decision{RequestID: q.ID, Approve: true, By: "王主任", At: sh(t, "2026-11-25 11:00")}, f.rules)
		if !errors.Is(err, domain.ErrFenced) {
			t.Fatalf("stale leader decided: %v", err)
		}
		if rec, _ := f.s.Request(ctx, q.ID); rec.Status != domain.RequestPending {
			t.Errorf("record %+v", rec)
		}
	})
}

func TestRequestsFilter(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newRequestFixture(t, dsn)
		b := f.ticket
		b.No = "A-2"
		f.upsert(t, b)
		q1 := f.submit(t, domain.RequestExtend, 1, sh(t, "2026-11-25 10:00"))
		f.decide(t, q1.ID, true, sh(t, "2026-11-25 12:00"))
		q2, err := f.s.SubmitRequest(ctx, 0, domain.RequestDraft{TicketNo: "A-2", Kind: domain.RequestReturn, Reason: "非本单位职责", Contact: f.liaison}, f.rules, sh(t, "2026-11-25 11:00"))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			f    domain.RequestFilter
			want []int64
		}{
			{"all, by last change", domain.RequestFilter{}, []int64{q2.ID, q1.ID}},
			{"pending", domain.RequestFilter{Status: domain.RequestPending}, []int64{q2.ID}},
			{"approved", domain.RequestFilter{Status: domain.RequestApproved}, []int64{q1.ID}},
			{"since the decision", domain.RequestFilter{Since: sh(t, "2026-11-25 11:30")}, []int64{q1.ID}},
			{"of a ticket", domain.RequestFilter{TicketNo: "A-2"}, []int64{q2.ID}},
			{"of the unit", domain.RequestFilter{UnitID: f.ids["岳阳县政府"]}, []int64{q2.ID, q1.ID}},
			{"of another unit", domain.RequestFilter{UnitID: f.ids["市规划局"]}, nil},
			{"of the period dispatched in", domain.RequestFilter{Period: domain.PeriodAt(domain.Quarter, f.ticket.DispatchedAt, shanghai)}, []int64{q2.ID, q1.ID}},
			{"of another period", domain.RequestFilter{Period: domain.PeriodAt(domain.Quarter, sh(t, "2026-07-01 00:00"), shanghai)}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := f.s.Requests(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, q := range got {
					ids = append(ids, q.ID)
				}
				if len(ids) != len(c.want) || (len(ids) > 0 && ids[0] != c.want[0]) {
					t.Errorf("ids %v, want %v", ids, c.want)
				}
			})
		}
		if _, err := f.s.SubmitRequest(ctx, 0, domain.RequestDraft{TicketNo: "NOPE", Kind: domain.RequestReturn, Reason: "x", Contact: f.liaison}, f.rules, sh(t, "2026-11-25 11:00")); err == nil {
			t.Error("a request on an unknown ticket was stored")
		}
	})
}
