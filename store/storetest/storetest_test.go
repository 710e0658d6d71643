package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSQLiteIsInTempDir(t *testing.T) {
	dsn := SQLite(t)
	if filepath.Base(dsn) != "hotline.db" {
		t.Fatalf("SQLite = %q", dsn)
	}
	if _, err := os.Stat(filepath.Dir(dsn)); err != nil {
		t.Fatalf("dir of %q: %v", dsn, err)
	}
}

func TestPostgresCreatesAndDrops(t *testing.T) {
	var dsn string
	t.Run("create", func(t *testing.T) {
		dsn = Postgres(t)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "CREATE TABLE x (id int)"); err != nil {
			t.Fatalf("use %s: %v", dsn, err)
		}
	})
	if dsn == "" {
		t.Skip("postgres skipped")
	}
	db, err := sql.Open("pgx", server(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.HasPrefix(name, "hotline_test_") {
		t.Fatalf("database name %q", name)
	}
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("database %s still exists after the test", name)
	}
}

func TestEnginesRunsBoth(t *testing.T) {
	var seen []string
	Engines(t, func(t *testing.T, dsn string) { seen = append(seen, t.Name()) })
	if len(seen) == 0 {
		t.Fatal("no engine ran")
	}
}

// A fresh machine with PostgreSQL's binaries and no server: the tests
// start their own, in a directory of their own, and it answers.
func TestStartThrowaway(t *testing.T) {
	bin := postgresBin()
	if bin == "" {
		skipOrFail(t, howToRun)
	}
	dir, err := os.MkdirTemp("", "hotline-pg-")
	if err != nil {
		t.Fatal(err)
	}
	port := 55433
	url, err := StartThrowaway(bin, dir, port)
	if err != nil {
		t.Fatalf("StartThrowaway: %v", err)
	}
	t.Cleanup(func() {
		run, _ := runner(dir)
		if out, err := run(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop"); err != nil {
			t.Errorf("pg_ctl stop: %v: %s", err, out)
		}
		os.RemoveAll(dir)
	})
	if !reachable(url) {
		t.Fatalf("the throwaway server at %s does not answer", url)
	}
	again, err := StartThrowaway(bin, dir, port)
	if err != nil || again != url {
		t.Errorf("a second start = %q, %v; want the running server %q", again, err, url)
	}
}
