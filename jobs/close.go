package jobs

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// CloseStore is what the close job reads and writes.
type CloseStore interface {
	finalSource
	PeriodFigures(ctx context.Context, p domain.Period, at time.Time) (domain.PeriodFigures, error)
	SaveSnapshot(ctx context.Context, gen int64, r domain.Report, final bool, notes []domain.Notification) error
}

// topicsShown is how many topics the bulletin ranks.
const topicsShown = 5

// Close is the close job, on the first day of a period: the final
// scorecards of the period just ended, kept as its final snapshot, and the
// bulletin's figures to the supervisors.
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
	prev, hasPrev, err := previousFinal(ctx, j.store, scheme, p)
	if err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	figures, err := j.store.PeriodFigures(ctx, p, now)
	if err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	b := bulletin(scheme, final, prev, hasPrev, figures)
	n := domain.Notice{Kind: domain.NoticeBulletin, At: now, Period: p, Bulletin: &b}
	note := j.deps.notification("bulletin:"+p.String(), supervisors, false, n)
	if err := j.store.SaveSnapshot(ctx, j.deps.Fence.Generation(), final, true, []domain.Notification{note}); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	j.deps.log().Info("period closed", "period", p.String(), "units", len(final.Units))
	return nil
}

func bulletin(scheme domain.Scheme, final, prev domain.Report, hasPrev bool, f domain.PeriodFigures) domain.Bulletin {
	b := scheme.NewBulletin(final, prev, hasPrev)
	b.Total = f.Total
	for _, c := range domain.Categories {
		b.ByCategory = append(b.ByCategory, domain.CategoryCount{Category: c, Count: f.ByCategory[c]})
	}
	b.Urgent, b.UrgentOnTime = f.Urgent, f.UrgentOnTime
	b.TopTopics = domain.TopTopics(f.Topics, f.Total, topicsShown)
	return b
}
