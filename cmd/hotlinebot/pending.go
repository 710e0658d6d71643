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

func migrateDBCommand() command {
	return notYet("migrate-db", "copy everything to another database and verify counts", "--to postgres://…")
}
