package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"hotlinebot/importer"
	"hotlinebot/report"
	"hotlinebot/store"
)

func unitsImportCommand() command {
	return command{
		name:    "units import",
		args:    "FILE",
		summary: "load units from CSV or XLSX (name/单位名称, kind/类别, aliases/简称); upsert by name",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			return withStore(func(ctx context.Context, e *env, st *store.Store, args []string) error {
				path, err := oneFile(args)
				if err != nil {
					return err
				}
				sum, err := importer.ImportUnits(ctx, path, st)
				if err != nil {
					return err
				}
				return printSummary(e, sum)
			})
		},
	}
}

func unitsListCommand() command {
	return command{
		name:    "units list",
		summary: "list the units with their kind and aliases",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			return withStore(func(ctx context.Context, e *env, st *store.Store, args []string) error {
				units, err := st.Units(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tKIND\tALIASES")
				for _, u := range units {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", u.ID, report.TerminalSafe(u.Name), u.Kind, report.TerminalSafe(strings.Join(u.Aliases, "、")))
				}
				return tw.Flush()
			})
		},
	}
}

func ticketsImportCommand() command {
	return command{
		name:    "tickets import",
		args:    "FILE",
		summary: "load tickets from CSV or XLSX (UTF-8 or GB18030); upsert by ticket number",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			strict := fs.Bool("strict", false, "load nothing when any row is bad")
			return withStore(func(ctx context.Context, e *env, st *store.Store, args []string) error {
				path, err := oneFile(args)
				if err != nil {
					return err
				}
				opts := importer.Options{
					Strict:   *strict,
					Policy:   e.cfg.Policy,
					Location: e.cfg.Location,
					Progress: progressPrinter(e.stderr),
					Now:      time.Now,
				}
				sum, err := importTickets(ctx, path, opts, st)
				if err != nil {
					return err
				}
				if sum.Loaded+sum.Updated > 0 {
					if err := st.Optimize(ctx); err != nil {
						return err
					}
				}
				return printSummary(e, sum)
			})
		},
	}
}

// importTickets loads a ticket file through a store.TicketLoad.
func importTickets(ctx context.Context, path string, opts importer.Options, st *store.Store) (importer.Summary, error) {
	load, err := st.BeginTicketLoad(ctx)
	if err != nil {
		return importer.Summary{}, err
	}
	sum, err := importer.ImportTickets(ctx, path, opts, load)
	// Finished even when the load failed or was interrupted: the tickets
	// loaded so far stay, and queries need the index it builds.
	if ferr := load.Finish(context.WithoutCancel(ctx)); ferr != nil && err == nil {
		err = ferr
	}
	return sum, err
}

func oneFile(args []string) (string, error) {
	if len(args) != 1 {
		return "", usageError{"expected exactly one FILE"}
	}
	return args[0], nil
}

// progressPrinter shows rows done on a terminal, and nothing in a pipe or log.
func progressPrinter(w io.Writer) func(int64) {
	if !isTerminal(w) {
		return nil
	}
	return func(n int64) { fmt.Fprintf(w, "\r%d rows…", n) }
}

// isTerminal reports whether a reader or writer is a terminal (not a file
// or a pipe).
func isTerminal(rw any) bool {
	f, ok := rw.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printSummary prints each refused row, then one summary line; refused rows
// make the command fail after the good ones were loaded.
func printSummary(e *env, sum importer.Summary) error {
	for _, re := range sum.Errors {
		fmt.Fprintln(e.stderr, report.TerminalSafe(re.Error()))
	}
	if hidden := sum.Problems - len(sum.Errors); hidden > 0 {
		fmt.Fprintf(e.stderr, "… and %d more problems not shown\n", hidden)
	}
	fmt.Fprintln(e.stdout, sum.String())
	if sum.Refused > 0 {
		return exitError{1}
	}
	return nil
}
