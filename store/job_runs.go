package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The job_runs table is the scheduler's memory of when each job last ran,
// so that a job missed while no replica was up runs once on start.

// LastRun is when the named job last ran; ok false when it never has.
func (s *Store) LastRun(ctx context.Context, job string) (time.Time, bool, error) {
	var sec int64
	err := s.sql.QueryRowContext(ctx, s.rebind(`SELECT last_run_at FROM job_runs WHERE name = ?`), job).Scan(&sec)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("last run of %s: %w", job, err)
	}
	return fromUnix(sec), true, nil
}

// RecordRun notes that the named job ran at at.
func (s *Store) RecordRun(ctx context.Context, job string, at time.Time) error {
	_, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO job_runs (name, last_run_at) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at`), job, unix(at))
	if err != nil {
		return fmt.Errorf("record run of %s: %w", job, err)
	}
	return nil
}
