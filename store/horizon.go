package store

import (
	"context"
	"database/sql"
	"time"
)

// settleHorizon brings ticket_stats' high-water marks back to the tickets
// actually stored when the dispatch mark lies more than a day past now.
// Upserts only ever raise the marks, so one ticket once stored with a
// far-future time (before files and pushes refused it) would otherwise
// keep every open-ticket query on its slow path for good. A mark found
// true is not scanned for again within a minute.
func (s *Store) settleHorizon(ctx context.Context, dispatched, completed sql.NullInt64) (sql.NullInt64, sql.NullInt64, error) {
	if !dispatched.Valid || dispatched.Int64 <= unix(s.now().Add(24*time.Hour)) {
		return dispatched, completed, nil
	}
	s.markMu.Lock()
	fresh := s.trueMark == dispatched.Int64 && time.Since(s.trueMarkAt) < time.Minute
	s.markMu.Unlock()
	if fresh {
		return dispatched, completed, nil
	}
	var d, c sql.NullInt64
	if err := s.sql.QueryRowContext(ctx, `SELECT MAX(dispatched_at), MAX(completed_at) FROM tickets`).Scan(&d, &c); err != nil {
		return dispatched, completed, err
	}
	if _, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE ticket_stats SET latest_dispatched_at = ?, latest_completed_at = ?
		WHERE id = 1 AND latest_dispatched_at = ?`), d, c, dispatched.Int64); err != nil {
		return dispatched, completed, err
	}
	s.markMu.Lock()
	s.trueMark, s.trueMarkAt = d.Int64, time.Now()
	s.markMu.Unlock()
	return d, c, nil
}
