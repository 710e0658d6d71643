package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one piece of scheduled work.
type Job interface {
	Run(ctx context.Context) error
}

// RunStore remembers when each job last ran, so that a run missed while the
// service was down happens once at start.
type RunStore interface {
	LastRun(ctx context.Context, job string) (time.Time, bool, error)
	RecordRun(ctx context.Context, job string, at time.Time) error
}

// Scheduler runs jobs on cron schedules in the office's zone. Cron only
// schedules: each job's work is its Run method, wrapped with panic recovery
// and skip-if-still-running.
type Scheduler struct {
	runs    RunStore
	loc     *time.Location
	now     func() time.Time
	log     *slog.Logger
	metrics *Metrics
	parser  cron.Parser
	entries []entry
}

type entry struct {
	name     string
	schedule cron.Schedule
	job      Job
}

// SchedulerDeps are the scheduler's collaborators; all but Runs may be nil.
type SchedulerDeps struct {
	Runs    RunStore
	Now     func() time.Time // time.Now when nil
	Log     *slog.Logger     // discards when nil
	Metrics *Metrics
}

// SchedulerOptions tune the scheduler.
type SchedulerOptions struct {
	Location *time.Location // the zone the schedules are read in; UTC when nil
}

// NewScheduler builds a scheduler.
func NewScheduler(deps SchedulerDeps, opts SchedulerOptions) *Scheduler {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	return &Scheduler{
		runs: deps.Runs, loc: opts.Location, now: deps.Now, log: deps.Log, metrics: deps.Metrics,
		parser: cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor),
	}
}

// Add schedules job under name with a five-field cron expression or a
// descriptor such as "@every 2s".
func (s *Scheduler) Add(name, spec string, job Job) error {
	sched, err := s.parser.Parse(spec)
	if err != nil {
		return fmt.Errorf("schedule of %s: invalid cron expression %q: %w", name, spec, err)
	}
	s.entries = append(s.entries, entry{name: name, schedule: sched, job: job})
	return nil
}

// Run first runs, once each, the jobs whose scheduled time passed since
// their last run (a job that never ran does not catch up), then runs every
// job on its schedule until ctx is done, and returns once the running jobs
// have finished.
func (s *Scheduler) Run(ctx context.Context) error {
	s.RunDue(ctx)
	c := cron.New(cron.WithLocation(s.loc), cron.WithParser(s.parser),
		cron.WithChain(cron.Recover(cronLogger{s.log}), cron.SkipIfStillRunning(cronLogger{s.log})))
	for _, e := range s.entries {
		c.Schedule(e.schedule, cron.FuncJob(func() { _ = s.RunJob(ctx, e.name) }))
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// RunDue runs, once each and in the order they were added, the jobs whose
// scheduled time passed since their last run: at start, those missed while
// the service was down; in the chat console, those whose time its clock
// jumped over.
func (s *Scheduler) RunDue(ctx context.Context) {
	now := s.now().In(s.loc)
	for _, e := range s.entries {
		last, ok, err := s.runs.LastRun(ctx, e.name)
		if err != nil {
			s.log.Error("job catch-up: last run unknown", "job", e.name, "err", err)
			continue
		}
		if !ok || e.schedule.Next(last.In(s.loc)).After(now) {
			continue
		}
		s.log.Info("job's scheduled time passed since its last run: running it now", "job", e.name, "last_run", last)
		_ = s.RunJob(ctx, e.name)
	}
}

// RunJob runs the named job once now, records the run when it succeeds,
// and counts and times it; a panic is recovered and returned as an error.
func (s *Scheduler) RunJob(ctx context.Context, name string) (err error) {
	e, ok := s.entry(name)
	if !ok {
		return fmt.Errorf("no job %q", name)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	start := s.now()
	began := time.Now()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v", name, r)
		}
		s.metrics.observeRun(name, time.Since(began), err)
		if err != nil {
			s.log.Error("job failed", "job", name, "err", err)
			return
		}
		if rerr := s.runs.RecordRun(context.WithoutCancel(ctx), name, start); rerr != nil {
			s.log.Error("job run not recorded", "job", name, "err", rerr)
		}
	}()
	return e.job.Run(ctx)
}

func (s *Scheduler) entry(name string) (entry, bool) {
	for _, e := range s.entries {
		if e.name == name {
			return e, true
		}
	}
	return entry{}, false
}

// cronLogger hands cron's messages to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
