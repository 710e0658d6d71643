package jobs

import (
	"context"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// finalResults tell every unit its final result of the closed period p
// (终评): grade, composite, rank in its kind and the change from the period
// before; a unit with no counting ticket is told that too.
func (j *Close) finalResults(ctx context.Context, final domain.Report) ([]domain.Notification, error) {
	scheme := j.deps.Settings.Scheme
	prev, hasPrev, err := report.PreviousFinal(ctx, j.store, scheme, final.Period)
	if err != nil {
		return nil, err
	}
	var notes []domain.Notification
	for _, u := range reportUnits(final) {
		f := scheme.FinalOf(final, prev, hasPrev, u.ID)
		n := domain.Notice{Kind: domain.NoticeFinal, At: final.At, Unit: u, Period: final.Period, Final: &f}
		notes = append(notes, j.deps.notification(unitKey(domain.NoticeFinal, u.ID, final.Period), unitAudience(u.ID), false, n))
	}
	return notes, nil
}
