package store

import (
	"context"
	"fmt"

	"hotlinebot/domain"
)

// EachTicket calls fn with every ticket dispatched in period p, of one unit
// or, with unitID 0, of all, by unit and dispatch time, one row at a time:
// an export of a busy quarter never holds the city's tickets in memory. An
// error from fn stops the walk and is returned.
func (s *Store) EachTicket(ctx context.Context, unitID int64, p domain.Period, fn func(domain.Ticket) error) error {
	q := selectTickets + ` WHERE t.dispatched_at >= ? AND t.dispatched_at < ?`
	args := []any{unix(p.Start), unix(p.End)}
	if unitID != 0 {
		q += ` AND t.unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(q+` ORDER BY t.unit_id, t.dispatched_at, t.ticket_no`), args...)
	if err != nil {
		return fmt.Errorf("tickets of %s: %w", p, err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return fmt.Errorf("tickets of %s: %w", p, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tickets of %s: %w", p, err)
	}
	return nil
}
