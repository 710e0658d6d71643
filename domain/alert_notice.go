package domain

import (
	"fmt"
	"strings"
	"time"
)

// NoticeKind is what a notification is about; each kind renders its own
// message.
type NoticeKind string

// The notifications the scheduled jobs and the sender produce.
const (
	NoticeDueSoon        NoticeKind = "due_soon"        // a unit's tickets nearing their deadline
	NoticeOverdue        NoticeKind = "overdue"         // a unit's tickets past their deadline
	NoticeEscalation     NoticeKind = "escalation"      // tickets long overdue, to supervisors
	NoticeGradeDrop      NoticeKind = "grade_drop"      // a unit's provisional grade fell
	NoticeNearThreshold  NoticeKind = "near_threshold"  // a unit's composite is just above its grade's floor
	NoticeDigest         NoticeKind = "digest"          // a unit's morning summary
	NoticeSummary        NoticeKind = "summary"         // the supervisors' morning summary
	NoticeBulletin       NoticeKind = "bulletin"        // the figures of a closed period, to supervisors
	NoticeRecovery       NoticeKind = "recovery"        // a unit's provisional grade rose back (等级回升)
	NoticeFinal          NoticeKind = "final"           // a unit's final result of a closed period (终评)
	NoticeContactBlocked NoticeKind = "contact_blocked" // a contact blocked the bot, to admins
	NoticeRequest        NoticeKind = "request"         // a unit's extension or return request, to supervisors
	NoticeDecision       NoticeKind = "decision"        // the office's decision on a request, to the unit
	NoticeRequestClosed  NoticeKind = "request_closed"  // a request decided: the supervisors' cards are updated in place
)

// AudienceKind says who a notification is addressed to; it is resolved to
// contacts only when the notification is sent.
type AudienceKind string

// The audiences of notifications.
const (
	AudienceUnit        AudienceKind = "unit"        // the liaisons (people and groups) of one unit
	AudienceSupervisors AudienceKind = "supervisors" // supervisors and admins
	AudienceAdmins      AudienceKind = "admins"      // admins only
)

// Audience is who a notification goes to.
type Audience struct {
	Kind   AudienceKind `json:"kind"`
	UnitID int64        `json:"unit_id,omitempty"`
}

// Notification is one message waiting in, or delivered from, the outbox.
type Notification struct {
	ID        int64
	Key       string // unique: the same event is never queued twice
	Audience  Audience
	Urgent    bool      // goes out during quiet hours
	NotBefore time.Time // held until then (the end of quiet hours)
	ExpiresAt time.Time // dropped undelivered after then; zero: the outbox's default
	CreatedAt time.Time
	Attempts  int
	Notice    Notice
}

// TicketLine is a ticket as a notification lists it.
type TicketLine struct {
	No       string        `json:"no"`
	UnitID   int64         `json:"unit_id"`
	UnitName string        `json:"unit_name"`
	Category Category      `json:"category"`
	Topic    string        `json:"topic,omitempty"`
	Urgent   bool          `json:"urgent,omitempty"`
	DueAt    time.Time     `json:"due_at"`
	Before   time.Duration `json:"before,omitempty"`  // due-soon: the warning's lead
	Excerpt  string        `json:"excerpt,omitempty"` // the start of the citizen's request (诉求内容)
}

// excerptRunes is how much of a ticket's summary a notification keeps: a
// line shows about 20 characters of it.
const excerptRunes = 40

// NewTicketLine is t as a notification lists it.
func NewTicketLine(t Ticket) TicketLine {
	return TicketLine{No: t.No, UnitID: t.UnitID, UnitName: t.UnitName, Category: t.Category,
		Topic: t.Topic, Urgent: t.Urgent, DueAt: t.DueAt, Excerpt: excerpt(t.Summary)}
}

// excerpt is the start of a summary, whitespace folded.
func excerpt(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	return string(r[:min(len(r), excerptRunes)])
}

// Notice is the content of a notification: what the jobs decided, rendered
// per contact language only when sent. At is the instant the job decided at;
// texts such as "overdue by 1 hour" are reckoned from it.
type Notice struct {
	Kind     NoticeKind      `json:"kind"`
	At       time.Time       `json:"at"`
	Unit     Unit            `json:"unit,omitzero"`
	Period   Period          `json:"period,omitzero"`
	Tickets  []TicketLine    `json:"tickets,omitempty"`
	Drops    []GradeDrop     `json:"drops,omitempty"`
	Near     *NearWarning    `json:"near,omitempty"`
	Recovery *Recovery       `json:"recovery,omitempty"`
	Final    *FinalResult    `json:"final,omitempty"`
	Digest   *UnitDigest     `json:"digest,omitempty"`
	Summary  *Summary        `json:"summary,omitempty"`
	Bulletin *Bulletin       `json:"bulletin,omitempty"`
	Contact  *BlockedContact `json:"contact,omitempty"`
	Request  *Request        `json:"request,omitempty"`
}

// NearWarning tells a unit its composite is close to falling a grade.
type NearWarning struct {
	Grade     Grade   `json:"grade"`
	Composite float64 `json:"composite"`
	Threshold float64 `json:"threshold"`
	Margin    float64 `json:"margin"`
	Costliest Loss    `json:"costliest"` // the rate that costs the most points
	Overdue   int     `json:"overdue"`   // open overdue tickets of the period
	Advice    Advice  `json:"advice"`
}

// Recovery is the units whose provisional grade rose back in one run: a
// unit hears of its own, the supervisors of those they were told fell to C
// or below.
type Recovery struct {
	Units []GradeShift `json:"units"`
}

// FinalResult is a unit's final result of a closed period, as every
// liaison hears it when the period closes.
type FinalResult struct {
	Graded    bool     `json:"graded"`
	Grade     Grade    `json:"grade,omitempty"`
	Composite float64  `json:"composite,omitempty"`
	Rank      int      `json:"rank,omitempty"`
	Of        int      `json:"of,omitempty"`
	Costliest Loss     `json:"costliest,omitzero"` // the rate that cost the most points
	Prev      Period   `json:"prev,omitzero"`      // the period compared with
	PrevGrade Grade    `json:"prev_grade,omitempty"`
	PrevComp  float64  `json:"prev_composite,omitempty"`
	Moved     RateMove `json:"moved,omitzero"` // the rate that moved most against Prev, when the grade changed
}

// UnitDigest is a unit's morning summary.
type UnitDigest struct {
	Open      int     `json:"open"`
	DueToday  int     `json:"due_today"`
	Overdue   int     `json:"overdue"`
	Graded    bool    `json:"graded"`
	Grade     Grade   `json:"grade,omitempty"`
	Composite float64 `json:"composite,omitempty"`
	Rank      int     `json:"rank,omitempty"`
	Of        int     `json:"of,omitempty"`
	Advice    *Advice `json:"advice,omitempty"` // graded units: what they can still do
}

// BlockedContact names a contact that blocked the bot.
type BlockedContact struct {
	ContactID int64  `json:"contact_id"`
	Name      string `json:"name"`
	Role      string `json:"role"`
	UnitName  string `json:"unit_name,omitempty"`
	ChatID    int64  `json:"chat_id"`
}

// DeliveryState is how a notification fared with one contact.
type DeliveryState string

// The states of a delivery; all but DeliveryPartial are final.
const (
	DeliveryPartial DeliveryState = "partial" // some parts of a split message sent
	DeliverySent    DeliveryState = "sent"    // every part sent
	DeliveryFailed  DeliveryState = "failed"  // refused as malformed (400): not retried
	DeliveryBlocked DeliveryState = "blocked" // the contact blocked the bot (403)
)

// Delivery is how far a notification got with one contact: a restarted
// sender resumes a split message after its last sent part.
type Delivery struct {
	NotificationID int64
	ContactID      int64
	Parts          int // parts sent
	State          DeliveryState
	Error          string
}

// Done reports whether nothing more is to be sent to the contact.
func (d Delivery) Done() bool { return d.State != DeliveryPartial && d.State != "" }

// FiredStage records that a ticket's stage was announced for a deadline.
type FiredStage struct {
	TicketNo string
	DueAt    time.Time
	Stage    string // Stage.Name()
}

// Check says why the line cannot be carried by a notice, or returns nil.
func (l TicketLine) Check() error {
	if err := CheckTime(l.DueAt); err != nil {
		return fmt.Errorf("ticket %s: due_at: %w", l.No, err)
	}
	return nil
}

// Check says why the notice cannot be kept in the outbox and sent, or
// returns nil: every time it carries must be within CheckTime's span (a
// ticket stored before that rule could carry any year, and one such time
// would break the encoding of the whole notice).
func (n Notice) Check() error {
	if err := CheckTime(n.At); err != nil {
		return fmt.Errorf("at: %w", err)
	}
	for _, t := range n.Tickets {
		if err := t.Check(); err != nil {
			return err
		}
	}
	if n.Summary != nil && !n.Summary.AsOf.IsZero() {
		if err := CheckTime(n.Summary.AsOf); err != nil {
			return fmt.Errorf("summary: %w", err)
		}
	}
	var advice []Advice
	for _, d := range n.Drops {
		advice = append(advice, d.Advice)
	}
	if n.Near != nil {
		advice = append(advice, n.Near.Advice)
	}
	if n.Digest != nil && n.Digest.Advice != nil {
		advice = append(advice, *n.Digest.Advice)
	}
	for _, a := range advice {
		if err := a.check(); err != nil {
			return fmt.Errorf("advice: %w", err)
		}
	}
	if n.Bulletin != nil && !n.Bulletin.At.IsZero() {
		if err := CheckTime(n.Bulletin.At); err != nil {
			return fmt.Errorf("bulletin: %w", err)
		}
	}
	return nil
}
