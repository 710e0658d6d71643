package domain_test

import (
	"errors"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func requestRules(t *testing.T) domain.RequestRules {
	return domain.RequestRules{MaxDays: 10, MaxExtensions: 1, Calendar: shippedCalendar(t, nil, nil), Location: testkit.Shanghai()}
}

// Days of 2026 used below: Mid-Autumn Fri 09-25 … Sun 09-27 off, Sun 09-20
// worked; National Day 10-01 … 10-07 off, Sat 10-10 worked.
func TestExtendedDue(t *testing.T) {
	r := requestRules(t)
	cases := []struct {
		name string
		due  string
		days int
		want string
	}{
		{"24:00 of a Wednesday, one day: Thursday", "2026-11-26 00:00:00", 1, "2026-11-27 00:00:00"},
		{"an urgent 15:00 deadline counts its own day as the one it ends", "2026-11-25 15:00:00", 1, "2026-11-27 00:00:00"},
		{"over the Mid-Autumn weekend", "2026-09-25 00:00:00", 1, "2026-09-29 00:00:00"},
		{"onto the make-up Sunday", "2026-09-19 00:00:00", 1, "2026-09-21 00:00:00"},
		{"over National Day", "2026-10-01 00:00:00", 2, "2026-10-10 00:00:00"},
		{"onto the make-up Saturday after National Day", "2026-10-01 00:00:00", 3, "2026-10-11 00:00:00"},
		{"ten days over a weekend", "2026-11-27 00:00:00", 10, "2026-12-11 00:00:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := r.ExtendedDue(inShanghai(t, c.due), c.days)
			if want := inShanghai(t, c.want); !got.Equal(want) {
				t.Errorf("ExtendedDue(%s, %d) = %s, want %s", c.due, c.days, got.In(testkit.Shanghai()), c.want)
			}
		})
	}
}

func TestRequestCheck(t *testing.T) {
	r := requestRules(t)
	now := inShanghai(t, "2026-11-25 10:00:00")
	liaison := domain.Contact{ID: 7, Name: "李四", Role: domain.RoleLiaison, UnitID: 1}
	open := domain.Ticket{No: "A-1", UnitID: 1, DispatchedAt: inShanghai(t, "2026-11-20 09:00:00"), DueAt: inShanghai(t, "2026-11-27 00:00:00")}
	extend := domain.RequestDraft{TicketNo: "A-1", Kind: domain.RequestExtend, Days: 3, Reason: "需协调三个部门", Contact: liaison}
	ret := domain.RequestDraft{TicketNo: "A-1", Kind: domain.RequestReturn, Reason: "不属本单位职责", Contact: liaison}
	with := func(f func(*domain.Ticket)) domain.Ticket { c := open; f(&c); return c }
	draft := func(d domain.RequestDraft, f func(*domain.RequestDraft)) domain.RequestDraft { f(&d); return d }
	approvedExt := domain.Request{Kind: domain.RequestExtend, UnitID: 1, Status: domain.RequestApproved}
	cases := []struct {
		name    string
		draft   domain.RequestDraft
		ticket  domain.Ticket
		history []domain.Request
		want    domain.RefusalCode // empty: accepted
	}{
		{"extension accepted", extend, open, nil, ""},
		{"return accepted", ret, open, nil, ""},
		{"empty reason", draft(extend, func(d *domain.RequestDraft) { d.Reason = "  " }), open, nil, domain.RefuseNoReason},
		{"zero days", draft(extend, func(d *domain.RequestDraft) { d.Days = 0 }), open, nil, domain.RefuseDays},
		{"more days than allowed", draft(extend, func(d *domain.RequestDraft) { d.Days = 11 }), open, nil, domain.RefuseDays},
		{"the most days allowed", draft(extend, func(d *domain.RequestDraft) { d.Days = 10 }), open, nil, ""},
		{"another unit's ticket", extend, with(func(t *domain.Ticket) { t.UnitID = 2 }), nil, domain.RefuseOtherUnit},
		{"a completed ticket", ret, with(func(t *domain.Ticket) { t.CompletedAt = now.Add(-time.Hour) }), nil, domain.RefuseCompleted},
		{"extension after the deadline", extend, with(func(t *domain.Ticket) { t.DueAt = now }), nil, domain.RefusePastDeadline},
		{"return after the deadline is fine", ret, with(func(t *domain.Ticket) { t.DueAt = now.Add(-time.Hour) }), nil, ""},
		{"a second pending request", ret, open, []domain.Request{{Kind: domain.RequestExtend, UnitID: 1, Status: domain.RequestPending}}, domain.RefusePending},
		{"more extensions than allowed", extend, open, []domain.Request{approvedExt}, domain.RefuseExtensions},
		{"a rejected extension does not count", extend, open, []domain.Request{{Kind: domain.RequestExtend, UnitID: 1, Status: domain.RequestRejected}}, ""},
		{"a return after an extension", ret, open, []domain.Request{approvedExt}, ""},
		{"the unit's own returned ticket", extend, with(func(t *domain.Ticket) { t.UnitID = 0 }),
			[]domain.Request{{Kind: domain.RequestReturn, UnitID: 1, Status: domain.RequestApproved, Effective: true}}, domain.RefuseReturned},
		{"another unit's returned ticket", extend, with(func(t *domain.Ticket) { t.UnitID = 0 }),
			[]domain.Request{{Kind: domain.RequestReturn, UnitID: 2, Status: domain.RequestApproved, Effective: true}}, domain.RefuseOtherUnit},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := r.Check(c.draft, c.ticket, c.history, now)
			var refusal *domain.Refusal
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && !errors.As(err, &refusal):
				t.Fatalf("err = %v, want refusal %s", err, c.want)
			case c.want != "" && refusal.Code != c.want:
				t.Fatalf("refusal %s, want %s", refusal.Code, c.want)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	r := requestRules(t)
	at := inShanghai(t, "2026-11-25 11:00:00")
	ticket := domain.Ticket{No: "A-1", UnitID: 1, DueAt: inShanghai(t, "2026-11-27 00:00:00")}
	pending := domain.Request{ID: 3, Kind: domain.RequestExtend, Days: 2, UnitID: 1, Status: domain.RequestPending}

	got, err := r.Decide(pending, ticket, domain.Decision{Approve: true, By: "王主任", At: at})
	if err != nil || got.Status != domain.RequestApproved || !got.Effective ||
		!got.DueAfter.Equal(inShanghai(t, "2026-12-01 00:00:00")) || !got.DueBefore.Equal(ticket.DueAt) {
		t.Fatalf("approve = %+v, %v", got, err)
	}
	if _, err := r.Decide(pending, ticket, domain.Decision{Approve: false, By: "王主任", At: at}); !errors.Is(err, domain.ErrDecisionReason) {
		t.Fatalf("reject without reason: %v", err)
	}
	var already *domain.AlreadyDecided
	if _, err := r.Decide(got, ticket, domain.Decision{Approve: false, Reason: "x", At: at}); !errors.As(err, &already) || already.Request.DecidedBy != "王主任" {
		t.Fatalf("second decision: %v", err)
	}
	ret := domain.Request{ID: 4, Kind: domain.RequestReturn, UnitID: 1, Status: domain.RequestPending}
	moved := ticket
	moved.UnitID = 2
	if got, _ := r.Decide(ret, moved, domain.Decision{Approve: true, At: at}); got.Effective {
		t.Fatal("a return of a ticket moved meanwhile took effect")
	}
}

func TestMeetImport(t *testing.T) {
	dispatched := inShanghai(t, "2026-11-20 09:00:00")
	extended := inShanghai(t, "2026-12-01 00:00:00")
	ext := domain.Request{Kind: domain.RequestExtend, UnitID: 1, Dispatched: dispatched, DueAfter: extended}
	ret := domain.Request{Kind: domain.RequestReturn, UnitID: 1, Dispatched: dispatched}
	fileDue := inShanghai(t, "2026-11-27 00:00:00")
	cases := []struct {
		name       string
		effects    []domain.Request
		unit       int64
		dispatched time.Time
		due        time.Time
		want       domain.AfterImport
	}{
		{"same dispatch, earlier file deadline: the extension stands", []domain.Request{ext}, 1, dispatched, fileDue, domain.AfterImport{DueAt: extended}},
		{"a file deadline equal to the extension's: stands", []domain.Request{ext}, 1, dispatched, extended, domain.AfterImport{DueAt: extended}},
		{"a later file deadline wins", []domain.Request{ext}, 1, dispatched, extended.Add(time.Hour), domain.AfterImport{EndExtensions: true}},
		{"another unit: a new dispatch", []domain.Request{ext}, 2, dispatched, fileDue, domain.AfterImport{EndAll: true}},
		{"a later dispatch time: a new dispatch", []domain.Request{ret}, 1, dispatched.Add(time.Hour), fileDue, domain.AfterImport{EndAll: true}},
		{"returned, same unit named again: stays returned", []domain.Request{ret}, 1, dispatched, fileDue, domain.AfterImport{Returned: true}},
		{"returned, dispatched to another unit", []domain.Request{ret}, 2, dispatched, fileDue, domain.AfterImport{EndAll: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := domain.MeetImport(c.effects, c.unit, c.dispatched, c.due)
			if got.EndAll != c.want.EndAll || got.EndExtensions != c.want.EndExtensions || got.Returned != c.want.Returned || !got.DueAt.Equal(c.want.DueAt) {
				t.Errorf("MeetImport = %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestRequestNotesHeldByQuietHours: the supervisors' card of a request on
// an ordinary ticket waits for the end of quiet hours; on an urgent ticket
// it goes at once.
func TestRequestNotesHeldByQuietHours(t *testing.T) {
	r := requestRules(t)
	morning := inShanghai(t, "2026-11-26 07:30:00")
	r.Hold = func(now time.Time) time.Time {
		if now.Before(morning) {
			return morning
		}
		return now
	}
	night := inShanghai(t, "2026-11-25 23:10:00")
	q := domain.Request{ID: 9, UnitID: 1, UnitName: "岳阳县政府", Kind: domain.RequestReturn}
	cases := []struct {
		name   string
		urgent bool
		at     time.Time
		want   time.Time
	}{
		{"ordinary ticket at night: held to the morning", false, night, morning},
		{"urgent ticket at night: at once", true, night, night},
		{"ordinary ticket by day: at once", false, inShanghai(t, "2026-11-26 10:00:00"), inShanghai(t, "2026-11-26 10:00:00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := domain.Ticket{No: "A-1", UnitID: 1, UnitName: "岳阳县政府", Urgent: c.urgent}
			n := r.SubmittedNote(q, tk, c.at)
			if !n.NotBefore.Equal(c.want) || n.Urgent != c.urgent || n.Audience.Kind != domain.AudienceSupervisors || n.Key != "request:9:submitted" {
				t.Errorf("note %+v, want not before %s", n, c.want)
			}
			d := r.DecidedNote(q, tk, c.at)
			if !d.NotBefore.Equal(c.want) || d.Audience != (domain.Audience{Kind: domain.AudienceUnit, UnitID: 1}) {
				t.Errorf("decision note %+v", d)
			}
		})
	}
}
