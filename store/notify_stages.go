package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// stageTicketColumns are what the deadlines job needs of a ticket: no
// summary text, which can be long.
const stageTicketColumns = `t.ticket_no, t.unit_id, u.name, t.category, t.topic, t.urgent, t.dispatched_at, t.due_at`

// StageCandidates lists the tickets open at instant at whose deadline falls
// by by (the only ones that can have crossed a stage), soonest due first,
// and for each the names of the stages already announced for its current
// deadline. Two queries over the open-ticket index, however many tickets
// are stored.
func (s *Store) StageCandidates(ctx context.Context, at, by time.Time) ([]domain.Ticket, map[string][]string, error) {
	f := openFilter{at: at, dueBy: &by}
	w1, a1 := f.where(false)
	w2, a2 := f.where(true)
	args := append(a1, a2...)
	q := `SELECT ` + stageTicketColumns + ` FROM tickets t JOIN units u ON u.id = t.unit_id WHERE ` + w1 +
		` UNION ALL SELECT ` + stageTicketColumns + ` FROM tickets t JOIN units u ON u.id = t.unit_id WHERE ` + w2
	tickets, err := s.scanStageTickets(ctx, q, args)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	q = `SELECT s.ticket_no, s.stage FROM alert_stages s JOIN tickets t ON t.ticket_no = s.ticket_no AND t.due_at = s.due_at WHERE ` + w1 +
		` UNION ALL SELECT s.ticket_no, s.stage FROM alert_stages s JOIN tickets t ON t.ticket_no = s.ticket_no AND t.due_at = s.due_at WHERE ` + w2
	fired, err := s.scanFired(ctx, q, args)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	return tickets, fired, nil
}

func (s *Store) scanStageTickets(ctx context.Context, q string, args []any) ([]domain.Ticket, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Ticket
	var category string
	var dispatched, due int64
	for rows.Next() {
		var t domain.Ticket
		if err := rows.Scan(&t.No, &t.UnitID, &t.UnitName, &category, &t.Topic, &t.Urgent, &dispatched, &due); err != nil {
			return nil, err
		}
		t.Category = domain.Category(category)
		t.DispatchedAt, t.DueAt = fromUnix(dispatched), fromUnix(due)
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) scanFired(ctx context.Context, q string, args []any) (map[string][]string, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	var no, stage string
	for rows.Next() {
		if err := rows.Scan(&no, &stage); err != nil {
			return nil, err
		}
		out[no] = append(out[no], stage)
	}
	return out, rows.Err()
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
