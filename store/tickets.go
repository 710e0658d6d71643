package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf8"

	"hotlinebot/domain"
)

// ticketColumns are the written columns of tickets, in the order ticketArgs
// produces them.
var ticketColumns = []string{
	"ticket_no", "unit_id", "category", "topic", "urgent", "dispatched_at", "due_at",
	"completed_at", "rework_count", "callback", "summary", "content_hash", "updated_at",
}

// lookupChunk is how many ticket numbers one query asks for at most.
const lookupChunk = 1000

// UpsertTickets stores tickets by ticket number in one transaction and
// returns, per item in order, whether it was inserted, updated (content
// changed: a ticket given a new unit moves to it) or unchanged (not
// rewritten, updated_at kept). Every item must have a ticket number, a
// UnitID of an existing unit, and dispatch and due times; an item that does
// not fails the whole call and nothing is stored. Spaces around a number
// are dropped (as Ticket drops them). A number given twice takes the later
// content. Batches of 1,000–10,000 tickets make bulk loads fast.
func (s *Store) UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]domain.Outcome, error) {
	if len(tickets) == 0 {
		return nil, nil
	}
	rows, err := ticketRows(tickets)
	if err != nil {
		return nil, err
	}
	upsert := s.upsertSQLite
	if s.dialect == DialectPostgres {
		upsert = s.upsertPostgres
	}
	outcomes, err := upsert(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("upsert tickets: %w", err)
	}
	return outcomes, nil
}

// ticketRows checks tickets and turns them into their stored form.
func ticketRows(tickets []domain.Ticket) ([]ticketRow, error) {
	rows := make([]ticketRow, len(tickets))
	for i, t := range tickets {
		if err := checkTicket(t); err != nil {
			return nil, fmt.Errorf("upsert tickets: item %d: %w", i, err)
		}
		rows[i] = newTicketRow(t)
	}
	return rows, nil
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
		no: strings.TrimSpace(t.No), unitID: t.UnitID, category: string(t.Category), topic: t.Topic, urgent: t.Urgent,
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

// planUpsert decides each item's outcome against what is stored (and what
// earlier items of the call set) and returns the rows to write: the last
// version of each number whose content differs from the stored one, sorted
// by number so the index sees ordered keys.
func planUpsert(rows []ticketRow, stored map[string]int64) ([]domain.Outcome, []*ticketRow) {
	outcomes := make([]domain.Outcome, len(rows))
	last := make(map[string]int, len(rows)) // the latest item of each number so far
	for i := range rows {
		r := &rows[i]
		hash, ok := stored[r.no]
		if j, seen := last[r.no]; seen {
			hash, ok = rows[j].hash, true
		}
		switch {
		case !ok:
			outcomes[i] = domain.Inserted
		case hash == r.hash:
			outcomes[i] = domain.Unchanged
		default:
			outcomes[i] = domain.Updated
		}
		last[r.no] = i
	}
	writes := make([]*ticketRow, 0, len(last))
	for i := range rows {
		r := &rows[i]
		if last[r.no] != i {
			continue
		}
		if hash, ok := stored[r.no]; !ok || hash != r.hash {
			writes = append(writes, r)
		}
	}
	byNo := func(a, b *ticketRow) int { return strings.Compare(a.no, b.no) }
	if !slices.IsSortedFunc(writes, byNo) {
		slices.SortFunc(writes, byNo)
	}
	return outcomes, writes
}

// checkUnits refuses a row whose unit is not among ids.
func checkUnits(rows []ticketRow, ids map[int64]bool) error {
	for i := range rows {
		if !ids[rows[i].unitID] {
			return fmt.Errorf("ticket %s: unit %d does not exist", rows[i].no, rows[i].unitID)
		}
	}
	return nil
}

// The statements that raise ticket_stats' latest times (see coreSchema);
// each takes the new time twice.
const (
	raiseLatestDispatchSQL = `UPDATE ticket_stats SET latest_dispatched_at = ?
	WHERE id = 1 AND (latest_dispatched_at IS NULL OR latest_dispatched_at < ?)`
	raiseLatestCompletionSQL = `UPDATE ticket_stats SET latest_completed_at = ?
	WHERE id = 1 AND (latest_completed_at IS NULL OR latest_completed_at < ?)`
)

// statsRaises are the ticket_stats statements that cover rows, each with
// its time.
func statsRaises(rows []*ticketRow) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rows {
		if v, ok := out[raiseLatestDispatchSQL]; !ok || r.dispatched > v {
			out[raiseLatestDispatchSQL] = r.dispatched
		}
		if v, ok := out[raiseLatestCompletionSQL]; r.completed.Valid && (!ok || r.completed.Int64 > v) {
			out[raiseLatestCompletionSQL] = r.completed.Int64
		}
	}
	return out
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf:
			i++
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, "\ufffd"...)
		case c == '"' || c == '\\':
			b = append(b, s[start:i]...)
			b = append(b, '\\', c)
		default:
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// inTx runs fn in one database transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return inTxOf(ctx, s.sql, fn)
}

// inTxOf is inTx on db: the pool, or one connection of it.
func inTxOf(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
