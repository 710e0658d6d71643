// Package store keeps hotlinebot's data in SQLite (the embedded default) or
// PostgreSQL, and returns domain types.
//
// gorm opens the database (its SQLite and PostgreSQL drivers), applies the
// versioned migrations in transactions and lists the tables for migrate-db;
// that is all it does. Every query is hand-written SQL on database/sql:
// the import's bulk upsert, the scorecard GROUP BY, the deadline scan and
// the bot's pages are the hot paths the benchmarks measure (README.md
// "Performance"), and the rest are short statements whose dialect
// differences (ON CONFLICT, RETURNING, placeholders through rebind) read
// more plainly in SQL than through a query builder.
//
// Files hold one table or concern each: tickets.go and bulk_*.go (the
// upsert), ticketquery.go and open_tickets.go (reading tickets), report.go
// (scorecard counts), units.go, contacts.go and invites.go, the outbox
// (notify*.go), lease.go (the leader lease and its fence), job_runs.go,
// requests*.go, trend.go, schema.go and migrate.go (the migrations), and
// copy*.go (migrate-db).
//
// Times are stored as int64 unix seconds (UTC), so sub-second precision is
// dropped; an open ticket's completed_at is NULL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The two dialects Dialect reports.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Store is the database behind hotlinebot.
type Store struct {
	db      *gorm.DB
	dialect string // DialectSQLite or DialectPostgres
	sql     *sql.DB
	now     func() time.Time // stamps updated_at

	bulkMu sync.Mutex
	bulk   map[sqliteConn]*sqliteBulk // see bulkFor

	markMu     sync.Mutex
	trueMark   int64     // a future dispatch mark found true (see settleHorizon)
	trueMarkAt time.Time // when it was found
}

// Open connects to the database named by dsn (a file path, sqlite:PATH or a
// postgres:// URL) and applies pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	dialector, dialect, err := dialectorFor(dsn)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), redactErr(err, dsn))
	}
	s := &Store{db: db, dialect: dialect, now: time.Now}
	if err := s.configure(); err != nil {
		s.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), redactErr(err, dsn))
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, redactErr(err, dsn)
	}
	return s, nil
}

// dialectorFor maps HOTLINE_DB's forms to a gorm dialector.
func dialectorFor(dsn string) (gorm.Dialector, string, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(dsn), DialectPostgres, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		dsn = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	case strings.Contains(dsn, "://"):
		return nil, "", fmt.Errorf("HOTLINE_DB: unsupported database %q (want a file path, sqlite:PATH or postgres://…)", redact(dsn))
	}
	if strings.TrimSpace(dsn) == "" {
		return nil, "", errors.New("HOTLINE_DB: empty database path")
	}
	return sqlite.Open(sqliteDSN(dsn)), DialectSQLite, nil
}

// sqliteDSN adds WAL and a busy timeout so a CLI command can write while
// serve runs. Writers begin IMMEDIATE so two writers queue on the busy
// timeout instead of failing to upgrade a read lock.
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep + "_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate"
}

// redact hides the credentials in a database URL.
func redact(dsn string) string {
	if at := strings.LastIndex(dsn, "@"); at > 0 {
		if scheme := strings.Index(dsn, "://"); scheme > 0 && scheme < at {
			return dsn[:scheme+3] + "…" + dsn[at:]
		}
	}
	return dsn
}

// redactErr removes the password of dsn from err's text, which drivers may
// quote back, keeping err inspectable with errors.Is and errors.As.
func redactErr(err error, dsn string) error {
	if err == nil {
		return nil
	}
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	pw, ok := u.User.Password()
	if !ok || pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return &redactedError{err: err, pw: pw}
}

type redactedError struct {
	err error
	pw  string
}

func (e *redactedError) Error() string { return strings.ReplaceAll(e.err.Error(), e.pw, "…") }
func (e *redactedError) Unwrap() error { return e.err }

func (s *Store) configure() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	s.sql = sqlDB
	if s.dialect == DialectSQLite {
		// One writer at a time is SQLite's rule; readers share WAL.
		// Connections live until Close: the bulk upsert keeps statements
		// prepared on them.
		sqlDB.SetMaxOpenConns(4)
		sqlDB.SetMaxIdleConns(4)
		return nil
	}
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(8)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return nil
}

// Dialect is DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string { return s.dialect }

// Close releases the database connections.
func (s *Store) Close() error {
	s.closeBulk()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// bind returns the placeholder of the n-th (1-based) parameter.
func (s *Store) bind(n int) string {
	if s.dialect == DialectPostgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// rebind rewrites the ? placeholders of query for the dialect. Queries
// passed here never hold a literal question mark.
func (s *Store) rebind(query string) string {
	if s.dialect != DialectPostgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unix converts t to stored seconds; nullUnix stores the zero time as NULL.
func unix(t time.Time) int64 { return t.Unix() }

func nullUnix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// fromUnix is the inverse of unix, in UTC.
func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func fromNullUnix(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromUnix(v.Int64)
}

// Optimize refreshes the query planner's statistics after a bulk load, so
// the report's index skip-scan (SQLite) and row estimates (PostgreSQL) fit
// the data just loaded. On PostgreSQL only the columns queries filter and
// group tickets by: the text columns cost ANALYZE most and steer no plan
// (autovacuum gets to them later).
func (s *Store) Optimize(ctx context.Context) error {
	stmt := "PRAGMA optimize"
	if s.dialect != DialectSQLite {
		stmt = "ANALYZE tickets (unit_id, dispatched_at, due_at, completed_at)"
	}
	if err := s.db.WithContext(ctx).Exec(stmt).Error; err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}
