package store

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// hasIndex reports whether the tickets table has the named index.
func hasIndex(t *testing.T, s *Store, name string) bool {
	t.Helper()
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`
	if s.dialect == DialectPostgres {
		q = `SELECT count(*) FROM pg_indexes WHERE tablename = 'tickets' AND indexname = $1`
	}
	var n int
	if err := s.sql.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func countOutcomes(out []domain.Outcome) map[domain.Outcome]int {
	m := map[domain.Outcome]int{}
	for _, o := range out {
		m[o]++
	}
	return m
}

func TestTicketLoad(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		units := []int64{ids["岳阳县政府"], ids["市规划局"]}
		start := sh(t, "2017-04-01 08:00")

		t.Run("first load builds the unit index at its end", func(t *testing.T) {
			load, err := s.BeginTicketLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if hasIndex(t, s, "tickets_unit_dispatched") {
				t.Fatal("a load into an empty table kept tickets_unit_dispatched")
			}
			if s.dialect == DialectPostgres && hasIndex(t, s, "tickets_pkey") {
				t.Fatal("a load into an empty table kept the primary key")
			}
			// Past the commit size, so commits fall between calls.
			load.commitRows = 20_000
			total := 0
			for first := 0; first < 40_000; first += 10_000 {
				out, err := load.UpsertTickets(ctx, genTickets(units, first, 10_000, start))
				if err != nil {
					t.Fatal(err)
				}
				if c := countOutcomes(out); c[domain.Inserted] != 10_000 {
					t.Fatalf("batch at %d: outcomes %v", first, c)
				}
				total += 10_000
			}
			// Every column reads back as loaded (on PostgreSQL these went
			// by the direct binary COPY): urgent and not, completed and
			// open, reworked, each callback.
			for _, want := range genTickets(units, 0, 8, start) {
				got, err := s.Ticket(ctx, want.No)
				if err != nil {
					t.Fatal(err)
				}
				want.UnitName = got.UnitName
				if !sameTicket(got, want) || got.UnitName == "" {
					t.Fatalf("Ticket(%s) = %+v\nwant %+v", want.No, got, want)
				}
			}
			// A number stored earlier in the load is seen as stored (the
			// load leaves dispatch order and fills its filters).
			again := genTickets(units, 5, 2, start)
			again[1].ReworkCount += 3
			load.commitRows = len(again) // and commits, for the next writer
			out, err := load.UpsertTickets(ctx, again)
			if err != nil || out[0] != domain.Unchanged || out[1] != domain.Updated {
				t.Fatalf("re-upsert within the load = %v, %v", out, err)
			}
			// Another writer stores tickets between the load's
			// transactions: the load sees them as stored.
			pushed := genTickets(units, 900_000, 2, start)
			if _, err := s.UpsertTickets(ctx, pushed); err != nil {
				t.Fatal(err)
			}
			pushed[1].ReworkCount += 2
			mixed := append(pushed, genTickets(units, 40_000, 3, start)...)
			out, err = load.UpsertTickets(ctx, mixed)
			if err != nil {
				t.Fatalf("a load after another writer: %v", err)
			}
			if want := []domain.Outcome{domain.Unchanged, domain.Updated, domain.Inserted, domain.Inserted, domain.Inserted}; !slices.Equal(out, want) {
				t.Fatalf("a load after another writer: outcomes %v, want %v", out, want)
			}
			total += 5
			if err := load.Finish(ctx); err != nil {
				t.Fatal(err)
			}
			if !hasIndex(t, s, "tickets_unit_dispatched") {
				t.Fatal("Finish did not build tickets_unit_dispatched")
			}
			if s.dialect == DialectPostgres && !hasIndex(t, s, "tickets_pkey") {
				t.Fatal("Finish did not build the primary key again")
			}
			if n, _ := s.TicketCount(ctx); n != total {
				t.Fatalf("TicketCount = %d, want %d", n, total)
			}
		})

		t.Run("a later load keeps the index", func(t *testing.T) {
			load, err := s.BeginTicketLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !hasIndex(t, s, "tickets_unit_dispatched") {
				t.Fatal("a load into a filled table dropped tickets_unit_dispatched")
			}
			if err := load.Finish(ctx); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("a failed call rolls back only the open transaction", func(t *testing.T) {
			before, _ := s.TicketCount(ctx)
			load, err := s.BeginTicketLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := load.UpsertTickets(ctx, genTickets(units, 500_000, 100, start)); err != nil {
				t.Fatal(err)
			}
			bad := genTickets(units, 600_000, 3, start)
			bad[2].UnitID = 99999
			if _, err := load.UpsertTickets(ctx, bad); err == nil {
				t.Fatal("a ticket of an unknown unit was stored")
			}
			if err := load.Finish(ctx); err != nil {
				t.Fatal(err)
			}
			// SQLite held the first call in the transaction the failure
			// rolled back; PostgreSQL committed it on its own.
			want := before + 100
			if s.dialect == DialectSQLite {
				want = before
			}
			if n, _ := s.TicketCount(ctx); n != want {
				t.Fatalf("TicketCount = %d, want %d", n, want)
			}
		})

		t.Run("Open builds an index a killed load left missing", func(t *testing.T) {
			for _, stmt := range dropIndexes[s.dialect] {
				if _, err := s.sql.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			s2 := openStore(t, dsn)
			if !hasIndex(t, s2, "tickets_unit_dispatched") {
				t.Fatal("Open left tickets_unit_dispatched missing")
			}
			if s.dialect == DialectPostgres && !hasIndex(t, s2, "tickets_pkey") {
				t.Fatal("Open left the primary key missing")
			}
		})
	})
}

// TestTicketLoadShuffled loads a file not in number order into an empty
// table (on SQLite by way of the number filter), with the same numbers
// again later in it, unchanged and changed, in the same transaction and
// after it committed: every outcome is as a push's would be, and the table
// holds the last item of each number.
func TestTicketLoadShuffled(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		units := []int64{ids["岳阳县政府"], ids["市规划局"]}
		start := sh(t, "2017-04-01 08:00")

		all := genTickets(units, 0, 12_000, start)
		rand.New(rand.NewPCG(7, 9)).Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		load, err := s.BeginTicketLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		load.commitRows = 2_500
		last := map[string]domain.Ticket{}
		got := map[domain.Outcome]int{}
		upsert := func(batch []domain.Ticket) {
			t.Helper()
			out, err := load.UpsertTickets(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			for i, o := range out {
				got[o]++
				last[batch[i].No] = batch[i]
			}
		}
		for i := 0; i < len(all); i += 1_000 {
			upsert(all[i : i+1_000])
			if i >= 2_000 {
				// Items seen 1,000 and 2,000 rows ago: on SQLite the nearer
				// ones in the open transaction, the farther ones committed.
				again := append([]domain.Ticket(nil), all[i-1_000:i-990]...)
				again = append(again, all[i-2_000:i-1_990]...)
				for k := range again {
					if k%2 == 1 {
						again[k].Summary += "（补充）"
					}
				}
				upsert(again)
			}
		}
		if err := load.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		// 12 batches of 1,000 new. Then 11 slices of 10 seen again for the
		// first time, half of them changed (55 updated, 55 unchanged), and
		// 9 of those a second time, the same changes again (90 unchanged).
		want := map[domain.Outcome]int{domain.Inserted: 12_000, domain.Unchanged: 145, domain.Updated: 55}
		if !maps.Equal(got, want) {
			t.Fatalf("outcomes %v, want %v", got, want)
		}
		if n, _ := s.TicketCount(ctx); n != 12_000 {
			t.Fatalf("TicketCount = %d, want 12000", n)
		}
		nos := make([]string, 0, len(last))
		for no := range last {
			nos = append(nos, no)
		}
		stored, err := s.TicketsByNos(ctx, nos)
		if err != nil {
			t.Fatal(err)
		}
		for no, want := range last {
			got := stored[no]
			want.UnitName = got.UnitName
			if !sameTicket(got, want) {
				t.Fatalf("Ticket(%s) = %+v\nwant the last item %+v", no, got, want)
			}
		}
	})
}
