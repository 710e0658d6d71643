package jobs

import (
	"context"
	"fmt"
	"sort"
	"time"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// DigestStore is what the digest job reads and writes.
type DigestStore interface {
	Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error)
	FinalSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
	UnitDigests(ctx context.Context, at time.Time) (map[int64]domain.UnitDigest, error)
	PendingDeadlines(ctx context.Context, unitID int64, p domain.Period, at time.Time) (map[int64][]time.Time, error)
	Contacts(ctx context.Context) ([]domain.Contact, error)
	Enqueue(ctx context.Context, gen int64, notes []domain.Notification) (int, error)
}

// Digest is the morning digest: each unit's open, due-today and overdue
// tickets with its provisional grade and rank; the supervisors' summary of
// the period, which admins see with the units no notification reaches.
type Digest struct {
	store DigestStore
	deps  Deps
}

// NewDigest builds the digest job.
func NewDigest(st DigestStore, d Deps) *Digest { return &Digest{store: st, deps: d} }

// Run queues the digests of today, on working days only (make-up working
// days included, statutory holidays and weekends skipped). Each digest is
// keyed by its day, so a catch-up run and the scheduled one send it once.
func (j *Digest) Run(ctx context.Context) error {
	now := j.deps.now()
	if cal := j.deps.Settings.Calendar; cal != nil && !cal.IsWorkday(now) {
		j.deps.log().Info("digest skipped: not a working day", "date", now.Format(time.DateOnly))
		return nil
	}
	p := j.deps.periodOf(now)
	r, err := j.store.Report(ctx, j.deps.Settings.Scheme, p, now)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	open, err := j.store.UnitDigests(ctx, now)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	pending, err := j.store.PendingDeadlines(ctx, 0, p, now)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	notes := j.unitDigests(r, open, pending, now)
	summary, err := j.summary(ctx, r, open, now)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	notes = append(notes, summary)
	n, err := j.store.Enqueue(ctx, j.deps.Fence.Generation(), j.deps.admit("digest", notes))
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	j.deps.log().Info("digests queued", "date", now.Format(time.DateOnly), "notifications", n)
	return nil
}

// unitDigests are the units' digests; a unit with neither an open ticket
// nor a grade has nothing to be told.
func (j *Digest) unitDigests(r domain.Report, open map[int64]domain.UnitDigest, pending map[int64][]time.Time, now time.Time) []domain.Notification {
	day := now.Format(time.DateOnly)
	var notes []domain.Notification
	for _, u := range reportUnits(r) {
		d := unitDigest(j.deps.Settings.Scheme, r, u.ID, open, pending)
		if d.Open == 0 && !d.Graded {
			continue
		}
		n := domain.Notice{Kind: domain.NoticeDigest, At: now, Unit: u, Period: r.Period, Digest: &d}
		note := j.deps.notification(unitKey(domain.NoticeDigest, u.ID, day), unitAudience(u.ID), false, n)
		note.ExpiresAt = endOfDay(now)
		notes = append(notes, note)
	}
	return notes
}

// unitDigest is a unit's morning figures: its open tickets, and when it is
// graded its grade, rank in kind and the advice for its open work.
func unitDigest(scheme domain.Scheme, r domain.Report, unitID int64, open map[int64]domain.UnitDigest, pending map[int64][]time.Time) domain.UnitDigest {
	d := open[unitID]
	if card, ok := r.Card(unitID); ok {
		d.Graded, d.Grade, d.Composite = true, card.Grade, card.Composite
		d.Rank, d.Of = r.RankInKind(unitID)
		a := scheme.Advise(card, openWork(card, pending))
		d.Advice = &a
	}
	return d
}

// reportUnits lists every unit of r, graded or not, by id.
func reportUnits(r domain.Report) []domain.Unit {
	units := append([]domain.Unit(nil), r.NoTickets...)
	for _, sc := range r.Units {
		units = append(units, sc.Unit)
	}
	sort.Slice(units, func(a, b int) bool { return units[a].ID < units[b].ID })
	return units
}

func (j *Digest) summary(ctx context.Context, r domain.Report, open map[int64]domain.UnitDigest, now time.Time) (domain.Notification, error) {
	s, err := j.summaryOf(ctx, r, open, now)
	if err != nil {
		return domain.Notification{}, err
	}
	n := domain.Notice{Kind: domain.NoticeSummary, At: now, Period: r.Period, Summary: s}
	note := j.deps.notification("summary:"+now.Format(time.DateOnly), supervisors, false, n)
	note.ExpiresAt = endOfDay(now)
	return note, nil
}

// summaryOf is the supervisors' summary of r: the overview against the
// previous period's final grades, the city's overdue tickets and the units
// no notification reaches.
func (j *Digest) summaryOf(ctx context.Context, r domain.Report, open map[int64]domain.UnitDigest, now time.Time) (*domain.Summary, error) {
	prev, hasPrev, err := report.PreviousFinal(ctx, j.store, j.deps.Settings.Scheme, r.Period)
	if err != nil {
		return nil, err
	}
	s := &domain.Summary{Period: r.Period, AsOf: now, Overview: j.deps.Settings.Scheme.Overview(r, prev, hasPrev),
		Chart: domain.FirstWorkdayOfWeek(j.deps.Settings.Calendar, now)}
	for _, d := range open {
		s.OpenOverdue += d.Overdue
	}
	if s.NoContacts, err = j.unreached(ctx, reportUnits(r)); err != nil {
		return nil, err
	}
	return s, nil
}

// unreached names the units with no active liaison: their notifications
// wait undelivered, and admins should find them a contact.
func (j *Digest) unreached(ctx context.Context, units []domain.Unit) ([]string, error) {
	contacts, err := j.store.Contacts(ctx)
	if err != nil {
		return nil, err
	}
	reached := map[int64]bool{}
	for _, c := range contacts {
		if c.Role == domain.RoleLiaison && c.Reachable() {
			reached[c.UnitID] = true
		}
	}
	var names []string
	for _, u := range units {
		if !reached[u.ID] {
			names = append(names, u.Name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// endOfDay is 24:00 of t's day, in t's location.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}
