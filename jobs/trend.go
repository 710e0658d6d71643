package jobs

import (
	"context"
	"slices"
	"time"

	"hotlinebot/domain"
)

// TrendStore is what the scorecards job reads and writes to keep the
// weekly trend.
type TrendStore interface {
	Counts(ctx context.Context, p domain.Period, at time.Time) (map[int64]domain.Counts, error)
	FinalSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
	TrendPointsKept(ctx context.Context, p domain.Period) ([]time.Time, error)
	SaveTrendPoint(ctx context.Context, gen int64, p domain.Period, at, taken time.Time, counts map[int64]domain.Counts) error
}

// trendPeriods is how many periods before the current one a trend shows.
const trendPeriods = 4

// keepTrend keeps every unit's counts at each trend point of the current
// period, and at the end of each of the four periods before it, that is not
// kept yet: normally the week that just ended, but a database imported
// mid-period, or a service that was down, has its missing points rebuilt
// from the tickets. A closed period's end is its final scorecard when the
// close job kept one.
func (j *Scorecards) keepTrend(ctx context.Context, gen int64, p domain.Period, now time.Time) (int, error) {
	kept := 0
	for _, q := range p.WithPrevious(trendPeriods) {
		have, err := j.store.TrendPointsKept(ctx, q)
		if err != nil {
			return kept, err
		}
		points := []time.Time{q.End}
		if q == p {
			points = p.TrendPoints(now)
		}
		for _, at := range points {
			if slices.ContainsFunc(have, at.Equal) {
				continue
			}
			counts, err := j.trendCounts(ctx, q, at)
			if err != nil {
				return kept, err
			}
			if err := j.store.SaveTrendPoint(ctx, gen, q, at, now, counts); err != nil {
				return kept, err
			}
			kept++
		}
	}
	return kept, nil
}

// trendCounts are every unit's counts at point at of period q.
func (j *Scorecards) trendCounts(ctx context.Context, q domain.Period, at time.Time) (map[int64]domain.Counts, error) {
	if at.Equal(q.End) {
		final, ok, err := j.store.FinalSnapshot(ctx, q)
		if err != nil {
			return nil, err
		}
		if ok {
			counts := make(map[int64]domain.Counts, len(final.Units))
			for _, sc := range final.Units {
				counts[sc.Unit.ID] = sc.Counts
			}
			return counts, nil
		}
	}
	return j.store.Counts(ctx, q, at)
}
