package domain

import (
	"fmt"
	"strings"
	"time"
)

// RequestKind is what a unit asks the office about one of its tickets.
type RequestKind string

// The two requests a liaison can make.
const (
	RequestExtend RequestKind = "extend" // 延期申请: more working days
	RequestReturn RequestKind = "return" // 退单申请: not the unit's business
)

// ParseRequestKind accepts extend/return or 延期/退单.
func ParseRequestKind(s string) (RequestKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "extend", "延期":
		return RequestExtend, nil
	case "return", "退单":
		return RequestReturn, nil
	}
	return "", fmt.Errorf("unknown request kind %q (want extend or return)", s)
}

// RequestStatus is where a request stands.
type RequestStatus string

// A request is pending until the office approves or rejects it, once.
const (
	RequestPending  RequestStatus = "pending"
	RequestApproved RequestStatus = "approved"
	RequestRejected RequestStatus = "rejected"
)

// ParseRequestStatus accepts pending, approved or rejected.
func ParseRequestStatus(s string) (RequestStatus, error) {
	switch st := RequestStatus(strings.ToLower(strings.TrimSpace(s))); st {
	case RequestPending, RequestApproved, RequestRejected:
		return st, nil
	}
	return "", fmt.Errorf("unknown status %q (want pending, approved or rejected)", s)
}

// Why an approved decision stopped shaping its ticket.
const (
	EndedByDispatch = "dispatch" // a later import dispatched the ticket anew
	EndedByDeadline = "deadline" // a later import brought a later deadline
)

// Request is a unit's extension or return request and, once made, the
// office's decision: the record the office and its ticket system trust.
type Request struct {
	ID       int64
	TicketNo string
	UnitID   int64 // the unit that asked
	UnitName string
	Kind     RequestKind
	Days     int // extension: working days asked
	Reason   string

	RequestedBy   string // the liaison's name
	RequestedByID int64  // the liaison's contact id
	RequestedAt   time.Time
	Dispatched    time.Time // the ticket's dispatch when asked: a later dispatch ends the decision
	DueBefore     time.Time // the ticket's effective deadline when asked (when decided, once decided)
	DueAfter      time.Time // extension: the deadline asked for, the one granted once approved

	Status         RequestStatus
	DecidedBy      string // the supervisor's name, or "api" for the ticket system
	DecidedByID    int64  // the supervisor's contact id; 0 through the API
	DecidedVia     string // "bot" or "api"
	DecidedAt      time.Time
	DecisionReason string

	Effective bool      // approved and still shaping the ticket
	EndedAt   time.Time // when a later import ended the decision's effect
	EndedBy   string    // EndedByDispatch or EndedByDeadline
	UpdatedAt time.Time // the last change: asked, decided or ended
}

// Decided reports whether the office has decided the request.
func (r Request) Decided() bool { return r.Status != RequestPending && r.Status != "" }

// RequestDraft is what a liaison asks, before the rules have checked it.
type RequestDraft struct {
	TicketNo string
	Kind     RequestKind
	Days     int
	Reason   string
	Contact  Contact // the liaison asking
}

// Decision is the office's answer to one request.
type Decision struct {
	RequestID int64
	Approve   bool
	Reason    string // required to reject
	By        string // the supervisor's name, or "api"
	ByID      int64  // the supervisor's contact id; 0 through the API
	Via       string // "bot" or "api"
	At        time.Time
}

// RequestFilter selects requests: by status (empty: any) changed at or
// after Since (zero: any time), by ticket, by the unit that asked and by the
// period its ticket was dispatched in, oldest change first, at most Limit
// (0: all).
type RequestFilter struct {
	Status   RequestStatus
	Since    time.Time
	TicketNo string
	UnitID   int64  // the unit that asked; 0: any
	Period   Period // the tickets dispatched in it; zero: any
	Limit    int
}

// RequestRules are the office's limits on requests and the calendar an
// extension is counted on.
type RequestRules struct {
	MaxDays       int // most working days one extension may ask; default 10
	MaxExtensions int // most approved extensions per ticket and unit; default 1
	Calendar      *Calendar
	Location      *time.Location
	// Hold says until when a notification that is not about an urgent
	// ticket waits (the end of quiet hours); nil: never held.
	Hold func(now time.Time) time.Time
}

// The defaults of RequestRules.
const (
	DefaultMaxExtensionDays = 10
	DefaultMaxExtensions    = 1
)

// ExtendedDue is the deadline a ticket due at due gets with days more
// working days: 24:00 of the days-th working day after the day the
// deadline falls in (a deadline of 24:00 belongs to the day it ends), as
// the original deadline is counted.
func (r RequestRules) ExtendedDue(due time.Time, days int) time.Time {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	cal := r.Calendar
	if cal == nil {
		cal = &Calendar{} // weekends only
	}
	last := cal.AddWorkdays(due.In(loc).Add(-time.Nanosecond), days)
	return last.AddDate(0, 0, 1)
}

// RefusalCode names why a request was refused.
type RefusalCode string

// The reasons a request is refused.
const (
	RefuseNoReason     RefusalCode = "no_reason"       // the reason is empty
	RefuseDays         RefusalCode = "days"            // days outside 1..MaxDays
	RefuseOtherUnit    RefusalCode = "other_unit"      // the ticket is not the unit's (or does not exist)
	RefuseReturned     RefusalCode = "returned"        // the ticket was returned and awaits re-dispatch
	RefuseCompleted    RefusalCode = "completed"       // the ticket is completed
	RefusePastDeadline RefusalCode = "past_deadline"   // an extension asked after the deadline
	RefusePending      RefusalCode = "pending"         // the ticket already has a pending request
	RefuseExtensions   RefusalCode = "extension_limit" // the unit had as many extensions as allowed
)

// Refusal is a request the rules do not accept, with what the message to
// the liaison needs.
type Refusal struct {
	Code    RefusalCode
	Limit   int       // RefuseDays: the most days; RefuseExtensions: the most extensions
	DueAt   time.Time // RefusePastDeadline: the deadline that passed
	Pending Request   // RefusePending: the request already waiting
}

func (r *Refusal) Error() string {
	switch r.Code {
	case RefuseDays:
		return fmt.Sprintf("request refused: days must be 1 to %d", r.Limit)
	case RefuseExtensions:
		return fmt.Sprintf("request refused: at most %d extension(s) per ticket", r.Limit)
	}
	return "request refused: " + string(r.Code)
}

// CheckDraft refuses a draft whose own fields are wrong, before any ticket
// is read: an empty reason, or days outside 1..MaxDays for an extension.
func (r RequestRules) CheckDraft(d RequestDraft) error {
	if d.Kind == RequestExtend && (d.Days < 1 || d.Days > r.maxDays()) {
		return &Refusal{Code: RefuseDays, Limit: r.maxDays()}
	}
	if strings.TrimSpace(d.Reason) == "" {
		return &Refusal{Code: RefuseNoReason}
	}
	return nil
}

// Check refuses a draft the ticket and its earlier requests do not allow
// at now; nil means it may go to the office. history is every request
// ever made about the ticket.
func (r RequestRules) Check(d RequestDraft, t Ticket, history []Request, now time.Time) error {
	if err := r.CheckDraft(d); err != nil {
		return err
	}
	unit := d.Contact.UnitID
	if t.UnitID == 0 {
		if returnedBy(history, unit) {
			return &Refusal{Code: RefuseReturned}
		}
		return &Refusal{Code: RefuseOtherUnit}
	}
	if t.UnitID != unit {
		return &Refusal{Code: RefuseOtherUnit}
	}
	if t.Completed(now) {
		return &Refusal{Code: RefuseCompleted}
	}
	if d.Kind == RequestExtend && !t.DueAt.After(now) {
		return &Refusal{Code: RefusePastDeadline, DueAt: t.DueAt}
	}
	for _, h := range history {
		if h.Status == RequestPending {
			return &Refusal{Code: RefusePending, Pending: h}
		}
	}
	if d.Kind == RequestExtend && r.extensions(history, unit) >= r.maxExtensions() {
		return &Refusal{Code: RefuseExtensions, Limit: r.maxExtensions()}
	}
	return nil
}

func returnedBy(history []Request, unit int64) bool {
	for _, h := range history {
		if h.Kind == RequestReturn && h.Effective && h.UnitID == unit {
			return true
		}
	}
	return false
}

// extensions counts the approved extensions the unit had on the ticket.
func (r RequestRules) extensions(history []Request, unit int64) int {
	n := 0
	for _, h := range history {
		if h.Kind == RequestExtend && h.Status == RequestApproved && h.UnitID == unit {
			n++
		}
	}
	return n
}

func (r RequestRules) maxDays() int {
	if r.MaxDays <= 0 {
		return DefaultMaxExtensionDays
	}
	return r.MaxDays
}

func (r RequestRules) maxExtensions() int {
	if r.MaxExtensions <= 0 {
		return DefaultMaxExtensions
	}
	return r.MaxExtensions
}

// NewRequest is the record of draft d about ticket t, asked at now.
func (r RequestRules) NewRequest(d RequestDraft, t Ticket, now time.Time) Request {
	q := Request{
		TicketNo: t.No, UnitID: t.UnitID, UnitName: t.UnitName, Kind: d.Kind, Reason: strings.TrimSpace(d.Reason),
		RequestedBy: d.Contact.Name, RequestedByID: d.Contact.ID, RequestedAt: now,
		Dispatched: t.DispatchedAt, DueBefore: t.DueAt, Status: RequestPending, UpdatedAt: now,
	}
	if d.Kind == RequestExtend {
		q.Days = d.Days
		q.DueAfter = r.ExtendedDue(t.DueAt, d.Days)
	}
	return q
}

// ErrDecisionReason refuses a rejection without a reason.
var ErrDecisionReason = fmt.Errorf("a rejection needs a reason")

// AlreadyDecided is the error of a decision on a request someone decided
// first; Request says who, when and how.
type AlreadyDecided struct{ Request Request }

func (e *AlreadyDecided) Error() string {
	return fmt.Sprintf("request %d already %s by %s", e.Request.ID, e.Request.Status, e.Request.DecidedBy)
}

// Decide applies d to pending request q about ticket t (as it is now) and
// returns the decided record: an approved extension is counted from the
// ticket's deadline at the decision, so a deadline the file moved since
// the request is honoured.
func (r RequestRules) Decide(q Request, t Ticket, d Decision) (Request, error) {
	if q.Decided() {
		return q, &AlreadyDecided{Request: q}
	}
	if !d.Approve && strings.TrimSpace(d.Reason) == "" {
		return q, ErrDecisionReason
	}
	q.Status = RequestRejected
	if d.Approve {
		q.Status = RequestApproved
	}
	q.DecidedBy, q.DecidedByID, q.DecidedVia, q.DecidedAt = d.By, d.ByID, d.Via, d.At
	q.DecisionReason = strings.TrimSpace(d.Reason)
	q.UpdatedAt = d.At
	if !d.Approve {
		return q, nil
	}
	switch q.Kind {
	case RequestExtend:
		q.DueBefore = t.DueAt
		q.DueAfter = r.ExtendedDue(t.DueAt, q.Days)
		q.Effective = true
	case RequestReturn:
		// A ticket moved to another unit meanwhile is no longer the
		// asking unit's to return: the approval is recorded, to no effect.
		q.Effective = t.UnitID == q.UnitID
	}
	return q, nil
}

// AfterImport is how an import that rewrote a ticket meets the approved
// decisions still shaping it.
type AfterImport struct {
	EndAll        bool      // a new dispatch: every decision ends, the file's values stand
	EndExtensions bool      // the file brings a deadline later than the extension's: it stands
	Returned      bool      // the ticket stays returned (out of every unit's counts)
	DueAt         time.Time // the extended deadline that stays; zero: the file's
}

// MeetImport decides how a ticket imported with the given unit, dispatch
// and deadline meets effects, the approved decisions still shaping it. A
// decision stands unless the file dispatches the ticket anew (another unit,
// or a later dispatch time) or, for an extension, brings a later deadline.
func MeetImport(effects []Request, unitID int64, dispatched, due time.Time) AfterImport {
	var out AfterImport
	for _, e := range effects {
		if unitID != e.UnitID || dispatched.After(e.Dispatched) {
			return AfterImport{EndAll: true}
		}
	}
	for _, e := range effects {
		switch e.Kind {
		case RequestReturn:
			out.Returned = true
		case RequestExtend:
			if e.DueAfter.After(out.DueAt) {
				out.DueAt = e.DueAfter
			}
		}
	}
	if !out.DueAt.IsZero() && due.After(out.DueAt) {
		out.EndExtensions, out.DueAt = true, time.Time{}
	}
	return out
}

// SubmittedNote tells the supervisors of request q about ticket t at once;
// held through quiet hours unless the ticket is urgent.
func (r RequestRules) SubmittedNote(q Request, t Ticket, now time.Time) Notification {
	return r.requestNote(fmt.Sprintf("request:%d:submitted", q.ID), Audience{Kind: AudienceSupervisors}, NoticeRequest, q, t, now)
}

// DecidedNote tells the unit that asked the office's decision on q.
func (r RequestRules) DecidedNote(q Request, t Ticket, now time.Time) Notification {
	return r.requestNote(fmt.Sprintf("request:%d:decided", q.ID), Audience{Kind: AudienceUnit, UnitID: q.UnitID}, NoticeDecision, q, t, now)
}

// ClosedNote updates the supervisors' cards of decided request q in place
// (the sender edits the card each was sent, sending nothing new), so every
// card says who decided; never held, as an edit makes no sound.
func (r RequestRules) ClosedNote(q Request, t Ticket, now time.Time) Notification {
	n := r.requestNote(fmt.Sprintf("request:%d:closed", q.ID), Audience{Kind: AudienceSupervisors}, NoticeRequestClosed, q, t, now)
	n.NotBefore, n.Urgent = now, false
	return n
}

func (r RequestRules) requestNote(key string, to Audience, kind NoticeKind, q Request, t Ticket, now time.Time) Notification {
	line := NewTicketLine(t)
	if line.UnitID == 0 {
		line.UnitID, line.UnitName = q.UnitID, q.UnitName
	}
	n := Notification{Key: key, Audience: to, Urgent: t.Urgent, CreatedAt: now, NotBefore: now,
		Notice: Notice{Kind: kind, At: now, Unit: Unit{ID: q.UnitID, Name: q.UnitName},
			Tickets: []TicketLine{line}, Request: &q}}
	if !t.Urgent && r.Hold != nil {
		n.NotBefore = r.Hold(now)
	}
	return n
}

// RequestCount is how many requests of a kind stand at a status.
type RequestCount struct {
	Kind   RequestKind
	Status RequestStatus
	N      int
}
