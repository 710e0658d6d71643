package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"hotlinebot/domain"
)

// On SQLite the upsert runs on one raw driver connection, below
// database/sql, which would add argument conversion and, with a cancellable
// context, a goroutine per statement. The transaction is BEGIN IMMEDIATE
// (see sqliteDSN), so no other writer can store a ticket between the lookup
// and the writes, and the writes need no ON CONFLICT clause.

// bulkPragmas set up a connection the first time it runs an upsert:
//   - a 64 MiB page cache (SQLite's default is 2 MB) holds a batch's dirty
//     pages and the index pages every batch comes back to, instead of
//     spilling and re-reading them; it grows only as pages are used;
//   - a checkpoint every 10,000 WAL pages (40 MiB) rather than 1,000, so a
//     bulk load copies each hot index page back to the database file once
//     per 40 MiB written instead of ten times.
var bulkPragmas = []string{
	"PRAGMA cache_size = -65536",
	"PRAGMA wal_autocheckpoint = 10000",
}

// sqliteConn is what the bulk path needs of the mattn driver connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.QueryerContext
	driver.ExecerContext
}

// sqliteBulk is the upsert's state on one raw connection: its statements,
// prepared on first use and kept for the connection's life (connections
// live until Close; see configure).
type sqliteBulk struct {
	c       sqliteConn
	stmts   map[string]driver.Stmt
	inserts map[int]string // SQL of the INSERT of n rows
}

// insertSizes are the rows per INSERT statement: full chunks of 256
// amortise a statement's start (cursor opening, B-tree descents) over many
// rows; a batch's remainder goes in smaller statements, so only these five
// are ever prepared.
var insertSizes = []int{256, 64, 16, 4, 1}

const sqliteLookupSQL = `SELECT t.ticket_no, t.content_hash FROM json_each(?) AS j
	CROSS JOIN tickets AS t ON t.ticket_no = j.value`

// bulkFor returns the upsert state of raw connection dc, setting the
// connection up on first use.
func (s *Store) bulkFor(ctx context.Context, dc any) (*sqliteBulk, error) {
	c, ok := dc.(sqliteConn)
	if !ok {
		return nil, fmt.Errorf("unexpected SQLite driver connection %T", dc)
	}
	s.bulkMu.Lock()
	defer s.bulkMu.Unlock()
	if b, ok := s.bulk[c]; ok {
		return b, nil
	}
	for _, p := range bulkPragmas {
		if _, err := c.ExecContext(ctx, p, nil); err != nil {
			return nil, err
		}
	}
	b := &sqliteBulk{c: c, stmts: map[string]driver.Stmt{}, inserts: map[int]string{}}
	if s.bulk == nil {
		s.bulk = map[sqliteConn]*sqliteBulk{}
	}
	s.bulk[c] = b
	return b, nil
}

// closeBulk finalizes the cached statements; the store is closing.
func (s *Store) closeBulk() {
	s.bulkMu.Lock()
	defer s.bulkMu.Unlock()
	for _, b := range s.bulk {
		for _, st := range b.stmts {
			st.Close()
		}
	}
	s.bulk = nil
}

func (b *sqliteBulk) stmt(query string) (driver.StmtExecContext, driver.StmtQueryContext, error) {
	st, ok := b.stmts[query]
	if !ok {
		var err error
		if st, err = b.c.Prepare(query); err != nil {
			return nil, nil, err
		}
		b.stmts[query] = st
	}
	exec, _ := st.(driver.StmtExecContext)
	query2, _ := st.(driver.StmtQueryContext)
	if exec == nil || query2 == nil {
		return nil, nil, fmt.Errorf("unexpected SQLite statement %T", st)
	}
	return exec, query2, nil
}

// upsertSQLite is UpsertTickets' transaction on SQLite.
func (s *Store) upsertSQLite(ctx context.Context, rows []ticketRow) ([]domain.Outcome, error) {
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var outcomes []domain.Outcome
	err = conn.Raw(func(dc any) error {
		b, err := s.bulkFor(ctx, dc)
		if err != nil {
			return err
		}
		tx, err := b.c.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return err
		}
		outcomes, err = b.upsert(ctx, rows, s.now().Unix(), nil)
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	return outcomes, err
}

// upsert writes rows in the open transaction. When written is not nil,
// every stored ticket is one whose number it holds (see loadNumbers): only
// those numbers are looked up, and the others are added to it.
func (b *sqliteBulk) upsert(ctx context.Context, rows []ticketRow, now int64, written *loadNumbers) ([]domain.Outcome, error) {
	ids, err := queryInts(ctx, b.c, "SELECT id FROM units", nil)
	if err != nil {
		return nil, err
	}
	if err := checkUnits(rows, ids); err != nil {
		return nil, err
	}
	stored, err := b.lookup(ctx, rows, written)
	if err != nil {
		return nil, err
	}
	outcomes, writes := planUpsert(rows, stored)
	var fresh, changed []*ticketRow
	for _, r := range writes {
		if _, ok := stored[r.no]; ok {
			changed = append(changed, r)
		} else {
			fresh = append(fresh, r)
		}
	}
	if err := b.insert(ctx, fresh, now); err != nil {
		return nil, err
	}
	if err := b.update(ctx, changed, now); err != nil {
		return nil, err
	}
	if err := b.meetDecisions(ctx, changed, now); err != nil {
		return nil, err
	}
	return outcomes, raiseStats(ctx, b.c, writes)
}

// lookup returns the content hash of each number of rows already stored,
// asking for all of them in one JSON array; with written, only for the
// numbers it may hold (noting the others in it).
func (b *sqliteBulk) lookup(ctx context.Context, rows []ticketRow, written *loadNumbers) (map[string]int64, error) {
	if written != nil && !written.unordered {
		if written.ascending(rows) {
			return map[string]int64{}, nil
		}
		if err := written.fill(b.storedNumbers(ctx)); err != nil {
			return nil, err
		}
	}
	buf := make([]byte, 0, len(rows)*16)
	buf = append(buf, '[')
	for i := range rows {
		if written != nil && !written.seen(rows[i].no) {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, rows[i].no)
	}
	buf = append(buf, ']')
	if len(buf) == 2 {
		return map[string]int64{}, nil
	}
	_, st, err := b.stmt(sqliteLookupSQL)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: string(buf)}})
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	stored := make(map[string]int64)
	dest := make([]driver.Value, 2)
	for {
		if err := rs.Next(dest); errors.Is(err, io.EOF) {
			return stored, nil
		} else if err != nil {
			return nil, err
		}
		no, _ := dest[0].(string)
		hash, _ := dest[1].(int64)
		stored[no] = hash
	}
}

// storedNumbers yields every stored ticket number, from the ticket_no
// index.
func (b *sqliteBulk) storedNumbers(ctx context.Context) func(yield func(string) bool) error {
	return func(yield func(string) bool) error {
		rs, err := b.c.QueryContext(ctx, `SELECT ticket_no FROM tickets`, nil)
		if err != nil {
			return err
		}
		defer rs.Close()
		dest := make([]driver.Value, 1)
		for {
			if err := rs.Next(dest); errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			no, _ := dest[0].(string)
			if !yield(no) {
				return nil
			}
		}
	}
}

// insert stores new rows, many to a statement. The INSERT is OR IGNORE
// because an INSERT that may abort half-way makes SQLite keep a statement
// journal of every page it touches; no row can conflict here (the lookup
// ran in this write transaction), and the rows-affected count proves it.
func (b *sqliteBulk) insert(ctx context.Context, rows []*ticketRow, now int64) error {
	args := make([]driver.NamedValue, 0, 1+insertSizes[0]*insertParams)
	for len(rows) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := insertSizes[len(insertSizes)-1]
		for _, size := range insertSizes {
			if size <= len(rows) {
				n = size
				break
			}
		}
		st, _, err := b.stmt(b.insertSQL(n))
		if err != nil {
			return err
		}
		args = append(args[:0], driver.NamedValue{Ordinal: 1, Value: now})
		for _, r := range rows[:n] {
			args = r.appendInsertArgs(args)
		}
		res, err := st.ExecContext(context.Background(), args)
		if err != nil {
			return err
		}
		if got, err := res.RowsAffected(); err != nil || got != int64(n) {
			return fmt.Errorf("insert tickets: stored %d of %d (%v): another writer stored some meanwhile", got, n, err)
		}
		rows = rows[n:]
	}
	return nil
}

// insertSQL is the INSERT of n rows. Parameter ?1 is updated_at, the same
// for every row and bound once; then each row has insertParams parameters,
// its urgency, callback and rework count packed in one (see
// appendInsertArgs): every bound value costs a call through cgo and the
// driver's conversion, the unpacking in SQL next to nothing.
func (b *sqliteBulk) insertSQL(rows int) string {
	if q, ok := b.inserts[rows]; ok {
		return q
	}
	var sb strings.Builder
	sb.WriteString("INSERT OR IGNORE INTO tickets (" + strings.Join(ticketColumns, ", ") + ") VALUES ")
	for i := range rows {
		p := func(k int) string { return "?" + strconv.Itoa(2+i*insertParams+k) }
		if i > 0 {
			sb.WriteByte(',')
		}
		// ticket_no, unit_id, category, topic, urgent, dispatched_at, due_at,
		// completed_at, rework_count, callback, summary, content_hash, updated_at
		fmt.Fprintf(&sb, "(CAST(%s AS TEXT),%s,CAST(%s AS TEXT),CAST(%s AS TEXT),%s & 1,%s,%s,%s,%s >> 3,(%s >> 1) & 3,CAST(%s AS TEXT),%s,?1)",
			p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(4), p(4), p(8), p(9))
	}
	q := sb.String()
	b.inserts[rows] = q
	return q
}

// textBytes passes s to the driver without the copy it makes of a string
// (it binds a []byte as a blob, which SQLite copies at once, and insertSQL
// casts back to text). An empty string stays a string: an empty slice would
// bind NULL.
func textBytes(s string) driver.Value {
	if s == "" {
		return s
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// insertParams is the number of values appendInsertArgs gives a row.
const insertParams = 10

// appendInsertArgs appends the row's values for insertSQL, numbered after
// those already in args: urgent | callback<<1 | rework<<3 in one.
func (r *ticketRow) appendInsertArgs(args []driver.NamedValue) []driver.NamedValue {
	var completed driver.Value
	if r.completed.Valid {
		completed = r.completed.Int64
	}
	packed := r.callback<<1 | r.rework<<3
	if r.urgent {
		packed |= 1
	}
	n := len(args)
	return append(args,
		driver.NamedValue{Ordinal: n + 1, Value: textBytes(r.no)},
		driver.NamedValue{Ordinal: n + 2, Value: r.unitID},
		driver.NamedValue{Ordinal: n + 3, Value: textBytes(r.category)},
		driver.NamedValue{Ordinal: n + 4, Value: textBytes(r.topic)},
		driver.NamedValue{Ordinal: n + 5, Value: packed},
		driver.NamedValue{Ordinal: n + 6, Value: r.dispatched},
		driver.NamedValue{Ordinal: n + 7, Value: r.due},
		driver.NamedValue{Ordinal: n + 8, Value: completed},
		driver.NamedValue{Ordinal: n + 9, Value: textBytes(r.summary)},
		driver.NamedValue{Ordinal: n + 10, Value: r.hash},
	)
}

// update rewrites the changed rows one by one.
func (b *sqliteBulk) update(ctx context.Context, rows []*ticketRow, now int64) error {
	if len(rows) == 0 {
		return nil
	}
	st, _, err := b.stmt(sqliteUpdateSQL)
	if err != nil {
		return err
	}
	args := make([]driver.NamedValue, 0, len(ticketColumns)+1)
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// The SET list is every column but the number, which comes last.
		args = append(r.appendArgs(args[:0])[1:], driver.NamedValue{Value: now}, driver.NamedValue{Value: r.no})
		for j := range args {
			args[j].Ordinal = j + 1
		}
		if _, err := st.ExecContext(context.Background(), args); err != nil {
			return fmt.Errorf("ticket %s: %w", r.no, err)
		}
	}
	return nil
}

var sqliteUpdateSQL = func() string {
	var set []string
	for _, c := range ticketColumns[1:] {
		set = append(set, c+" = ?")
	}
	return "UPDATE tickets SET " + strings.Join(set, ", ") + " WHERE ticket_no = ?"
}()

// appendArgs appends the row's values in ticketColumns order but
// updated_at, numbered after those already in args.
func (r *ticketRow) appendArgs(args []driver.NamedValue) []driver.NamedValue {
	var completed driver.Value
	if r.completed.Valid {
		completed = r.completed.Int64
	}
	n := len(args)
	return append(args,
		driver.NamedValue{Ordinal: n + 1, Value: r.no},
		driver.NamedValue{Ordinal: n + 2, Value: r.unitID},
		driver.NamedValue{Ordinal: n + 3, Value: r.category},
		driver.NamedValue{Ordinal: n + 4, Value: r.topic},
		driver.NamedValue{Ordinal: n + 5, Value: r.urgent},
		driver.NamedValue{Ordinal: n + 6, Value: r.dispatched},
		driver.NamedValue{Ordinal: n + 7, Value: r.due},
		driver.NamedValue{Ordinal: n + 8, Value: completed},
		driver.NamedValue{Ordinal: n + 9, Value: r.rework},
		driver.NamedValue{Ordinal: n + 10, Value: r.callback},
		driver.NamedValue{Ordinal: n + 11, Value: r.summary},
		driver.NamedValue{Ordinal: n + 12, Value: r.hash},
	)
}

// raiseStats raises ticket_stats' latest times to cover writes.
func raiseStats(ctx context.Context, c driver.ExecerContext, writes []*ticketRow) error {
	for query, t := range statsRaises(writes) {
		if _, err := c.ExecContext(ctx, query, []driver.NamedValue{{Ordinal: 1, Value: t}, {Ordinal: 2, Value: t}}); err != nil {
			return err
		}
	}
	return nil
}

func queryInts(ctx context.Context, c driver.QueryerContext, query string, args []driver.NamedValue) (map[int64]bool, error) {
	rs, err := c.QueryContext(ctx, query, args)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := map[int64]bool{}
	dest := make([]driver.Value, 1)
	for {
		if err := rs.Next(dest); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if v, ok := dest[0].(int64); ok {
			out[v] = true
		}
	}
}
