package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// stageColumns are what the deadlines job needs to decide which stages a
// ticket has crossed: its number, urgency and deadline, all in the
// tickets_open_stage index, and the stages already announced for that
// deadline, one index lookup per ticket.
func (s *Store) stageColumns() string {
	agg := `group_concat(a.stage, ',')`
	if s.dialect == DialectPostgres {
		agg = `string_agg(a.stage, ',')`
	}
	return `t.ticket_no, t.urgent, t.due_at,
		COALESCE((SELECT ` + agg + ` FROM alert_stages a WHERE a.ticket_no = t.ticket_no AND a.due_at = t.due_at), '')`
}

// StageCandidates lists the tickets open at instant at whose deadline falls
// by by (the only ones that can have crossed a stage), with just their
// number, urgency and deadline, and for each the names of the stages
// already announced for that deadline. A ticket due before settled whose
// final stage is announced has nothing more to announce and is left out:
// most open tickets of a unit that lets them lie are such, so the result
// stays small. The scan reads the covering index of open tickets, however
// many tickets are stored; the few that cross a stage are then read in full
// (TicketsByNos).
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
		q += `SELECT ` + s.stageColumns() + ` FROM tickets t WHERE ` + w + ` AND (t.due_at > ? OR NOT EXISTS
			(SELECT 1 FROM alert_stages x WHERE x.ticket_no = t.ticket_no AND x.due_at = t.due_at AND x.stage = ?))`
		args = append(append(args, a...), unix(settled), final)
	}
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
		if err := rows.Scan(&t.No, &t.Urgent, &due, &stages); err != nil {
			return nil, nil, err
		}
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

func (s *Store) insertStages(ctx context.Context, tx *sql.Tx, fired []domain.FiredStage, at time.Time) error {
	if len(fired) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO alert_stages (ticket_no, due_at, stage, fired_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (ticket_no, due_at, stage) DO NOTHING`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, f := range fired {
		if _, err := stmt.ExecContext(ctx, f.TicketNo, unix(f.DueAt), f.Stage, unix(at)); err != nil {
			return fmt.Errorf("stage %s of %s: %w", f.Stage, f.TicketNo, err)
		}
	}
	return nil
}
