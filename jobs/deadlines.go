package jobs

import (
	"context"
	"fmt"
	"slices"
	"sort"
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

// stagePlan is what one run announces, grouped by message.
type stagePlan struct {
	fired  []domain.FiredStage
	groups map[groupKey][]stagedTicket
}

type groupKey struct {
	kind   domain.NoticeKind
	unitID int64 // 0 for the supervisors' escalation
}

type stagedTicket struct {
	line  domain.TicketLine
	stage string
}

// crossed is a ticket with a stage to announce.
type crossed struct {
	ticket domain.Ticket
	stage  domain.Stage
}

// crossing lists the stages crossed and not yet announced.
func (j *Deadlines) crossing(tickets []domain.Ticket, announced map[string][]string, now time.Time) []crossed {
	var out []crossed
	for _, t := range tickets {
		for _, st := range j.deps.Settings.Policy.Crossed(t, now) {
			if !slices.Contains(announced[t.No], st.Name()) {
				out = append(out, crossed{ticket: t, stage: st})
			}
		}
	}
	return out
}

// plan groups the crossed stages by message.
func (j *Deadlines) plan(crossing []crossed) stagePlan {
	p := stagePlan{groups: map[groupKey][]stagedTicket{}}
	loc := j.deps.loc()
	skipped := map[string]bool{}
	for _, c := range crossing {
		if skipped[c.ticket.No] {
			continue
		}
		t := c.ticket
		t.DueAt = t.DueAt.In(loc)
		line := domain.NewTicketLine(t)
		if !j.deps.ticketUsable("deadlines", line) {
			skipped[t.No] = true
			continue
		}
		st := c.stage
		p.fired = append(p.fired, domain.FiredStage{TicketNo: t.No, DueAt: t.DueAt, Stage: st.Name()})
		k := groupKey{kind: domain.NoticeKind(st.Kind), unitID: t.UnitID}
		switch st.Kind {
		case domain.StageDueSoon:
			line.Before = st.Before
		case domain.StageEscalation:
			k.unitID = 0
		}
		p.groups[k] = append(p.groups[k], stagedTicket{line: line, stage: st.Name()})
	}
	return p
}

// notifications turns the groups into messages. During quiet hours a
// group's urgent tickets go out at once in their own message and the rest
// wait for the morning.
func (p stagePlan) notifications(d Deps, now time.Time) []domain.Notification {
	keys := make([]groupKey, 0, len(p.groups))
	for k := range p.groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].kind != keys[b].kind {
			return keys[a].kind < keys[b].kind
		}
		return keys[a].unitID < keys[b].unitID
	})
	var out []domain.Notification
	quiet := d.Settings.Quiet != nil && d.Settings.Quiet.Quiet(now)
	for _, k := range keys {
		items := p.groups[k]
		sort.SliceStable(items, func(a, b int) bool { return soonerDue(items[a].line, items[b].line) })
		if !quiet {
			out = append(out, groupNotification(d, k, items, now))
			continue
		}
		urgent, normal := splitUrgent(items)
		if len(urgent) > 0 {
			out = append(out, groupNotification(d, k, urgent, now))
		}
		if len(normal) > 0 {
			out = append(out, groupNotification(d, k, normal, now))
		}
	}
	return out
}

func soonerDue(a, b domain.TicketLine) bool {
	if !a.DueAt.Equal(b.DueAt) {
		return a.DueAt.Before(b.DueAt)
	}
	return a.No < b.No
}

func splitUrgent(items []stagedTicket) (urgent, normal []stagedTicket) {
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
func groupNotification(d Deps, k groupKey, items []stagedTicket, now time.Time) domain.Notification {
	n := domain.Notice{Kind: k.kind, At: now}
	parts := make([]string, 0, len(items))
	urgent := false
	var latestDue time.Time
	for _, it := range items {
		n.Tickets = append(n.Tickets, it.line)
		parts = append(parts, fmt.Sprintf("%s|%s|%d", it.line.No, it.stage, it.line.DueAt.Unix()))
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
