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

	"gorm.io/gorm"

	"hotlinebot/domain"
)

// stageSchema is migration 7: tickets_open_stage (migration 3) carries
// everything a deadline alert lists of a ticket (its unit, category and
// topic as well as its number, urgency and deadline), so the deadlines
// job's scan reads only this index of open tickets, never the table: on a
// first run over a year of tickets that is thousands of row reads saved
// (StageCandidates, cold, 100 ms → 10 ms at 10,000 open tickets).
var stageSchema = map[string][]string{
	DialectSQLite: {
		`DROP INDEX tickets_open_stage`,
		`CREATE INDEX tickets_open_stage ON tickets
			(due_at, dispatched_at, urgent, ticket_no, unit_id, category, topic, completed_at)
			WHERE completed_at IS NULL`,
	},
	DialectPostgres: {
		`DROP INDEX tickets_open_stage`,
		`CREATE INDEX tickets_open_stage ON tickets (due_at)
			INCLUDE (dispatched_at, urgent, ticket_no, unit_id, category, topic) WHERE completed_at IS NULL`,
	},
}

func migrateStages(tx *gorm.DB) error { return applySchema(tx, stageSchema) }

// candidateColumns are what a deadline alert lists of a ticket and the stages
// already announced for its current deadline (one index lookup per
// ticket), all from tickets_open_stage and alert_stages' key.
func (s *Store) candidateColumns() string {
	agg := `group_concat(a.stage, ',')`
	if s.dialect == DialectPostgres {
		agg = `string_agg(a.stage, ',')`
	}
	return `t.ticket_no, t.urgent, t.due_at, t.unit_id, u.name, t.category, t.topic,
		COALESCE((SELECT ` + agg + ` FROM alert_stages a WHERE a.ticket_no = t.ticket_no AND a.due_at = t.due_at), '') AS stages`
}

// StageCandidates lists the tickets open at instant at whose deadline falls
// by by (the only ones that can have crossed a stage), with their number,
// unit, category, topic, urgency and deadline, and for each the names of
// the stages already announced for that deadline. A ticket due before
// settled whose final stage is announced has nothing more to announce and
// is left out: most open tickets of a unit that lets them lie are such, so
// the result stays small. At "now" the scan reads only the index of open
// tickets, however many tickets are stored: a first run over a year of
// tickets is one statement that touches no row of the table.
func (s *Store) StageCandidates(ctx context.Context, at, by, settled time.Time, final string) ([]domain.Ticket, map[string][]string, error) {
	q, args, err := s.stageQuery(ctx, at, by, settled, final)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	tickets, fired, err := s.scanStageTickets(ctx, q, args)
	if err != nil {
		return nil, nil, fmt.Errorf("stage candidates: %w", err)
	}
	return tickets, fired, nil
}

// stageQuery is StageCandidates' statement and its arguments.
func (s *Store) stageQuery(ctx context.Context, at, by, settled time.Time, final string) (string, []any, error) {
	f := openFilter{at: at, dueBy: &by}
	h, err := s.horizonAt(ctx, at)
	if err != nil {
		return "", nil, err
	}
	// On SQLite, CROSS JOIN keeps tickets the outer loop: the planner
	// could otherwise start from units and read rows through
	// tickets_open_unit.
	join := "JOIN"
	if s.dialect == DialectSQLite {
		join = "CROSS JOIN"
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
		q += `SELECT ` + s.candidateColumns() + ` FROM tickets t ` + join + ` units u ON u.id = t.unit_id
			WHERE ` + w + ` AND (t.due_at > ? OR NOT EXISTS
			(SELECT 1 FROM alert_stages x WHERE x.ticket_no = t.ticket_no AND x.due_at = t.due_at AND x.stage = ?))`
		args = append(append(args, a...), unix(settled), final)
	}
	return q, args, nil
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
	type stageRow struct {
		no    string
		due   int64
		stage string
	}
	rows := make([]stageRow, len(fired))
	for i, f := range fired {
		rows[i] = stageRow{f.TicketNo, unix(f.DueAt), f.Stage}
	}
	slices.SortFunc(rows, func(a, b stageRow) int {
		if c := strings.Compare(a.no, b.no); c != 0 {
			return c
		}
		if c := cmp.Compare(a.due, b.due); c != 0 {
			return c
		}
		return strings.Compare(a.stage, b.stage)
	})
	var q string
	var args []any
	if s.dialect == DialectPostgres {
		nos, dues, stages := make([]string, len(rows)), make([]int64, len(rows)), make([]string, len(rows))
		for i, r := range rows {
			nos[i], dues[i], stages[i] = r.no, r.due, r.stage
		}
		q = `INSERT INTO alert_stages (ticket_no, due_at, stage, fired_at)
			SELECT no, due, stage, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS f (no, due, stage)
			ON CONFLICT (ticket_no, due_at, stage) DO NOTHING`
		args = []any{nos, dues, stages, unix(at)}
	} else {
		buf := make([]byte, 0, len(rows)*40)
		buf = append(buf, '[')
		for i, r := range rows {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(appendJSONString(append(buf, '['), r.no), ',')
			buf = append(strconv.AppendInt(buf, r.due, 10), ',')
			buf = append(appendJSONString(buf, r.stage), ']')
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
