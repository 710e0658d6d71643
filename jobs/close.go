package jobs

import (
	"context"
	"fmt"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// CloseStore is what the close job reads and writes.
type CloseStore interface {
	report.BulletinSource
	SaveSnapshot(ctx context.Context, gen int64, r domain.Report, final bool, notes []domain.Notification) error
}

// Close is the close job, on the first day of a period: the final
// scorecards of the period just ended, kept as its final snapshot, the
// bulletin's figures to the supervisors and each unit's final result to its
// liaisons.
type Close struct {
	store CloseStore
	deps  Deps
}

// NewClose builds the close job.
func NewClose(st CloseStore, d Deps) *Close { return &Close{store: st, deps: d} }

// Run closes the period before the one containing now, once: a period
// already closed is left alone.
func (j *Close) Run(ctx context.Context) error {
	now := j.deps.now()
	p := j.deps.periodOf(now).Prev()
	if _, done, err := j.store.FinalSnapshot(ctx, p); err != nil || done {
		if err != nil {
			return fmt.Errorf("close %s: %w", p, err)
		}
		j.deps.log().Info("period already closed", "period", p.String())
		return nil
	}
	scheme := j.deps.Settings.Scheme
	final, err := j.store.Report(ctx, scheme, p, now)
	if err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	b, err := report.BulletinAround(ctx, j.store, scheme, final)
	if err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	n := domain.Notice{Kind: domain.NoticeBulletin, At: now, Period: p, Bulletin: &b}
	note := j.deps.notification("bulletin:"+p.String(), supervisors, false, n)
	results, err := j.finalResults(ctx, final)
	if err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	notes := append([]domain.Notification{note}, results...)
	if err := j.store.SaveSnapshot(ctx, j.deps.Fence.Generation(), final, true, j.deps.admit("close", notes)); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	j.deps.log().Info("period closed", "period", p.String(), "units", len(final.Units))
	return nil
}
