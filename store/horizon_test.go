package store

import (
	"context"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// TestFarFutureDispatchDoesNotHoldTheHorizon stores a ticket dispatched in
// 2090 (as a database written before such times were refused would hold
// it), then corrects it: the open-ticket horizon comes back to the tickets
// stored, and the open tickets at now are counted right throughout.
func TestFarFutureDispatchDoesNotHoldTheHorizon(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		now := sh(t, "2026-11-27 09:00")
		s.now = func() time.Time { return now }
		ids := seedUnits(t, s)
		typo := domain.Ticket{No: "TYPO", UnitID: ids["岳阳县政府"], Category: domain.Help,
			DispatchedAt: sh(t, "2062-11-26 09:00"), DueAt: sh(t, "2062-12-03 09:00")}
		good := typo
		good.No, good.DispatchedAt, good.DueAt = "GOOD", sh(t, "2026-11-20 09:00"), sh(t, "2026-11-27 12:00")
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{typo, good}); err != nil {
			t.Fatal(err)
		}
		h, err := s.horizonAt(ctx, now)
		if err != nil || !h.dispatchedAfter {
			t.Fatalf("with the typo stored: %+v, %v; want tickets dispatched after now", h, err)
		}
		typo.DispatchedAt, typo.DueAt = sh(t, "2026-11-26 09:00"), sh(t, "2026-12-03 09:00")
		if _, err := s.UpsertTickets(ctx, []domain.Ticket{typo}); err != nil {
			t.Fatal(err)
		}
		s.markMu.Lock()
		s.trueMarkAt = time.Time{} // the minute the true mark is trusted has passed
		s.markMu.Unlock()
		if h, err = s.horizonAt(ctx, now); err != nil || h.dispatchedAfter {
			t.Fatalf("after the correction: %+v, %v; want no ticket dispatched after now", h, err)
		}
		var mark int64
		if err := s.sql.QueryRowContext(ctx, `SELECT latest_dispatched_at FROM ticket_stats WHERE id = 1`).Scan(&mark); err != nil || mark != unix(typo.DispatchedAt) {
			t.Fatalf("mark %d, %v; want the latest dispatch stored", mark, err)
		}
	})
}
