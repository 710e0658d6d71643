package jobs

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// DeadlineStore is what the deadlines job reads and writes.
type DeadlineStore interface {
	// StageCandidates lists the tickets open at at and due by by (number,
	// unit, category, topic, urgency and deadline: what a notification
	// lists), with the stages already announced for their current
	// deadlines, leaving out those due before settled whose final stage is
	// announced.
	StageCandidates(ctx context.Context, at, by, settled time.Time, final string) ([]domain.Ticket, map[string][]string, error)
	// RecordStages stores the announced stages and their notifications in
	// one transaction under generation gen.
	RecordStages(ctx context.Context, gen int64, fired []domain.FiredStage, notes []domain.Notification, at time.Time) error
}

// Deadlines is the deadlines job: due-soon warnings and overdue alerts to
// units, escalations to supervisors, each ticket stage once per deadline.
type Deadlines struct {
	store DeadlineStore
	deps  Deps
}

// NewDeadlines builds the deadlines job.
func NewDeadlines(st DeadlineStore, d Deps) *Deadlines { return &Deadlines{store: st, deps: d} }

// Run announces every stage crossed since the last run: in one run each
// unit gets one due-soon and one overdue message listing its tickets,
// soonest due first, and the supervisors one escalation message.
func (j *Deadlines) Run(ctx context.Context) error {
	now := j.deps.now()
	policy := j.deps.Settings.Policy
	// Past the longest escalate_after, the escalation is a ticket's last
	// stage: once it is announced the ticket needs no more looking at.
	settled := now.Add(-max(policy.EscalateNormal, policy.EscalateUrgent))
	tickets, announced, err := j.store.StageCandidates(ctx, now, now.Add(policy.Horizon()), settled, string(domain.StageEscalation))
	if err != nil {
		return fmt.Errorf("deadlines: %w", err)
	}
	plan := j.plan(j.crossing(tickets, announced, now))
	if len(plan.fired) == 0 {
		return nil
	}
	notes := j.deps.admit("deadlines", plan.notifications(j.deps, now))
	if err := j.store.RecordStages(ctx, j.deps.Fence.Generation(), plan.fired, notes, now); err != nil {
		return fmt.Errorf("deadlines: %w", err)
	}
	j.deps.log().Info("deadline alerts queued", "stages", len(plan.fired), "notifications", len(notes))
	return nil
}

// stagePlan is what one run announces: the stages, and the tickets to
// list, grouped by message once sorted (see notifications).
type stagePlan struct {
	fired []domain.FiredStage
	items []stagedTicket
}

type groupKey struct {
	kind   domain.NoticeKind
	unitID int64 // 0 for the supervisors' escalation
}

type stagedTicket struct {
	key   groupKey
	line  domain.TicketLine
	stage string
}

// crossed is a ticket with a stage to announce.
type crossed struct {
	ticket *domain.Ticket
	stage  domain.Stage
}

// crossing lists the stages crossed and not yet announced. A first run
// over a year of tickets lists thousands: they point into tickets rather
// than copy them.
func (j *Deadlines) crossing(tickets []domain.Ticket, announced map[string][]string, now time.Time) []crossed {
	out := make([]crossed, 0, len(tickets))
	for i := range tickets {
		t := &tickets[i]
		for _, st := range j.deps.Settings.Policy.Crossed(*t, now) {
			if !slices.Contains(announced[t.No], st.Name()) {
				out = append(out, crossed{ticket: t, stage: st})
			}
		}
	}
	return out
}

// plan turns the crossed stages into the tickets to list.
func (j *Deadlines) plan(crossing []crossed) stagePlan {
	p := stagePlan{fired: make([]domain.FiredStage, 0, len(crossing)), items: make([]stagedTicket, 0, len(crossing))}
	loc := j.deps.loc()
	skipped := map[string]bool{}
	for _, c := range crossing {
		if skipped[c.ticket.No] {
			continue
		}
		t := *c.ticket
		t.DueAt = t.DueAt.In(loc)
		line := domain.NewTicketLine(t)
		if !j.deps.ticketUsable("deadlines", line) {
			skipped[t.No] = true
			continue
		}
		st := c.stage
		name := st.Name()
		p.fired = append(p.fired, domain.FiredStage{TicketNo: t.No, DueAt: t.DueAt, Stage: name})
		k := groupKey{kind: domain.NoticeKind(st.Kind), unitID: t.UnitID}
		switch st.Kind {
		case domain.StageDueSoon:
			line.Before = st.Before
		case domain.StageEscalation:
			k.unitID = 0
		}
		p.items = append(p.items, stagedTicket{key: k, line: line, stage: name})
	}
	return p
}

// notifications turns the items into messages, one per kind and unit (the
// supervisors' escalation one), each listing its tickets soonest due
// first. During quiet hours a group's urgent tickets go out at once in
// their own message and the rest wait for the morning.
func (p stagePlan) notifications(d Deps, now time.Time) []domain.Notification {
	// Sorted by message, then by deadline: each message is a run of
	// items. Pointers, so that sorting thousands swaps words, not lines.
	order := make([]*stagedTicket, len(p.items))
	for i := range p.items {
		order[i] = &p.items[i]
	}
	slices.SortFunc(order, func(a, b *stagedTicket) int {
		if a.key.kind != b.key.kind {
			return strings.Compare(string(a.key.kind), string(b.key.kind))
		}
		if a.key.unitID != b.key.unitID {
			return cmp.Compare(a.key.unitID, b.key.unitID)
		}
		return soonerDue(&a.line, &b.line)
	})
	var out []domain.Notification
	quiet := d.Settings.Quiet != nil && d.Settings.Quiet.Quiet(now)
	for len(order) > 0 {
		n := 1
		for n < len(order) && order[n].key == order[0].key {
			n++
		}
		items := order[:n]
		order = order[n:]
		if !quiet {
			out = append(out, groupNotification(d, items[0].key, items, now))
			continue
		}
		urgent, normal := splitUrgent(items)
		if len(urgent) > 0 {
			out = append(out, groupNotification(d, items[0].key, urgent, now))
		}
		if len(normal) > 0 {
			out = append(out, groupNotification(d, items[0].key, normal, now))
		}
	}
	return out
}

func soonerDue(a, b *domain.TicketLine) int {
	if c := a.DueAt.Compare(b.DueAt); c != 0 {
		return c
	}
	return strings.Compare(a.No, b.No)
}

func splitUrgent(items []*stagedTicket) (urgent, normal []*stagedTicket) {
	for _, it := range items {
		if it.line.Urgent {
			urgent = append(urgent, it)
		} else {
			normal = append(normal, it)
		}
	}
	return urgent, normal
}

// groupNotification is one message listing items. Its key fingerprints the
// ticket stages it announces, so a rerun of the same decision is not queued
// twice and two different decisions never share a key.
func groupNotification(d Deps, k groupKey, items []*stagedTicket, now time.Time) domain.Notification {
	n := domain.Notice{Kind: k.kind, At: now}
	n.Tickets = make([]domain.TicketLine, 0, len(items))
	parts := make([]string, 0, len(items))
	urgent := false
	var latestDue time.Time
	for _, it := range items {
		n.Tickets = append(n.Tickets, it.line)
		parts = append(parts, it.line.No+"|"+it.stage+"|"+strconv.FormatInt(it.line.DueAt.Unix(), 10))
		urgent = urgent || it.line.Urgent
		if it.line.DueAt.After(latestDue) {
			latestDue = it.line.DueAt
		}
	}
	audience := supervisors
	if k.unitID != 0 {
		audience = unitAudience(k.unitID)
		n.Unit = domain.Unit{ID: k.unitID, Name: items[0].line.UnitName}
	}
	note := d.notification(digestKey(unitKey(k.kind, k.unitID), parts), audience, urgent, n)
	if k.kind == domain.NoticeDueSoon {
		// A due-soon warning read after every deadline in it has passed
		// is stale: the overdue alert has taken its place.
		note.ExpiresAt = latestDue
	}
	return note
}
