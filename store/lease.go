package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// AcquireLease makes holder the leader lease's holder when the lease is
// free: never taken, expired at now, or already the holder's (a holder that
// lost track of its lease takes it again under a new generation). With
// steal it takes the lease whoever holds it: for SQLite, where one process
// serves. It returns the new generation, or ok false when another holder's
// lease is live.
func (s *Store) AcquireLease(ctx context.Context, holder string, ttl time.Duration, now time.Time, steal bool) (gen int64, ok bool, err error) {
	until := now.Add(ttl).UnixMilli()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO leases (name, holder, generation, expires_at)
			VALUES (?, ?, 1, ?) ON CONFLICT (name) DO NOTHING`), LeaderLease, holder, until)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			gen, ok = 1, true
			return nil
		}
		res, err = tx.ExecContext(ctx, s.rebind(`UPDATE leases SET holder = ?, generation = generation + 1, expires_at = ?
			WHERE name = ? AND (expires_at <= ? OR holder = ? OR ?)`),
			holder, until, LeaderLease, now.UnixMilli(), holder, steal)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		return tx.QueryRowContext(ctx, s.rebind(`SELECT generation FROM leases WHERE name = ?`), LeaderLease).Scan(&gen)
	})
	if err != nil {
		return 0, false, fmt.Errorf("acquire lease: %w", err)
	}
	return gen, ok, nil
}

// RenewLease extends the holder's lease of generation gen to now+ttl; ok
// false when the lease has passed to another generation.
func (s *Store) RenewLease(ctx context.Context, holder string, gen int64, ttl time.Duration, now time.Time) (bool, error) {
	res, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE leases SET expires_at = ?
		WHERE name = ? AND holder = ? AND generation = ?`), now.Add(ttl).UnixMilli(), LeaderLease, holder, gen)
	if err != nil {
		return false, fmt.Errorf("renew lease: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("renew lease: %w", err)
	}
	return n == 1, nil
}

// ReleaseLease ends the holder's lease of generation gen at once, so a
// standby replica need not wait for it to expire.
func (s *Store) ReleaseLease(ctx context.Context, holder string, gen int64) error {
	_, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE leases SET expires_at = 0
		WHERE name = ? AND holder = ? AND generation = ?`), LeaderLease, holder, gen)
	if err != nil {
		return fmt.Errorf("release lease: %w", err)
	}
	return nil
}

// LeaseHolder is who holds the leader lease, its generation and when it
// expires; ok false when it was never taken.
func (s *Store) LeaseHolder(ctx context.Context) (holder string, gen int64, expires time.Time, ok bool, err error) {
	var ms int64
	err = s.sql.QueryRowContext(ctx, s.rebind(`SELECT holder, generation, expires_at FROM leases WHERE name = ?`),
		LeaderLease).Scan(&holder, &gen, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, time.Time{}, false, nil
	}
	if err != nil {
		return "", 0, time.Time{}, false, fmt.Errorf("lease holder: %w", err)
	}
	return holder, gen, time.UnixMilli(ms).UTC(), true, nil
}

// CheckFence returns ErrFenced unless gen is still the leader lease's
// generation: the sender asks before each message, so a paused former
// leader does not send once it has lost the lease.
func (s *Store) CheckFence(ctx context.Context, gen int64) error {
	var cur int64
	err := s.sql.QueryRowContext(ctx, s.rebind(`SELECT generation FROM leases WHERE name = ?`), LeaderLease).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("check lease: %w", err)
	}
	if cur != gen || gen == 0 {
		return fmt.Errorf("generation %d: %w", gen, domain.ErrFenced)
	}
	return nil
}
