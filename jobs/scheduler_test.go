package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memRuns is an in-memory RunStore.
type memRuns struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (m *memRuns) LastRun(_ context.Context, job string) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.last[job]
	return t, ok, nil
}

func (m *memRuns) RecordRun(_ context.Context, job string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		m.last = map[string]time.Time{}
	}
	m.last[job] = at
	return nil
}

// countJob counts its runs and returns err.
type countJob struct {
	n   atomic.Int32
	err error
}

func (j *countJob) Run(context.Context) error {
	j.n.Add(1)
	return j.err
}

func TestSchedulerCatchUp(t *testing.T) {
	now := at(t, "2026-11-26 10:00")
	tests := []struct {
		name    string
		spec    string
		lastRun string // empty: never ran
		want    int32
	}{
		{"never ran: no history to catch up", "* * * * *", "", 0},
		{"every minute, down ten minutes", "* * * * *", "2026-11-26 09:50", 1},
		{"half-hourly, nothing missed", "15,45 * * * *", "2026-11-26 09:45", 0},
		{"digest missed this morning", "30 8 * * *", "2026-11-25 08:30", 1},
		{"digest ran this morning", "30 8 * * *", "2026-11-26 08:30", 0},
		{"close missed on the first of the quarter", "0 9 1 1,4,7,10 *", "2026-07-01 09:00", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := &memRuns{}
			if tt.lastRun != "" {
				_ = runs.RecordRun(context.Background(), "job", at(t, tt.lastRun))
			}
			s := NewScheduler(SchedulerDeps{Runs: runs, Now: func() time.Time { return now }}, SchedulerOptions{Location: shanghai})
			job := &countJob{}
			if err := s.Add("job", tt.spec, job); err != nil {
				t.Fatal(err)
			}
			s.RunDue(context.Background())
			if got := job.n.Load(); got != tt.want {
				t.Errorf("ran %d times at start, want %d", got, tt.want)
			}
			if last, _, _ := runs.LastRun(context.Background(), "job"); tt.want == 1 && !last.Equal(now) {
				t.Errorf("last run %v, want %v", last, now)
			}
		})
	}
}

func TestSchedulerRecordsSuccessfulRunsOnly(t *testing.T) {
	runs := &memRuns{}
	now := at(t, "2026-11-26 10:00")
	s := NewScheduler(SchedulerDeps{Runs: runs, Now: func() time.Time { return now }, Metrics: NewMetrics(nil)}, SchedulerOptions{Location: shanghai})
	_ = s.Add("fails", "* * * * *", &countJob{err: errors.New("database is down")})
	_ = s.Add("panics", "* * * * *", panicJob{})
	_ = s.Add("works", "* * * * *", &countJob{})
	ctx := context.Background()
	if err := s.RunJob(ctx, "fails"); err == nil {
		t.Error("failing job: no error")
	}
	if err := s.RunJob(ctx, "panics"); err == nil {
		t.Error("panicking job: no error")
	}
	if err := s.RunJob(ctx, "works"); err != nil {
		t.Error(err)
	}
	for job, want := range map[string]bool{"fails": false, "panics": false, "works": true} {
		if _, ok, _ := runs.LastRun(ctx, job); ok != want {
			t.Errorf("%s recorded: %v, want %v", job, ok, want)
		}
	}
	if err := s.Add("bad", "every minute", &countJob{}); err == nil {
		t.Error("invalid cron expression accepted")
	}
}

type panicJob struct{}

func (panicJob) Run(context.Context) error { panic("boom") }

// slowJob signals when it starts and takes a while, ignoring cancellation.
type slowJob struct {
	started  chan struct{}
	once     sync.Once
	finished atomic.Bool
}

func (j *slowJob) Run(context.Context) error {
	j.once.Do(func() { close(j.started) })
	time.Sleep(300 * time.Millisecond)
	j.finished.Store(true)
	return nil
}

func TestSchedulerShutdownWaitsForRunningJobs(t *testing.T) {
	s := NewScheduler(SchedulerDeps{Runs: &memRuns{}}, SchedulerOptions{Location: shanghai})
	job := &slowJob{started: make(chan struct{})}
	if err := s.Add("slow", "@every 1s", job); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		_ = s.Run(ctx)
		close(done)
	}()
	select {
	case <-job.started:
	case <-time.After(3 * time.Second):
		t.Fatal("job never started")
	}
	cancel()
	<-done
	if !job.finished.Load() {
		t.Error("Run returned while the job was still running")
	}
}
