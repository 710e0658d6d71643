package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// SaveSnapshot keeps report r (every unit's scorecard for its period at
// r.At; final when the period is closed) and queues the notifications it
// caused, in one transaction under leader generation gen.
func (s *Store) SaveSnapshot(ctx context.Context, gen int64, r domain.Report, final bool, notes []domain.Notification) error {
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		id, err := s.insertSnapshot(ctx, tx, gen, r, final)
		if err != nil {
			return err
		}
		if err := s.insertSnapshotUnits(ctx, tx, id, r); err != nil {
			return err
		}
		_, err = s.insertNotifications(ctx, tx, gen, notes)
		return err
	})
	if err != nil {
		return fmt.Errorf("save snapshot of %s: %w", r.Period, err)
	}
	return nil
}

func (s *Store) insertSnapshot(ctx context.Context, tx *sql.Tx, gen int64, r domain.Report, final bool) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO snapshots (period, taken_at, final, generation)
		VALUES (?, ?, ?, ?) RETURNING id`), r.Period.String(), unix(r.At), final, gen).Scan(&id)
	return id, err
}

func (s *Store) insertSnapshotUnits(ctx context.Context, tx *sql.Tx, id int64, r domain.Report) error {
	stmt, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO snapshot_units (snapshot_id, unit_id, should, handled,
		overdue, rework, satisfied, dissatisfied, composite, grade) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, sc := range r.Units {
		c := sc.Counts
		if _, err := stmt.ExecContext(ctx, id, sc.Unit.ID, c.Should, c.Handled, c.Overdue, c.Rework,
			c.Satisfied, c.Dissatisfied, sc.Composite, string(sc.Grade)); err != nil {
			return err
		}
	}
	for _, u := range r.NoTickets {
		if _, err := stmt.ExecContext(ctx, id, u.ID, 0, 0, 0, 0, 0, 0, 0.0, ""); err != nil {
			return err
		}
	}
	return nil
}

// LatestSnapshot is the most recent snapshot of period p (provisional or
// final): the bot's city-wide summaries read it and say its time (r.At).
// ok is false when the period has none.
func (s *Store) LatestSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error) {
	return s.snapshot(ctx, p, `SELECT id, taken_at FROM snapshots WHERE period = ? ORDER BY taken_at DESC, id DESC LIMIT 1`)
}

// FinalSnapshot is the snapshot the close job kept for period p once it
// ended; ok is false when the period was never closed.
func (s *Store) FinalSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error) {
	return s.snapshot(ctx, p, `SELECT id, taken_at FROM snapshots WHERE period = ? AND final = ? ORDER BY taken_at DESC, id DESC LIMIT 1`, true)
}

func (s *Store) snapshot(ctx context.Context, p domain.Period, q string, extra ...any) (domain.Report, bool, error) {
	var id, taken int64
	err := s.sql.QueryRowContext(ctx, s.rebind(q), append([]any{p.String()}, extra...)...).Scan(&id, &taken)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Report{}, false, nil
	}
	if err != nil {
		return domain.Report{}, false, fmt.Errorf("snapshot of %s: %w", p, err)
	}
	r, err := s.snapshotReport(ctx, id, p, fromUnix(taken).In(p.Start.Location()))
	if err != nil {
		return domain.Report{}, false, fmt.Errorf("snapshot of %s: %w", p, err)
	}
	return r, true, nil
}

// snapshotReport rebuilds a report from a snapshot's rows; the rates come
// from the counts, the composite and grade are as they were computed then.
func (s *Store) snapshotReport(ctx context.Context, id int64, p domain.Period, at time.Time) (domain.Report, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT su.unit_id, u.name, u.kind, su.should, su.handled, su.overdue,
		su.rework, su.satisfied, su.dissatisfied, su.composite, su.grade
		FROM snapshot_units su JOIN units u ON u.id = su.unit_id WHERE su.snapshot_id = ? ORDER BY u.name`), id)
	if err != nil {
		return domain.Report{}, err
	}
	defer rows.Close()
	r := domain.Report{Period: p, At: at}
	for rows.Next() {
		var u domain.Unit
		var kind, grade string
		var c domain.Counts
		var composite float64
		if err := rows.Scan(&u.ID, &u.Name, &kind, &c.Should, &c.Handled, &c.Overdue, &c.Rework,
			&c.Satisfied, &c.Dissatisfied, &composite, &grade); err != nil {
			return domain.Report{}, err
		}
		u.Kind = domain.UnitKind(kind)
		if c.Should == 0 {
			r.NoTickets = append(r.NoTickets, u)
			continue
		}
		sc := domain.Scheme{}.Score(u, c)
		sc.Composite, sc.Grade = composite, domain.Grade(grade)
		r.Units = append(r.Units, sc)
	}
	if err := rows.Err(); err != nil {
		return domain.Report{}, err
	}
	domain.SortScorecards(r.Units)
	return r, nil
}

// PruneSnapshots deletes provisional snapshots taken before before, keeping
// every final one and the latest of each period: the half-hourly history
// is only needed until the next snapshot has been compared with it.
func (s *Store) PruneSnapshots(ctx context.Context, gen int64, before time.Time) (int, error) {
	var n int64
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM snapshots WHERE final = ? AND taken_at < ?
			AND id NOT IN (SELECT max(id) FROM snapshots GROUP BY period)`), false, unix(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune snapshots: %w", err)
	}
	return int(n), nil
}
