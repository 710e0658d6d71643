package jobs

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// ScorecardStore is what the scorecards job reads and writes.
type ScorecardStore interface {
	Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error)
	LatestSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
	// SaveSnapshot keeps the report and its notifications in one
	// transaction under generation gen.
	SaveSnapshot(ctx context.Context, gen int64, r domain.Report, final bool, notes []domain.Notification) error
	PruneSnapshots(ctx context.Context, gen int64, before time.Time) (int, error)
	// PendingDeadlines lists per unit (all with unitID 0) the deadlines of
	// its open tickets of p not yet due at at.
	PendingDeadlines(ctx context.Context, unitID int64, p domain.Period, at time.Time) (map[int64][]time.Time, error)
	TicketsBehind(ctx context.Context, unitID int64, p domain.Period, at time.Time, r domain.Rate, limit int) ([]string, int, error)
	TrendStore
}

// behindShown is how many ticket numbers a grade-drop alert names.
const behindShown = 5

// snapshotsKept is how long provisional snapshots are kept; the latest of
// each period and the final ones stay.
const snapshotsKept = 48 * time.Hour

// Scorecards is the scorecards job: every unit's provisional scorecard for
// the current period, kept as a snapshot, with grade-drop alerts and
// near-threshold warnings.
type Scorecards struct {
	store ScorecardStore
	deps  Deps
}

// NewScorecards builds the scorecards job.
func NewScorecards(st ScorecardStore, d Deps) *Scorecards { return &Scorecards{store: st, deps: d} }

// Run scores the current period at now and compares each unit with the
// period's last snapshot. A fall of grade alerts the unit once per
// transition (and the supervisors, in one message, when units fell to C or
// below); a rise is announced the same way (等级回升), to the supervisors
// when the unit comes up from C or below. A composite less than
// near_threshold above its grade's floor warns the unit once per period
// and grade.
func (j *Scorecards) Run(ctx context.Context) error {
	now := j.deps.now()
	p := j.deps.periodOf(now)
	scheme := j.deps.Settings.Scheme
	cur, err := j.store.Report(ctx, scheme, p, now)
	if err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	prev, hasPrev, err := j.store.LatestSnapshot(ctx, p)
	if err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	pending, err := j.store.PendingDeadlines(ctx, 0, p, now)
	if err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	var notes []domain.Notification
	if hasPrev {
		if notes, err = j.dropAlerts(ctx, p, prev, cur, pending, now); err != nil {
			return fmt.Errorf("scorecards: %w", err)
		}
		notes = append(notes, j.recoveries(p, prev, cur, now)...)
	}
	notes = append(notes, j.nearWarnings(p, cur, pending, now)...)
	gen := j.deps.Fence.Generation()
	notes = j.deps.admit("scorecards", notes)
	if err := j.store.SaveSnapshot(ctx, gen, cur, false, notes); err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	if _, err := j.store.PruneSnapshots(ctx, gen, now.Add(-snapshotsKept)); err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	weeks, err := j.keepTrend(ctx, gen, p, now)
	if err != nil {
		return fmt.Errorf("scorecards: trend: %w", err)
	}
	j.deps.log().Info("scorecards snapshot kept", "period", p.String(), "units", len(cur.Units), "notifications", len(notes), "trend_points", weeks)
	return nil
}

func (j *Scorecards) dropAlerts(ctx context.Context, p domain.Period, prev, cur domain.Report, pending map[int64][]time.Time, now time.Time) ([]domain.Notification, error) {
	var drops []domain.GradeDrop
	for _, sc := range cur.Units {
		old, ok := prev.Card(sc.Unit.ID)
		if !ok || !domain.GradeFell(old.Grade, sc.Grade) {
			continue
		}
		d := j.deps.Settings.Scheme.NewGradeDrop(p, old, sc, openWork(sc, pending))
		nos, n, err := j.store.TicketsBehind(ctx, sc.Unit.ID, p, now, d.Moved.Rate, behindShown)
		if err != nil {
			return nil, err
		}
		d.Behind, d.BehindCount = nos, n
		drops = append(drops, d)
	}
	var notes []domain.Notification
	var low []domain.GradeDrop
	var parts []string
	for _, d := range drops {
		// The previous snapshot's time makes each fall its own event: a unit
		// that falls A → B, recovers and falls A → B again is told twice.
		key := unitKey(domain.NoticeGradeDrop, d.Unit.ID, p, string(d.From)+">"+string(d.To), prev.At.Unix())
		n := domain.Notice{Kind: domain.NoticeGradeDrop, At: now, Unit: d.Unit, Period: p, Drops: []domain.GradeDrop{d}}
		notes = append(notes, j.deps.notification(key, unitAudience(d.Unit.ID), false, n))
		if d.To.Rank() >= domain.GradeC.Rank() {
			low = append(low, d)
			parts = append(parts, key)
		}
	}
	if len(low) > 0 {
		n := domain.Notice{Kind: domain.NoticeGradeDrop, At: now, Period: p, Drops: low}
		notes = append(notes, j.deps.notification(digestKey("grade_drop:supervisors", parts), supervisors, false, n))
	}
	return notes, nil
}

func (j *Scorecards) nearWarnings(p domain.Period, cur domain.Report, pending map[int64][]time.Time, now time.Time) []domain.Notification {
	var notes []domain.Notification
	for _, sc := range cur.Units {
		w, ok := nearWarning(j.deps.Settings.Scheme, sc, pending)
		if !ok {
			continue
		}
		n := domain.Notice{Kind: domain.NoticeNearThreshold, At: now, Unit: sc.Unit, Period: p, Near: w}
		key := unitKey(domain.NoticeNearThreshold, sc.Unit.ID, p, w.Grade)
		notes = append(notes, j.deps.notification(key, unitAudience(sc.Unit.ID), false, n))
	}
	return notes
}

// nearWarning is the warning for a unit just above its grade's floor.
func nearWarning(scheme domain.Scheme, sc domain.Scorecard, pending map[int64][]time.Time) (*domain.NearWarning, bool) {
	g, margin, ok := scheme.NearFloor(sc)
	if !ok {
		return nil, false
	}
	return &domain.NearWarning{Grade: g, Composite: sc.Composite, Threshold: scheme.Threshold(g), Margin: margin,
		Costliest: scheme.Losses(sc)[0], Overdue: sc.Should - sc.Handled, Advice: scheme.Advise(sc, openWork(sc, pending))}, true
}

// recoveries announce the grades that rose since the last snapshot: each
// unit its own, the supervisors in one message the units that come up from
// C or below. A rise is its own event per snapshot, as a fall is.
func (j *Scorecards) recoveries(p domain.Period, prev, cur domain.Report, now time.Time) []domain.Notification {
	var notes []domain.Notification
	var low []domain.GradeShift
	var parts []string
	for _, sc := range cur.Units {
		old, ok := prev.Card(sc.Unit.ID)
		if !ok || !domain.GradeRose(old.Grade, sc.Grade) {
			continue
		}
		shift := domain.GradeShift{Unit: sc.Unit.Name, UnitID: sc.Unit.ID, From: old.Grade, To: sc.Grade,
			FromComposite: old.Composite, ToComposite: sc.Composite, Moved: j.deps.Settings.Scheme.LargestMove(old, sc, false)}
		key := unitKey(domain.NoticeRecovery, sc.Unit.ID, p, string(old.Grade)+">"+string(sc.Grade), prev.At.Unix())
		n := domain.Notice{Kind: domain.NoticeRecovery, At: now, Unit: sc.Unit, Period: p,
			Recovery: &domain.Recovery{Units: []domain.GradeShift{shift}}}
		notes = append(notes, j.deps.notification(key, unitAudience(sc.Unit.ID), false, n))
		if old.Grade.Rank() >= domain.GradeC.Rank() {
			low = append(low, shift)
			parts = append(parts, key)
		}
	}
	if len(low) > 0 {
		n := domain.Notice{Kind: domain.NoticeRecovery, At: now, Period: p, Recovery: &domain.Recovery{Units: low}}
		notes = append(notes, j.deps.notification(digestKey("recovery:supervisors", parts), supervisors, false, n))
	}
	return notes
}

// openWork is what the unit of sc can still act on: its counting tickets
// not yet handled are its open overdue ones.
func openWork(sc domain.Scorecard, pending map[int64][]time.Time) domain.OpenWork {
	return domain.OpenWork{Overdue: sc.Should - sc.Handled, Pending: pending[sc.Unit.ID]}
}
