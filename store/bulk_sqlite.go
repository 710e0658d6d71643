package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// On SQLite the upsert runs on one raw driver connection, below
// database/sql, which would add argument conversion and, with a cancellable
// context, a goroutine per statement. The transaction is BEGIN IMMEDIATE
// (see sqliteDSN), so no other writer can store a ticket between the
// lookup and the writes, and the writes need no ON CONFLICT clause.

// bulkCacheSQL gives the connection that runs the upsert a page cache
// (64 MiB) that holds a whole batch's dirty pages and the index pages
// every batch comes back to, instead of SQLite's default 2 MB, which spills
// and re-reads. The cache grows only as pages are used.
const bulkCacheSQL = "PRAGMA cache_size = -65536"

// sqliteConn is what the bulk path needs of the mattn driver connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.QueryerContext
	driver.ExecerContext
}

const sqliteLookupSQL = `SELECT t.ticket_no, t.content_hash FROM json_each(?) AS j
	CROSS JOIN tickets AS t ON t.ticket_no = j.value`

// upsertSQLite is UpsertTickets' transaction on SQLite.
func (s *Store) upsertSQLite(ctx context.Context, rows []ticketRow) ([]Outcome, error) {
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var outcomes []Outcome
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(sqliteConn)
		if !ok {
			return fmt.Errorf("unexpected SQLite driver connection %T", dc)
		}
		if _, err := c.ExecContext(ctx, bulkCacheSQL, nil); err != nil {
			return err
		}
		tx, err := c.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return err
		}
		outcomes, err = s.upsertSQLiteTx(ctx, c, rows)
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	return outcomes, err
}

func (s *Store) upsertSQLiteTx(ctx context.Context, c sqliteConn, rows []ticketRow) ([]Outcome, error) {
	if err := checkUnitsSQLite(ctx, c, rows); err != nil {
		return nil, err
	}
	stored, err := lookupSQLite(ctx, c, rows)
	if err != nil {
		return nil, err
	}
	outcomes, writes := planUpsert(rows, stored)
	if err := writeSQLite(ctx, c, writes, stored, s.now().Unix()); err != nil {
		return nil, err
	}
	return outcomes, raiseStats(ctx, c, writes)
}

// checkUnitsSQLite refuses rows whose unit does not exist; tickets carry
// no foreign key (see coreSchema), so this is where the rule holds.
func checkUnitsSQLite(ctx context.Context, c sqliteConn, rows []ticketRow) error {
	ids, err := queryInts(ctx, c, "SELECT id FROM units", nil)
	if err != nil {
		return err
	}
	return checkUnits(rows, ids)
}

func lookupSQLite(ctx context.Context, c sqliteConn, rows []ticketRow) (map[string]int64, error) {
	b := make([]byte, 0, len(rows)*16)
	b = append(b, '[')
	for i := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, rows[i].no)
	}
	b = append(b, ']')
	rs, err := c.QueryContext(ctx, sqliteLookupSQL, []driver.NamedValue{{Ordinal: 1, Value: string(b)}})
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

// sqliteRowsPerInsert is how many new tickets one INSERT carries: enough
// to amortise the statement's start (cursor opening, B-tree descents) over
// many rows, few enough for SQLite's 32,766 parameters.
const sqliteRowsPerInsert = 256

// writeSQLite inserts the new rows, many to a statement, and updates the
// changed ones one by one. The INSERT is OR IGNORE because an INSERT that
// may abort half-way makes SQLite keep a statement journal of every page it
// touches; no row can conflict here (the lookup ran in this write
// transaction), and RowsAffected proves it.
func writeSQLite(ctx context.Context, c sqliteConn, writes []*ticketRow, stored map[string]int64, now int64) error {
	var fresh, changed []*ticketRow
	for _, r := range writes {
		if _, ok := stored[r.no]; ok {
			changed = append(changed, r)
		} else {
			fresh = append(fresh, r)
		}
	}
	if err := insertSQLite(ctx, c, fresh, now); err != nil {
		return err
	}
	return updateSQLite(ctx, c, changed, now)
}

func insertSQLite(ctx context.Context, c sqliteConn, rows []*ticketRow, now int64) error {
	var stmt driver.Stmt
	stmtRows := 0
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]driver.NamedValue, 0, sqliteRowsPerInsert*insertWidth)
	for start := 0; start < len(rows); start += sqliteRowsPerInsert {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := rows[start:min(start+sqliteRowsPerInsert, len(rows))]
		if len(chunk) != stmtRows {
			if stmt != nil {
				stmt.Close()
			}
			var err error
			if stmt, err = c.Prepare(sqliteInsertSQL(len(chunk), now)); err != nil {
				return err
			}
			stmtRows = len(chunk)
		}
		args = args[:0]
		for _, r := range chunk {
			args = r.appendArgs(args)
		}
		res, err := stmt.(driver.StmtExecContext).ExecContext(context.Background(), args)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return fmt.Errorf("insert tickets: stored %d of %d (%v): another writer stored some meanwhile", n, len(chunk), err)
		}
	}
	return nil
}

// insertWidth is the number of parameters of one inserted row: every
// column but updated_at, which is written into the statement.
const insertWidth = 12

func sqliteInsertSQL(rows int, now int64) string {
	one := "(" + placeholders(insertWidth) + "," + strconv.FormatInt(now, 10) + ")"
	return "INSERT OR IGNORE INTO tickets (" + strings.Join(ticketColumns, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

func sqliteUpdateSQL() string {
	var set []string
	for _, c := range ticketColumns[1:] {
		set = append(set, c+" = ?")
	}
	return "UPDATE tickets SET " + strings.Join(set, ", ") + " WHERE ticket_no = ?"
}

func updateSQLite(ctx context.Context, c sqliteConn, rows []*ticketRow, now int64) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := c.Prepare(sqliteUpdateSQL())
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]driver.NamedValue, 0, len(ticketColumns))
	for i, r := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		args = append(r.appendArgs(args[:0])[1:], driver.NamedValue{Value: now}, driver.NamedValue{Value: r.no})
		for j := range args {
			args[j].Ordinal = j + 1
		}
		if _, err := stmt.(driver.StmtExecContext).ExecContext(context.Background(), args); err != nil {
			return fmt.Errorf("ticket %s: %w", r.no, err)
		}
	}
	return nil
}

// appendArgs appends the row's insertWidth values in ticketColumns order,
// numbered after those already in args.
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
