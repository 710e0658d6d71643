package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

func TestEachTicket(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		ticket := func(no, unit, dispatched string) domain.Ticket {
			at := sh(t, dispatched)
			return domain.Ticket{No: no, UnitID: ids[unit], Category: domain.Help, DispatchedAt: at, DueAt: at.AddDate(0, 0, 5)}
		}
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{
			ticket("GH-2", "市规划局", "2017-05-02 09:00"),
			ticket("YY-2", "岳阳县政府", "2017-06-30 23:59"),
			ticket("YY-1", "岳阳县政府", "2017-04-01 00:00"),
			ticket("YY-0", "岳阳县政府", "2017-03-31 23:59"),
			ticket("YY-3", "岳阳县政府", "2017-07-01 00:00"),
			ticket("GH-1", "市规划局", "2017-04-02 09:00"),
		}); err != nil {
			t.Fatal(err)
		}
		q2, err := domain.ParsePeriod("2017Q2", sh(t, "2017-04-01 00:00").Location())
		if err != nil {
			t.Fatal(err)
		}
		walk := func(unitID int64) []string {
			var nos []string
			if err := s.EachTicket(ctx, unitID, q2, func(tk domain.Ticket) error {
				if tk.UnitName == "" {
					t.Errorf("%s has no unit name", tk.No)
				}
				nos = append(nos, tk.No)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return nos
		}
		cases := []struct {
			name   string
			unitID int64
			want   []string
		}{
			{"all units, by unit then dispatch", 0, unitOrder(ids, []string{"YY-1", "YY-2"}, []string{"GH-1", "GH-2"})},
			{"one unit, the period's bounds exactly", ids["岳阳县政府"], []string{"YY-1", "YY-2"}},
			{"a unit without tickets", ids["市审计局"], nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := walk(tc.unitID); !slices.Equal(got, tc.want) {
					t.Errorf("EachTicket = %v, want %v", got, tc.want)
				}
			})
		}
		t.Run("an error from fn stops the walk", func(t *testing.T) {
			stop := errors.New("stop")
			n := 0
			err := s.EachTicket(ctx, 0, q2, func(domain.Ticket) error { n++; return stop })
			if !errors.Is(err, stop) || n != 1 {
				t.Errorf("EachTicket = %v after %d tickets, want stop after 1", err, n)
			}
		})
	})
}

// unitOrder lists 岳阳县政府's and 市规划局's tickets in the order of their
// unit ids.
func unitOrder(ids map[string]int64, yy, gh []string) []string {
	if ids["岳阳县政府"] < ids["市规划局"] {
		return append(slices.Clone(yy), gh...)
	}
	return append(slices.Clone(gh), yy...)
}
