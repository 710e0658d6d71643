package domain

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned when the asked-for unit, ticket, contact or
// snapshot does not exist.
var ErrNotFound = errors.New("not found")

// ErrFenced is returned by a write made under a leader generation that is no
// longer current: another replica has taken the lease since, and the
// former leader must neither send nor write.
var ErrFenced = errors.New("fenced: the leader lease has passed to a newer generation")

// Why redeeming an invite code was refused. A *LockedError also matches
// ErrInviteLocked.
var (
	ErrInviteUnknown = errors.New("unknown invite code")
	ErrInviteUsed    = errors.New("invite code already used")
	ErrInviteExpired = errors.New("invite code expired")
	ErrInviteLocked  = errors.New("too many wrong invite codes")
)

// LockedError says until when a user who typed too many wrong codes may not
// try again.
type LockedError struct{ Until time.Time }

// Error says until when the user is locked out.
func (e *LockedError) Error() string {
	return fmt.Sprintf("%v until %s", ErrInviteLocked, e.Until.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrInviteLocked) hold.
func (e *LockedError) Is(target error) bool { return target == ErrInviteLocked }
