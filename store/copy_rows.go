package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// convertFunc adapts a value read from one engine to a column of the other.
type convertFunc func(v any) (any, error)

// copyTable streams one table's rows from src into dst in multi-row
// INSERTs, keeping every column (ids included), and returns the row count.
func copyTable(ctx context.Context, src, dst *sql.Tx, to *Store, table string) (int64, error) {
	targetTypes, err := columnTypes(ctx, dst, table)
	if err != nil {
		return 0, fmt.Errorf("target columns: %w", err)
	}
	rows, err := src.QueryContext(ctx, "SELECT * FROM "+quoteIdent(table))
	if err != nil {
		return 0, fmt.Errorf("read: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	converts, err := converters(cols, targetTypes)
	if err != nil {
		return 0, err
	}
	w := &batchWriter{ctx: ctx, tx: dst, store: to, table: table, cols: cols,
		perInsert: max(1, min(copyRowsPerInsert, copyParams/len(cols)))}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return w.written, fmt.Errorf("read row: %w", err)
		}
		for i, v := range vals {
			cv, err := converts[i](v)
			if err != nil {
				return w.written, fmt.Errorf("column %s: %w", cols[i], err)
			}
			w.args = append(w.args, cv)
		}
		if err := w.rowAdded(); err != nil {
			return w.written, err
		}
	}
	if err := rows.Err(); err != nil {
		return w.written, fmt.Errorf("read: %w", err)
	}
	return w.written, w.flush()
}

// columnTypes maps a table's column names to their database type names
// (upper case) as the driver reports them.
func columnTypes(ctx context.Context, tx *sql.Tx, table string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+quoteIdent(table)+" WHERE 1 = 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	types := make(map[string]string, len(cts))
	for _, ct := range cts {
		types[ct.Name()] = strings.ToUpper(ct.DatabaseTypeName())
	}
	return types, rows.Err()
}

// converters picks, for each source column, how its values become values
// of the target column; the two sides must have the same columns.
func converters(cols []string, targetTypes map[string]string) ([]convertFunc, error) {
	if len(cols) != len(targetTypes) {
		return nil, fmt.Errorf("source has columns %v, target has %d columns", cols, len(targetTypes))
	}
	out := make([]convertFunc, len(cols))
	for i, c := range cols {
		typ, ok := targetTypes[c]
		if !ok {
			return nil, fmt.Errorf("target has no column %s", c)
		}
		switch {
		case typ == "BOOL" || typ == "BOOLEAN":
			out[i] = toBool
		case typ == "BYTEA" || typ == "BLOB":
			out[i] = func(v any) (any, error) { return v, nil }
		default:
			out[i] = bytesToText
		}
	}
	return out, nil
}

// toBool reads SQLite's 0/1 integers (and PostgreSQL's booleans) as bool.
func toBool(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool:
		return x, nil
	case int64:
		return x != 0, nil
	case []byte:
		return strconv.ParseBool(string(x))
	case string:
		return strconv.ParseBool(x)
	}
	return nil, fmt.Errorf("cannot store %T %v as a boolean", v, v)
}

// bytesToText passes text read as bytes on as a string, and booleans as the
// integers SQLite keeps.
func bytesToText(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return string(x), nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return v, nil
}

// batchWriter collects rows and writes them perInsert at a time.
type batchWriter struct {
	ctx       context.Context
	tx        *sql.Tx
	store     *Store
	table     string
	cols      []string
	perInsert int
	args      []any
	rows      int
	written   int64
	full      *sql.Stmt // the INSERT of perInsert rows, prepared once
}

func (w *batchWriter) rowAdded() error {
	w.rows++
	if w.rows < w.perInsert {
		return nil
	}
	return w.flush()
}

// flush writes the rows collected so far.
func (w *batchWriter) flush() error {
	if w.rows == 0 {
		return nil
	}
	var err error
	if w.rows == w.perInsert {
		if w.full == nil {
			if w.full, err = w.tx.PrepareContext(w.ctx, w.insert(w.rows)); err != nil {
				return fmt.Errorf("prepare insert: %w", err)
			}
		}
		_, err = w.full.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, w.insert(w.rows), w.args...)
	}
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	w.written += int64(w.rows)
	w.rows, w.args = 0, w.args[:0]
	return nil
}

// insert is a multi-row INSERT of n rows in the target's placeholder style.
func (w *batchWriter) insert(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(w.table) + " (")
	for i, c := range w.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c))
	}
	b.WriteString(") VALUES ")
	p := 0
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range w.cols {
			if i > 0 {
				b.WriteString(", ")
			}
			p++
			b.WriteString(w.store.bind(p))
		}
		b.WriteByte(')')
	}
	return b.String()
}
