package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// TestUpsertTicketsRacing has two stores (two processes' worth of
// connections) store overlapping tickets at the same moment, one of them
// with changed content, as pushes (UpsertTickets) and as imports
// (TicketLoad, whose first batches go straight into tickets by COPY on
// PostgreSQL): every number is reported inserted exactly once, and each
// item's outcome is what happened to the row when its transaction ran.
func TestUpsertTicketsRacing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		for i, mode := range []string{"UpsertTickets", "TicketLoad"} {
			t.Run(mode, func(t *testing.T) { raceUpserts(t, dsn, mode == "TicketLoad", i*100_000) })
		}
	})
}

// store stores tickets the way an import (TicketLoad) or a push
// (UpsertTickets) does.
func store(ctx context.Context, s *Store, asLoad bool, ts []domain.Ticket) ([]domain.Outcome, error) {
	if !asLoad {
		return s.UpsertTickets(ctx, ts)
	}
	l, err := s.BeginTicketLoad(ctx)
	if err != nil {
		return nil, err
	}
	out, err := l.UpsertTickets(ctx, ts)
	return out, errors.Join(err, l.Finish(ctx))
}

func raceUpserts(t *testing.T, dsn string, asLoad bool, base int) {
	ctx := context.Background()
	a, b := openStore(t, dsn), openStore(t, dsn)
	ids := seedUnits(t, a)
	units := []int64{ids["岳阳县政府"], ids["市规划局"]}
	for round := range 5 {
		first := base + round*3000
		mine := genTickets(units, first, 2000, sh(t, "2017-04-01 08:00"))
		theirs := genTickets(units, first+1000, 2000, sh(t, "2017-04-01 08:00"))
		for i := range theirs[:1000] { // the overlap, changed by the second loader
			theirs[i].ReworkCount += 5
		}
		var wg sync.WaitGroup
		var outA, outB []domain.Outcome
		var errA, errB error
		wg.Go(func() { outA, errA = store(ctx, a, asLoad, mine) })
		wg.Go(func() { outB, errB = store(ctx, b, asLoad, theirs) })
		wg.Wait()
		if errA != nil || errB != nil {
			t.Fatalf("round %d: errors %v, %v", round, errA, errB)
		}
		inserted := map[string]int{}
		count := func(ts []domain.Ticket, out []domain.Outcome) {
			for i, o := range out {
				if o == domain.Inserted {
					inserted[ts[i].No]++
				}
			}
		}
		count(mine, outA)
		count(theirs, outB)
		for _, no := range append(ticketNos(mine), ticketNos(theirs)...) {
			if inserted[no] != 1 {
				t.Fatalf("round %d: %s reported inserted %d times", round, no, inserted[no])
			}
		}
		// The overlap differs between the two: whoever came second
		// updated it, never "unchanged".
		for i := 1000; i < 2000; i++ {
			o1, o2 := outA[i], outB[i-1000]
			if !(o1 == domain.Inserted && o2 == domain.Updated || o1 == domain.Updated && o2 == domain.Inserted) {
				t.Fatalf("round %d: overlap %s: outcomes %v and %v", round, mine[i].No, o1, o2)
			}
		}
	}
}
