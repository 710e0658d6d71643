package domain

import (
	"fmt"
	"slices"
	"time"
)

// StageKind is the kind of point in a ticket's life at which its unit or the
// supervisors are warned.
type StageKind string

// The stages of an open ticket, in the order it crosses them.
const (
	StageDueSoon    StageKind = "due_soon"   // warn_before ahead of the deadline
	StageOverdue    StageKind = "overdue"    // at the deadline
	StageEscalation StageKind = "escalation" // escalate_after past the deadline, to supervisors
)

// Stage is one warning point of a ticket for its current deadline.
type Stage struct {
	Kind   StageKind
	Before time.Duration // due-soon stages: how long before the deadline
	At     time.Time     // the instant the stage is crossed
}

// Name identifies the stage among a ticket's stages: due_soon_24h,
// due_soon_30m, overdue, escalation. Together with the ticket number and
// the deadline it is the stage's key, so a changed deadline re-arms it.
func (s Stage) Name() string {
	if s.Kind != StageDueSoon {
		return string(s.Kind)
	}
	return fmt.Sprintf("%s_%s", s.Kind, shortDuration(s.Before))
}

// shortDuration writes 24h, 4h, 30m, 1h30m.
func shortDuration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case m == 0:
		return fmt.Sprintf("%dh", h)
	case h == 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}

// AlertPolicy is when the deadlines job warns: the due-soon stages before
// the deadline and the escalation after it, for normal and urgent tickets.
type AlertPolicy struct {
	WarnNormal     []time.Duration // e.g. 24h, 4h
	WarnUrgent     []time.Duration // e.g. 2h, 30m
	EscalateNormal time.Duration   // e.g. 24h
	EscalateUrgent time.Duration   // e.g. 2h
}

// DefaultAlertPolicy is the policy README.md "Notifications" gives.
func DefaultAlertPolicy() AlertPolicy {
	return AlertPolicy{
		WarnNormal:     []time.Duration{24 * time.Hour, 4 * time.Hour},
		WarnUrgent:     []time.Duration{2 * time.Hour, 30 * time.Minute},
		EscalateNormal: 24 * time.Hour,
		EscalateUrgent: 2 * time.Hour,
	}
}

// Horizon is the longest warning lead: tickets due later than now+Horizon
// have crossed no stage yet.
func (p AlertPolicy) Horizon() time.Duration {
	var h time.Duration
	for _, d := range append(append([]time.Duration(nil), p.WarnNormal...), p.WarnUrgent...) {
		h = max(h, d)
	}
	return h
}

// unitStages are the ticket's stages addressed to its unit, in time order:
// the due-soon warnings, then the overdue alert.
func (p AlertPolicy) unitStages(t Ticket) []Stage {
	warn := p.WarnNormal
	if t.Urgent {
		warn = p.WarnUrgent
	}
	stages := make([]Stage, 0, len(warn)+1)
	for _, d := range warn {
		if d > 0 {
			stages = append(stages, Stage{Kind: StageDueSoon, Before: d, At: t.DueAt.Add(-d)})
		}
	}
	slices.SortStableFunc(stages, func(a, b Stage) int { return a.At.Compare(b.At) })
	return append(stages, Stage{Kind: StageOverdue, At: t.DueAt})
}

// Escalation is the ticket's escalation stage.
func (p AlertPolicy) Escalation(t Ticket) Stage {
	after := p.EscalateNormal
	if t.Urgent {
		after = p.EscalateUrgent
	}
	return Stage{Kind: StageEscalation, At: t.DueAt.Add(after)}
}

// Crossed lists the stages of ticket t to announce at now, if not announced
// before: the latest unit stage it has crossed (a ticket already past
// several gets only the latest: overdue, not stale due-soon warnings) and
// the escalation when it is past escalate_after. A completed ticket has none.
func (p AlertPolicy) Crossed(t Ticket, now time.Time) []Stage {
	if !t.Open(now) || t.DueAt.IsZero() {
		return nil
	}
	var out []Stage
	var latest *Stage
	stages := p.unitStages(t)
	for i := range stages {
		if !stages[i].At.After(now) {
			latest = &stages[i]
		}
	}
	if latest != nil {
		out = append(out, *latest)
	}
	if esc := p.Escalation(t); !esc.At.After(now) {
		out = append(out, esc)
	}
	return out
}
