package store

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// PendingDeadlines lists, per unit, the deadlines of the tickets dispatched
// in period p that are open and not yet due at instant at, soonest first:
// the ones a unit can still complete on time. unitID 0 means all units;
// units with none are absent.
func (s *Store) PendingDeadlines(ctx context.Context, unitID int64, p domain.Period, at time.Time) (map[int64][]time.Time, error) {
	f := openFilter{unitID: unitID, at: at, dueAfter: &at}
	open, args, _, err := s.branches(ctx, f, func(where string) string {
		// Literal bounds: branches passes on only the filter's arguments.
		return fmt.Sprintf("SELECT t.unit_id, t.due_at FROM tickets t WHERE %s AND t.dispatched_at >= %d AND t.dispatched_at < %d",
			where, unix(p.Start), unix(p.End))
	})
	if err != nil {
		return nil, fmt.Errorf("pending deadlines: %w", err)
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT unit_id, due_at FROM (`+open+`) o ORDER BY unit_id, due_at`), args...)
	if err != nil {
		return nil, fmt.Errorf("pending deadlines: %w", err)
	}
	defer rows.Close()
	out := map[int64][]time.Time{}
	for rows.Next() {
		var id, due int64
		if err := rows.Scan(&id, &due); err != nil {
			return nil, fmt.Errorf("pending deadlines: %w", err)
		}
		out[id] = append(out[id], time.Unix(due, 0).In(at.Location()))
	}
	return out, rows.Err()
}

// TicketsBehind lists the numbers of a unit's tickets of period p that cost
// it points on rate r at instant at, most telling first: for the
// completion and on-time rates its overdue open tickets (most overdue
// first), for the rework rate its reworked tickets, for satisfaction the
// dissatisfied callbacks. It returns at most limit numbers and how many
// there are.
func (s *Store) TicketsBehind(ctx context.Context, unitID int64, p domain.Period, at time.Time, r domain.Rate, limit int) ([]string, int, error) {
	T := unix(at)
	base := `SELECT ticket_no FROM tickets WHERE unit_id = ? AND dispatched_at >= ? AND dispatched_at < ? AND `
	args := []any{unitID, unix(p.Start), unix(p.End)}
	var q string
	switch r {
	case domain.RateRework:
		q = base + `rework_count > 0 AND (completed_at <= ? OR due_at <= ?) ORDER BY rework_count DESC, ticket_no`
		args = append(args, T, T)
	case domain.RateSatisfaction:
		q = base + `callback = 2 AND (completed_at <= ? OR due_at <= ?) ORDER BY ticket_no`
		args = append(args, T, T)
	default:
		q = base + `(completed_at IS NULL OR completed_at > ?) AND due_at <= ? ORDER BY due_at, ticket_no`
		args = append(args, T, T)
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("tickets behind %s of unit %d: %w", r, unitID, err)
	}
	defer rows.Close()
	var nos []string
	total := 0
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, 0, fmt.Errorf("tickets behind %s of unit %d: %w", r, unitID, err)
		}
		total++
		if len(nos) < limit {
			nos = append(nos, no)
		}
	}
	return nos, total, rows.Err()
}

// PeriodFigures counts the tickets of period p that count at instant at
// (the same tickets as Counts: completed by at or past their deadline, and
// not returned by their unit awaiting re-dispatch) by
// category and topic, and the urgent ones with how many were completed in
// time, in one GROUP BY.
func (s *Store) PeriodFigures(ctx context.Context, p domain.Period, at time.Time) (domain.PeriodFigures, error) {
	T := unix(at)
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT category, urgent, topic, count(*),
		COALESCE(SUM(CASE WHEN completed_at <= ? AND completed_at <= due_at THEN 1 ELSE 0 END), 0)
		FROM tickets WHERE unit_id <> 0 AND dispatched_at >= ? AND dispatched_at < ? AND (completed_at <= ? OR due_at <= ?)
		GROUP BY category, urgent, topic`),
		T, unix(p.Start), unix(p.End), T, T)
	if err != nil {
		return domain.PeriodFigures{}, fmt.Errorf("figures of %s: %w", p, err)
	}
	defer rows.Close()
	f := domain.PeriodFigures{ByCategory: map[domain.Category]int{}, Topics: map[string]int{}}
	for rows.Next() {
		var category, topic string
		var urgent bool
		var n, onTime int
		if err := rows.Scan(&category, &urgent, &topic, &n, &onTime); err != nil {
			return domain.PeriodFigures{}, fmt.Errorf("figures of %s: %w", p, err)
		}
		f.Total += n
		f.ByCategory[domain.Category(category)] += n
		if topic != "" {
			f.Topics[topic] += n
		}
		if urgent {
			f.Urgent += n
			f.UrgentOnTime += onTime
		}
	}
	return f, rows.Err()
}

// UnitDigests are every unit's open, due-today and overdue ticket counts at
// instant at (OpenCountsByUnit as domain digests), keyed by unit id; units
// with no open ticket are absent.
func (s *Store) UnitDigests(ctx context.Context, at time.Time) (map[int64]domain.UnitDigest, error) {
	counts, err := s.OpenCountsByUnit(ctx, at)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.UnitDigest, len(counts))
	for id, c := range counts {
		out[id] = domain.UnitDigest{Open: c.Open, DueToday: c.DueToday, Overdue: c.Overdue}
	}
	return out, nil
}
