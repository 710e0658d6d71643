package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// codeBytes is the randomness of a code: 80 bits, 16 base32 characters.
const codeBytes = 10

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// CreateInvite makes a single-use code for the role (and, for a liaison, the
// unit), valid for ttl from now. Only the code's hash is stored; the code
// itself is returned once.
func (s *Store) CreateInvite(ctx context.Context, role domain.Role, unitID int64, ttl time.Duration, now time.Time) (string, error) {
	var unit any
	switch {
	case role == domain.RoleLiaison && unitID == 0:
		return "", errors.New("create invite: a liaison invite needs a unit")
	case role == domain.RoleLiaison:
		if _, err := s.Unit(ctx, unitID); err != nil {
			return "", fmt.Errorf("create invite: %w", err)
		}
		unit = unitID
	case role != domain.RoleSupervisor && role != domain.RoleAdmin:
		return "", fmt.Errorf("create invite: unknown role %q", role)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("create invite: validity %s is not positive", ttl)
	}
	b := make([]byte, codeBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("create invite: %w", err)
	}
	code := codeEncoding.EncodeToString(b)
	_, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO invites (code_hash, role, unit_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), hashCode(code), string(role), unit, unix(now), unix(now.Add(ttl)))
	if err != nil {
		return "", fmt.Errorf("create invite: %w", err)
	}
	return code, nil
}

// normalizeCode forgives what people do to codes they copy: spaces, dashes
// and lower case.
func normalizeCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(normalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

type inviteRow struct {
	id        int64
	role      string
	unitID    sql.NullInt64
	expiresAt int64
	usedAt    sql.NullInt64
}

// RedeemInvite binds chat to the role and unit of code at now, in one
// transaction, and returns the contact. The code is single-use. It returns
// ErrInviteUnknown, ErrInviteUsed, ErrInviteExpired, or a *LockedError when
// the user typed too many wrong codes (the wrong code that reaches the limit
// already answers locked). A chat that was bound before is bound anew (a
// revoked contact is restored), keeping its language.
func (s *Store) RedeemInvite(ctx context.Context, code string, chat domain.Chat, now time.Time) (domain.Contact, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return domain.Contact{}, fmt.Errorf("redeem invite: %w", err)
	}
	defer tx.Rollback()
	if until, locked, err := s.bindLock(ctx, tx, chat.UserID, now); err != nil {
		return domain.Contact{}, fmt.Errorf("redeem invite: %w", err)
	} else if locked {
		return domain.Contact{}, &domain.LockedError{Until: until}
	}
	inv, err := s.inviteByCode(ctx, tx, code)
	if errors.Is(err, domain.ErrInviteUnknown) {
		return domain.Contact{}, s.recordFailure(ctx, tx, chat.UserID, now)
	}
	if err != nil {
		return domain.Contact{}, fmt.Errorf("redeem invite: %w", err)
	}
	if err := s.useInvite(ctx, tx, inv, chat, now); err != nil {
		return domain.Contact{}, err
	}
	if err := s.bindContact(ctx, tx, inv, chat, now); err != nil {
		return domain.Contact{}, fmt.Errorf("redeem invite: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return domain.Contact{}, fmt.Errorf("redeem invite: %w", err)
	}
	return s.Contact(ctx, chat.ChatID)
}

func (s *Store) inviteByCode(ctx context.Context, tx *sql.Tx, code string) (inviteRow, error) {
	var r inviteRow
	err := tx.QueryRowContext(ctx, s.rebind(`SELECT id, role, unit_id, expires_at, used_at FROM invites WHERE code_hash = ?`),
		hashCode(code)).Scan(&r.id, &r.role, &r.unitID, &r.expiresAt, &r.usedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.ErrInviteUnknown
	}
	return r, err
}

// useInvite marks the invite used by the chat, unless it is used or expired;
// the guarded UPDATE keeps it single-use under concurrent redeems.
func (s *Store) useInvite(ctx context.Context, tx *sql.Tx, inv inviteRow, chat domain.Chat, now time.Time) error {
	if inv.usedAt.Valid {
		return domain.ErrInviteUsed
	}
	if inv.expiresAt <= unix(now) {
		return domain.ErrInviteExpired
	}
	res, err := tx.ExecContext(ctx, s.rebind(`UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL`),
		unix(now), chat.ChatID, inv.id)
	if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	} else if n == 0 {
		return domain.ErrInviteUsed
	}
	return nil
}

// bindContact inserts the chat's contact or rebinds the existing one.
func (s *Store) bindContact(ctx context.Context, tx *sql.Tx, inv inviteRow, chat domain.Chat, now time.Time) error {
	lang := chat.Lang
	if lang != domain.LangEN {
		lang = domain.LangZH
	}
	var unit any
	if inv.unitID.Valid {
		unit = inv.unitID.Int64
	}
	_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO contacts
		(chat_id, user_id, name, is_group, role, unit_id, lang, active, bound_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name,
			is_group = excluded.is_group, role = excluded.role, unit_id = excluded.unit_id,
			active = excluded.active, bound_at = excluded.bound_at,
			last_seen_at = excluded.last_seen_at, revoked_at = NULL`),
		chat.ChatID, chat.UserID, chat.Name, chat.IsGroup, inv.role, unit, lang, true, unix(now), unix(now))
	return err
}

// bindLock reports whether the user is locked out at now, and until when.
func (s *Store) bindLock(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (time.Time, bool, error) {
	since := now.Add(-domain.BindFailureWindow - domain.BindLockout)
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT at FROM bind_failures WHERE user_id = ? AND at > ? ORDER BY at`),
		userID, unix(since))
	if err != nil {
		return time.Time{}, false, err
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return time.Time{}, false, err
		}
		times = append(times, fromUnix(at))
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, false, err
	}
	until, locked := LockedUntil(times, now)
	return until, locked, nil
}

// LockedUntil applies the brute-force rule to a user's wrong-code times
// (ascending): locked at now when some BindFailureLimit consecutive failures
// fall within BindFailureWindow and the last of them is less than
// BindLockout before now.
func LockedUntil(failures []time.Time, now time.Time) (time.Time, bool) {
	for i := len(failures) - 1; i >= domain.BindFailureLimit-1; i-- {
		last, first := failures[i], failures[i-domain.BindFailureLimit+1]
		if last.Sub(first) <= domain.BindFailureWindow && now.Before(last.Add(domain.BindLockout)) {
			return last.Add(domain.BindLockout), true
		}
	}
	return time.Time{}, false
}

// recordFailure stores a wrong code and commits it, so the refusal itself
// counts; it answers ErrInviteUnknown, or the lock this failure started.
func (s *Store) recordFailure(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO bind_failures (user_id, at) VALUES (?, ?)`), userID, unix(now)); err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	until, locked, err := s.bindLock(ctx, tx, userID, now)
	if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	if locked {
		return &domain.LockedError{Until: until}
	}
	return domain.ErrInviteUnknown
}
