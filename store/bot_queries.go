package store

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

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

// OpenPage asks for one page of the tickets open at an instant, soonest due
// (most overdue) first; TicketCounts gives how many there are in all.
type OpenPage struct {
	UnitID      int64 // 0: all units
	At          time.Time
	OverdueOnly bool // only those past their deadline at At
	Offset      int
	Limit       int
}

// OpenTicketsPage returns the page of open tickets q asks for.
func (s *Store) OpenTicketsPage(ctx context.Context, q OpenPage) ([]domain.Ticket, error) {
	f := openFilter{unitID: q.UnitID, at: q.At}
	if q.OverdueOnly {
		f.dueBy = &q.At
	}
	w1, a1 := f.where(false)
	w2, a2 := f.where(true)
	query := `SELECT * FROM (` + selectTickets + ` WHERE ` + w1 + ` UNION ALL ` + selectTickets + ` WHERE ` + w2 +
		`) o ORDER BY due_at, ticket_no LIMIT ? OFFSET ?`
	args := append(append(a1, a2...), q.Limit, q.Offset)
	ts, err := s.queryTickets(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("open tickets page: %w", err)
	}
	return ts, nil
}
