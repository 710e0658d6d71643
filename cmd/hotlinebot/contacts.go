package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
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
	st, err := store.Open(ctx, e.cfg.DB)
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
			return func(ctx context.Context, e *env, args []string) error {
				st, err := store.Open(ctx, e.cfg.DB)
				if err != nil {
					return err
				}
				defer st.Close()
				cs, err := st.Contacts(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tCHAT\tROLE\tUNIT\tLANG\tSTATE\tBOUND\tLAST SEEN")
				for _, c := range cs {
					fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, c.ChatID, c.Role, c.UnitName, c.Lang,
						contactState(c), stamp(c.BoundAt, e), stamp(c.LastSeenAt, e))
				}
				return tw.Flush()
			}
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
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 1 {
					return usageError{"expected exactly one contact ID (see 'hotlinebot contacts list')"}
				}
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return usageError{fmt.Sprintf("contact ID %q is not a number", args[0])}
				}
				st, err := store.Open(ctx, e.cfg.DB)
				if err != nil {
					return err
				}
				defer st.Close()
				c, err := st.RevokeContact(ctx, id, time.Now())
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "revoked contact %d (%s, %s %s)\n", c.ID, c.Name, c.Role, c.UnitName)
				return nil
			}
		},
	}
}
