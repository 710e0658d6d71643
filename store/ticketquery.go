package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// selectTickets reads every field of domain.Ticket, the unit's name included;
// scanTicket reads its columns in this order.
const selectTickets = `SELECT t.ticket_no, t.unit_id, u.name, t.category, t.topic, t.urgent,
	t.dispatched_at, t.due_at, t.completed_at, t.rework_count, t.callback, t.summary
	FROM tickets t JOIN units u ON u.id = t.unit_id`

// selectTicketsAnyUnit is selectTickets with the returned tickets too,
// whose unit_id is 0 (no unit) while they await re-dispatch.
const selectTicketsAnyUnit = `SELECT t.ticket_no, t.unit_id, COALESCE(u.name, ''), t.category, t.topic, t.urgent,
	t.dispatched_at, t.due_at, t.completed_at, t.rework_count, t.callback, t.summary
	FROM tickets t LEFT JOIN units u ON u.id = t.unit_id`

func scanTicket(rows rowScanner) (domain.Ticket, error) {
	var t domain.Ticket
	var category string
	var dispatched, due, rework, callback int64
	var completed sql.NullInt64
	err := rows.Scan(&t.No, &t.UnitID, &t.UnitName, &category, &t.Topic, &t.Urgent,
		&dispatched, &due, &completed, &rework, &callback, &t.Summary)
	t.Category = domain.Category(category)
	t.DispatchedAt, t.DueAt, t.CompletedAt = fromUnix(dispatched), fromUnix(due), fromNullUnix(completed)
	t.ReworkCount, t.Callback = int(rework), callbackOf(callback)
	return t, err
}

func (s *Store) queryTickets(ctx context.Context, query string, args ...any) ([]domain.Ticket, error) {
	return s.queryTicketsOn(ctx, s.sql, query, args...)
}

func (s *Store) queryTicketsOn(ctx context.Context, db querier, query string, args ...any) ([]domain.Ticket, error) {
	return queryAll(ctx, db, s.rebind(query), scanTicket, args...)
}

// queryAll runs a query on db and scans every row it answers with scan.
func queryAll[T any](ctx context.Context, db querier, query string, scan func(rowScanner) (T, error), args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Ticket returns the ticket with the given number (spaces around it
// ignored), or ErrNotFound; a returned ticket awaiting re-dispatch has
// UnitID 0.
func (s *Store) Ticket(ctx context.Context, no string) (domain.Ticket, error) {
	no = strings.TrimSpace(no)
	if domain.CheckTicketNo(no) != nil {
		// No such number can be stored; PostgreSQL would not even compare it.
		return domain.Ticket{}, fmt.Errorf("ticket %q: %w", no, domain.ErrNotFound)
	}
	ts, err := s.queryTickets(ctx, selectTicketsAnyUnit+` WHERE t.ticket_no = ?`, no)
	if err != nil {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", no, err)
	}
	if len(ts) == 0 {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", no, domain.ErrNotFound)
	}
	return ts[0], nil
}

// TicketsByNos returns the stored tickets among the given numbers (spaces
// around them ignored), by stored number; numbers not stored are absent
// from the map. One statement however many numbers: they go as one JSON
// array (SQLite) or text array (PostgreSQL).
func (s *Store) TicketsByNos(ctx context.Context, nos []string) (map[string]domain.Ticket, error) {
	out := make(map[string]domain.Ticket, len(nos))
	trimmed := make([]string, 0, len(nos))
	for _, no := range nos {
		if no = strings.TrimSpace(no); domain.CheckTicketNo(no) == nil {
			trimmed = append(trimmed, no)
		}
	}
	if len(trimmed) == 0 {
		return out, nil
	}
	q, arg := selectTickets+` WHERE t.ticket_no IN (SELECT value FROM json_each(?))`, any(jsonStrings(trimmed))
	if s.dialect == DialectPostgres {
		q, arg = selectTickets+` WHERE t.ticket_no = ANY(?)`, trimmed
	}
	ts, err := s.queryTickets(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("tickets by number: %w", err)
	}
	for _, t := range ts {
		out[t.No] = t
	}
	return out, nil
}

// jsonStrings is list as a JSON array, for SQLite's json_each.
func jsonStrings(list []string) string {
	buf := make([]byte, 0, len(list)*16)
	buf = append(buf, '[')
	for i, v := range list {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, v)
	}
	return string(append(buf, ']'))
}

// TicketCount is the number of stored tickets.
func (s *Store) TicketCount(ctx context.Context) (int, error) {
	var n int
	if err := s.sql.QueryRowContext(ctx, `SELECT count(*) FROM tickets`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count tickets: %w", err)
	}
	return n, nil
}

// UnitTickets lists a unit's tickets dispatched in period p, in dispatch
// order.
func (s *Store) UnitTickets(ctx context.Context, unitID int64, p domain.Period) ([]domain.Ticket, error) {
	ts, err := s.queryTickets(ctx, selectTickets+` WHERE t.unit_id = ? AND t.dispatched_at >= ? AND t.dispatched_at < ?
		ORDER BY t.dispatched_at, t.ticket_no`, unitID, unix(p.Start), unix(p.End))
	if err != nil {
		return nil, fmt.Errorf("tickets of unit %d in %s: %w", unitID, p, err)
	}
	return ts, nil
}

// openFilter selects the tickets open at an instant (dispatched by then and
// not completed by then) whose deadline lies in (dueAfter, dueBy], for one
// unit or, with unitID 0, all.
type openFilter struct {
	unitID          int64
	at              time.Time
	dueAfter, dueBy *time.Time
}

// horizon says how far an open-ticket query must look, from ticket_stats:
// whether tickets were dispatched after its instant (so "not completed" is
// not enough) and whether tickets were completed after it (so tickets with
// a completion may still have been open then).
type horizon struct{ dispatchedAfter, completedAfter bool }

func (s *Store) horizonAt(ctx context.Context, at time.Time) (horizon, error) {
	var dispatched, completed sql.NullInt64
	err := s.sql.QueryRowContext(ctx, `SELECT latest_dispatched_at, latest_completed_at FROM ticket_stats WHERE id = 1`).
		Scan(&dispatched, &completed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return horizon{}, err
	}
	if dispatched, completed, err = s.settleHorizon(ctx, dispatched, completed); err != nil {
		return horizon{}, err
	}
	T := unix(at)
	return horizon{dispatched.Valid && dispatched.Int64 > T, completed.Valid && completed.Int64 > T}, nil
}

// where returns the condition on table alias t of one branch (tickets
// never completed, or completed after the instant) and its arguments,
// exact whatever the horizon.
func (f openFilter) where(completedLater bool) (string, []any) {
	return f.whereWithin(horizon{dispatchedAfter: true, completedAfter: true}, completedLater)
}

// whereWithin is where, leaving out the dispatch condition when h says no
// ticket was dispatched after the instant.
func (f openFilter) whereWithin(h horizon, completedLater bool) (string, []any) {
	var conds []string
	var args []any
	if completedLater {
		conds = append(conds, "t.completed_at > ?")
		args = append(args, unix(f.at))
	} else {
		conds = append(conds, "t.completed_at IS NULL")
	}
	if h.dispatchedAfter {
		conds = append(conds, "t.dispatched_at <= ?")
		args = append(args, unix(f.at))
	}
	if f.dueAfter != nil {
		conds = append(conds, "t.due_at > ?")
		args = append(args, unix(*f.dueAfter))
	}
	if f.dueBy != nil {
		conds = append(conds, "t.due_at <= ?")
		args = append(args, unix(*f.dueBy))
	}
	if f.unitID != 0 {
		conds = append(conds, "t.unit_id = ?")
		args = append(args, f.unitID)
	}
	return strings.Join(conds, " AND "), args
}

// branches returns the SQL of the open tickets as f sees them, built by
// part(where) for each branch needed, joined by UNION ALL, its arguments,
// and whether there is more than one branch. At "now" it is one branch read
// from the partial indexes of tickets never completed.
func (s *Store) branches(ctx context.Context, f openFilter, part func(where string) string) (string, []any, bool, error) {
	h, err := s.horizonAt(ctx, f.at)
	if err != nil {
		return "", nil, false, err
	}
	w, args := f.whereWithin(h, false)
	q := part(w)
	if !h.completedAfter {
		return q, args, false, nil
	}
	w2, a2 := f.whereWithin(h, true)
	return q + " UNION ALL " + part(w2), append(args, a2...), true, nil
}

func (s *Store) openTickets(ctx context.Context, f openFilter) ([]domain.Ticket, error) {
	q, args, union, err := s.branches(ctx, f, func(where string) string { return selectTickets + " WHERE " + where })
	if err != nil {
		return nil, err
	}
	if union {
		return s.queryTickets(ctx, `SELECT * FROM (`+q+`) o ORDER BY due_at, ticket_no`, args...)
	}
	return s.queryTickets(ctx, q+` ORDER BY t.due_at, t.ticket_no`, args...)
}

// OpenTickets lists the tickets open at instant at (dispatched by then, not
// completed by then), soonest due first; unitID 0 means all units.
func (s *Store) OpenTickets(ctx context.Context, unitID int64, at time.Time) ([]domain.Ticket, error) {
	ts, err := s.openTickets(ctx, openFilter{unitID: unitID, at: at})
	if err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	return ts, nil
}

// OverdueTickets lists the tickets open and past their deadline at instant
// at, most overdue first; unitID 0 means all units.
func (s *Store) OverdueTickets(ctx context.Context, unitID int64, at time.Time) ([]domain.Ticket, error) {
	ts, err := s.openTickets(ctx, openFilter{unitID: unitID, at: at, dueBy: &at})
	if err != nil {
		return nil, fmt.Errorf("overdue tickets: %w", err)
	}
	return ts, nil
}

// DueTickets lists the tickets open at instant at and not yet overdue whose
// deadline falls by until, soonest due first; unitID 0 means all units.
// The deadlines job asks it for each warning window.
func (s *Store) DueTickets(ctx context.Context, unitID int64, at, until time.Time) ([]domain.Ticket, error) {
	ts, err := s.openTickets(ctx, openFilter{unitID: unitID, at: at, dueAfter: &at, dueBy: &until})
	if err != nil {
		return nil, fmt.Errorf("due tickets: %w", err)
	}
	return ts, nil
}

// TicketCounts counts the tickets open at instant at, for one unit or, with
// unitID 0, all units together.
func (s *Store) TicketCounts(ctx context.Context, unitID int64, at time.Time) (domain.OpenCounts, error) {
	byUnit, err := s.openCounts(ctx, unitID, at)
	if err != nil {
		return domain.OpenCounts{}, fmt.Errorf("ticket counts: %w", err)
	}
	var total domain.OpenCounts
	for _, c := range byUnit {
		total.Open += c.Open
		total.Overdue += c.Overdue
		total.DueToday += c.DueToday
	}
	return total, nil
}

// OpenCountsByUnit is TicketCounts for every unit in one query, keyed by
// unit id; units with no open ticket are absent.
func (s *Store) OpenCountsByUnit(ctx context.Context, at time.Time) (map[int64]domain.OpenCounts, error) {
	byUnit, err := s.openCounts(ctx, 0, at)
	if err != nil {
		return nil, fmt.Errorf("open counts by unit: %w", err)
	}
	return byUnit, nil
}

func (s *Store) openCounts(ctx context.Context, unitID int64, at time.Time) (map[int64]domain.OpenCounts, error) {
	open, openArgs, _, err := s.branches(ctx, openFilter{unitID: unitID, at: at}, func(where string) string {
		return "SELECT t.unit_id, t.due_at FROM tickets t WHERE " + where
	})
	if err != nil {
		return nil, err
	}
	// MATERIALIZED: else SQLite, to save the GROUP BY a sort, reads every
	// ticket from tickets_unit_dispatched instead of the open ones from
	// tickets_open_due.
	q := `WITH o AS MATERIALIZED (` + open + `) SELECT unit_id, count(*),
		COALESCE(SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN due_at > ? AND due_at <= ? THEN 1 ELSE 0 END), 0)
		FROM o GROUP BY unit_id`
	args := append(openArgs, unix(at), unix(at), unix(midnightAfter(at)))
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.OpenCounts{}
	for rows.Next() {
		var id int64
		var c domain.OpenCounts
		if err := rows.Scan(&id, &c.Open, &c.Overdue, &c.DueToday); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

// midnightAfter is 24:00 of t's day in t's location.
func midnightAfter(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
}

// placeholders is n comma-separated ? placeholders, for rebind.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
