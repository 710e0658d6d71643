package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"hotlinebot/store"
)

func migrateDBCommand() command {
	return command{
		name:    "migrate-db",
		args:    "--to postgres://…",
		summary: "copy everything from the current database (HOTLINE_DB) to another, empty one and verify the counts",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			to := fs.String("to", "", "the target database, usually a postgres:// URL (required; must be empty)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				if *to == "" {
					return usageError{"--to is required"}
				}
				return runMigrateDB(ctx, e, *to)
			}
		},
	}
}

func runMigrateDB(ctx context.Context, e *env, to string) error {
	from, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer from.Close()
	target, err := store.Open(ctx, to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer target.Close()
	rep, err := store.Copy(ctx, from, target)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\trows\t")
	for _, t := range rep.Tables {
		fmt.Fprintf(tw, "%s\t%d\t\n", t.Table, t.Rows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "copied %d rows in %d tables; counts verified\n", rep.Total(), len(rep.Tables))
	return nil
}
