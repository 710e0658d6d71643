package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// candidateColumns are what decides which stages a ticket has crossed:
// its number, urgency and deadline, all in the tickets_open_stage index
// (with the row's key), and the stages already announced for that
// deadline, one index lookup per ticket.
func (s *Store) candidateColumns() string {
	agg := `group_concat(a.stage, ',')`
	if s.dialect == DialectPostgres {
		agg = `string_agg(a.stage, ',')`
	}
	return `t.` + s.rowKey() + ` AS row_key, t.ticket_no, t.urgent, t.due_at,
		COALESCE((SELECT ` + agg + ` FROM alert_stages a WHERE a.ticket_no = t.ticket_no AND a.due_at = t.due_at), '') AS stages`
}

// rowKey is how a candidate finds its row again without leaving the index
// scan: the rowid, which every SQLite index carries; PostgreSQL's
// tickets_open_stage carries the ticket number.
func (s *Store) rowKey() string {
	if s.dialect == DialectPostgres {
		return "ticket_no"
	}
	return "id"
}

// StageCandidates lists the tickets open at instant at whose deadline falls
// by by (the only ones that can have crossed a stage), with their number,
// unit, category, topic, urgency and deadline, and for each the names of
// the stages already announced for that deadline. A ticket due before
// settled whose final stage is announced has nothing more to announce and
// is left out: most open tickets of a unit that lets them lie are such, so
// the result stays small. The scan reads the index of open tickets,
// however many tickets are stored, and each candidate's row.
func (s *Store) StageCandidates(ctx context.Context, at, by, settled time.Time, final string) ([]domain.Ticket, map[string][]string, error) {
	f := openFilter{at: at, dueBy: &by}
	h, err := s.horizonAt(ctx, at)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	var q string
	var args []any
	for _, completedLater := range []bool{false, true} {
		if completedLater && !h.completedAfter {
			break // at "now": no ticket completed after it, none of the full scan
		}
		w, a := f.whereWithin(h, completedLater)
		if q != "" {
			q += ` UNION ALL `
		}
		q += `SELECT ` + s.candidateColumns() + ` FROM tickets t WHERE ` + w + ` AND (t.due_at > ? OR NOT EXISTS
			(SELECT 1 FROM alert_stages x WHERE x.ticket_no = t.ticket_no AND x.due_at = t.due_at AND x.stage = ?))`
		args = append(append(args, a...), unix(settled), final)
	}
	// The candidates are chosen from the index alone; only they read their
	// row, for what a notification lists (unit, category, topic), so a
	// first run over a year of tickets is one statement and later runs
	// touch no row they do not announce.
	q = `WITH c AS MATERIALIZED (` + q + `)
		SELECT c.ticket_no, c.urgent, c.due_at, t.unit_id, u.name, t.category, t.topic, c.stages
		FROM c JOIN tickets t ON t.` + s.rowKey() + ` = c.row_key JOIN units u ON u.id = t.unit_id`
	tickets, fired, err := s.scanStageTickets(ctx, q, args)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	return tickets, fired, nil
}

func (s *Store) scanStageTickets(ctx context.Context, q string, args []any) ([]domain.Ticket, map[string][]string, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := make([]domain.Ticket, 0, 1024)
	fired := map[string][]string{}
	var stages string
	var due int64
	for rows.Next() {
		var t domain.Ticket
		var category string
		if err := rows.Scan(&t.No, &t.Urgent, &due, &t.UnitID, &t.UnitName, &category, &t.Topic, &stages); err != nil {
			return nil, nil, err
		}
		t.Category = domain.Category(category)
		t.DueAt = fromUnix(due)
		if stages != "" {
			fired[t.No] = strings.Split(stages, ",")
		}
		out = append(out, t)
	}
	return out, fired, rows.Err()
}

// RecordStages notes the stages announced at at and queues the
// notifications announcing them, in one transaction under leader
// generation gen: either both are stored or neither.
func (s *Store) RecordStages(ctx context.Context, gen int64, fired []domain.FiredStage, notes []domain.Notification, at time.Time) error {
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		if err := s.insertStages(ctx, tx, fired, at); err != nil {
			return err
		}
		_, err := s.insertNotifications(ctx, tx, gen, notes)
		return err
	})
	if err != nil {
		return fmt.Errorf("record stages: %w", err)
	}
	return nil
}

// insertStages records fired in one statement: the stages go as one JSON
// array of [number, deadline, stage] (SQLite) or three arrays (PostgreSQL),
// so a first run over a year of tickets is one INSERT, not one per stage.
func (s *Store) insertStages(ctx context.Context, tx *sql.Tx, fired []domain.FiredStage, at time.Time) error {
	if len(fired) == 0 {
		return nil
	}
	// In key order the rows append to alert_stages' primary key instead of
	// landing all over it.
	fired = slices.SortedFunc(slices.Values(fired), func(a, b domain.FiredStage) int {
		return cmp.Or(strings.Compare(a.TicketNo, b.TicketNo), a.DueAt.Compare(b.DueAt), strings.Compare(a.Stage, b.Stage))
	})
	var q string
	var args []any
	if s.dialect == DialectPostgres {
		nos, dues, stages := make([]string, len(fired)), make([]int64, len(fired)), make([]string, len(fired))
		for i, f := range fired {
			nos[i], dues[i], stages[i] = f.TicketNo, unix(f.DueAt), f.Stage
		}
		q = `INSERT INTO alert_stages (ticket_no, due_at, stage, fired_at)
			SELECT no, due, stage, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS f (no, due, stage)
			ON CONFLICT (ticket_no, due_at, stage) DO NOTHING`
		args = []any{nos, dues, stages, unix(at)}
	} else {
		buf := make([]byte, 0, len(fired)*40)
		buf = append(buf, '[')
		for i, f := range fired {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(appendJSONString(append(buf, '['), f.TicketNo), ',')
			buf = append(strconv.AppendInt(buf, unix(f.DueAt), 10), ',')
			buf = append(appendJSONString(buf, f.Stage), ']')
		}
		q = `INSERT INTO alert_stages (ticket_no, due_at, stage, fired_at)
			SELECT value ->> 0, value ->> 1, value ->> 2, ? FROM json_each(?) WHERE true
			ON CONFLICT (ticket_no, due_at, stage) DO NOTHING`
		args = []any{unix(at), string(append(buf, ']'))}
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("record %d stages: %w", len(fired), err)
	}
	return nil
}
