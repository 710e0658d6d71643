package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// request is one command to answer: who asked, where, and how to answer
// (a new message, or an edit of the message whose button was pressed).
type request struct {
	chat    models.Chat
	from    models.User
	cmd     command
	page    int
	editID  int // message to edit in place; 0 sends a new message
	contact domain.Contact
	bound   bool
	loc     locale

	callbackID string // the pressed button's query, when its handler answers it (answerCallback)
	answered   bool   // the query was answered
	answer     bool   // the command completes a question the bot asked (a reply)
}

func (r *request) private() bool { return r.chat.Type == models.ChatTypePrivate }

// Handlers come in three kinds, and the kind decides what the middleware
// hands them: any bound contact; a liaison, with a view fixed to its unit;
// a supervisor or admin, with the view of every unit.
type (
	anyHandler  func(context.Context, *request)
	unitHandler func(context.Context, *request, unitScope)
	cityHandler func(context.Context, *request, cityScope)
)

// cmdSpec is one command of the bot.
type cmdSpec struct {
	any       anyHandler
	unit      unitHandler
	city      cityHandler
	adminOnly bool
}

// commandSpecs maps command names (and button callbacks, which name the
// command they page through) to their handlers.
func (s *Service) commandSpecs() map[string]cmdSpec {
	return map[string]cmdSpec{
		"help":        {any: s.cmdHelp},
		"alert":       {any: s.cmdAlert},
		"lang":        {any: s.cmdLang},
		"tickets":     {unit: s.cmdTickets},
		"overdue":     {unit: s.cmdOverdue},
		"ticket":      {unit: s.cmdTicket, city: s.cmdTicketCity},
		"grade":       {unit: s.cmdGrade},
		"due":         {unit: s.cmdDue, city: s.cmdDueCity},
		"export":      {unit: s.cmdExport, city: s.cmdExportCity},
		"summary":     {city: s.cmdSummary},
		"ranking":     {city: s.cmdRanking},
		"unit":        {city: s.cmdUnit},
		"report":      {city: s.cmdReport},
		"bulletin":    {city: s.cmdBulletin},
		"overdue_all": {city: s.cmdOverdueAll},
		"unit_open":   {city: s.cmdUnitOpen},
		"invite":      {city: s.cmdInvite, adminOnly: true},
		"contacts":    {city: s.cmdContacts, adminOnly: true},
		"extend":      {unit: s.cmdExtend},
		"return":      {unit: s.cmdReturn},
		"requests":    {city: s.cmdRequests},
		"trend":       {unit: s.cmdTrendUnit, city: s.cmdTrendCity},
		"chart":       {city: s.cmdChart},
		"approve":     {city: s.cmdApprove},
		"reject":      {city: s.cmdReject},
	}
}

// newRequest resolves who is asking. A chat with no contact, or a revoked
// one, is a stranger; a revoked contact's menu is cleared on the way.
func (s *Service) newRequest(ctx context.Context, chat models.Chat, from models.User, cmd command) (*request, error) {
	now := s.now()
	req := &request{chat: chat, from: from, cmd: cmd, loc: newLocale(strangerLang(from), s.cfg.Location, now)}
	c, err := s.st.Contact(ctx, chat.ID)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return req, nil
	case err != nil:
		return req, err
	case c.Revoked():
		s.clearMenu(ctx, chat.ID)
		return req, nil
	}
	req.contact, req.bound = c, true
	req.loc = newLocale(c.Lang, s.cfg.Location, now)
	if !c.Active || now.Sub(c.LastSeenAt) > time.Minute {
		if err := s.st.TouchContact(ctx, chat.ID, now); err != nil {
			s.log.Warn("touch contact", "chat_id", chat.ID, "err", err)
		}
	}
	return req, nil
}

// strangerLang guesses a stranger's language from their Telegram client.
func strangerLang(u models.User) string {
	if strings.HasPrefix(strings.ToLower(u.LanguageCode), "en") {
		return domain.LangEN
	}
	return domain.LangZH
}

// onMessage answers a message: commands, and a short hint for other text in
// a private chat. Groups are left alone unless they address the bot.
func (s *Service) onMessage(ctx context.Context, m *models.Message) {
	if m.From == nil {
		return
	}
	cmd, isCmd := parseCommand(m.Text, s.knownUsername())
	if q, ok := s.isQuestionReply(m); ok && !isCmd {
		s.onAnswer(ctx, m, q)
		return
	}
	if !isCmd && m.Chat.Type != models.ChatTypePrivate {
		return
	}
	req, err := s.newRequest(ctx, m.Chat, *m.From, cmd)
	if err != nil {
		s.fail(ctx, req, "resolve contact", err)
		return
	}
	switch {
	case cmd.name == "start":
		s.cmdStart(ctx, req)
	case !req.bound:
		// In a group, commands the bot does not have are other bots'.
		if _, ours := s.specs[cmd.name]; ours || req.private() {
			s.respond(ctx, req, req.loc.p.stranger, nil)
		}
	case !isCmd:
		s.respond(ctx, req, req.loc.p.notCommand, nil)
	default:
		s.authorize(ctx, req)
	}
}

// authorize is the one place roles are enforced: it finds the command and
// hands its handler the view the contact's role allows, or refuses.
func (s *Service) authorize(ctx context.Context, req *request) {
	spec, ok := s.specs[req.cmd.name]
	p := req.loc.p
	switch {
	case !req.bound:
		s.respond(ctx, req, p.stranger, nil)
	case !ok:
		if req.private() {
			s.respond(ctx, req, fmt.Sprintf(p.unknownCommand, esc(req.cmd.name)), nil)
		}
	case spec.any != nil:
		spec.any(ctx, req)
	case spec.unit != nil && req.contact.Role == domain.RoleLiaison:
		spec.unit(ctx, req, unitScope{st: s.st, unitID: req.contact.UnitID, name: req.contact.UnitName})
	case spec.city == nil:
		s.respond(ctx, req, p.needLiaison, nil)
	case !req.contact.Role.SeesAllUnits():
		s.respond(ctx, req, p.needSupervisor, nil)
	case spec.adminOnly && req.contact.Role != domain.RoleAdmin:
		s.respond(ctx, req, p.needAdmin, nil)
	default:
		spec.city(ctx, req, cityScope{st: s.st})
	}
}

// onCallback answers a button press: it stops the button's spinner, then
// runs the command the button names, editing its message in place, through
// the same authorization as a typed command.
func (s *Service) onCallback(ctx context.Context, cq *models.CallbackQuery) {
	msg := cq.Message.Message
	if msg == nil {
		s.answerCallback(ctx, &request{callbackID: cq.ID}, "")
		return // too old to edit
	}
	name, arg, page := parseCallback(cq.Data)
	req, err := s.newRequest(ctx, msg.Chat, cq.From, command{name: name, args: arg})
	req.callbackID = cq.ID
	if !answersItself[name] {
		s.answerCallback(ctx, req, "")
	}
	defer s.answerCallback(ctx, req, "") // whatever the handler did
	if err != nil {
		s.fail(ctx, req, "resolve contact", err)
		return
	}
	req.page, req.editID = page, msg.ID
	if !req.bound || name == "ticket" {
		req.editID = 0 // a ticket opens below the list it was picked from
	}
	if name == "extend" || name == "return" {
		req.editID = 0 // the ticket stays on screen; the question comes below it
	}
	s.authorize(ctx, req)
}

// answersItself are the buttons whose handlers answer the press with a
// notice of their own (who decided first).
var answersItself = map[string]bool{"approve": true, "reject": true}

// callbackData is what a button carries: the command, its argument and the
// page, within Telegram's 64 bytes.
func callbackData(name, arg string, page int) string {
	d := name + "|" + arg + "|" + strconv.Itoa(page)
	if len(d) > 64 {
		d = name + "||" + strconv.Itoa(page)
	}
	return d
}

func parseCallback(data string) (name, arg string, page int) {
	parts := strings.SplitN(data, "|", 3)
	name = parts[0]
	if len(parts) > 1 {
		arg = parts[1]
	}
	if len(parts) > 2 {
		page, _ = strconv.Atoi(parts[2])
	}
	return name, arg, max(page, 0)
}
