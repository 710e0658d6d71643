package domain

import (
	"fmt"
	"strings"
	"time"
)

// Role is what a contact may ask the bot for.
type Role string

// The three roles: a unit's liaison sees its own unit; a supervisor sees all
// units; an admin is a supervisor who also makes invites and manages
// contacts.
const (
	RoleLiaison    Role = "liaison"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// ParseRole accepts liaison, supervisor or admin (or their Chinese names).
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "liaison", "联络员":
		return RoleLiaison, nil
	case "supervisor", "督查", "领导":
		return RoleSupervisor, nil
	case "admin", "管理员":
		return RoleAdmin, nil
	}
	return "", fmt.Errorf("unknown role %q (want liaison, supervisor or admin)", s)
}

// SeesAllUnits reports whether the role may look at every unit.
func (r Role) SeesAllUnits() bool { return r == RoleSupervisor || r == RoleAdmin }

// Label is the role's name in the given language.
func (r Role) Label(lang string) string {
	if lang == LangEN {
		return string(r)
	}
	switch r {
	case RoleLiaison:
		return "联络员"
	case RoleSupervisor:
		return "督查"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// The languages the bot speaks; Chinese is the default.
const (
	LangZH = "zh"
	LangEN = "en"
)

// ParseLang accepts zh or en (and common spellings of them).
func ParseLang(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "zh", "cn", "zh-cn", "zh-hans", "中文":
		return LangZH, nil
	case "en", "english", "英文":
		return LangEN, nil
	}
	return "", fmt.Errorf("unknown language %q (want zh or en)", s)
}

// Contact is a Telegram user or group chat bound to a role (and, for a
// liaison, a unit).
type Contact struct {
	ID         int64
	ChatID     int64  // where the bot writes: the user's private chat or the group
	UserID     int64  // who redeemed the invite
	Name       string // the user's or group's name as Telegram gave it
	IsGroup    bool
	Role       Role
	UnitID     int64 // liaisons only
	UnitName   string
	Lang       string // LangZH or LangEN
	Active     bool   // false once Telegram said the bot is blocked in this chat
	BoundAt    time.Time
	LastSeenAt time.Time // zero when never seen since binding
	RevokedAt  time.Time // zero unless an admin revoked the contact
}

// Revoked reports whether an admin has revoked the contact.
func (c Contact) Revoked() bool { return !c.RevokedAt.IsZero() }

// Reachable reports whether notifications should go to the contact.
func (c Contact) Reachable() bool { return c.Active && !c.Revoked() }

// Chat describes who is redeeming an invite: the chat to bind and the user
// typing the code.
type Chat struct {
	ChatID  int64
	UserID  int64
	Name    string
	IsGroup bool
	Lang    string // the contact's starting language; empty means zh
}
