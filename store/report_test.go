package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// scenario is a small quarter (2017Q2 in Asia/Shanghai) around one unit, with
// tickets on the period's edges and one completed after the instants the
// tests look from.
func scenario(t testing.TB, ids map[string]int64) []domain.Ticket {
	u, v := ids["岳阳县政府"], ids["市规划局"]
	mk := func(no string, unit int64, dispatched, due, completed string) domain.Ticket {
		tk := domain.Ticket{No: no, UnitID: unit, Category: domain.Complaint,
			DispatchedAt: sh(t, dispatched), DueAt: sh(t, due)}
		if completed != "" {
			tk.CompletedAt = sh(t, completed)
		}
		return tk
	}
	ts := []domain.Ticket{
		mk("T1", u, "2017-04-03 09:00", "2017-04-08 00:00", "2017-04-05 10:00"),
		mk("T2", u, "2017-04-03 09:00", "2017-04-08 00:00", "2017-04-10 10:00"),
		mk("T3", u, "2017-04-20 09:00", "2017-04-25 00:00", ""),
		mk("T4", u, "2017-04-20 09:00", "2017-06-30 23:00", ""),
		mk("T5", u, "2017-03-31 23:59", "2017-04-05 00:00", "2017-04-01 10:00"), // Q1
		mk("T6", u, "2017-04-01 00:00", "2017-04-05 00:00", "2017-04-02 10:00"), // Q2's first instant
		mk("T7", u, "2017-07-01 00:00", "2017-07-05 00:00", ""),                 // Q3
		mk("T8", u, "2017-04-10 09:00", "2017-04-15 00:00", "2017-05-20 10:00"), // completed late, after 05-01
		mk("T9", u, "2017-04-28 09:00", "2017-05-01 18:00", ""),                 // due on 05-01
		mk("V1", v, "2017-04-11 09:00", "2017-04-12 00:00", ""),
		mk("V2", v, "2017-04-11 09:00", "2017-04-20 00:00", "2017-04-19 00:00"),
	}
	ts[0].Callback = domain.CallbackSatisfied
	ts[1].Callback, ts[1].ReworkCount = domain.CallbackDissatisfied, 2
	ts[9].ReworkCount = 1
	return ts
}

func TestCounts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		ts := scenario(t, ids)
		if _, err := s.UpsertTickets(ctx, ts); err != nil {
			t.Fatal(err)
		}
		q2 := domain.NewPeriod(domain.Quarter, 2017, 2, shanghai)
		u := ids["岳阳县政府"]
		tests := []struct {
			name string
			p    domain.Period
			at   time.Time
			want domain.Counts // for 岳阳县政府
		}{
			{"early", q2, sh(t, "2017-04-03 12:00"), domain.Counts{Should: 1, Handled: 1}},
			{"mid", q2, sh(t, "2017-05-01 00:00"), domain.Counts{Should: 5, Handled: 3, Overdue: 1, Rework: 2, Satisfied: 1, Dissatisfied: 1}},
			{"at a deadline", q2, sh(t, "2017-05-01 18:00"), domain.Counts{Should: 6, Handled: 3, Overdue: 1, Rework: 2, Satisfied: 1, Dissatisfied: 1}},
			{"after the quarter", q2, sh(t, "2017-07-10 00:00"), domain.Counts{Should: 7, Handled: 4, Overdue: 2, Rework: 2, Satisfied: 1, Dissatisfied: 1}},
			{"month of April", domain.NewPeriod(domain.Month, 2017, 4, shanghai), sh(t, "2017-05-01 00:00"),
				domain.Counts{Should: 5, Handled: 3, Overdue: 1, Rework: 2, Satisfied: 1, Dissatisfied: 1}},
			{"Q1 gets the ticket of 23:59", domain.NewPeriod(domain.Quarter, 2017, 1, shanghai), sh(t, "2017-05-01 00:00"),
				domain.Counts{Should: 1, Handled: 1}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.Counts(ctx, tc.p, tc.at)
				if err != nil {
					t.Fatal(err)
				}
				if got[u] != tc.want {
					t.Errorf("Counts[岳阳县政府] = %+v, want %+v", got[u], tc.want)
				}
				if want := countInGo(ts, tc.p, tc.at); !equalCounts(got, want) {
					t.Errorf("Counts = %+v, domain.Counts.Add says %+v", got, want)
				}
			})
		}
	})
}

func TestReport(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		if _, err := s.UpsertTickets(ctx, scenario(t, ids)); err != nil {
			t.Fatal(err)
		}
		q2 := domain.NewPeriod(domain.Quarter, 2017, 2, shanghai)
		r, err := s.Report(ctx, domain.DefaultScheme(), q2, sh(t, "2017-07-10 00:00"))
		if err != nil {
			t.Fatal(err)
		}
		var graded []string
		for _, sc := range r.Units {
			graded = append(graded, sc.Unit.Name)
		}
		if len(graded) != 2 || len(r.NoTickets) != 3 || !slices.Contains(graded, "市规划局") {
			t.Fatalf("Report graded %v, no tickets %v", graded, unitNames(r.NoTickets))
		}
	})
}

func countInGo(ts []domain.Ticket, p domain.Period, at time.Time) map[int64]domain.Counts {
	out := map[int64]domain.Counts{}
	for _, tk := range ts {
		if !p.Contains(tk.DispatchedAt) || !tk.Counts(at) {
			continue
		}
		c := out[tk.UnitID]
		c.Add(tk, at)
		out[tk.UnitID] = c
	}
	return out
}

func equalCounts(a, b map[int64]domain.Counts) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestOpenTickets(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		if _, err := s.UpsertTickets(ctx, scenario(t, ids)); err != nil {
			t.Fatal(err)
		}
		u := ids["岳阳县政府"]
		at := sh(t, "2017-05-01 00:00")
		tests := []struct {
			name  string
			query func() ([]domain.Ticket, error)
			want  []string
		}{
			{"open, soonest due first", func() ([]domain.Ticket, error) { return s.OpenTickets(ctx, u, at) },
				[]string{"T8", "T3", "T9", "T4"}},
			{"open in all units", func() ([]domain.Ticket, error) { return s.OpenTickets(ctx, 0, at) },
				[]string{"V1", "T8", "T3", "T9", "T4"}},
			{"open later", func() ([]domain.Ticket, error) { return s.OpenTickets(ctx, u, sh(t, "2017-07-02 00:00")) },
				[]string{"T3", "T9", "T4", "T7"}},
			{"overdue, most overdue first", func() ([]domain.Ticket, error) { return s.OverdueTickets(ctx, u, at) },
				[]string{"T8", "T3"}},
			{"overdue in all units", func() ([]domain.Ticket, error) { return s.OverdueTickets(ctx, 0, at) },
				[]string{"V1", "T8", "T3"}},
			{"due within a day", func() ([]domain.Ticket, error) { return s.DueTickets(ctx, 0, at, at.Add(24*time.Hour)) },
				[]string{"T9"}},
			{"other unit", func() ([]domain.Ticket, error) { return s.OpenTickets(ctx, ids["市审计局"], at) }, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := tc.query()
				if err != nil || !slices.Equal(ticketNos(got), tc.want) {
					t.Fatalf("got %v, %v; want %v", ticketNos(got), err, tc.want)
				}
			})
		}

		c, err := s.TicketCounts(ctx, u, at)
		if want := (domain.OpenCounts{Open: 4, Overdue: 2, DueToday: 1}); err != nil || c != want {
			t.Fatalf("TicketCounts = %+v, %v; want %+v", c, err, want)
		}
		all, err := s.OpenCountsByUnit(ctx, at)
		if err != nil || len(all) != 2 || all[ids["市规划局"]] != (domain.OpenCounts{Open: 1, Overdue: 1}) {
			t.Fatalf("OpenCountsByUnit = %+v, %v", all, err)
		}
		period, err := s.UnitTickets(ctx, u, domain.NewPeriod(domain.Quarter, 2017, 2, shanghai))
		if want := []string{"T6", "T1", "T2", "T8", "T3", "T4", "T9"}; err != nil || !slices.Equal(ticketNos(period), want) {
			t.Fatalf("UnitTickets = %v, %v; want %v", ticketNos(period), err, want)
		}
	})
}
