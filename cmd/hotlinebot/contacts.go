package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/report"
	"hotlinebot/store"
)

func inviteCommand() command {
	return command{
		name:    "invite",
		args:    "--role ROLE [--unit NAME]",
		summary: "print a one-time binding code and its https://t.me/BOT?start=CODE link",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			role := fs.String("role", "", "liaison, supervisor or admin (required)")
			unit := fs.String("unit", "", "the liaison's unit: its name or an alias")
			ttl := fs.Duration("ttl", 7*24*time.Hour, "how long the code stays valid")
			botName := fs.String("bot-name", "", "the bot's username for the link (default: asked from Telegram with getMe)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runInvite(ctx, e, *role, *unit, *ttl, *botName)
			}
		},
	}
}

func runInvite(ctx context.Context, e *env, roleName, unitName string, ttl time.Duration, botName string) error {
	if roleName == "" {
		return usageError{"--role is required (liaison, supervisor or admin)"}
	}
	role, err := domain.ParseRole(roleName)
	if err != nil {
		return usageError{"--role: " + err.Error()}
	}
	if role == domain.RoleLiaison && unitName == "" {
		return usageError{"--unit is required for a liaison invite"}
	}
	if role != domain.RoleLiaison && unitName != "" {
		return usageError{"--unit goes only with --role liaison"}
	}
	if ttl <= 0 {
		return usageError{"--ttl must be positive"}
	}
	if botName == "" {
		if botName, err = askBotName(ctx, e); err != nil {
			return err
		}
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var unit domain.Unit
	if role == domain.RoleLiaison {
		if unit, err = st.UnitByName(ctx, unitName); errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("--unit: no unit named %q (see 'hotlinebot units list')", unitName)
		} else if err != nil {
			return err
		}
	}
	now := time.Now()
	code, err := st.CreateInvite(ctx, role, unit.ID, ttl, now)
	if err != nil {
		return err
	}
	who := role.Label(domain.LangZH)
	if unit.Name != "" {
		who = unit.Name + " " + who
	}
	fmt.Fprintf(e.stdout, "邀请码（%s，一次有效，%s 前有效）：%s\n%s\n", who,
		now.Add(ttl).In(e.cfg.Location).Format("2006-01-02 15:04"), code, bot.InviteLink(botName, code))
	return nil
}

// askBotName asks Telegram for the bot's username when no --bot-name is given.
func askBotName(ctx context.Context, e *env) (string, error) {
	if e.cfg.BotToken == "" {
		return "", usageError{"give --bot-name, or set TELEGRAM_BOT_TOKEN so the bot's name can be asked from Telegram"}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	name, err := bot.LookupUsername(ctx, e.botClient())
	if err != nil {
		return "", fmt.Errorf("ask Telegram for the bot's name (or give --bot-name): %w", err)
	}
	return name, nil
}

func (e *env) botClient() bot.ClientConfig {
	return bot.ClientConfig{Token: e.cfg.BotToken, APIURL: e.cfg.APIURL}
}

func contactsListCommand() command {
	return command{
		name:    "contacts list",
		summary: "list who is bound to what, since when, last seen",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			return withStore(func(ctx context.Context, e *env, st *store.Store, args []string) error {
				cs, err := st.Contacts(ctx)
				if err != nil {
					return err
				}
				return bot.WriteContacts(e.stdout, cs, e.cfg.Location)
			})
		},
	}
}

func contactsRevokeCommand() command {
	return command{
		name:    "contacts revoke",
		args:    "ID",
		summary: "revoke a contact's binding; it takes effect on the contact's next message",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			return withStore(func(ctx context.Context, e *env, st *store.Store, args []string) error {
				if len(args) != 1 {
					return usageError{"expected exactly one contact ID (see 'hotlinebot contacts list')"}
				}
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return usageError{fmt.Sprintf("contact ID %q is not a number", args[0])}
				}
				c, err := st.RevokeContact(ctx, id, time.Now())
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "revoked contact %d (%s, %s %s)\n", c.ID, report.TerminalSafe(c.Name), c.Role, report.TerminalSafe(c.UnitName))
				if e.cfg.BotToken != "" {
					// Best effort: otherwise the bot clears the menu on the contact's next message.
					ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
					defer cancel()
					if err := bot.ClearChatMenu(ctx, e.botClient(), c.ChatID); err != nil {
						fmt.Fprintf(e.stderr, "the contact's menu will be cleared on its next message (Telegram: %v)\n", err)
					}
				}
				return nil
			})
		},
	}
}
