package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"hotlinebot/config"
	"hotlinebot/report"
	"hotlinebot/store"
)

// command is one subcommand of the binary.
type command struct {
	name    string
	args    string // the positional arguments, for the usage line
	summary string
	// flags declares the command's own flags on fs and returns the function
	// that runs it once flags are parsed.
	flags func(fs *flag.FlagSet, env *envFlags) func(ctx context.Context, e *env, args []string) error
}

// env is what every command runs with: the loaded configuration and where
// to write.
type env struct {
	cfg    config.Config
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError is shown with the command's usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries an exit status without a further message: the command
// has already said what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// envFlags are the flags every command takes that override the environment.
type envFlags struct {
	db, config, timezone string
}

func (f *envFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "", "database: a file path, sqlite:PATH or postgres://… (overrides HOTLINE_DB)")
	fs.StringVar(&f.config, "config", "", "YAML configuration file (overrides HOTLINE_CONFIG)")
	fs.StringVar(&f.timezone, "timezone", "", "IANA time zone (overrides HOTLINE_TIMEZONE)")
}

// getenv layers the flags over the process environment.
func (f *envFlags) getenv(base func(string) string) func(string) string {
	over := map[string]string{"HOTLINE_DB": f.db, "HOTLINE_CONFIG": f.config, "HOTLINE_TIMEZONE": f.timezone}
	return func(key string) string {
		if v := over[key]; v != "" {
			return v
		}
		return base(key)
	}
}

func commands() []command {
	return []command{
		serveCommand(),
		unitsImportCommand(), unitsListCommand(),
		ticketsImportCommand(),
		inviteCommand(), contactsListCommand(), contactsRevokeCommand(),
		reportCommand(), bulletinCommand(), chartCommand(),
		demoCommand(), chatCommand(),
		migrateDBCommand(),
		healthcheckCommand(),
	}
}

// run is the whole program without input; main only adds the process
// around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return runWithInput(ctx, args, getenv, strings.NewReader(""), stdout, stderr)
}

// runWithInput is run with an input for the commands that read one (chat).
func runWithInput(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) < 2 || isHelp(args[1]) {
		printUsage(stdout, cmds)
		return 0
	}
	cmd, rest, ok := findCommand(cmds, args[1:])
	if !ok {
		fmt.Fprintf(stderr, "hotlinebot: unknown command %q; run 'hotlinebot --help' for the list\n", strings.Join(args[1:min(3, len(args))], " "))
		return 2
	}
	fs := flag.NewFlagSet("hotlinebot "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef envFlags
	ef.register(fs)
	runCmd := cmd.flags(fs, &ef)
	fs.Usage = func() { printCommandUsage(fs.Output(), cmd, fs) }
	if wantsHelp(rest) {
		printCommandUsage(stdout, cmd, fs)
		return 0
	}
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	e := &env{getenv: ef.getenv(getenv), stdin: stdin, stdout: stdout, stderr: stderr}
	cfg, err := config.Load(e.getenv)
	if err != nil {
		fmt.Fprintf(stderr, "hotlinebot: %s\n", oneLine(err.Error()))
		return 2
	}
	e.cfg = cfg
	if err := runCmd(ctx, e, fs.Args()); err != nil {
		return reportError(stderr, cmd, fs, err)
	}
	return 0
}

func reportError(stderr io.Writer, cmd command, fs *flag.FlagSet, err error) int {
	var ue usageError
	var ee exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "hotlinebot %s: %s\n", cmd.name, ue.msg)
		fmt.Fprintf(stderr, "usage: hotlinebot %s %s (see --help)\n", cmd.name, cmd.args)
		return 2
	}
	fmt.Fprintf(stderr, "hotlinebot %s: %s\n", cmd.name, oneLine(err.Error()))
	return 1
}

// oneLine joins the lines of an error message (the PostgreSQL driver
// writes one line per address it tried) with "; ", dropping repeats, so
// that every failure is the one line the operator and scripts expect.
func oneLine(msg string) string {
	var b strings.Builder
	last := ""
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l == "" || l == last {
			continue
		}
		switch {
		case b.Len() == 0:
		case strings.HasSuffix(last, ":"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(l)
		last = l
	}
	return report.TerminalSafe(b.String())
}

// wantsHelp reports whether the flags ask for help, so that it goes to
// stdout once and exits 0.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" || s == "help" }

// findCommand matches one- and two-word command names ("units import").
func findCommand(cmds []command, args []string) (command, []string, bool) {
	for _, c := range cmds {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):], true
		}
	}
	return command{}, nil, false
}

func printUsage(w io.Writer, cmds []command) {
	fmt.Fprint(w, `hotlinebot — 12345 热线工单办理提醒与考核评价

Usage: hotlinebot COMMAND [flags] [args]

Commands:
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-40s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
Every command takes --db, --config and --timezone, which override the
environment. Run 'hotlinebot COMMAND --help' for a command's flags.

Environment:
  HOTLINE_DB               database: a file path or sqlite:PATH (SQLite), or a postgres:// URL (default hotline.db)
  HOTLINE_CONFIG           YAML file: schedules, deadline policy, scoring scheme, quiet hours, calendar additions
  HOTLINE_TIMEZONE         IANA zone for times without offset and for schedules (default Asia/Shanghai)
  TELEGRAM_BOT_TOKEN       the bot's token (serve needs it)
  TELEGRAM_API_URL         Bot API server base URL (default https://api.telegram.org)
  HOTLINE_HTTP_ADDR        HTTP API, health and metrics address (default 127.0.0.1:8080)
  HOTLINE_API_TOKEN        bearer token(s) of the HTTP API, comma-separated (API answers 503 until set)
  TELEGRAM_WEBHOOK_URL     public HTTPS URL for webhook mode (default: long polling)
  TELEGRAM_WEBHOOK_SECRET  secret token Telegram sends with each webhook call (webhook mode)
`)
}

func printCommandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: hotlinebot %s [flags] %s\n\n%s\n\nFlags:\n", c.name, c.args, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// openStore opens the configured database.
func (e *env) openStore(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, e.cfg.DB)
}

// withStore runs a command with the configured database open.
func withStore(fn func(ctx context.Context, e *env, st *store.Store, args []string) error) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		st, err := e.openStore(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(ctx, e, st, args)
	}
}
