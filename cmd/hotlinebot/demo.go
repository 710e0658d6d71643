package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"hotlinebot/config"
	"hotlinebot/demo"
	"hotlinebot/domain"
	"hotlinebot/jobs"
	"hotlinebot/report"
	"hotlinebot/store"
)

func demoCommand() command {
	return command{
		name:    "demo",
		summary: "build a fresh demo database, then print the grade table and the alerts that would go out (no token needed)",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			path := fs.String("demo-db", "hotline-demo.db", "SQLite file of the demo database (replaced on every run)")
			n := fs.Int("tickets", 20000, "how many tickets to generate over the current period")
			at := fs.String("at", "", "pretend it is this time: RFC 3339 or '2006-01-02 15:04' (default now)")
			seed := fs.Uint64("seed", 12345, "random seed: the same seed gives the same data")
			history := fs.Int("history", 5, "how many earlier periods to fill with as many tickets, so comparisons and trends have a past")
			chat := fs.Bool("chat", false, "then talk to the bot in a console instead of printing the table (see hotlinebot chat --help)")
			var co chatOptions
			co.register(fs, " (with --chat)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				now, err := startInstant(*at, e)
				if err != nil {
					return err
				}
				if *history < 0 {
					return usageError{"--history: must be 0 or more"}
				}
				plan := demoPlan{path: *path, tickets: *n, history: *history, now: now, seed: *seed}
				if *chat {
					if err := co.validate(); err != nil {
						return err
					}
					plan.chat = &co
				}
				return runDemo(ctx, e, plan)
			}
		},
	}
}

// demoPlan is what the demo database holds: tickets in the current period
// as of now and as many in each of the history periods before it.
type demoPlan struct {
	path    string
	tickets int
	history int
	now     time.Time
	seed    uint64
	chat    *chatOptions // then open the chat console instead of printing
}

func runDemo(ctx context.Context, e *env, plan demoPlan) error {
	path, n, now := plan.path, plan.tickets, plan.now
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("replace demo database: %w", err)
		}
	}
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	defer st.Close()
	if plan.chat != nil {
		chatNotice(e, "正在生成演示数据库 %s …", path)
	}
	units, err := seedDemo(ctx, st, e.cfg, plan)
	if err != nil {
		return err
	}
	if plan.chat != nil {
		return runChat(ctx, e, st, now, *plan.chat)
	}
	p := domain.PeriodAt(e.cfg.Scoring.Period, now, e.cfg.Location)
	fmt.Fprintf(e.stdout, "演示数据库 %s：%d 个责任单位，%d 件工单（%s，截至 %s）",
		path, len(units), n, p.Label("zh"), now.Format("2006-01-02 15:04"))
	if plan.history > 0 {
		fmt.Fprintf(e.stdout, "；另有此前 %d 期的工单", plan.history)
	}
	fmt.Fprint(e.stdout, "\n\n")
	r, err := st.Report(ctx, e.cfg.Scoring.Scheme, p, now)
	if err != nil {
		return err
	}
	if err := report.Write(e.stdout, r, "text", "zh"); err != nil {
		return err
	}
	return printDemoAlerts(ctx, e, st, now)
}

// seedDemo loads the demo's units, the current period's generated tickets
// as of now and, before them, the history periods' (each its own draw).
func seedDemo(ctx context.Context, st *store.Store, cfg config.Config, plan demoPlan) ([]domain.Unit, error) {
	if _, _, err := st.UpsertUnits(ctx, demo.Units()); err != nil {
		return nil, err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	p := domain.PeriodAt(cfg.Scoring.Period, plan.now, cfg.Location)
	for k := range plan.history + 1 {
		// Calls grow a little period by period, so comparisons have a trend.
		n := plan.tickets - plan.tickets*3*k/100
		if err := seedPeriod(ctx, st, cfg, units, p, n, plan.now, plan.seed+uint64(k)); err != nil {
			return nil, err
		}
		p = p.Prev()
	}
	return units, nil
}

// seedPeriod loads n generated tickets of period p as they stand at now.
func seedPeriod(ctx context.Context, st *store.Store, cfg config.Config, units []domain.Unit, p domain.Period, n int, now time.Time, seed uint64) error {
	batch := make([]domain.Ticket, 0, 5000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := st.UpsertTickets(ctx, batch)
		batch = batch[:0]
		return err
	}
	err := demo.Tickets(n, units, p, now, cfg.Policy, seed, func(t domain.Ticket) error {
		batch = append(batch, t)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("generate demo tickets of %s: %w", p, err)
	}
	return flush()
}

// demoUnitAlerts is how many units' messages the demo prints in full; the
// rest are counted.
const demoUnitAlerts = 6

// demoMessageLines is how many lines of one message the demo prints.
const demoMessageLines = 14

// clipLines keeps the first n lines of a long message and the last one,
// which says what to do next.
func clipLines(text string, n int) string {
	lines := strings.Split(text, "\n")
	if len(lines) <= n+1 {
		return text
	}
	kept := append(lines[:n:n], fmt.Sprintf("……（另有 %d 行）", len(lines)-n-1), lines[len(lines)-1])
	return strings.Join(kept, "\n")
}

// printDemoAlerts runs the jobs once at now and prints what they would send:
// every message to supervisors and admins, a few units' in full, the rest
// counted.
func printDemoAlerts(ctx context.Context, e *env, st *store.Store, now time.Time) error {
	alerts, err := previewAlerts(ctx, st, jobs.SettingsFrom(e.cfg), now)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n将要发出的提醒（%d 条，未实际发送）\n", len(alerts))
	units := map[string]bool{}
	hidden := 0
	for _, a := range alerts {
		if a.Audience != "督查" && a.Audience != "管理员" {
			if !units[a.Audience] && len(units) >= demoUnitAlerts {
				hidden++
				continue
			}
			units[a.Audience] = true
		}
		fmt.Fprintf(e.stdout, "\n── 发给：%s ──\n%s\n", a.Audience, clipLines(strings.TrimRight(a.Text, "\n"), demoMessageLines))
	}
	if hidden > 0 {
		fmt.Fprintf(e.stdout, "\n…另有 %d 条发给其他单位的提醒未列出。\n", hidden)
	}
	return nil
}
