package store

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// countsSQL computes every unit's scorecard counts in one GROUP BY: tickets
// dispatched in [start, end) that count at T (completed by T or due by T).
// With tickets_unit_dispatched carrying every column read, SQLite streams
// that index in unit order, with neither table reads nor a sort.
const countsSQL = `SELECT unit_id,
	count(*),
	SUM(CASE WHEN completed_at <= ? THEN 1 ELSE 0 END),
	SUM(CASE WHEN completed_at <= ? AND completed_at > due_at THEN 1 ELSE 0 END),
	SUM(rework_count),
	SUM(CASE WHEN callback = 1 THEN 1 ELSE 0 END),
	SUM(CASE WHEN callback = 2 THEN 1 ELSE 0 END)
	FROM tickets
	WHERE dispatched_at >= ? AND dispatched_at < ? AND (completed_at <= ? OR due_at <= ?)
	GROUP BY unit_id`

// Counts are the scorecard counts of every unit with a ticket counting in
// period p at instant at, keyed by unit id, computed by the database in one
// query. A ticket counts once completed by at or past its deadline at at;
// it is handled if completed by at, overdue if so completed after its
// deadline.
func (s *Store) Counts(ctx context.Context, p domain.Period, at time.Time) (map[int64]domain.Counts, error) {
	T := unix(at)
	rows, err := s.sql.QueryContext(ctx, s.rebind(countsSQL), T, T, unix(p.Start), unix(p.End), T, T)
	if err != nil {
		return nil, fmt.Errorf("counts for %s: %w", p, err)
	}
	defer rows.Close()
	out := make(map[int64]domain.Counts)
	for rows.Next() {
		var id int64
		var c domain.Counts
		if err := rows.Scan(&id, &c.Should, &c.Handled, &c.Overdue, &c.Rework, &c.Satisfied, &c.Dissatisfied); err != nil {
			return nil, fmt.Errorf("counts for %s: %w", p, err)
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counts for %s: %w", p, err)
	}
	return out, nil
}

// Report is the evaluation table of period p at instant at under scheme:
// every unit, scored from Counts.
func (s *Store) Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error) {
	units, err := s.Units(ctx)
	if err != nil {
		return domain.Report{}, err
	}
	counts, err := s.Counts(ctx, p, at)
	if err != nil {
		return domain.Report{}, err
	}
	return domain.NewReport(p, at, units, counts, scheme), nil
}

// unitCountsSQL is countsSQL for one unit: it reads only that unit's slice
// of tickets_unit_dispatched, so a unit's live scorecard costs little however
// many tickets the city has.
const unitCountsSQL = `SELECT count(*),
	COALESCE(SUM(CASE WHEN completed_at <= ? THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN completed_at <= ? AND completed_at > due_at THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(rework_count), 0),
	COALESCE(SUM(CASE WHEN callback = 1 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN callback = 2 THEN 1 ELSE 0 END), 0)
	FROM tickets
	WHERE unit_id = ? AND dispatched_at >= ? AND dispatched_at < ? AND (completed_at <= ? OR due_at <= ?)`

// UnitCounts are one unit's scorecard counts in period p at instant at, as
// Counts computes them for every unit.
func (s *Store) UnitCounts(ctx context.Context, unitID int64, p domain.Period, at time.Time) (domain.Counts, error) {
	T := unix(at)
	var c domain.Counts
	err := s.sql.QueryRowContext(ctx, s.rebind(unitCountsSQL), T, T, unitID, unix(p.Start), unix(p.End), T, T).
		Scan(&c.Should, &c.Handled, &c.Overdue, &c.Rework, &c.Satisfied, &c.Dissatisfied)
	if err != nil {
		return domain.Counts{}, fmt.Errorf("counts of unit %d for %s: %w", unitID, p, err)
	}
	return c, nil
}
