package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"hotlinebot/domain"
)

// Outcome is what UpsertTickets did with one ticket.
type Outcome int

// The outcomes of an upsert, per item.
const (
	Inserted  Outcome = iota + 1 // a new ticket number
	Updated                      // an existing ticket whose content changed
	Unchanged                    // an existing ticket stored exactly as given: not rewritten
)

// String is the outcome's lowercase English name.
func (o Outcome) String() string {
	switch o {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// ticketColumns are the written columns of tickets, in the order ticketArgs
// produces them.
var ticketColumns = []string{
	"ticket_no", "unit_id", "category", "topic", "urgent", "dispatched_at", "due_at",
	"completed_at", "rework_count", "callback", "summary", "content_hash", "updated_at",
}

// rowsPerInsert is how many tickets one multi-row INSERT carries: 13
// parameters each stays far below both engines' parameter limits.
const rowsPerInsert = 500

// lookupChunk is how many ticket numbers one fingerprint lookup asks for.
const lookupChunk = 1000

// UpsertTickets stores tickets by ticket number in one transaction and
// returns, per item in order, whether it was inserted, updated (content
// changed: a ticket given a new unit moves to it) or unchanged (not
// rewritten, updated_at kept). Every item must have a ticket number, a
// UnitID of an existing unit, and dispatch and due times; an item that does
// not fails the whole call and nothing is stored. A number given twice takes
// the later content. Batches of 1,000–10,000 tickets make bulk loads fast.
func (s *Store) UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]Outcome, error) {
	if len(tickets) == 0 {
		return nil, nil
	}
	rows := make([]ticketRow, len(tickets))
	for i, t := range tickets {
		if err := checkTicket(t); err != nil {
			return nil, fmt.Errorf("upsert tickets: item %d: %w", i, err)
		}
		rows[i] = newTicketRow(t)
	}
	var outcomes []Outcome
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stored, err := s.storedHashes(ctx, tx, rows)
		if err != nil {
			return err
		}
		var writes []*ticketRow
		outcomes, writes = planUpsert(rows, stored)
		return s.writeTickets(ctx, tx, writes)
	})
	if err != nil {
		return nil, fmt.Errorf("upsert tickets: %w", err)
	}
	return outcomes, nil
}

func checkTicket(t domain.Ticket) error {
	switch {
	case strings.TrimSpace(t.No) == "":
		return errors.New("empty ticket number")
	case t.UnitID == 0:
		return fmt.Errorf("ticket %s: no unit", t.No)
	case t.DispatchedAt.IsZero():
		return fmt.Errorf("ticket %s: no dispatch time", t.No)
	case t.DueAt.IsZero():
		return fmt.Errorf("ticket %s: no due time", t.No)
	}
	return nil
}

// ticketRow is a ticket in its stored form.
type ticketRow struct {
	no               string
	unitID           int64
	category, topic  string
	urgent           bool
	dispatched, due  int64
	completed        sql.NullInt64
	rework, callback int64
	summary          string
	hash             int64
}

func newTicketRow(t domain.Ticket) ticketRow {
	r := ticketRow{
		no: t.No, unitID: t.UnitID, category: string(t.Category), topic: t.Topic, urgent: t.Urgent,
		dispatched: unix(t.DispatchedAt), due: unix(t.DueAt),
		rework: int64(t.ReworkCount), callback: callbackCode(t.Callback), summary: t.Summary,
	}
	if !t.CompletedAt.IsZero() {
		r.completed = sql.NullInt64{Int64: unix(t.CompletedAt), Valid: true}
	}
	r.hash = r.contentHash()
	return r
}

// contentHash fingerprints everything stored about a ticket but its number,
// so an unchanged re-import is detected by comparing one column.
func (r *ticketRow) contentHash() int64 {
	h := fnv.New64a()
	var buf [8]byte
	num := func(v int64) {
		binary.LittleEndian.PutUint64(buf[:], uint64(v))
		h.Write(buf[:])
	}
	str := func(s string) {
		num(int64(len(s)))
		h.Write([]byte(s))
	}
	completed := int64(-1)
	if r.completed.Valid {
		completed = r.completed.Int64
	}
	urgent := int64(0)
	if r.urgent {
		urgent = 1
	}
	num(r.unitID)
	str(r.category)
	str(r.topic)
	num(urgent)
	num(r.dispatched)
	num(r.due)
	num(completed)
	num(r.rework)
	num(r.callback)
	str(r.summary)
	return int64(h.Sum64())
}

// callbackCode maps a callback to its stored small integer.
func callbackCode(c domain.Callback) int64 {
	switch c {
	case domain.CallbackSatisfied:
		return 1
	case domain.CallbackDissatisfied:
		return 2
	}
	return 0
}

func callbackOf(code int64) domain.Callback {
	switch code {
	case 1:
		return domain.CallbackSatisfied
	case 2:
		return domain.CallbackDissatisfied
	}
	return domain.CallbackNone
}

// storedHashes looks up the content hash of every ticket number of rows
// that is already stored.
func (s *Store) storedHashes(ctx context.Context, tx *sql.Tx, rows []ticketRow) (map[string]int64, error) {
	stored := make(map[string]int64)
	var full *sql.Stmt
	for start := 0; start < len(rows); start += lookupChunk {
		chunk := rows[start:min(start+lookupChunk, len(rows))]
		args := make([]any, len(chunk))
		for i := range chunk {
			args[i] = chunk[i].no
		}
		stmt, err := s.lookupStmt(ctx, tx, len(chunk), &full)
		if err != nil {
			return nil, err
		}
		if err := scanHashes(ctx, stmt, args, stored); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// lookupStmt prepares the lookup for n numbers, keeping the full-chunk
// statement for reuse.
func (s *Store) lookupStmt(ctx context.Context, tx *sql.Tx, n int, full **sql.Stmt) (*sql.Stmt, error) {
	if n == lookupChunk && *full != nil {
		return *full, nil
	}
	var b strings.Builder
	b.WriteString("SELECT ticket_no, content_hash FROM tickets WHERE ticket_no IN (")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		b.WriteString(s.bind(i))
	}
	b.WriteByte(')')
	stmt, err := tx.PrepareContext(ctx, b.String())
	if err == nil && n == lookupChunk {
		*full = stmt
	}
	return stmt, err
}

func scanHashes(ctx context.Context, stmt *sql.Stmt, args []any, into map[string]int64) error {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var hash int64
		if err := rows.Scan(&no, &hash); err != nil {
			return err
		}
		into[no] = hash
	}
	return rows.Err()
}

// planUpsert decides each item's outcome against what is stored (and what
// earlier items of the call set) and returns the rows to write: the last
// version of each number whose content differs from the stored one, sorted
// by number so the index sees ordered keys.
func planUpsert(rows []ticketRow, stored map[string]int64) ([]Outcome, []*ticketRow) {
	outcomes := make([]Outcome, len(rows))
	current := make(map[string]int64, len(rows))
	last := make(map[string]int, len(rows))
	for i := range rows {
		r := &rows[i]
		hash, ok := current[r.no]
		if !ok {
			hash, ok = stored[r.no]
		}
		switch {
		case !ok:
			outcomes[i] = Inserted
		case hash == r.hash:
			outcomes[i] = Unchanged
		default:
			outcomes[i] = Updated
		}
		current[r.no] = r.hash
		last[r.no] = i
	}
	var writes []*ticketRow
	for no, i := range last {
		if hash, ok := stored[no]; !ok || hash != rows[i].hash {
			writes = append(writes, &rows[i])
		}
	}
	sort.Slice(writes, func(i, j int) bool { return writes[i].no < writes[j].no })
	return outcomes, writes
}

// writeTickets upserts rows with multi-row INSERT … ON CONFLICT statements,
// prepared once per size.
func (s *Store) writeTickets(ctx context.Context, tx *sql.Tx, rows []*ticketRow) error {
	if len(rows) == 0 {
		return nil
	}
	now := s.now().Unix()
	var full *sql.Stmt
	args := make([]any, 0, rowsPerInsert*len(ticketColumns))
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		stmt := full
		if stmt == nil || len(chunk) != rowsPerInsert {
			var err error
			if stmt, err = tx.PrepareContext(ctx, s.upsertSQL(len(chunk))); err != nil {
				return err
			}
			if len(chunk) == rowsPerInsert {
				full = stmt
			}
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.no, r.unitID, r.category, r.topic, r.urgent, r.dispatched, r.due,
				r.completed, r.rework, r.callback, r.summary, r.hash, now)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// upsertSQL is the multi-row upsert of n tickets; the WHERE keeps an
// unchanged row untouched even if another writer stored it meanwhile.
func (s *Store) upsertSQL(n int) string {
	var b strings.Builder
	b.Grow(n * len(ticketColumns) * 6)
	b.WriteString("INSERT INTO tickets (")
	b.WriteString(strings.Join(ticketColumns, ", "))
	b.WriteString(") VALUES ")
	p := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range ticketColumns {
			if j > 0 {
				b.WriteByte(',')
			}
			p++
			b.WriteString(s.bind(p))
		}
		b.WriteByte(')')
	}
	b.WriteString(" ON CONFLICT (ticket_no) DO UPDATE SET ")
	for i, c := range ticketColumns[1:] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = excluded." + c)
	}
	b.WriteString(" WHERE tickets.content_hash <> excluded.content_hash")
	return b.String()
}

// inTx runs fn in one database transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
