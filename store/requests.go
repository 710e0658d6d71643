package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// requestColumns are the columns scanRequest reads, on table alias r with
// the asking unit's name from alias u.
const requestColumns = `r.id, r.ticket_no, r.unit_id, COALESCE(u.name, ''), r.kind, r.days, r.reason,
	r.requested_by, r.requested_by_id, r.requested_at, r.dispatched_at, r.due_before, r.due_after,
	r.status, r.decided_by, r.decided_by_id, r.decided_via, r.decided_at, r.decision_reason,
	r.effective, r.ended_at, r.ended_by, r.updated_at`

const selectRequests = `SELECT ` + requestColumns + ` FROM requests r LEFT JOIN units u ON u.id = r.unit_id`

func scanRequest(row rowScanner) (domain.Request, error) {
	var q domain.Request
	var kind, status string
	var requested, dispatched, before, updated, effective int64
	var after, decided, ended sql.NullInt64
	err := row.Scan(&q.ID, &q.TicketNo, &q.UnitID, &q.UnitName, &kind, &q.Days, &q.Reason,
		&q.RequestedBy, &q.RequestedByID, &requested, &dispatched, &before, &after,
		&status, &q.DecidedBy, &q.DecidedByID, &q.DecidedVia, &decided, &q.DecisionReason,
		&effective, &ended, &q.EndedBy, &updated)
	q.Kind, q.Status = domain.RequestKind(kind), domain.RequestStatus(status)
	q.RequestedAt, q.Dispatched, q.DueBefore = fromUnix(requested), fromUnix(dispatched), fromUnix(before)
	q.DueAfter, q.DecidedAt, q.EndedAt = fromNullUnix(after), fromNullUnix(decided), fromNullUnix(ended)
	q.Effective, q.UpdatedAt = effective == 1, fromUnix(updated)
	return q, err
}

// querier is what the request queries need of a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) queryRequests(ctx context.Context, db querier, query string, args ...any) ([]domain.Request, error) {
	return queryAll(ctx, db, s.rebind(query), scanRequest, args...)
}

// Request returns the request with the given id, or domain.ErrNotFound.
func (s *Store) Request(ctx context.Context, id int64) (domain.Request, error) {
	qs, err := s.queryRequests(ctx, s.sql, selectRequests+` WHERE r.id = ?`, id)
	if err != nil {
		return domain.Request{}, fmt.Errorf("request %d: %w", id, err)
	}
	if len(qs) == 0 {
		return domain.Request{}, fmt.Errorf("request %d: %w", id, domain.ErrNotFound)
	}
	return qs[0], nil
}

// Requests lists the requests f selects, oldest change first.
func (s *Store) Requests(ctx context.Context, f domain.RequestFilter) ([]domain.Request, error) {
	var conds []string
	var args []any
	if f.Status != "" {
		conds, args = append(conds, "r.status = ?"), append(args, string(f.Status))
	}
	if !f.Since.IsZero() {
		conds, args = append(conds, "r.updated_at >= ?"), append(args, unix(f.Since))
	}
	if f.TicketNo != "" {
		conds, args = append(conds, "r.ticket_no = ?"), append(args, strings.TrimSpace(f.TicketNo))
	}
	if f.UnitID != 0 {
		conds, args = append(conds, "r.unit_id = ?"), append(args, f.UnitID)
	}
	if !f.Period.Start.IsZero() {
		conds, args = append(conds, "r.dispatched_at >= ? AND r.dispatched_at < ?"), append(args, unix(f.Period.Start), unix(f.Period.End))
	}
	q := selectRequests
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY r.updated_at, r.id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	qs, err := s.queryRequests(ctx, s.sql, q, args...)
	if err != nil {
		return nil, fmt.Errorf("requests: %w", err)
	}
	return qs, nil
}

// TicketRequests lists every request about ticket no, oldest first.
func (s *Store) TicketRequests(ctx context.Context, no string) ([]domain.Request, error) {
	qs, err := s.queryRequests(ctx, s.sql, selectRequests+` WHERE r.ticket_no = ? ORDER BY r.id`, strings.TrimSpace(no))
	if err != nil {
		return nil, fmt.Errorf("requests of ticket %s: %w", no, err)
	}
	return qs, nil
}

// writeTx runs fn in a transaction, fenced by leader generation gen when
// gen is not 0 (the bot deciding as the leader); the API and webhook
// replicas pass 0 and rely on the pending row's compare-and-set alone.
func (s *Store) writeTx(ctx context.Context, gen int64, fn func(tx *sql.Tx) error) error {
	if gen != 0 {
		return s.fencedTx(ctx, gen, fn)
	}
	return s.inTx(ctx, fn)
}

// forUpdate locks the rows read on PostgreSQL, where two replicas may
// decide at once; SQLite's writers are serialized already.
func (s *Store) forUpdate() string {
	if s.dialect == DialectPostgres {
		return " FOR UPDATE OF t"
	}
	return ""
}

// ticketTx reads ticket no in tx, returned tickets (no unit) included.
func (s *Store) ticketTx(ctx context.Context, tx *sql.Tx, no string) (domain.Ticket, error) {
	ts, err := s.queryTicketsOn(ctx, tx, selectTicketsAnyUnit+` WHERE t.ticket_no = ?`+s.forUpdate(), strings.TrimSpace(no))
	if err != nil {
		return domain.Ticket{}, err
	}
	if len(ts) == 0 {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", no, domain.ErrNotFound)
	}
	return ts[0], nil
}

// SubmitRequest checks liaison draft d against the ticket and its earlier
// requests and, if the rules allow it, stores the request and queues its
// notice to the supervisors in one transaction (fenced by gen unless 0). A
// refusal is a *domain.Refusal; a ticket that does not exist is refused as
// another unit's, so a liaison learns nothing of other units' tickets.
func (s *Store) SubmitRequest(ctx context.Context, gen int64, d domain.RequestDraft, rules domain.RequestRules, now time.Time) (domain.Request, error) {
	if err := rules.CheckDraft(d); err != nil {
		return domain.Request{}, err
	}
	var out domain.Request
	err := s.writeTx(ctx, gen, func(tx *sql.Tx) error {
		t, err := s.ticketTx(ctx, tx, d.TicketNo)
		if errors.Is(err, domain.ErrNotFound) {
			return &domain.Refusal{Code: domain.RefuseOtherUnit}
		}
		if err != nil {
			return err
		}
		history, err := s.queryRequests(ctx, tx, selectRequests+` WHERE r.ticket_no = ? ORDER BY r.id`, t.No)
		if err != nil {
			return err
		}
		if err := rules.Check(d, t, history, now); err != nil {
			return err
		}
		out = rules.NewRequest(d, t, now)
		if out.ID, err = s.insertRequest(ctx, tx, out); err != nil {
			return err
		}
		_, err = s.insertNotifications(ctx, tx, gen, []domain.Notification{rules.SubmittedNote(out, t, now)})
		return err
	})
	if err != nil {
		return domain.Request{}, fmt.Errorf("submit request on %s: %w", d.TicketNo, err)
	}
	return out, nil
}

// insertRequest stores pending request q and returns its id; a pending
// request stored meanwhile by another writer refuses it.
func (s *Store) insertRequest(ctx context.Context, tx *sql.Tx, q domain.Request) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.rebind(`INSERT INTO requests (ticket_no, unit_id, kind, days, reason,
		requested_by, requested_by_id, requested_at, dispatched_at, due_before, due_after, status, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
		ON CONFLICT (ticket_no) WHERE status = 'pending' DO NOTHING RETURNING id`),
		q.TicketNo, q.UnitID, string(q.Kind), q.Days, q.Reason, q.RequestedBy, q.RequestedByID,
		unix(q.RequestedAt), unix(q.Dispatched), unix(q.DueBefore), nullUnix(q.DueAfter), unix(q.UpdatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &domain.Refusal{Code: domain.RefusePending}
	}
	return id, err
}

// DecideRequest records decision d and applies it to the ticket in one
// transaction (fenced by gen unless 0), with the notice to the unit that
// asked: an approved extension sets the ticket's deadline, an approved
// return takes it out of its unit. The first decision wins: a request
// decided already answers *domain.AlreadyDecided naming who decided.
func (s *Store) DecideRequest(ctx context.Context, gen int64, d domain.Decision, rules domain.RequestRules) (domain.Request, error) {
	var out domain.Request
	err := s.writeTx(ctx, gen, func(tx *sql.Tx) error {
		lock := ""
		if s.dialect == DialectPostgres {
			lock = " FOR UPDATE OF r"
		}
		qs, err := s.queryRequests(ctx, tx, selectRequests+` WHERE r.id = ?`+lock, d.RequestID)
		if err != nil {
			return err
		}
		if len(qs) == 0 {
			return fmt.Errorf("request %d: %w", d.RequestID, domain.ErrNotFound)
		}
		t, err := s.ticketTx(ctx, tx, qs[0].TicketNo)
		if err != nil {
			return err
		}
		if out, err = rules.Decide(qs[0], t, d); err != nil {
			return err
		}
		if err := s.recordDecision(ctx, tx, out); err != nil {
			return err
		}
		if err := s.applyDecision(ctx, tx, out); err != nil {
			return err
		}
		if out.Status == domain.RequestApproved && out.Kind == domain.RequestExtend {
			t.DueAt = out.DueAfter
		}
		closed := rules.ClosedNote(out, t, d.At)
		_, err = s.insertNotifications(ctx, tx, gen, []domain.Notification{rules.DecidedNote(out, t, d.At), closed})
		return err
	})
	if err != nil {
		return domain.Request{}, fmt.Errorf("decide request %d: %w", d.RequestID, err)
	}
	return out, nil
}

// recordDecision writes decided request q over its pending row; a row no
// longer pending means another writer decided first.
func (s *Store) recordDecision(ctx context.Context, tx *sql.Tx, q domain.Request) error {
	effective := 0
	if q.Effective {
		effective = 1
	}
	res, err := tx.ExecContext(ctx, s.rebind(`UPDATE requests SET status = ?, decided_by = ?, decided_by_id = ?,
		decided_via = ?, decided_at = ?, decision_reason = ?, due_before = ?, due_after = ?, effective = ?, updated_at = ?
		WHERE id = ? AND status = 'pending'`),
		string(q.Status), q.DecidedBy, q.DecidedByID, q.DecidedVia, unix(q.DecidedAt), q.DecisionReason,
		unix(q.DueBefore), nullUnix(q.DueAfter), effective, unix(q.UpdatedAt), q.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		cur, err := s.queryRequests(ctx, tx, selectRequests+` WHERE r.id = ?`, q.ID)
		if err != nil || len(cur) == 0 {
			return fmt.Errorf("request %d changed meanwhile: %v", q.ID, err)
		}
		return &domain.AlreadyDecided{Request: cur[0]}
	}
	return nil
}

// applyDecision makes an effective decision shape its ticket.
func (s *Store) applyDecision(ctx context.Context, tx *sql.Tx, q domain.Request) error {
	if !q.Effective {
		return nil
	}
	var err error
	switch q.Kind {
	case domain.RequestExtend:
		_, err = tx.ExecContext(ctx, s.rebind(`UPDATE tickets SET due_at = ? WHERE ticket_no = ?`), unix(q.DueAfter), q.TicketNo)
	case domain.RequestReturn:
		_, err = tx.ExecContext(ctx, s.rebind(`UPDATE tickets SET unit_id = 0 WHERE ticket_no = ? AND unit_id = ?`), q.TicketNo, q.UnitID)
	}
	return err
}

// RequestCounts counts the stored requests by kind and status.
func (s *Store) RequestCounts(ctx context.Context) ([]domain.RequestCount, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT kind, status, count(*) FROM requests GROUP BY kind, status`)
	if err != nil {
		return nil, fmt.Errorf("request counts: %w", err)
	}
	defer rows.Close()
	var out []domain.RequestCount
	for rows.Next() {
		var c domain.RequestCount
		var kind, status string
		if err := rows.Scan(&kind, &status, &c.N); err != nil {
			return nil, fmt.Errorf("request counts: %w", err)
		}
		c.Kind, c.Status = domain.RequestKind(kind), domain.RequestStatus(status)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordCard notes the message a request's card was sent as in a chat, so
// the card can be updated in place once the request is decided.
func (s *Store) RecordCard(ctx context.Context, requestID, chatID int64, messageID int) error {
	_, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO request_cards (request_id, chat_id, message_id) VALUES (?, ?, ?)
		ON CONFLICT (request_id, chat_id) DO UPDATE SET message_id = excluded.message_id`), requestID, chatID, messageID)
	if err != nil {
		return fmt.Errorf("record card of request %d: %w", requestID, err)
	}
	return nil
}

// RequestCards are the messages a request's card was sent as, by chat.
func (s *Store) RequestCards(ctx context.Context, requestID int64) (map[int64]int, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT chat_id, message_id FROM request_cards WHERE request_id = ?`), requestID)
	if err != nil {
		return nil, fmt.Errorf("cards of request %d: %w", requestID, err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var chat int64
		var msg int
		if err := rows.Scan(&chat, &msg); err != nil {
			return nil, fmt.Errorf("cards of request %d: %w", requestID, err)
		}
		out[chat] = msg
	}
	return out, rows.Err()
}

// ForgetCard drops the card of a request in a chat: the press that decided
// updated it already, so the sender has nothing to update there.
func (s *Store) ForgetCard(ctx context.Context, requestID, chatID int64) error {
	_, err := s.sql.ExecContext(ctx, s.rebind(`DELETE FROM request_cards WHERE request_id = ? AND chat_id = ?`), requestID, chatID)
	if err != nil {
		return fmt.Errorf("forget card of request %d: %w", requestID, err)
	}
	return nil
}
