// Package storetest gives tests a fresh database on each engine hotlinebot
// supports: a SQLite file in the test's temporary directory and a PostgreSQL
// database created for the test and dropped after it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// DefaultPostgresURL is the server tests use when it answers, unless
// HOTLINE_TEST_PG names another; its database part is replaced by each
// test's own database.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// SQLite returns a DSN for a new SQLite file in t.TempDir().
func SQLite(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "hotline.db")
}

// Postgres creates a fresh database hotline_test_<random> on the test
// server (see server), returns its DSN and drops it when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := server(t)
	name := "hotline_test_" + randomSuffix(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", admin, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("storetest: create database %s: %v (set HOTLINE_TEST_NO_PG=1 to skip PostgreSQL tests)", name, err)
	}
	t.Cleanup(func() { dropDatabase(t, admin, name) })
	return withDatabase(admin, name)
}

// Engines runs fn as one subtest per engine ("sqlite", "postgres"), each with
// a fresh database's DSN.
func Engines(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// withDatabase swaps the database name of a postgres URL.
func withDatabase(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("storetest: random name: %v", err)
	}
	return hex.EncodeToString(b)
}

// dropDatabase ends the connections a test left open, then drops its
// database.
func dropDatabase(t testing.TB, admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Errorf("storetest: open %s: %v", admin, err)
		return
	}
	defer db.Close()
	_, _ = db.ExecContext(ctx,
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
	if _, err := db.ExecContext(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
		t.Errorf("storetest: drop database %s: %v", name, err)
	}
}
