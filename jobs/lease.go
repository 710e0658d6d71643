package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"
)

// LeaseStore keeps the leader lease in the database.
type LeaseStore interface {
	AcquireLease(ctx context.Context, holder string, ttl time.Duration, now time.Time, steal bool) (int64, bool, error)
	RenewLease(ctx context.Context, holder string, gen int64, ttl time.Duration, now time.Time) (bool, error)
	ReleaseLease(ctx context.Context, holder string, gen int64) error
}

// LeaseOptions tune the leader lease.
type LeaseOptions struct {
	Holder string        // this replica's name; DefaultHolder() when empty
	TTL    time.Duration // how long a lease lives unrenewed; 20s when zero
	Renew  time.Duration // how often the leader renews and a standby tries; 5s when zero
	// Steal takes the lease at start whoever holds it: for SQLite, where a
	// single process serves and a restarted one should not wait out its
	// predecessor's lease. After start it waits like any standby.
	Steal bool
}

// Lease elects one leader among the replicas sharing a database. Its
// generation, incremented on every takeover, fences the writes of a former
// leader that has not noticed it lost the lease.
type Lease struct {
	store   LeaseStore
	opts    LeaseOptions
	now     func() time.Time
	log     *slog.Logger
	metrics *Metrics
	gen     atomic.Int64
}

// LeaseDeps are the lease's collaborators; all but Store may be nil.
type LeaseDeps struct {
	Store   LeaseStore
	Now     func() time.Time // time.Now when nil
	Log     *slog.Logger     // discards when nil
	Metrics *Metrics
}

// NewLease builds a lease.
func NewLease(deps LeaseDeps, opts LeaseOptions) *Lease {
	if opts.Holder == "" {
		opts.Holder = DefaultHolder()
	}
	if opts.TTL == 0 {
		opts.TTL = 20 * time.Second
	}
	if opts.Renew == 0 {
		opts.Renew = 5 * time.Second
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	return &Lease{store: deps.Store, opts: opts, now: deps.Now, log: deps.Log, metrics: deps.Metrics}
}

// DefaultHolder names this process: host, pid and a random suffix, so a
// restarted process is a new holder.
func DefaultHolder() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Generation is the generation of the lease this replica holds, 0 when it
// holds none; the jobs and the sender write under it.
func (l *Lease) Generation() int64 { return l.gen.Load() }

// Holder is this replica's name.
func (l *Lease) Holder() string { return l.opts.Holder }

// RunAsLeader runs fn whenever this replica holds the lease, with a context
// cancelled as soon as the lease is lost (or could not be renewed before it
// expired), and waits for fn to return before trying again. It returns
// when ctx is done, releasing the lease so a standby takes over at once,
// or when fn fails on its own.
func (l *Lease) RunAsLeader(ctx context.Context, fn func(ctx context.Context) error) error {
	steal := l.opts.Steal
	for {
		gen, ok, err := l.store.AcquireLease(ctx, l.opts.Holder, l.opts.TTL, l.now(), steal)
		steal = false // only at start: two processes must not take it from each other in turn
		switch {
		case err != nil && ctx.Err() == nil:
			l.log.Error("lease: acquire failed", "err", err)
		case ok:
			if err := l.lead(ctx, gen, fn); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(l.opts.Renew):
		}
	}
}

// lead runs fn under generation gen until the lease is lost or ctx is done.
func (l *Lease) lead(ctx context.Context, gen int64, fn func(ctx context.Context) error) error {
	l.gen.Store(gen)
	l.metrics.setLeader(true)
	l.log.Info("lease: leading", "holder", l.opts.Holder, "generation", gen)
	leaderCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- fn(leaderCtx) }()
	fnErr, finished := l.hold(leaderCtx, gen, done)
	cancel()
	if !finished {
		fnErr = <-done
	}
	l.gen.Store(0)
	l.metrics.setLeader(false)
	if ctx.Err() != nil {
		release, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer stop()
		if err := l.store.ReleaseLease(release, l.opts.Holder, gen); err != nil {
			l.log.Error("lease: release failed", "err", err)
		}
		return nil
	}
	if finished && fnErr != nil && !errors.Is(fnErr, context.Canceled) {
		return fnErr
	}
	l.log.Warn("lease: lost, standing by", "holder", l.opts.Holder, "generation", gen)
	return nil
}

// hold renews the lease every Renew until it is lost, its renewal keeps
// failing until it would have expired, ctx is done, or fn returns (then
// finished is true and fnErr its result).
func (l *Lease) hold(ctx context.Context, gen int64, done <-chan error) (fnErr error, finished bool) {
	renewed := l.now()
	tick := time.NewTicker(l.opts.Renew)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, false
		case err := <-done:
			return err, true
		case <-tick.C:
		}
		now := l.now()
		ok, err := l.store.RenewLease(ctx, l.opts.Holder, gen, l.opts.TTL, now)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, false
		case err != nil:
			l.log.Error("lease: renew failed", "err", err)
			if now.Sub(renewed) >= l.opts.TTL-l.opts.Renew {
				return nil, false // it may expire before the next try: step down
			}
		case !ok:
			return nil, false
		default:
			renewed = now
		}
	}
}
