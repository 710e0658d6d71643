package bot

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// LookupUsername asks Telegram (getMe) for the bot's username, for
// `hotlinebot invite` to print the t.me link.
func LookupUsername(ctx context.Context, cc ClientConfig) (string, error) {
	api, err := NewClient(cc)
	if err != nil {
		return "", err
	}
	me, err := api.GetMe(ctx)
	if err != nil {
		return "", fmt.Errorf("getMe: %w", err)
	}
	return me.Username, nil
}

// ClearChatMenu drops a chat's own command menu, as the bot does when a
// contact is revoked; `hotlinebot contacts revoke` may call it when the
// token is at hand (otherwise the bot clears it on the contact's next
// message).
func ClearChatMenu(ctx context.Context, cc ClientConfig, chatID int64) error {
	api, err := NewClient(cc)
	if err != nil {
		return err
	}
	if _, err := api.DeleteMyCommands(ctx, &tgbot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: chatID}}); err != nil {
		return fmt.Errorf("clear menu of chat %d: %w", chatID, err)
	}
	return nil
}

// WriteContacts prints contacts as `hotlinebot contacts list` shows them:
// one line each with id, state, role, unit, chat, name, language, bound and
// last seen times in loc, aligned for a terminal (Chinese counts double).
func WriteContacts(w io.Writer, cs []domain.Contact, loc *time.Location) error {
	rows := [][]string{{"ID", "STATE", "ROLE", "UNIT", "CHAT", "NAME", "LANG", "BOUND", "LAST SEEN"}}
	for _, c := range cs {
		chat, seen := fmt.Sprint(c.ChatID), "-"
		if c.IsGroup {
			chat += " (group)"
		}
		if !c.LastSeenAt.IsZero() {
			seen = c.LastSeenAt.In(loc).Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{fmt.Sprint(c.ID), contactState(c), string(c.Role), orDash(report.TerminalSafe(c.UnitName)), chat,
			orDash(report.TerminalSafe(c.Name)), report.TerminalSafe(c.Lang), c.BoundAt.In(loc).Format("2006-01-02 15:04"), seen})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], report.DisplayWidth(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			b.WriteString(cell)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-report.DisplayWidth(cell)+2))
			}
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func contactState(c domain.Contact) string {
	switch {
	case c.Revoked():
		return "revoked"
	case !c.Active:
		return "blocked"
	}
	return "active"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
