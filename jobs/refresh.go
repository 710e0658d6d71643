package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"

	"hotlinebot/domain"
)

// RefreshStore is what the Refresher reads: the state a queued notice is
// brought up to when it is sent.
type RefreshStore interface {
	DigestStore
	TicketsByNos(ctx context.Context, nos []string) (map[string]domain.Ticket, error)
	PendingDeadlines(ctx context.Context, unitID int64, p domain.Period, at time.Time) (map[int64][]time.Time, error)
	TicketsBehind(ctx context.Context, unitID int64, p domain.Period, at time.Time, r domain.Rate, limit int) ([]string, int, error)
}

// Refresher rewrites a queued notice from the state at the instant it is
// sent (or a button of it is pressed): the jobs decide that something is
// worth saying, the Refresher makes sure what is said still holds. A
// ticket list keeps the tickets still open, a grade alert takes the
// current scorecard and advice, a digest and the summary are computed
// anew; a notice that no longer holds (every ticket completed, the grade
// back) is not current. Final results (bulletin, close) stay as queued.
type Refresher struct {
	store  RefreshStore
	deps   Deps
	digest *Digest

	mu      sync.Mutex
	reports map[string]domain.Report // by period and instant: one report per sender pass
}

// NewRefresher builds the Refresher.
func NewRefresher(st RefreshStore, d Deps) *Refresher {
	return &Refresher{store: st, deps: d, digest: NewDigest(st, d), reports: map[string]domain.Report{}}
}

// Refresh brings note's notice up to the state at at.
func (r *Refresher) Refresh(ctx context.Context, note domain.Notification, at time.Time) (domain.Notice, bool, error) {
	n := note.Notice
	var current bool
	var err error
	switch n.Kind {
	case domain.NoticeDueSoon, domain.NoticeOverdue, domain.NoticeEscalation:
		current, err = r.tickets(ctx, &n, note.Audience, at)
	case domain.NoticeGradeDrop:
		current, err = r.drops(ctx, &n, at)
	case domain.NoticeNearThreshold:
		current, err = r.near(ctx, &n, at)
	case domain.NoticeRecovery:
		current, err = r.recovery(ctx, &n, at)
	case domain.NoticeDigest:
		current, err = r.unitDigest(ctx, &n, at)
	case domain.NoticeSummary:
		current, err = r.summary(ctx, &n, at)
	default:
		return n, true, nil
	}
	if err != nil {
		return note.Notice, false, fmt.Errorf("refresh %s: %w", n.Kind, err)
	}
	return n, current, nil
}

// tickets keeps the listed tickets that are still what the alert says
// (open, still the unit's, overdue or not yet due as the kind has it),
// with their current deadline, topic and excerpt.
func (r *Refresher) tickets(ctx context.Context, n *domain.Notice, a domain.Audience, at time.Time) (bool, error) {
	nos := make([]string, len(n.Tickets))
	for i, t := range n.Tickets {
		nos[i] = t.No
	}
	now, err := r.store.TicketsByNos(ctx, nos)
	if err != nil {
		return false, err
	}
	kept := n.Tickets[:0:0]
	for _, line := range n.Tickets {
		t, ok := now[line.No]
		switch {
		case !ok || t.Completed(at):
			continue
		case a.Kind == domain.AudienceUnit && t.UnitID != a.UnitID:
			continue
		case (n.Kind == domain.NoticeDueSoon) == t.Overdue(at):
			continue // a due-soon ticket now overdue is the overdue alert's; an overdue one extended is no longer overdue
		}
		fresh := domain.NewTicketLine(t)
		fresh.DueAt = t.DueAt.In(r.deps.loc())
		fresh.Before = line.Before
		if fresh.UnitName == "" {
			fresh.UnitName = line.UnitName
		}
		if fresh.Excerpt == "" {
			fresh.Excerpt = line.Excerpt
		}
		kept = append(kept, fresh)
	}
	n.Tickets, n.At = kept, at
	return len(kept) > 0, nil
}

// report is the period's report at at, computed once per instant.
func (r *Refresher) report(ctx context.Context, p domain.Period, at time.Time) (domain.Report, error) {
	key := p.String() + "@" + at.UTC().Format(time.RFC3339Nano)
	r.mu.Lock()
	rep, ok := r.reports[key]
	r.mu.Unlock()
	if ok {
		return rep, nil
	}
	rep, err := r.store.Report(ctx, r.deps.Settings.Scheme, p, at)
	if err != nil {
		return rep, err
	}
	r.mu.Lock()
	r.reports = map[string]domain.Report{key: rep} // only the latest instant is asked for again
	r.mu.Unlock()
	return rep, nil
}

// running reports whether the notice's period still runs at at: a
// provisional alert about a period that has ended says nothing anymore.
func running(n domain.Notice, at time.Time) bool {
	return at.Before(n.Period.End)
}

// drops keeps the falls that still hold, each with the unit's current
// composite, the rate that moved it most, tickets behind and advice.
func (r *Refresher) drops(ctx context.Context, n *domain.Notice, at time.Time) (bool, error) {
	if !running(*n, at) {
		return false, nil
	}
	rep, err := r.report(ctx, n.Period, at)
	if err != nil {
		return false, err
	}
	pending, err := r.store.PendingDeadlines(ctx, n.Unit.ID, n.Period, at)
	if err != nil {
		return false, err
	}
	scheme := r.deps.Settings.Scheme
	var kept []domain.GradeDrop
	for _, d := range n.Drops {
		// Still at the grade it fell to: risen since, the recovery note
		// says so; fallen further, a later alert does.
		card, ok := rep.Card(d.Unit.ID)
		if !ok || card.Grade != d.To {
			continue
		}
		d.ToComposite = card.Composite
		if d.FromCounts.Should > 0 {
			d.Moved = scheme.LargestMove(scheme.Score(d.Unit, d.FromCounts), card, true)
		}
		d.Advice = scheme.Advise(card, openWork(card, pending))
		if d.Behind, d.BehindCount, err = r.store.TicketsBehind(ctx, d.Unit.ID, n.Period, at, d.Moved.Rate, behindShown); err != nil {
			return false, err
		}
		kept = append(kept, d)
	}
	n.Drops, n.At = kept, at
	return len(kept) > 0, nil
}

// near keeps a near-threshold warning while the unit is still just above
// the same grade's floor.
func (r *Refresher) near(ctx context.Context, n *domain.Notice, at time.Time) (bool, error) {
	if !running(*n, at) {
		return false, nil
	}
	card, pending, err := r.card(ctx, n, at)
	if err != nil || card.Grade == domain.GradeNone {
		return false, err
	}
	w, ok := nearWarning(r.deps.Settings.Scheme, card, pending)
	if !ok || w.Grade != n.Near.Grade {
		return false, nil
	}
	n.Near, n.At = w, at
	return true, nil
}

// recovery keeps a recovery note while the unit is at the grade it
// announces.
func (r *Refresher) recovery(ctx context.Context, n *domain.Notice, at time.Time) (bool, error) {
	if !running(*n, at) || n.Recovery == nil {
		return false, nil
	}
	var kept []domain.GradeShift
	rep, err := r.report(ctx, n.Period, at)
	if err != nil {
		return false, err
	}
	for _, s := range n.Recovery.Units {
		card, ok := rep.Card(s.UnitID)
		if !ok || card.Grade != s.To {
			continue // fallen again, or risen further: a later note says so
		}
		s.ToComposite = card.Composite
		kept = append(kept, s)
	}
	n.Recovery.Units, n.At = kept, at
	return len(kept) > 0, nil
}

// card is the notice's unit's scorecard at at, with its pending deadlines.
func (r *Refresher) card(ctx context.Context, n *domain.Notice, at time.Time) (domain.Scorecard, map[int64][]time.Time, error) {
	rep, err := r.report(ctx, n.Period, at)
	if err != nil {
		return domain.Scorecard{}, nil, err
	}
	card, _ := rep.Card(n.Unit.ID)
	pending, err := r.store.PendingDeadlines(ctx, n.Unit.ID, n.Period, at)
	return card, pending, err
}

// digestInputs are what a digest and the summary are computed from at at:
// the period then, its report and every unit's open tickets.
func (r *Refresher) digestInputs(ctx context.Context, at time.Time) (domain.Period, domain.Report, map[int64]domain.UnitDigest, error) {
	p := r.deps.periodOf(at)
	rep, err := r.report(ctx, p, at)
	if err != nil {
		return p, rep, nil, err
	}
	open, err := r.store.UnitDigests(ctx, at)
	return p, rep, open, err
}

// unitDigest is the unit's digest as of at.
func (r *Refresher) unitDigest(ctx context.Context, n *domain.Notice, at time.Time) (bool, error) {
	p, rep, open, err := r.digestInputs(ctx, at)
	if err != nil {
		return false, err
	}
	pending, err := r.store.PendingDeadlines(ctx, n.Unit.ID, p, at)
	if err != nil {
		return false, err
	}
	d := unitDigest(r.deps.Settings.Scheme, rep, n.Unit.ID, open, pending)
	n.Digest, n.Period, n.At = &d, p, at
	return d.Open > 0 || d.Graded, nil
}

// summary is the supervisors' summary as of at.
func (r *Refresher) summary(ctx context.Context, n *domain.Notice, at time.Time) (bool, error) {
	p, rep, open, err := r.digestInputs(ctx, at)
	if err != nil {
		return false, err
	}
	s, err := r.digest.summaryOf(ctx, rep, open, at)
	if err != nil {
		return false, err
	}
	if n.Summary != nil {
		s.Chart = n.Summary.Chart // decided with the digest: the week's first carries the city chart
	}
	n.Summary, n.Period, n.At = s, p, at
	return true, nil
}
