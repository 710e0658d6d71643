package main

import (
	"context"
	"errors"
	"flag"
)

func notYet(name, summary, args string) command {
	return command{name: name, summary: summary, args: args,
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			return func(context.Context, *env, []string) error { return errors.New("not yet built") }
		}}
}

func serveCommand() command {
	return notYet("serve", "run the bot, the scheduled jobs and the HTTP API", "")
}
func inviteCommand() command {
	return notYet("invite", "print a one-time binding code and its t.me link", "--role liaison --unit NAME | --role supervisor|admin")
}
func contactsListCommand() command {
	return notYet("contacts list", "list who is bound to what", "")
}
func contactsRevokeCommand() command {
	return notYet("contacts revoke", "revoke a contact", "ID")
}
func migrateDBCommand() command {
	return notYet("migrate-db", "copy everything to another database and verify counts", "--to postgres://…")
}
