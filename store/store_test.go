package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"hotlinebot/store/storetest"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// sh is an instant written in Asia/Shanghai, "2006-01-02 15:04".
func sh(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func openStore(t testing.TB, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesIdempotently(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.UpsertUnits(ctx, testUnits()); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = openStore(t, dsn)
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		ok, err := s.MigrationsCurrent(ctx)
		if err != nil || !ok {
			t.Fatalf("MigrationsCurrent = %v, %v", ok, err)
		}
		if n, err := s.UnitCount(ctx); err != nil || n != len(testUnits()) {
			t.Fatalf("UnitCount after reopen = %d, %v", n, err)
		}
		want := map[string]string{"sqlite": DialectSQLite, "postgres": DialectPostgres}[t.Name()[strings.LastIndex(t.Name(), "/")+1:]]
		if s.Dialect() != want {
			t.Fatalf("Dialect = %q, want %q", s.Dialect(), want)
		}
	})
}

func TestMigrationsCurrentOnOlderSchema(t *testing.T) {
	s := openStore(t, storetest.SQLite(t))
	ctx := context.Background()
	if err := s.db.Exec("DELETE FROM schema_migrations WHERE version = 3").Error; err != nil {
		t.Fatal(err)
	}
	if ok, err := s.MigrationsCurrent(ctx); err != nil || ok {
		t.Fatalf("MigrationsCurrent with one missing = %v, %v", ok, err)
	}
}

func TestOpenDSNForms(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, dsn, wantErr string
	}{
		{"plain path", dir + "/a.db", ""},
		{"sqlite prefix", "sqlite:" + dir + "/b.db", ""},
		{"ftp refused", "ftp://host/db", "HOTLINE_DB: unsupported database"},
		{"mysql refused", "mysql://u:secret@host/db", "HOTLINE_DB: unsupported database"},
		{"empty", "", "HOTLINE_DB: empty"},
		{"empty sqlite", "sqlite:", "HOTLINE_DB: empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.dsn)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Open(%q): %v", tc.dsn, err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want error %q", tc.dsn, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) || strings.Contains(err.Error(), "secret") {
				t.Fatalf("Open(%q) = %v, want %q without the password", tc.dsn, err, tc.wantErr)
			}
		})
	}
}

func TestOpenRedactsPassword(t *testing.T) {
	if testing.Short() {
		t.Skip("connects to a closed port")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dsn := "postgres://postgres:hunter2secret@127.0.0.1:1/nowhere?connect_timeout=2"
	_, err := Open(ctx, dsn)
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "hunter2secret") {
		t.Fatalf("error shows the password: %v", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("error does not name the host: %v", err)
	}
}

func TestRedactErr(t *testing.T) {
	base := errors.New(`connect "postgres://u:pw123@h/db": refused`)
	err := redactErr(base, "postgres://u:pw123@h/db")
	if strings.Contains(err.Error(), "pw123") || !errors.Is(err, base) {
		t.Fatalf("redactErr = %v (Is base: %v)", err, errors.Is(err, base))
	}
	if got := redact("postgres://u:pw123@h/db"); strings.Contains(got, "pw123") {
		t.Fatalf("redact = %q", got)
	}
}
