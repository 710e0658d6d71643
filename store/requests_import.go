package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"

	"github.com/jackc/pgx/v5"

	"hotlinebot/domain"
)

// An import that rewrites a ticket writes the file's unit and deadline;
// the approved decisions still shaping the ticket are then applied again,
// or ended, by domain.MeetImport. Tickets with no such decision (all of
// them, in most batches) cost one read of the small partial index
// requests_effective per batch.

const effectiveSQL = `SELECT ticket_no, kind, unit_id, dispatched_at, COALESCE(due_after, 0) FROM requests WHERE effective = 1`

// statement is one write of the decisions' re-application.
type statement struct {
	query string
	args  []any
}

const (
	endDecisionsSQL  = `UPDATE requests SET effective = 0, ended_at = ?, ended_by = ?, updated_at = ? WHERE ticket_no = ? AND effective = 1`
	endExtensionsSQL = `UPDATE requests SET effective = 0, ended_at = ?, ended_by = ?, updated_at = ? WHERE ticket_no = ? AND effective = 1 AND kind = 'extend'`
	keepReturnedSQL  = `UPDATE tickets SET unit_id = 0 WHERE ticket_no = ?`
	keepExtendedSQL  = `UPDATE tickets SET due_at = ? WHERE ticket_no = ?`
)

// addEffect adds one row of effectiveSQL to effects.
func addEffect(effects map[string][]domain.Request, no, kind string, unit, dispatched, due int64) {
	q := domain.Request{TicketNo: no, Kind: domain.RequestKind(kind), UnitID: unit, Dispatched: fromUnix(dispatched)}
	if due != 0 {
		q.DueAfter = fromUnix(due)
	}
	effects[no] = append(effects[no], q)
}

// meetImportPlan is the statements that make the decisions in effects
// meet the rows an import wrote.
func meetImportPlan(effects map[string][]domain.Request, writes []*ticketRow, now int64) []statement {
	if len(effects) == 0 {
		return nil
	}
	var out []statement
	for _, r := range writes {
		e, ok := effects[r.no]
		if !ok {
			continue
		}
		m := domain.MeetImport(e, r.unitID, fromUnix(r.dispatched), fromUnix(r.due))
		switch {
		case m.EndAll:
			out = append(out, statement{endDecisionsSQL, []any{now, domain.EndedByDispatch, now, r.no}})
			continue
		case m.EndExtensions:
			out = append(out, statement{endExtensionsSQL, []any{now, domain.EndedByDeadline, now, r.no}})
		case !m.DueAt.IsZero():
			out = append(out, statement{keepExtendedSQL, []any{unix(m.DueAt), r.no}})
		}
		if m.Returned {
			out = append(out, statement{keepReturnedSQL, []any{r.no}})
		}
	}
	return out
}

// updatedRows are the staged rows pgMove updated (not inserted).
func updatedRows(staged []*ticketRow, written map[string]bool) []*ticketRow {
	var out []*ticketRow
	for _, r := range staged {
		if inserted, ok := written[r.no]; ok && !inserted {
			out = append(out, r)
		}
	}
	return out
}

// meetDecisionsPgx is meetImportPlan run in the PostgreSQL upsert's pgx
// transaction.
func (s *Store) meetDecisionsPgx(ctx context.Context, tx pgx.Tx, writes []*ticketRow, now int64) error {
	if len(writes) == 0 {
		return nil
	}
	rs, err := tx.Query(ctx, effectiveSQL)
	if err != nil {
		return err
	}
	effects := map[string][]domain.Request{}
	var no, kind string
	var unit, dispatched, due int64
	_, err = pgx.ForEachRow(rs, []any{&no, &kind, &unit, &dispatched, &due}, func() error {
		addEffect(effects, no, kind, unit, dispatched, due)
		return nil
	})
	if err != nil {
		return err
	}
	for _, st := range meetImportPlan(effects, writes, now) {
		if _, err := tx.Exec(ctx, s.rebind(st.query), st.args...); err != nil {
			return err
		}
	}
	return nil
}

// meetDecisions is meetImportPlan run on the bulk upsert's raw SQLite
// connection.
func (b *sqliteBulk) meetDecisions(ctx context.Context, writes []*ticketRow, now int64) error {
	if len(writes) == 0 {
		return nil
	}
	rs, err := b.c.QueryContext(ctx, effectiveSQL, nil)
	if err != nil {
		return err
	}
	effects := map[string][]domain.Request{}
	dest := make([]driver.Value, 5)
	for {
		err := rs.Next(dest)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rs.Close()
			return err
		}
		no, _ := dest[0].(string)
		kind, _ := dest[1].(string)
		unit, _ := dest[2].(int64)
		dispatched, _ := dest[3].(int64)
		due, _ := dest[4].(int64)
		addEffect(effects, no, kind, unit, dispatched, due)
	}
	rs.Close()
	for _, st := range meetImportPlan(effects, writes, now) {
		args := make([]driver.NamedValue, len(st.args))
		for i, a := range st.args {
			args[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		}
		if _, err := b.c.ExecContext(ctx, st.query, args); err != nil {
			return err
		}
	}
	return nil
}
