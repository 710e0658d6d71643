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
	"hotlinebot/store"
)

func inviteCommand() command {
	return command{
		name:    "invite",
		args:    "--role liaison --unit NAME | --role supervisor | --role admin",
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
		if unit, err = st.UnitByName(ctx, unitName); errors.Is(err, store.ErrNotFound) {
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
	api, err := bot.NewClient(bot.ClientConfig{Token: e.cfg.BotToken, APIURL: e.cfg.APIURL})
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := api.GetMe(ctx)
	if err != nil {
		return "", fmt.Errorf("ask Telegram for the bot's name (or give --bot-name): %w", err)
	}
	return me.Username, nil
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
				rows := make([][]string, len(cs))
				for i, c := range cs {
					rows[i] = []string{strconv.FormatInt(c.ID, 10), c.Name, strconv.FormatInt(c.ChatID, 10), string(c.Role), c.UnitName, c.Lang,
						contactState(c), stamp(c.BoundAt, e), stamp(c.LastSeenAt, e)}
				}
				return printTable(e.stdout, []string{"ID", "NAME", "CHAT", "ROLE", "UNIT", "LANG", "STATE", "BOUND", "LAST SEEN"}, rows)
			})
		},
	}
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

func stamp(t time.Time, e *env) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(e.cfg.Location).Format("2006-01-02 15:04")
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
				fmt.Fprintf(e.stdout, "revoked contact %d (%s, %s %s)\n", c.ID, c.Name, c.Role, c.UnitName)
				return nil
			})
		},
	}
}
