package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"hotlinebot/domain"
)

// unitChoices is how many candidates /unit offers as buttons before it asks
// for a longer name instead.
const unitChoices = 8

// findUnit resolves what a supervisor typed: #ID, an exact name or alias,
// or the only unit whose name or alias contains it. When that is not one
// unit it returns the candidates (none, or several).
func (c cityScope) findUnit(ctx context.Context, arg string) (domain.Unit, []domain.Unit, error) {
	arg = strings.TrimSpace(arg)
	if id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64); strings.HasPrefix(arg, "#") && err == nil {
		u, err := c.st.Unit(ctx, id)
		if errors.Is(err, domain.ErrNotFound) {
			return domain.Unit{}, nil, nil
		}
		return u, nil, err
	}
	u, err := c.st.UnitByName(ctx, arg)
	if err == nil {
		return u, nil, nil
	}
	if !errors.Is(err, domain.ErrNotFound) {
		return domain.Unit{}, nil, err
	}
	found, err := c.st.FindUnits(ctx, arg)
	if err != nil || len(found) != 1 {
		return domain.Unit{}, found, err
	}
	return found[0], nil, nil
}

// cmdUnit shows any unit's live scorecard, found leniently by name; an
// ambiguous name gets buttons to pick from.
func (s *Service) cmdUnit(ctx context.Context, req *request, c cityScope) {
	l := req.loc
	name, periodText := splitPeriod(req.cmd.args)
	if name == "" {
		s.replyUsage(ctx, req, "")
		return
	}
	p, ok := s.periodArg(ctx, req, periodText)
	if !ok {
		return
	}
	unit, candidates, err := c.findUnit(ctx, name)
	if err != nil {
		s.fail(ctx, req, "find unit", err)
		return
	}
	switch {
	case unit.ID == 0 && len(candidates) == 0:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitNotFound, esc(clip(name, clipUnit))), nil)
		return
	case unit.ID == 0 && len(candidates) > unitChoices:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitTooMany, len(candidates), esc(l.joinNames(unitNames(candidates), 5))), nil)
		return
	case unit.ID == 0:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitChoose, len(candidates)), unitButtonsFor("unit", candidates, periodKey(p, periodText)))
		return
	}
	v, err := s.scorecard(ctx, unit, pickedUnit{st: c.st, unitID: unit.ID}, p, l.now)
	if err != nil {
		s.fail(ctx, req, "unit scorecard", err)
		return
	}
	s.respond(ctx, req, s.scorecardText(l, v, false), l.unitListButtons(unit, v.open))
}

// unitListButtons lead from /unit to the unit's overdue and open tickets.
func (l locale) unitListButtons(unit domain.Unit, open domain.OpenCounts) *keyboard {
	var row []button
	if open.Overdue > 0 {
		row = append(row, button{Text: fmt.Sprintf(l.c().overdueButton, open.Overdue), CallbackData: callbackData("overdue_all", unitRef(unit), 0)})
	}
	if open.Open > 0 {
		row = append(row, button{Text: fmt.Sprintf(l.c().openButton, open.Open), CallbackData: callbackData("unit_open", unitRef(unit), 0)})
	}
	return keyboardOf(row)
}

func unitNames(us []domain.Unit) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = clip(u.Name, clipUnit)
	}
	return out
}

// periodKey is the period a button keeps: none when none was asked for,
// else the period resolved now, so that 上月 means the same when pressed
// tomorrow.
func periodKey(p domain.Period, asked string) string {
	if asked == "" {
		return ""
	}
	return p.String()
}

// unitButtonsFor offer the candidates of an ambiguous name, each running
// the command again for that unit (and the period asked for).
func unitButtonsFor(cmd string, us []domain.Unit, period string) *keyboard {
	rows := make([][]button, len(us))
	for i, u := range us {
		arg := strings.TrimSpace("#" + strconv.FormatInt(u.ID, 10) + " " + period)
		rows[i] = []button{{Text: clip(u.Name, clipUnit), CallbackData: callbackData(cmd, arg, 0)}}
	}
	return keyboardOf(rows...)
}

// cmdInvite makes an invite code: /invite liaison UNIT, /invite supervisor,
// /invite admin.
func (s *Service) cmdInvite(ctx context.Context, req *request, c cityScope) {
	l := req.loc
	fields := strings.Fields(req.cmd.args)
	if len(fields) == 0 {
		s.respond(ctx, req, l.p.inviteUsage, nil)
		return
	}
	role, err := domain.ParseRole(fields[0])
	if err != nil || (role == domain.RoleLiaison) != (len(fields) > 1) {
		s.respond(ctx, req, l.p.inviteUsage, nil)
		return
	}
	var unit domain.Unit
	if role == domain.RoleLiaison {
		name := strings.Join(fields[1:], " ")
		var candidates []domain.Unit
		if unit, candidates, err = c.findUnit(ctx, name); err != nil {
			s.fail(ctx, req, "find unit", err)
			return
		}
		if unit.ID == 0 {
			text := fmt.Sprintf(l.p.inviteUnitMissing, esc(clip(name, clipUnit)))
			if len(candidates) > 0 {
				text = fmt.Sprintf(l.p.inviteUnitAmbiguous, esc(clip(name, clipUnit)), esc(l.joinNames(unitNames(candidates), 8)))
			}
			s.respond(ctx, req, text, nil)
			return
		}
	}
	code, err := s.st.CreateInvite(ctx, role, unit.ID, s.cfg.InviteTTL, l.now)
	if err != nil {
		s.fail(ctx, req, "create invite", err)
		return
	}
	s.log.Info("invite created", "by_chat_id", req.chat.ID, "role", string(role), "unit", unit.Name)
	what := domain.Contact{Role: role, UnitName: unit.Name}
	link := fmt.Sprintf(l.p.inviteStartHint, "<code>"+code+"</code>")
	if name, err := s.Username(ctx); err == nil && name != "" {
		link = esc(InviteLink(name, code))
	}
	s.respond(ctx, req, fmt.Sprintf(l.p.inviteMade, esc(boundAs(what, l.lang)), link, l.stamp(l.now.Add(s.cfg.InviteTTL))), nil)
}

// cmdContacts lists who is bound to what; /contacts revoke ID revokes one
// and clears its menu at once.
func (s *Service) cmdContacts(ctx context.Context, req *request, _ cityScope) {
	l := req.loc
	fields := strings.Fields(req.cmd.args)
	switch {
	case len(fields) == 2 && strings.EqualFold(fields[0], "revoke"):
		s.revokeContact(ctx, req, strings.TrimPrefix(fields[1], "#"))
		return
	case len(fields) > 0:
		s.respond(ctx, req, l.p.contactsUsage, nil)
		return
	}
	cs, err := s.st.Contacts(ctx)
	if err != nil {
		s.fail(ctx, req, "contacts", err)
		return
	}
	if len(cs) == 0 {
		s.respond(ctx, req, l.p.contactsEmpty, nil)
		return
	}
	pg := paging(len(cs), contactsPerPage, req.page)
	lo, hi := pg.window()
	items := make([]string, 0, hi-lo)
	for _, c := range cs[lo:hi] {
		items = append(items, l.contactLine(c))
	}
	head := []string{l.p.contactsTitle, l.countLine(pg, l.p.nounContacts)}
	s.respond(ctx, req, message(head, items, []string{l.p.contactsFooter}), l.pageButtons("contacts", "", pg))
}

func (l locale) contactLine(c domain.Contact) string {
	icon := "👤"
	if c.IsGroup {
		icon = "👥"
	}
	seen, tag := "", ""
	if !c.LastSeenAt.IsZero() {
		seen = fmt.Sprintf(l.p.contactSeen, l.when(c.LastSeenAt))
	}
	switch {
	case c.Revoked():
		tag = l.p.contactRevokedTag
	case !c.Active:
		tag = l.p.contactInactiveTag
	}
	return fmt.Sprintf(l.p.contactLine, c.ID, icon, esc(clip(c.Name, clipUnit)), esc(boundAs(c, l.lang)), l.date(c.BoundAt), seen, tag)
}

func (s *Service) revokeContact(ctx context.Context, req *request, arg string) {
	l := req.loc
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		s.respond(ctx, req, fmt.Sprintf(l.p.contactNotFound, esc(clip(arg, 20))), nil)
		return
	}
	c, err := s.st.RevokeContact(ctx, id, l.now)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.respond(ctx, req, fmt.Sprintf(l.p.contactNotFound, esc(clip(arg, 20))), nil)
		return
	case err != nil:
		s.fail(ctx, req, "revoke contact", err)
		return
	}
	s.log.Info("contact revoked", "contact_id", c.ID, "chat_id", c.ChatID, "by_chat_id", req.chat.ID)
	s.clearMenu(ctx, c.ChatID)
	s.respond(ctx, req, fmt.Sprintf(l.p.contactRevoked, c.ID, esc(clip(c.Name, clipUnit)), esc(boundAs(c, l.lang))), nil)
}
