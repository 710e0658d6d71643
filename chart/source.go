package chart

import (
	"context"
	"fmt"
	"slices"
	"time"

	"hotlinebot/domain"
)

// TrendSource is what a unit's trend is read from; the store is one.
type TrendSource interface {
	// UnitTrend is the unit's counts at every kept trend point of periods.
	UnitTrend(ctx context.Context, unitID int64, periods []domain.Period) ([]domain.TrendPoint, error)
	// UnitCounts is the unit's counts in p at instant at, from its tickets.
	UnitCounts(ctx context.Context, unitID int64, p domain.Period, at time.Time) (domain.Counts, error)
}

// LoadTrend reads unit u's trend of period p at now: the points the
// scorecards job kept, any point it has not kept yet rebuilt from the
// unit's tickets, and the unit's live counts for today.
func LoadTrend(ctx context.Context, src TrendSource, s domain.Scheme, u domain.Unit, p domain.Period, now time.Time) (Trend, error) {
	periods := TrendPeriods(p)
	pts, err := src.UnitTrend(ctx, u.ID, periods)
	if err != nil {
		return Trend{}, fmt.Errorf("trend of %s: %w", u.Name, err)
	}
	for _, want := range trendPoints(periods, now) {
		if slices.ContainsFunc(pts, func(pt domain.TrendPoint) bool { return pt.Period == want.Period && pt.At.Equal(want.At) }) {
			continue
		}
		c, err := src.UnitCounts(ctx, u.ID, want.Period, want.At)
		if err != nil {
			return Trend{}, fmt.Errorf("trend of %s: %w", u.Name, err)
		}
		want.UnitID, want.Counts = u.ID, c
		pts = append(pts, want)
	}
	live, err := src.UnitCounts(ctx, u.ID, p, now)
	if err != nil {
		return Trend{}, fmt.Errorf("trend of %s: %w", u.Name, err)
	}
	return NewTrend(s, u, p, now, pts, live), nil
}

// trendPoints are the points a trend draws: every week's end of the last
// period so far, and the end of each period before it.
func trendPoints(periods []domain.Period, now time.Time) []domain.TrendPoint {
	var out []domain.TrendPoint
	last := len(periods) - 1
	for _, q := range periods[:last] {
		out = append(out, domain.TrendPoint{Period: q, At: q.End})
	}
	for _, at := range periods[last].TrendPoints(now) {
		out = append(out, domain.TrendPoint{Period: periods[last], At: at})
	}
	return out
}

// OverdueSource is what the overdue chart is read from; the store is one.
type OverdueSource interface {
	Units(ctx context.Context) ([]domain.Unit, error)
	OpenCountsByUnit(ctx context.Context, at time.Time) (map[int64]domain.OpenCounts, error)
}

// LoadOverdue reads every unit's open overdue tickets at now.
func LoadOverdue(ctx context.Context, src OverdueSource, now time.Time) (Overdue, error) {
	units, err := src.Units(ctx)
	if err != nil {
		return Overdue{}, fmt.Errorf("overdue chart: %w", err)
	}
	open, err := src.OpenCountsByUnit(ctx, now)
	if err != nil {
		return Overdue{}, fmt.Errorf("overdue chart: %w", err)
	}
	counts := make(map[int64]int, len(open))
	for id, c := range open {
		counts[id] = c.Overdue
	}
	return NewOverdue(now, units, counts), nil
}

// CitySource is what the city charts are read from; the store is one.
type CitySource interface {
	LatestSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
	FinalSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
	Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error)
}

// LoadCity reads the city's figures of period p: its latest snapshot (live
// when none was taken yet) beside the previous period's final scorecards
// (its latest snapshot when it was never closed, live when it has neither).
func LoadCity(ctx context.Context, src CitySource, s domain.Scheme, p domain.Period, now time.Time) (City, error) {
	cur, err := latest(ctx, src, s, p, now)
	if err != nil {
		return City{}, fmt.Errorf("city chart of %s: %w", p, err)
	}
	prev, ok, err := src.FinalSnapshot(ctx, p.Prev())
	if err == nil && !ok {
		prev, err = latest(ctx, src, s, p.Prev(), now)
	}
	if err != nil {
		return City{}, fmt.Errorf("city chart of %s: %w", p.Prev(), err)
	}
	return NewCity(s, cur, prev, len(prev.Units) > 0), nil
}

// latest is period p's latest snapshot, or its report computed at now.
func latest(ctx context.Context, src CitySource, s domain.Scheme, p domain.Period, now time.Time) (domain.Report, error) {
	r, ok, err := src.LatestSnapshot(ctx, p)
	if err != nil || ok {
		return r, err
	}
	return src.Report(ctx, s, p, now)
}
