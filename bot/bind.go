package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlinebot/domain"
)

// cmdStart binds the chat with the invite code the t.me link carried
// (/start CODE), or greets: a bound contact is reminded of its role, a
// stranger told how to get an invite.
func (s *Service) cmdStart(ctx context.Context, req *request) {
	fields := strings.Fields(req.cmd.args)
	p := req.loc.p
	switch {
	case len(fields) == 0 && req.bound:
		s.respond(ctx, req, fmt.Sprintf(p.startBound, bold(esc(boundAs(req.contact, req.loc.lang)))), nil)
		return
	case len(fields) == 0:
		s.respond(ctx, req, p.stranger, nil)
		return
	}
	chat := domain.Chat{ChatID: req.chat.ID, UserID: req.from.ID, Name: chatName(req), IsGroup: !req.private(), Lang: req.loc.lang}
	// A code pasted with spaces inside (ABCD EFGH, or split by a phone's
	// keyboard) is still one code.
	c, err := s.st.RedeemInvite(ctx, strings.Join(fields, ""), chat, s.now())
	if err != nil {
		s.refuseInvite(ctx, req, err)
		return
	}
	req.contact, req.bound = c, true
	req.loc = newLocale(c.Lang, s.cfg.Location, req.loc.now)
	s.log.Info("contact bound", "chat_id", c.ChatID, "user_id", c.UserID, "role", string(c.Role), "unit", c.UnitName)
	s.setMenu(ctx, c)
	text, err := s.boundText(ctx, req)
	if err != nil {
		s.fail(ctx, req, "bound glance", err)
		return
	}
	s.respond(ctx, req, text, nil)
}

func (s *Service) refuseInvite(ctx context.Context, req *request, err error) {
	p := req.loc.p
	var locked *domain.LockedError
	switch {
	case errors.As(err, &locked):
		s.log.Warn("invite redeem locked", "user_id", req.from.ID, "until", locked.Until)
		s.respond(ctx, req, fmt.Sprintf(p.inviteLocked, req.loc.when(locked.Until)), nil)
	case errors.Is(err, domain.ErrInviteUsed):
		s.respond(ctx, req, p.inviteUsed, nil)
	case errors.Is(err, domain.ErrInviteExpired):
		s.respond(ctx, req, p.inviteExpired, nil)
	case errors.Is(err, domain.ErrInviteUnknown):
		s.log.Info("unknown invite code", "user_id", req.from.ID)
		s.respond(ctx, req, p.inviteUnknown, nil)
	default:
		s.fail(ctx, req, "redeem invite", err)
	}
}

// boundText welcomes a newly bound contact; a liaison also gets its unit's
// open and overdue tickets at a glance.
func (s *Service) boundText(ctx context.Context, req *request) (string, error) {
	c, l := req.contact, req.loc
	who := l.p.boundYou
	if !req.private() {
		who = l.p.boundGroup
	}
	if c.Role != domain.RoleLiaison {
		return fmt.Sprintf(l.p.boundOther, who, esc(c.Role.Label(l.lang))) + "\n" + l.p.boundOtherNext, nil
	}
	scope := unitScope{st: s.st, unitID: c.UnitID, name: c.UnitName}
	open, err := scope.openCounts(ctx, l.now)
	if err != nil {
		return "", err
	}
	glance := l.p.glanceNone
	if open.Open > 0 {
		glance = fmt.Sprintf(l.p.glance, open.Open, open.Overdue, open.DueToday)
	}
	unit := esc(c.UnitName)
	return strings.Join([]string{fmt.Sprintf(l.p.boundLiaison, unit, who, unit), glance, l.p.boundNext}, "\n"), nil
}

// boundAs names a contact's role, with the unit for a liaison.
func boundAs(c domain.Contact, lang string) string {
	if c.Role == domain.RoleLiaison {
		return c.UnitName + " " + c.Role.Label(lang)
	}
	return c.Role.Label(lang)
}

// chatName is how the contacts list names the chat: the group's title or
// the person's name and username.
func chatName(req *request) string {
	if !req.private() {
		return req.chat.Title
	}
	name := strings.TrimSpace(req.from.FirstName + " " + req.from.LastName)
	if req.from.Username != "" {
		name = strings.TrimSpace(name + " @" + req.from.Username)
	}
	return name
}
