package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/store"
)

// person is someone the console speaks as.
type person struct {
	role  string // liaison, supervisor, admin, stranger: what :as takes
	label string // how the transcript names them
	user  models.User
}

// The console's people have Telegram ids no real account has, so that on a
// copy of an office's database they never stand in for a real contact.
const consoleUserID = 9_000_000_000

// roleWords are what :as accepts for each role, English or Chinese.
var roleWords = map[string]string{
	"liaison": "liaison", "联络员": "liaison",
	"supervisor": "supervisor", "督查": "supervisor",
	"admin": "admin", "管理员": "admin",
	"stranger": "stranger", "陌生人": "stranger",
}

// bindPeople binds a liaison of the unit (by name or alias; the busiest
// unit when empty), a supervisor and an admin through invites, as /start
// CODE does, and adds a stranger who is bound to nothing.
func bindPeople(ctx context.Context, st *store.Store, e *env, unitName string, now time.Time) ([]person, error) {
	unit, err := liaisonUnit(ctx, st, e, unitName, now)
	if err != nil {
		return nil, err
	}
	people := []person{
		{role: "liaison", label: "联络员（" + unit.Name + "）"},
		{role: "supervisor", label: "督查"},
		{role: "admin", label: "管理员"},
		{role: "stranger", label: "陌生人"},
	}
	names := []string{"联络员", "督查", "管理员", "陌生人"}
	for i := range people {
		id := consoleUserID + int64(i) + 1
		people[i].user = fakebot.Person(id, names[i], "console_"+people[i].role)
		if people[i].role == "stranger" {
			continue
		}
		role := domain.Role(people[i].role)
		var unitID int64
		if role == domain.RoleLiaison {
			unitID = unit.ID
		}
		code, err := st.CreateInvite(ctx, role, unitID, time.Hour, now)
		if err != nil {
			return nil, err
		}
		if _, err := st.RedeemInvite(ctx, code, domain.Chat{ChatID: id, UserID: id, Name: names[i]}, now); err != nil {
			return nil, fmt.Errorf("bind the console's %s: %w", people[i].role, err)
		}
	}
	return people, nil
}

// liaisonUnit is the named unit, or the one with the most counting tickets
// in the current period.
func liaisonUnit(ctx context.Context, st *store.Store, e *env, name string, now time.Time) (domain.Unit, error) {
	if strings.TrimSpace(name) != "" {
		u, err := st.UnitByName(ctx, name)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Unit{}, usageError{fmt.Sprintf("--unit %q: no such unit (hotlinebot units list shows them)", name)}
		}
		return u, err
	}
	p := domain.PeriodAt(e.cfg.Scoring.Period, now, e.cfg.Location)
	r, err := st.Report(ctx, e.cfg.Scoring.Scheme, p, now)
	if err != nil {
		return domain.Unit{}, err
	}
	if len(r.Units) == 0 && len(r.NoTickets) == 0 {
		return domain.Unit{}, errors.New("the database has no units: load them first (hotlinebot units import FILE)")
	}
	if len(r.Units) == 0 {
		return r.NoTickets[0], nil
	}
	best := r.Units[0]
	for _, sc := range r.Units[1:] {
		if sc.Should > best.Should {
			best = sc
		}
	}
	return best.Unit, nil
}

// person is who owns the private chat, nil for chats that are not the
// console's.
func (c *console) person(chatID int64) *person {
	for i := range c.people {
		if c.people[i].user.ID == chatID {
			return &c.people[i]
		}
	}
	return nil
}

// switchTo makes the person of the role the one who speaks.
func (c *console) switchTo(word string) error {
	role, ok := roleWords[strings.ToLower(strings.TrimSpace(word))]
	if !ok {
		return fmt.Errorf(":as %s：没有这个身份，可用 liaison（联络员）、supervisor（督查）、admin（管理员）、stranger（陌生人）", word)
	}
	for i := range c.people {
		if c.people[i].role == role {
			c.current = &c.people[i]
		}
	}
	c.info("现在说话的是：%s", c.current.label)
	return nil
}
