package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"hotlinebot/bench/internal/benchdata"
	"hotlinebot/domain"
	"hotlinebot/jobs"
	"hotlinebot/store"
)

// deadlinesCommand times the deadlines job in process (server side, as the
// scheduler runs it) over an imported database: a first run at the
// benchmark's instant, which announces every stage already crossed, then
// runs every 5 minutes after it, as cron would, which announce only what
// crossed since. It writes to the database (stages, outbox), so give it a
// copy.
func deadlinesCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("deadlines", flag.ContinueOnError)
	dsn := fs.String("db", "", "the imported database (it gets stages and outbox rows)")
	at := fs.String("at", benchdata.At, "the first run's instant (Asia/Shanghai)")
	runs := fs.Int("runs", 3, "runs after the first one")
	every := fs.Duration("every", 5*time.Minute, "time between runs")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the runs here")
	export := fs.String("export-json", "", "write the later runs' times here (hyperfine's shape); the first run goes to NAME-first.json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := benchdata.NewSetup(benchdata.Period, *at)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	open, err := st.TicketCounts(ctx, 0, s.At)
	if err != nil {
		return err
	}
	gen, ok, err := st.AcquireLease(ctx, "hotbench", time.Hour, time.Now(), true)
	if err != nil || !ok {
		return fmt.Errorf("take the leader lease: ok=%v: %w", ok, err)
	}
	now := s.At
	timed := &phaseStore{st: st, spent: map[string]time.Duration{}}
	job := jobs.NewDeadlines(timed, jobs.Deps{
		Settings: jobs.SettingsFrom(s.Config), Fence: jobs.FixedFence(gen), Now: func() time.Time { return now },
	})
	if *profile != "" {
		stop, err := startProfile(*profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	name := fmt.Sprintf("deadlines job, %d open", open.Open)
	first := timedCommand{Command: name + ", first run"}
	later := timedCommand{Command: name + ", run every " + every.String()}
	for i := 0; i <= *runs; i++ {
		tc := &later
		if i == 0 {
			tc = &first
		}
		if err := timeRun(tc, func() error { return job.Run(ctx) }); err != nil {
			return err
		}
		if i == 0 {
			fmt.Fprintf(stdout, "first run's store calls: %s\n", timed.report())
		}
		now = now.Add(*every)
	}
	first.finish()
	later.finish()
	fmt.Fprintf(stdout, "deadlines job over %d open tickets (%d overdue): first run %.1f ms (cpu %.1f ms), later runs median %.1f ms (%.1f–%.1f), cpu %.1f ms\n",
		open.Open, open.Overdue, first.Median*1000, first.cpu()*1000, later.Median*1000, later.Min*1000, later.Max*1000, later.cpu()*1000)
	if *export == "" {
		return nil
	}
	if err := writeTimed(*export, later); err != nil {
		return err
	}
	return writeTimed(firstPath(*export), first)
}

// timeRun runs fn once, adding its wall time and this process's CPU time
// to tc.
func timeRun(tc *timedCommand, fn func() error) error {
	var before, after syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
		return err
	}
	start := time.Now()
	if err := fn(); err != nil {
		return err
	}
	tc.Times = append(tc.Times, time.Since(start).Seconds())
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
		return err
	}
	tc.User += tvSeconds(after.Utime) - tvSeconds(before.Utime)
	tc.System += tvSeconds(after.Stime) - tvSeconds(before.Stime)
	return nil
}

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }

// firstPath turns x.json into x-first.json.
func firstPath(path string) string {
	if len(path) > 5 && path[len(path)-5:] == ".json" {
		return path[:len(path)-5] + "-first.json"
	}
	return path + "-first"
}

func writeTimed(path string, tc timedCommand) error {
	data, err := json.MarshalIndent(hyperfineJSON{Results: []timedCommand{tc}}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// startProfile starts a CPU profile into path and returns its stop.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// phaseStore times the deadlines job's store calls, to tell the job's own
// work from the database's.
type phaseStore struct {
	st    *store.Store
	spent map[string]time.Duration
}

func (p *phaseStore) time(name string, start time.Time) { p.spent[name] += time.Since(start) }

func (p *phaseStore) StageCandidates(ctx context.Context, at, by, settled time.Time, final string) ([]domain.Ticket, map[string][]string, error) {
	defer p.time("StageCandidates", time.Now())
	return p.st.StageCandidates(ctx, at, by, settled, final)
}

func (p *phaseStore) RecordStages(ctx context.Context, gen int64, fired []domain.FiredStage, notes []domain.Notification, at time.Time) error {
	defer p.time("RecordStages", time.Now())
	return p.st.RecordStages(ctx, gen, fired, notes, at)
}

// report lists the time spent in each store call so far, and forgets it.
func (p *phaseStore) report() string {
	var parts []string
	for _, name := range []string{"StageCandidates", "RecordStages"} {
		parts = append(parts, fmt.Sprintf("%s %.1f ms", name, p.spent[name].Seconds()*1000))
	}
	clear(p.spent)
	return strings.Join(parts, ", ")
}
