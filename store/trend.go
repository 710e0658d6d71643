package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"hotlinebot/domain"
)

// trendSchema is the migration of the weekly trend: every unit's counts at
// each trend point (each week's end, and a period's end) of a period.
//
//   - trend_points records which points were taken, so a unit missing at a
//     taken point had no counting ticket then, and a missing point is one to
//     rebuild from the tickets.
//   - trend_units' key (unit_id, period, at) serves a unit's trend, the
//     /trend command, in one range read.
var trendSchema = map[string][]string{
	DialectSQLite: {
		`CREATE TABLE trend_points (
			period   TEXT    NOT NULL,
			at       INTEGER NOT NULL,
			taken_at INTEGER NOT NULL,
			PRIMARY KEY (period, at)
		) WITHOUT ROWID`,
		`CREATE TABLE trend_units (
			unit_id      INTEGER NOT NULL,
			period       TEXT    NOT NULL,
			at           INTEGER NOT NULL,
			should       INTEGER NOT NULL,
			handled      INTEGER NOT NULL,
			overdue      INTEGER NOT NULL,
			rework       INTEGER NOT NULL,
			satisfied    INTEGER NOT NULL,
			dissatisfied INTEGER NOT NULL,
			PRIMARY KEY (unit_id, period, at)
		) WITHOUT ROWID`,
	},
	DialectPostgres: {
		`CREATE TABLE trend_points (
			period   TEXT   NOT NULL,
			at       BIGINT NOT NULL,
			taken_at BIGINT NOT NULL,
			PRIMARY KEY (period, at)
		)`,
		`CREATE TABLE trend_units (
			unit_id      BIGINT  NOT NULL,
			period       TEXT    NOT NULL,
			at           BIGINT  NOT NULL,
			should       INTEGER NOT NULL,
			handled      INTEGER NOT NULL,
			overdue      INTEGER NOT NULL,
			rework       INTEGER NOT NULL,
			satisfied    INTEGER NOT NULL,
			dissatisfied INTEGER NOT NULL,
			PRIMARY KEY (unit_id, period, at)
		)`,
	},
}

// migrateTrend creates the weekly trend tables.
func migrateTrend(tx *gorm.DB) error { return applySchema(tx, trendSchema) }

// TrendPointsKept are the points of period p whose counts are kept.
func (s *Store) TrendPointsKept(ctx context.Context, p domain.Period) ([]time.Time, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT at FROM trend_points WHERE period = ? ORDER BY at`), p.String())
	if err != nil {
		return nil, fmt.Errorf("trend points of %s: %w", p, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, fmt.Errorf("trend points of %s: %w", p, err)
		}
		out = append(out, fromUnix(at).In(p.Start.Location()))
	}
	return out, rows.Err()
}

// SaveTrendPoint keeps every unit's counts at point at of period p, taken
// at taken, under leader generation gen; a point already kept stays as it is.
func (s *Store) SaveTrendPoint(ctx context.Context, gen int64, p domain.Period, at, taken time.Time, counts map[int64]domain.Counts) error {
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO trend_points (period, at, taken_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`), p.String(), unix(at), unix(taken))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO trend_units (unit_id, period, at, should, handled,
			overdue, rework, satisfied, dissatisfied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for id, c := range counts {
			if c.Should == 0 {
				continue
			}
			if _, err := stmt.ExecContext(ctx, id, p.String(), unix(at), c.Should, c.Handled, c.Overdue,
				c.Rework, c.Satisfied, c.Dissatisfied); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save trend point %s of %s: %w", at.Format(time.RFC3339), p, err)
	}
	return nil
}

// UnitTrend is the unit's counts at every kept point of the given periods,
// in period and time order; at a kept point where the unit had no counting
// ticket its counts are zero. Points not kept are absent.
func (s *Store) UnitTrend(ctx context.Context, unitID int64, periods []domain.Period) ([]domain.TrendPoint, error) {
	byKey := make(map[string]domain.Period, len(periods))
	args := []any{unitID}
	for _, p := range periods {
		byKey[p.String()] = p
		args = append(args, p.String())
	}
	q := `SELECT tp.period, tp.at, COALESCE(tu.should, 0), COALESCE(tu.handled, 0), COALESCE(tu.overdue, 0),
		COALESCE(tu.rework, 0), COALESCE(tu.satisfied, 0), COALESCE(tu.dissatisfied, 0)
		FROM trend_points tp LEFT JOIN trend_units tu ON tu.unit_id = ? AND tu.period = tp.period AND tu.at = tp.at
		WHERE tp.period IN (` + placeholders(len(periods)) + `) ORDER BY tp.at`
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("trend of unit %d: %w", unitID, err)
	}
	defer rows.Close()
	var out []domain.TrendPoint
	for rows.Next() {
		var key string
		var at int64
		pt := domain.TrendPoint{UnitID: unitID}
		c := &pt.Counts
		if err := rows.Scan(&key, &at, &c.Should, &c.Handled, &c.Overdue, &c.Rework, &c.Satisfied, &c.Dissatisfied); err != nil {
			return nil, fmt.Errorf("trend of unit %d: %w", unitID, err)
		}
		pt.Period = byKey[key]
		pt.At = fromUnix(at).In(pt.Period.Start.Location())
		out = append(out, pt)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend of unit %d: %w", unitID, err)
	}
	return out, nil
}

// PeriodTrend is every unit's counts at the kept points of period p, by
// unit then time; units without a counting ticket at a point are absent.
func (s *Store) PeriodTrend(ctx context.Context, p domain.Period) ([]domain.TrendPoint, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT unit_id, at, should, handled, overdue, rework, satisfied,
		dissatisfied FROM trend_units WHERE period = ? ORDER BY unit_id, at`), p.String())
	if err != nil {
		return nil, fmt.Errorf("trend of %s: %w", p, err)
	}
	defer rows.Close()
	var out []domain.TrendPoint
	for rows.Next() {
		var at int64
		pt := domain.TrendPoint{Period: p}
		c := &pt.Counts
		if err := rows.Scan(&pt.UnitID, &at, &c.Should, &c.Handled, &c.Overdue, &c.Rework, &c.Satisfied, &c.Dissatisfied); err != nil {
			return nil, fmt.Errorf("trend of %s: %w", p, err)
		}
		pt.At = fromUnix(at).In(p.Start.Location())
		out = append(out, pt)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend of %s: %w", p, err)
	}
	return out, nil
}
