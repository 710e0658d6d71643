package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlinebot/store/storetest"
)

// The million-ticket fixture of the query benchmarks: built once per test
// binary run (only when such a benchmark runs), straight in SQL so building
// it takes seconds, and removed by TestMain.
//
// Ticket k (0 ≤ k < n) goes to unit k%100+1, is dispatched k%(89·1440)
// minutes after 2017-04-01 08:00 Asia/Shanghai (all in 2017Q2), is due 5 days
// later and, unless (k/100)%100 == k%100 (10,000 open at a million, 100 a unit), completed
// 24+k%120 hours after dispatch (late when over 120 h) or, if that is after
// fixtureAt, an hour before it; one in 40 was reworked, one in 7 called back
// satisfied, one in 21 dissatisfied. At fixtureAt, when the benchmarks look,
// the open tickets are exactly the 10,000 never completed, about 95% of
// them overdue.
var fixture struct {
	once sync.Once
	dir  string
	dsn  string
	err  error

	pgOnce sync.Once
	pgDSN  string
	pgErr  error
}

// fixtureStart is the first dispatch of the fixture.
var fixtureStart = time.Date(2017, 4, 1, 8, 0, 0, 0, shanghai)

// fixtureAt is "now" for the query benchmarks: just after the last
// dispatch, late in the quarter.
var fixtureAt = fixtureStart.AddDate(0, 0, 89)

const fixtureRows = 1_000_000

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	if fixture.pgDSN != "" {
		dropFixtureDB()
	}
	os.Exit(code)
}

// millionTickets returns a store over the SQLite fixture, built on first
// use.
func millionTickets(b *testing.B) *Store {
	b.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "hotline-store-bench-")
		if fixture.err != nil {
			return
		}
		fixture.dsn = fixture.dir + "/million.db"
		fixture.err = buildFixture(context.Background(), fixture.dsn, fixtureRows)
	})
	if fixture.err != nil {
		b.Fatalf("fixture: %v", fixture.err)
	}
	s, err := Open(context.Background(), fixture.dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// millionTicketsPostgres is millionTickets on PostgreSQL: a database made
// for the run (storetest.Postgres belongs to one test, this lives for the
// whole binary) and dropped by TestMain.
func millionTicketsPostgres(b *testing.B) *Store {
	b.Helper()
	fixture.pgOnce.Do(func() {
		var name string
		name, fixture.pgErr = createFixtureDB()
		if fixture.pgErr != nil {
			return
		}
		fixture.pgDSN = name
		fixture.pgErr = buildFixture(context.Background(), fixture.pgDSN, fixtureRows)
		if fixture.pgErr == nil {
			s, err := Open(context.Background(), fixture.pgDSN)
			if err == nil {
				_, err = s.sql.Exec("VACUUM ANALYZE tickets")
				s.Close()
			}
			fixture.pgErr = err
		}
	})
	if fixture.pgErr != nil {
		b.Fatalf("fixture: %v", fixture.pgErr)
	}
	s, err := Open(context.Background(), fixture.pgDSN)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// fixtureSQL inserts tickets [first, first+count) of the fixture, for the
// dialect's series generator.
func fixtureSQL(dialect string, first, count int) string {
	start := fixtureStart.Unix()
	series := fmt.Sprintf("WITH RECURSIVE c(k) AS (SELECT %d UNION ALL SELECT k + 1 FROM c WHERE k < %d) SELECT k FROM c",
		first, first+count-1)
	no := "printf('GD%09d', k)"
	if dialect == DialectPostgres {
		series = fmt.Sprintf("SELECT generate_series(%d, %d) AS k", first, first+count-1)
		no = "'GD' || lpad(k::text, 9, '0')"
	}
	return fmt.Sprintf(`INSERT INTO tickets (ticket_no, unit_id, category, topic, urgent, dispatched_at, due_at,
		completed_at, rework_count, callback, summary, content_hash, updated_at)
		SELECT %[1]s, k %% 100 + 1,
			CASE k %% 5 WHEN 0 THEN 'complaint' WHEN 1 THEN 'help' WHEN 2 THEN 'inquiry' WHEN 3 THEN 'suggestion' ELSE 'praise' END,
			'城市管理类', %[2]s, d, d + 5 * 86400,
			CASE WHEN (k / 100) %% 100 = k %% 100 THEN NULL WHEN d + (24 + k %% 120) * 3600 < %[5]d THEN d + (24 + k %% 120) * 3600
				WHEN d > %[5]d - 3600 THEN d ELSE %[5]d - 3600 END,
			CASE WHEN k %% 40 = 0 THEN 1 ELSE 0 END,
			CASE WHEN k %% 7 = 0 THEN 1 WHEN k %% 21 = 3 THEN 2 ELSE 0 END,
			'市民反映小区路灯不亮，请相关部门尽快处理。', k, 0
		FROM (SELECT k, %[3]d + (k %% (89 * 1440)) * 60 AS d FROM (%[4]s) s) g`,
		no, fixtureUrgent(dialect), start, series, fixtureAt.Unix())
}

func fixtureUrgent(dialect string) string {
	if dialect == DialectPostgres {
		return "k % 50 = 0"
	}
	return "CASE WHEN k % 50 = 0 THEN 1 ELSE 0 END"
}

// buildFixture fills a fresh database at dsn with 100 units and n tickets.
func buildFixture(ctx context.Context, dsn string, n int) error {
	s, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := benchUnitsErr(ctx, s, 100); err != nil {
		return err
	}
	for first := 0; first < n; first += 250_000 {
		if _, err := s.sql.ExecContext(ctx, fixtureSQL(s.dialect, first, min(250_000, n-first))); err != nil {
			return err
		}
	}
	_, err = s.sql.ExecContext(ctx, `UPDATE ticket_stats SET latest_dispatched_at = (SELECT max(dispatched_at) FROM tickets), latest_completed_at = (SELECT max(completed_at) FROM tickets)`)
	return err
}

const fixturePGName = "hotline_bench_million"

func fixtureAdmin() (*sql.DB, error) {
	return sql.Open("pgx", storetest.DefaultPostgresURL)
}

// createFixtureDB makes a fresh PostgreSQL database for the fixture and
// returns its DSN.
func createFixtureDB() (string, error) {
	db, err := fixtureAdmin()
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Exec("DROP DATABASE IF EXISTS " + fixturePGName + " WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := db.Exec("CREATE DATABASE " + fixturePGName); err != nil {
		return "", err
	}
	return strings.Replace(storetest.DefaultPostgresURL, "/test?", "/"+fixturePGName+"?", 1), nil
}

func dropFixtureDB() {
	db, err := fixtureAdmin()
	if err != nil {
		return
	}
	defer db.Close()
	_, _ = db.Exec("DROP DATABASE IF EXISTS " + fixturePGName + " WITH (FORCE)")
}
