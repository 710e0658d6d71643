// Command hotbench is the Go half of bench/compare.sh: it generates the
// benchmark's unit and ticket files, checks the report against the
// hand-written GROUP BY, times the deadlines job and prints the results
// table. compare.sh runs the timed commands (with hyperfine) around it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// usage lists the subcommands.
const usage = `usage: hotbench COMMAND [flags]
  gen        write units.csv, tickets.csv and meta.env of N tickets into a directory
  sql        print the hand-written GROUP BY for sqlite or postgres (reads meta.env)
  check      compare a report --format json with the GROUP BY's CSV output
  deadlines  time the deadlines job over an imported database
  time       time shell commands as hyperfine would (when it is not installed)
  merge      join hyperfine JSON files of one command into one
  rss        run a program and append its peak RSS (KiB) to a file
  table      print the results table from the collected measurements`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "gen":
		err = genCommand(rest, stdout)
	case "sql":
		err = sqlCommand(rest, stdout)
	case "check":
		err = checkCommand(rest, stdout)
	case "deadlines":
		err = deadlinesCommand(ctx, rest, stdout)
	case "time":
		err = timeCommand(ctx, rest, stdout)
	case "merge":
		err = mergeCommand(rest)
	case "rss":
		err = rssCommand(ctx, rest, stdout)
	case "table":
		err = tableCommand(rest, stdout)
	default:
		err = errors.New(usage)
	}
	if err != nil {
		fmt.Fprintln(stderr, "hotbench:", err)
		return 1
	}
	return 0
}
