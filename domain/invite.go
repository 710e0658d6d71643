package domain

import "time"

// The brute-force lock on invite codes: BindFailureLimit wrong codes within
// BindFailureWindow lock the user out for BindLockout from the last of them.
const (
	BindFailureLimit  = 5
	BindFailureWindow = time.Hour
	BindLockout       = time.Hour
)

// DefaultInviteTTL is how long an invite code stays valid unless told
// otherwise.
const DefaultInviteTTL = 7 * 24 * time.Hour
