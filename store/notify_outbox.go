package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	// The outbox's payloads are the notices as JSON. goccy/go-json writes
	// exactly what encoding/json does, three times as fast for a notice of
	// ticket lines (a deadline's time each): a deadlines job's first run
	// over a year of tickets writes thousands of lines at once.
	json "github.com/goccy/go-json"

	"hotlinebot/domain"
)

// NotificationTTL is how long a notification that could not be delivered
// (its unit has no active contact) waits before it is dropped, unless it
// names its own expiry.
const NotificationTTL = 7 * 24 * time.Hour

// Outbox states.
const (
	outboxPending = "pending"
	outboxDone    = "done"
	outboxExpired = "expired"
)

// Enqueue writes notifications to the outbox under leader generation gen;
// a notification whose key is already there is skipped. It returns how many
// were queued.
func (s *Store) Enqueue(ctx context.Context, gen int64, notes []domain.Notification) (int, error) {
	var n int
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		var err error
		n, err = s.insertNotifications(ctx, tx, gen, notes)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return n, nil
}

func (s *Store) insertNotifications(ctx context.Context, tx *sql.Tx, gen int64, notes []domain.Notification) (int, error) {
	if len(notes) == 0 {
		return 0, nil
	}
	stmt, err := tx.PrepareContext(ctx, s.rebind(`INSERT INTO outbox
		(dedup_key, kind, audience, unit_id, payload, urgent, not_before, expires_at, created_at, generation)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING`))
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	inserted := 0
	for _, nt := range notes {
		payload, err := json.Marshal(nt.Notice)
		if err != nil {
			return 0, fmt.Errorf("notification %s: %w", nt.Key, err)
		}
		created := nt.CreatedAt
		if created.IsZero() {
			created = nt.Notice.At
		}
		expires := nt.ExpiresAt
		if expires.IsZero() {
			expires = created.Add(NotificationTTL)
		}
		res, err := stmt.ExecContext(ctx, nt.Key, string(nt.Notice.Kind), string(nt.Audience.Kind), nt.Audience.UnitID,
			string(payload), nt.Urgent, unix(nt.NotBefore), unix(expires), unix(created), gen)
		if err != nil {
			return 0, fmt.Errorf("notification %s: %w", nt.Key, err)
		}
		if k, _ := res.RowsAffected(); k == 1 {
			inserted++
		}
	}
	return inserted, nil
}

// DueNotifications lists up to limit undelivered notifications that may go
// out at now (past their not_before and their retry backoff), urgent first,
// then oldest first.
func (s *Store) DueNotifications(ctx context.Context, now time.Time, limit int) ([]domain.Notification, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT id, dedup_key, audience, unit_id, payload, urgent,
		not_before, expires_at, created_at, attempts FROM outbox
		WHERE state = 'pending' AND next_attempt_at <= ? AND not_before <= ?
		ORDER BY urgent DESC, id LIMIT ?`), unix(now), unix(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due notifications: %w", err)
	}
	defer rows.Close()
	var out []domain.Notification
	for rows.Next() {
		var n domain.Notification
		var audience, payload string
		var notBefore, expires, created int64
		if err := rows.Scan(&n.ID, &n.Key, &audience, &n.Audience.UnitID, &payload, &n.Urgent,
			&notBefore, &expires, &created, &n.Attempts); err != nil {
			return nil, fmt.Errorf("due notifications: %w", err)
		}
		n.Audience.Kind = domain.AudienceKind(audience)
		n.NotBefore, n.ExpiresAt, n.CreatedAt = fromUnix(notBefore), fromUnix(expires), fromUnix(created)
		if err := json.Unmarshal([]byte(payload), &n.Notice); err != nil {
			return nil, fmt.Errorf("notification %d: payload: %w", n.ID, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Deliveries lists what was delivered so far of the given notifications.
func (s *Store) Deliveries(ctx context.Context, ids []int64) ([]domain.Delivery, error) {
	var out []domain.Delivery
	for start := 0; start < len(ids); start += lookupChunk {
		chunk := ids[start:min(start+lookupChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT outbox_id, contact_id, parts_sent, state, error
			FROM outbox_deliveries WHERE outbox_id IN (`+placeholders(len(chunk))+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("deliveries: %w", err)
		}
		for rows.Next() {
			var d domain.Delivery
			var state string
			if err := rows.Scan(&d.NotificationID, &d.ContactID, &d.Parts, &state, &d.Error); err != nil {
				rows.Close()
				return nil, fmt.Errorf("deliveries: %w", err)
			}
			d.State = domain.DeliveryState(state)
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("deliveries: %w", err)
		}
	}
	return out, nil
}

// RecordDelivery stores how far a notification got with a contact, under
// leader generation gen: a fenced former leader learns it must stop.
func (s *Store) RecordDelivery(ctx context.Context, gen int64, d domain.Delivery, at time.Time) error {
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO outbox_deliveries
			(outbox_id, contact_id, parts_sent, done, state, error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (outbox_id, contact_id) DO UPDATE SET parts_sent = excluded.parts_sent,
			done = excluded.done, state = excluded.state, error = excluded.error, updated_at = excluded.updated_at`),
			d.NotificationID, d.ContactID, d.Parts, d.Done(), string(d.State), truncate(d.Error, 500), unix(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("record delivery of %d to contact %d: %w", d.NotificationID, d.ContactID, err)
	}
	return nil
}

// CloseNotification marks a notification delivered to everyone it was for
// (expired false) or dropped undelivered after its expiry (expired true).
func (s *Store) CloseNotification(ctx context.Context, gen int64, id int64, expired bool, at time.Time) error {
	state := outboxDone
	if expired {
		state = outboxExpired
	}
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.rebind(`UPDATE outbox SET state = ?, closed_at = ? WHERE id = ?`), state, unix(at), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("close notification %d: %w", id, err)
	}
	return nil
}

// DeferNotification puts a notification back until next, counting a failed
// attempt when reason is not empty (an empty reason means: nobody to send
// it to yet).
func (s *Store) DeferNotification(ctx context.Context, gen int64, id int64, next time.Time, reason string) error {
	err := s.fencedTx(ctx, gen, func(tx *sql.Tx) error {
		q := `UPDATE outbox SET next_attempt_at = ? WHERE id = ?`
		args := []any{unix(next), id}
		if reason != "" {
			q = `UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`
			args = []any{unix(next), truncate(reason, 500), id}
		}
		_, err := tx.ExecContext(ctx, s.rebind(q), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("defer notification %d: %w", id, err)
	}
	return nil
}

// OutboxDepth is how many notifications are undelivered.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	err := s.sql.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'pending'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox depth: %w", err)
	}
	return n, nil
}

// OutboxEntry is a notification with its outbox state, for tests and the
// demo.
type OutboxEntry struct {
	domain.Notification
	State string // pending, done or expired
}

// Outbox lists the notifications created at or after since, oldest first.
func (s *Store) Outbox(ctx context.Context, since time.Time) ([]OutboxEntry, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT id, dedup_key, audience, unit_id, payload, urgent,
		not_before, expires_at, created_at, attempts, state FROM outbox WHERE created_at >= ? ORDER BY id`), unix(since))
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		var audience, payload string
		var notBefore, expires, created int64
		if err := rows.Scan(&e.ID, &e.Key, &audience, &e.Audience.UnitID, &payload, &e.Urgent,
			&notBefore, &expires, &created, &e.Attempts, &e.State); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		e.Audience.Kind = domain.AudienceKind(audience)
		e.NotBefore, e.ExpiresAt, e.CreatedAt = fromUnix(notBefore), fromUnix(expires), fromUnix(created)
		if err := json.Unmarshal([]byte(payload), &e.Notice); err != nil {
			return nil, fmt.Errorf("notification %d: payload: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// truncate keeps error texts stored short, cutting at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// Notification reads one notification of the outbox, whatever its state:
// an alert's buttons page through it after it was sent.
func (s *Store) Notification(ctx context.Context, id int64) (domain.Notification, error) {
	var n domain.Notification
	var audience, payload string
	var notBefore, expires, created int64
	err := s.sql.QueryRowContext(ctx, s.rebind(`SELECT id, dedup_key, audience, unit_id, payload, urgent,
		not_before, expires_at, created_at, attempts FROM outbox WHERE id = ?`), id).
		Scan(&n.ID, &n.Key, &audience, &n.Audience.UnitID, &payload, &n.Urgent, &notBefore, &expires, &created, &n.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("notification %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return n, fmt.Errorf("notification %d: %w", id, err)
	}
	n.Audience.Kind = domain.AudienceKind(audience)
	n.NotBefore, n.ExpiresAt, n.CreatedAt = fromUnix(notBefore), fromUnix(expires), fromUnix(created)
	if err := json.Unmarshal([]byte(payload), &n.Notice); err != nil {
		return n, fmt.Errorf("notification %d: payload: %w", id, err)
	}
	return n, nil
}
