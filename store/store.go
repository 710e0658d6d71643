// Package store keeps hotlinebot's data in SQLite (the embedded default) or
// PostgreSQL through gorm. It returns domain types; gorm rows stay private.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound is returned when the asked-for row does not exist.
var ErrNotFound = errors.New("not found")

// Store is the database behind hotlinebot.
type Store struct {
	db      *gorm.DB
	dialect string // "sqlite" or "postgres"
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
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{db: db, dialect: dialect}
	if err := s.configure(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// dialectorFor maps HOTLINE_DB's forms to a gorm dialector.
func dialectorFor(dsn string) (gorm.Dialector, string, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(dsn), "postgres", nil
	case strings.HasPrefix(dsn, "sqlite:"):
		dsn = strings.TrimPrefix(dsn, "sqlite:")
	case strings.Contains(dsn, "://"):
		return nil, "", fmt.Errorf("HOTLINE_DB: unsupported database %q (want a file path, sqlite:PATH or postgres://…)", redact(dsn))
	}
	if dsn == "" {
		return nil, "", errors.New("HOTLINE_DB: empty database path")
	}
	return sqlite.Open(sqliteDSN(dsn)), "sqlite", nil
}

// sqliteDSN adds WAL and a busy timeout so a CLI command can write while
// serve runs.
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep + "_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL&_txlock=immediate"
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	if at := strings.LastIndex(dsn, "@"); at > 0 {
		if scheme := strings.Index(dsn, "://"); scheme > 0 && scheme < at {
			return dsn[:scheme+3] + "…" + dsn[at:]
		}
	}
	return dsn
}

func (s *Store) configure() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if s.dialect == "sqlite" {
		// One writer at a time is SQLite's rule; readers share WAL.
		sqlDB.SetMaxOpenConns(4)
	} else {
		sqlDB.SetMaxOpenConns(16)
	}
	return nil
}

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Close releases the database connections.
func (s *Store) Close() error {
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
