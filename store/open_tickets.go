package store

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// The bot's lists are of tickets open now: not completed (completed_at
// NULL). Unlike OpenTickets, which can look back in time, they ignore
// completions after At and dispatches after At (which only clock skew can
// produce), so they read only the partial indexes of open tickets
// (tickets_open_due, tickets_open_unit) and stay fast however many completed
// tickets there are. A page is found on the index alone (due_at, then the
// row id, which breaks the many ties of 24:00 deadlines) before its rows are
// read.
const openPageSQL = selectTickets + ` WHERE t.id IN (SELECT id FROM tickets WHERE completed_at IS NULL%s
	ORDER BY due_at, id LIMIT ? OFFSET ?) ORDER BY t.due_at, t.id`

// OpenTicketsPage returns the page of open tickets q asks for.
func (s *Store) OpenTicketsPage(ctx context.Context, q domain.OpenPage) ([]domain.Ticket, error) {
	cond, args := openNowFilter(q.UnitID)
	if q.OverdueOnly {
		cond += ` AND due_at <= ?`
		args = append(args, unix(q.At))
	}
	ts, err := s.queryTickets(ctx, fmt.Sprintf(openPageSQL, cond), append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("open tickets page: %w", err)
	}
	return ts, nil
}

// CurrentOpenCounts counts the tickets open now (as OpenTicketsPage lists
// them) of one unit or, with unitID 0, of all: open, overdue at at, and due
// by the end of at's day.
func (s *Store) CurrentOpenCounts(ctx context.Context, unitID int64, at time.Time) (domain.OpenCounts, error) {
	cond, args := openNowFilter(unitID)
	query := `SELECT count(*),
		COALESCE(SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN due_at > ? AND due_at <= ? THEN 1 ELSE 0 END), 0)
		FROM tickets WHERE completed_at IS NULL` + cond
	args = append([]any{unix(at), unix(at), unix(midnightAfter(at))}, args...)
	var c domain.OpenCounts
	if err := s.sql.QueryRowContext(ctx, s.rebind(query), args...).Scan(&c.Open, &c.Overdue, &c.DueToday); err != nil {
		return domain.OpenCounts{}, fmt.Errorf("open counts: %w", err)
	}
	return c, nil
}

func openNowFilter(unitID int64) (string, []any) {
	if unitID == 0 {
		return "", nil
	}
	return ` AND unit_id = ?`, []any{unitID}
}
