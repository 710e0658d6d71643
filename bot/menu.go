package bot

import (
	"context"
	"fmt"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// menuOf lists the commands a role sees, in menu order; strangers (the
// empty role) see only how to bind and get help.
func menuOf(role domain.Role) []string {
	switch role {
	case domain.RoleLiaison:
		return []string{"tickets", "overdue", "due", "ticket", "grade", "trend", "export", "extend", "return", "lang", "help"}
	case domain.RoleSupervisor:
		return []string{"summary", "chart", "ranking", "unit", "trend", "overdue_all", "due", "ticket", "requests", "report", "bulletin", "export", "lang", "help"}
	case domain.RoleAdmin:
		return []string{"summary", "chart", "ranking", "unit", "trend", "overdue_all", "due", "ticket", "requests", "report", "bulletin", "export", "invite", "contacts", "lang", "help"}
	}
	return []string{"start", "help"}
}

func botCommands(role domain.Role, lang string) []models.BotCommand {
	p := phrasesFor(lang)
	var out []models.BotCommand
	for _, name := range menuOf(role) {
		desc, ok := p.commands[name+"@city"]
		if !ok || !role.SeesAllUnits() {
			desc = p.commands[name]
		}
		out = append(out, models.BotCommand{Command: name, Description: desc})
	}
	return out
}

// SetDefaultMenu sets the menu strangers see, in Chinese and, for English
// clients, in English.
func (s *Service) SetDefaultMenu(ctx context.Context) error {
	for _, lang := range []string{domain.LangZH, domain.LangEN} {
		params := &tgbot.SetMyCommandsParams{Commands: botCommands("", lang), Scope: &models.BotCommandScopeDefault{}}
		if lang == domain.LangEN {
			params.LanguageCode = "en"
		}
		if _, err := s.api.SetMyCommands(ctx, params); err != nil {
			return fmt.Errorf("set default menu: %w", err)
		}
	}
	return nil
}

// setMenu shows the contact's chat exactly its role's commands, in its
// language.
func (s *Service) setMenu(ctx context.Context, c domain.Contact) {
	_, err := s.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{
		Commands: botCommands(c.Role, c.Lang),
		Scope:    &models.BotCommandScopeChat{ChatID: c.ChatID},
	})
	if err != nil {
		s.log.Warn("set chat menu", "chat_id", c.ChatID, "err", err)
	}
}

// clearMenu drops a chat's own menu, so it falls back to the strangers'.
func (s *Service) clearMenu(ctx context.Context, chatID int64) {
	if _, err := s.api.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: chatID}}); err != nil {
		s.log.Warn("clear chat menu", "chat_id", chatID, "err", err)
	}
}

// RefreshMenus sets every reachable contact's menu and clears revoked
// ones', e.g. at start after an upgrade changed the commands.
func (s *Service) RefreshMenus(ctx context.Context) error {
	cs, err := s.st.Contacts(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case c.Revoked():
			s.clearMenu(ctx, c.ChatID)
		case c.Active:
			s.setMenu(ctx, c)
		}
	}
	return nil
}

// cmdHelp lists the commands of the contact's role.
func (s *Service) cmdHelp(ctx context.Context, req *request) {
	l := req.loc
	lines := []string{fmt.Sprintf(l.p.helpTitle, esc(l.p.botTitle), esc(boundAs(req.contact, l.lang)))}
	city := req.contact.Role.SeesAllUnits()
	for _, cmd := range botCommands(req.contact.Role, l.lang) {
		line := fmt.Sprintf("/%s — %s", cmd.Command, esc(cmd.Description))
		if d, ok := l.usageOf(cmd.Command, city); ok && d.examples[0] != "/"+cmd.Command {
			line += fmt.Sprintf(l.p.helpExample, esc(d.examples[0]))
		}
		lines = append(lines, line)
	}
	if req.contact.Role == domain.RoleLiaison {
		lines = append(lines, l.p.helpFooterLiaison)
	} else {
		lines = append(lines, l.p.helpFooterCity)
	}
	s.respond(ctx, req, strings.Join(lines, "\n"), nil)
}

// cmdLang switches the contact's language and menu.
func (s *Service) cmdLang(ctx context.Context, req *request) {
	lang, err := domain.ParseLang(req.cmd.args)
	if err != nil {
		s.respond(ctx, req, req.loc.p.langUsage, nil)
		return
	}
	if err := s.st.SetLang(ctx, req.chat.ID, lang); err != nil {
		s.fail(ctx, req, "set language", err)
		return
	}
	req.contact.Lang = lang
	req.loc = newLocale(lang, s.cfg.Location, req.loc.now)
	s.setMenu(ctx, req.contact)
	s.respond(ctx, req, req.loc.p.langSet, nil)
}
