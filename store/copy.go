package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// CopyReport is what Copy moved: every table in the order it was filled,
// with the rows it holds on both sides.
type CopyReport struct {
	Tables []TableCopy
}

// TableCopy is one copied table and its row count, verified equal in the
// source and the target.
type TableCopy struct {
	Table string
	Rows  int64
}

// Total is the number of rows copied over all tables.
func (r CopyReport) Total() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// copyParams bounds the parameters of one multi-row INSERT, under
// PostgreSQL's 65,535 and SQLite's 32,766.
const copyParams = 30000

// copyRowsPerInsert caps the rows of one INSERT however narrow the table.
const copyRowsPerInsert = 1000

// Copy copies every table of from into to, keeping ids, and verifies the row
// count of each table on both sides. The tables come from the schema itself,
// so tables added by later migrations are copied without changing this code.
// Both stores must have the same migrations applied, and to must be empty:
// a fresh database that store.Open has just migrated. The target is filled
// in one transaction, so a failed copy leaves it empty; the source is read
// in one transaction, so the copy is a consistent snapshot (stop serve
// during the copy all the same: later writes would not be copied).
// PostgreSQL identity sequences are moved past the copied ids.
func Copy(ctx context.Context, from, to *Store) (CopyReport, error) {
	tables, seeded, err := copyPlan(ctx, from, to)
	if err != nil {
		return CopyReport{}, fmt.Errorf("copy database: %w", err)
	}
	src, err := from.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sourceIsolation(from), ReadOnly: from.dialect == DialectPostgres})
	if err != nil {
		return CopyReport{}, fmt.Errorf("copy database: read source: %w", err)
	}
	defer src.Rollback()
	var report CopyReport
	err = to.inTx(ctx, func(dst *sql.Tx) error {
		if err := clearSeeded(ctx, dst, tables, seeded); err != nil {
			return err
		}
		for _, table := range tables {
			n, err := copyTable(ctx, src, dst, to, table)
			if err != nil {
				return fmt.Errorf("table %s: %w", table, err)
			}
			report.Tables = append(report.Tables, TableCopy{Table: table, Rows: n})
		}
		if err := verifyCounts(ctx, src, dst, report); err != nil {
			return err
		}
		return to.resetSequences(ctx, dst)
	})
	if err != nil {
		return CopyReport{}, fmt.Errorf("copy database: %w", err)
	}
	return report, nil
}

// sourceIsolation asks PostgreSQL for one snapshot across all tables; a
// SQLite transaction is a snapshot already.
func sourceIsolation(s *Store) sql.IsolationLevel {
	if s.dialect == DialectPostgres {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

// copyPlan checks both schemas agree and the target is empty, orders the
// tables so that every table comes after those its foreign keys reference,
// and counts the rows the migrations seed in each.
func copyPlan(ctx context.Context, from, to *Store) ([]string, map[string]int64, error) {
	for _, s := range []*Store{from, to} {
		current, err := s.MigrationsCurrent(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("%s schema version: %w", s.dialect, err)
		}
		if !current {
			return nil, nil, fmt.Errorf("the %s database's schema is not current; open it with this version first", s.dialect)
		}
	}
	srcTables, err := dataTables(from)
	if err != nil {
		return nil, nil, err
	}
	dstTables, err := dataTables(to)
	if err != nil {
		return nil, nil, err
	}
	if !slices.Equal(srcTables, dstTables) {
		return nil, nil, fmt.Errorf("the databases hold different tables: source %v, target %v", srcTables, dstTables)
	}
	seeded, err := seededCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := checkEmpty(ctx, to, dstTables, seeded); err != nil {
		return nil, nil, err
	}
	edges, err := to.foreignKeys(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read foreign keys: %w", err)
	}
	order, err := dependencyOrder(dstTables, edges)
	return order, seeded, err
}

// seededCounts is how many rows each table holds in a freshly migrated
// database: the rows migrations insert themselves (such as ticket_stats'
// single row), which every database has, the empty target included. Both
// engines' migrations seed the same rows, so a scratch SQLite file tells.
func seededCounts(ctx context.Context) (map[string]int64, error) {
	dir, err := os.MkdirTemp("", "hotline-copy-")
	if err != nil {
		return nil, fmt.Errorf("scratch database: %w", err)
	}
	defer os.RemoveAll(dir)
	fresh, err := Open(ctx, filepath.Join(dir, "fresh.db"))
	if err != nil {
		return nil, fmt.Errorf("scratch database: %w", err)
	}
	defer fresh.Close()
	tables, err := dataTables(fresh)
	if err != nil {
		return nil, err
	}
	seeded := map[string]int64{}
	for _, t := range tables {
		var n int64
		if err := fresh.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("scratch database: count %s: %w", t, err)
		}
		if n > 0 {
			seeded[t] = n
		}
	}
	return seeded, nil
}

// clearSeeded deletes the target's seeded rows, latest-referencing tables
// first, so the source's own versions of them can be copied.
func clearSeeded(ctx context.Context, dst *sql.Tx, order []string, seeded map[string]int64) error {
	for i := len(order) - 1; i >= 0; i-- {
		if t := order[i]; seeded[t] > 0 {
			if _, err := dst.ExecContext(ctx, "DELETE FROM "+quoteIdent(t)); err != nil {
				return fmt.Errorf("clear seeded rows of %s: %w", t, err)
			}
		}
	}
	return nil
}

// dataTables lists the tables to copy, sorted: all but the migration
// bookkeeping (the target has its own) and SQLite's internal tables.
func dataTables(s *Store) ([]string, error) {
	all, err := s.db.Migrator().GetTables()
	if err != nil {
		return nil, fmt.Errorf("list %s tables: %w", s.dialect, err)
	}
	var tables []string
	for _, t := range all {
		if t == "schema_migrations" || strings.HasPrefix(t, "sqlite_") {
			continue
		}
		tables = append(tables, t)
	}
	slices.Sort(tables)
	return tables, nil
}

// checkEmpty refuses a target that holds any row beyond those its
// migrations seeded: copying into it could mix two offices' data or collide
// on ids.
func checkEmpty(ctx context.Context, s *Store, tables []string, seeded map[string]int64) error {
	for _, t := range tables {
		var n int64
		if err := s.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", t, err)
		}
		if n > seeded[t] {
			return fmt.Errorf("the target database is not empty (table %s has %d rows); copy into a new, empty database", t, n)
		}
	}
	return nil
}

// foreignKeys maps each table to the tables its foreign keys reference.
func (s *Store) foreignKeys(ctx context.Context) (map[string][]string, error) {
	query := `SELECT m.name, f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	if s.dialect == DialectPostgres {
		query = `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
			WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`
	}
	rows, err := s.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	edges := map[string][]string{}
	for rows.Next() {
		var table, references string
		if err := rows.Scan(&table, &references); err != nil {
			return nil, err
		}
		edges[table] = append(edges[table], references)
	}
	return edges, rows.Err()
}

// dependencyOrder sorts tables so referenced tables come first, keeping the
// given order among equals.
func dependencyOrder(tables []string, edges map[string][]string) ([]string, error) {
	done := map[string]bool{}
	var order []string
	for len(order) < len(tables) {
		progressed := false
		for _, t := range tables {
			if done[t] || !allDone(t, edges[t], done) {
				continue
			}
			done[t] = true
			order = append(order, t)
			progressed = true
		}
		if !progressed {
			return nil, errors.New("foreign keys form a cycle; cannot order the tables")
		}
	}
	return order, nil
}

func allDone(table string, refs []string, done map[string]bool) bool {
	for _, r := range refs {
		if r != table && !done[r] {
			return false
		}
	}
	return true
}

// verifyCounts compares each table's rows in the source snapshot and in the
// target before the target commits.
func verifyCounts(ctx context.Context, src, dst *sql.Tx, report CopyReport) error {
	for _, tc := range report.Tables {
		var n, m int64
		q := "SELECT COUNT(*) FROM " + quoteIdent(tc.Table)
		if err := src.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return fmt.Errorf("count source %s: %w", tc.Table, err)
		}
		if err := dst.QueryRowContext(ctx, q).Scan(&m); err != nil {
			return fmt.Errorf("count target %s: %w", tc.Table, err)
		}
		if n != m || n != tc.Rows {
			return fmt.Errorf("table %s: source has %d rows, target %d, copied %d", tc.Table, n, m, tc.Rows)
		}
	}
	return nil
}

// resetSequences moves every identity or serial sequence of a PostgreSQL
// target past the largest copied id, so new rows do not collide with them.
func (s *Store) resetSequences(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != DialectPostgres {
		return nil // SQLite's INTEGER PRIMARY KEY continues from the largest rowid.
	}
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
		ORDER BY table_name, column_name`)
	if err != nil {
		return fmt.Errorf("list sequences: %w", err)
	}
	type column struct{ table, name string }
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(%s), 0) + 1, false) FROM %s`,
			quoteIdent(c.name), quoteIdent(c.table))
		if _, err := tx.ExecContext(ctx, q, quoteIdent(c.table), c.name); err != nil {
			return fmt.Errorf("reset sequence of %s.%s: %w", c.table, c.name, err)
		}
	}
	return nil
}

// quoteIdent quotes a table or column name for both engines.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
