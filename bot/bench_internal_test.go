package bot

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

// benchTickets is the size of the benchmark city: a large city's year.
const benchTickets = 1_000_000

// benchCity is a store with 100 units and a million tickets (10,000 of
// them open, most of those overdue; none completed after now), built once
// per benchmark run.
type benchCity struct {
	st    *store.Store
	units []domain.Unit
	now   time.Time
}

var (
	benchOnce sync.Once
	benchData benchCity
	benchErr  error
)

func loadBenchCity(b *testing.B) benchCity {
	b.Helper()
	benchOnce.Do(func() { benchData, benchErr = buildBenchCity(b) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchData
}

// buildBenchCity writes the tickets with one INSERT … SELECT over a
// recursive sequence, straight into the migrated SQLite file.
func buildBenchCity(b *testing.B) (benchCity, error) {
	loc := testkit.Shanghai()
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, loc)
	path := storetest.SQLite(b)
	if keep := os.Getenv("HOTLINE_BENCH_DB"); keep != "" {
		path = keep // kept between runs: built once, reused after
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return benchCity{}, err
	}
	if n, err := st.TicketCount(ctx); err == nil && n == benchTickets {
		units, err := st.Units(ctx)
		return benchCity{st: st, units: units, now: now}, err
	}
	var units []domain.Unit
	for i := 0; i < 100; i++ {
		kind := domain.Department
		if i < 40 {
			kind = domain.District
		}
		units = append(units, domain.Unit{Name: fmt.Sprintf("单位%03d", i), Kind: kind})
	}
	if _, _, err := st.UpsertUnits(ctx, units); err != nil {
		return benchCity{}, err
	}
	if units, err = st.Units(ctx); err != nil {
		return benchCity{}, err
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	step := now.Add(-48*time.Hour).Sub(start).Seconds() / benchTickets
	started := time.Now()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		return benchCity{}, err
	}
	defer raw.Close()
	_, err = raw.ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?),
		t(i, d) AS (SELECT i, ? + CAST(i * ? AS INTEGER) FROM seq)
		INSERT INTO tickets (ticket_no, unit_id, category, topic, urgent, dispatched_at, due_at, completed_at,
			rework_count, callback, summary, content_hash, updated_at)
		SELECT printf('T%07d', i), (SELECT min(id) FROM units) + i % 100,
			CASE i % 5 WHEN 0 THEN 'complaint' WHEN 1 THEN 'help' WHEN 2 THEN 'inquiry' WHEN 3 THEN 'suggestion' ELSE 'praise' END,
			'城市管理类', i % 50 = 0, d, d + 5 * 86400,
			CASE WHEN i % 101 = 0 THEN NULL WHEN i % 13 = 0 THEN min(d + 6 * 86400, ?) ELSE min(d + 86400 + (i % 7) * 3600, ?) END,
			CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END,
			CASE WHEN i % 97 = 0 THEN 2 WHEN i % 5 = 0 THEN 1 ELSE 0 END,
			'市民反映的诉求内容', i, 0
		FROM t`, benchTickets-1, start.Unix(), step, now.Unix()-3600, now.Unix()-3600)
	if err != nil {
		return benchCity{}, fmt.Errorf("bench tickets: %w", err)
	}
	// What the store's upsert keeps up to date besides the rows.
	if _, err := raw.ExecContext(ctx, `UPDATE ticket_stats SET latest_completed_at = (SELECT max(completed_at) FROM tickets)`); err != nil {
		b.Logf("bench city: ticket_stats not updated: %v", err)
	}
	if _, err := raw.ExecContext(ctx, `ANALYZE`); err != nil {
		return benchCity{}, err
	}
	b.Logf("bench city: %d tickets written in %s", benchTickets, time.Since(started).Round(time.Millisecond))
	return benchCity{st: st, units: units, now: now}, nil
}

// benchSnapshots serves one report per period from memory, as the latest
// snapshot would.
type benchSnapshots struct{ reports map[string]domain.Report }

func (s benchSnapshots) LatestSnapshot(_ context.Context, p domain.Period) (domain.Report, bool, error) {
	r, ok := s.reports[p.String()]
	return r, ok, nil
}

// BenchmarkCommands measures each command's handling by the service, from
// the update to the reply accepted by a local fake Bot API, against a
// million tickets in SQLite: with the scorecard snapshot the jobs keep, and
// without one (everything live).
func BenchmarkCommands(b *testing.B) {
	city := loadBenchCity(b)
	ctx := context.Background()
	scheme := domain.DefaultScheme()
	p := domain.PeriodAt(domain.Quarter, city.now, city.now.Location())
	snaps := benchSnapshots{reports: map[string]domain.Report{}}
	for _, q := range []domain.Period{p, p.Prev()} {
		r, err := city.st.Report(ctx, scheme, q, city.now.Add(-10*time.Minute))
		if err != nil {
			b.Fatal(err)
		}
		snaps.reports[q.String()] = r
	}
	users := map[domain.Role]int64{domain.RoleLiaison: 5001, domain.RoleSupervisor: 5002, domain.RoleAdmin: 5003}
	for role, chat := range users {
		code, err := city.st.CreateInvite(ctx, role, map[bool]int64{true: city.units[0].ID}[role == domain.RoleLiaison], time.Hour, city.now)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := city.st.RedeemInvite(ctx, code, domain.Chat{ChatID: chat, UserID: chat}, city.now); err != nil && ctx.Err() == nil {
			b.Logf("bind %s: %v (already bound)", role, err)
		}
	}
	cases := []struct {
		role domain.Role
		text string
	}{
		{domain.RoleLiaison, "/tickets"},
		{domain.RoleLiaison, "/overdue"},
		{domain.RoleLiaison, "/ticket T0000100"},
		{domain.RoleLiaison, "/grade"},
		{domain.RoleLiaison, "/grade 上季度"},
		{domain.RoleLiaison, "/due"},
		{domain.RoleLiaison, "/export"},
		{domain.RoleSupervisor, "/summary"},
		{domain.RoleSupervisor, "/ranking"},
		{domain.RoleSupervisor, "/ranking 市直单位 上季度"},
		{domain.RoleSupervisor, "/unit 单位007"},
		{domain.RoleSupervisor, "/ticket t0000100"},
		{domain.RoleSupervisor, "/report"},
		{domain.RoleSupervisor, "/overdue_all"},
		{domain.RoleSupervisor, "/overdue_all 单位007"},
		{domain.RoleSupervisor, "/due"},
		{domain.RoleAdmin, "/contacts"},
		{domain.RoleAdmin, "/invite supervisor"},
		{"", "/help"},
	}
	for _, mode := range []string{"snapshot", "live"} {
		fake := fakebot.New(b, fakebot.WithUsername("hb"))
		deps := Deps{Store: city.st, Now: func() time.Time { return city.now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if mode == "snapshot" {
			deps.Snapshots = snaps
		} else {
			// Every request a few minutes later: the minute's cache of live
			// reports never answers, so each figure is a cold computation.
			tick := city.now
			deps.Now = func() time.Time { tick = tick.Add(2 * time.Minute); return tick }
		}
		svc, err := New(deps, Options{Token: fake.Token(), APIURL: fake.URL(), BotName: "hb", Location: city.now.Location(),
			Scheme: scheme, PeriodKind: domain.Quarter, RankMinTickets: 10})
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range cases {
			chat := users[tc.role]
			if chat == 0 {
				chat = 5999
			}
			u := fakebot.TextMessage(fakebot.PrivateChat(fakebot.Person(chat, "B", "b")), fakebot.Person(chat, "B", "b"), tc.text, city.now)
			b.Run(fmt.Sprintf("%s/%s%s", mode, tc.role, tc.text), func(b *testing.B) {
				benchUpdate(b, svc, fake, &u)
			})
		}
		data := fmt.Sprintf("overdue_all|#%d|50", city.units[7].ID)
		page := fakebot.CallbackQuery(fakebot.PrivateChat(fakebot.Person(5002, "B", "b")), fakebot.Person(5002, "B", "b"), 1, data, city.now)
		b.Run(mode+"/supervisor/overdue_all of a unit, page 51 (button)", func(b *testing.B) { benchUpdate(b, svc, fake, &page) })
	}
}

func benchUpdate(b *testing.B, svc *Service, fake *fakebot.Server, u *models.Update) {
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		svc.handleUpdate(ctx, u)
	}
	b.StopTimer()
	for _, c := range fake.Calls() {
		if c.Status != 200 && c.Method != "editMessageText" {
			b.Fatalf("%s answered %d %s", c.Method, c.Status, c.Description)
		}
	}
}
