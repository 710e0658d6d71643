package jobs

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

func note(key string, at time.Time) domain.Notification {
	return domain.Notification{Key: key, Audience: supervisors, Notice: domain.Notice{Kind: domain.NoticeSummary, At: at}}
}

func TestLeaseFencing(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := teststore.Open(t, dsn), teststore.Open(t, dsn) // two replicas on one database
		t0 := time.Unix(1_800_000_000, 0)
		genA, ok, err := a.AcquireLease(ctx, "a", 20*time.Second, t0, false)
		if err != nil || !ok || genA != 1 {
			t.Fatalf("a acquires: %d %v %v", genA, ok, err)
		}
		if _, ok, _ := b.AcquireLease(ctx, "b", 20*time.Second, t0.Add(5*time.Second), false); ok {
			t.Fatal("b took a live lease")
		}
		if ok, err := a.RenewLease(ctx, "a", genA, 20*time.Second, t0.Add(10*time.Second)); !ok || err != nil {
			t.Fatalf("a renews: %v %v", ok, err)
		}
		if _, ok, _ := b.AcquireLease(ctx, "b", 20*time.Second, t0.Add(25*time.Second), false); ok {
			t.Fatal("b took a lease renewed until t0+30s")
		}
		genB, ok, err := b.AcquireLease(ctx, "b", 20*time.Second, t0.Add(31*time.Second), false)
		if err != nil || !ok || genB != genA+1 {
			t.Fatalf("b takes over the expired lease: %d %v %v", genB, ok, err)
		}
		// The paused former leader wakes up: every write of its fails.
		if ok, _ := a.RenewLease(ctx, "a", genA, 20*time.Second, t0.Add(32*time.Second)); ok {
			t.Error("a renewed a lease it lost")
		}
		if _, err := a.Enqueue(ctx, genA, []domain.Notification{note("from-a", t0)}); !errors.Is(err, domain.ErrFenced) {
			t.Errorf("a's write: %v, want ErrFenced", err)
		}
		if err := a.RecordDelivery(ctx, genA, domain.Delivery{NotificationID: 1, ContactID: 1, Parts: 1, State: domain.DeliverySent}, t0); !errors.Is(err, domain.ErrFenced) {
			t.Errorf("a's delivery record: %v, want ErrFenced", err)
		}
		if n, err := b.Enqueue(ctx, genB, []domain.Notification{note("from-b", t0)}); err != nil || n != 1 {
			t.Errorf("b's write: %d %v", n, err)
		}
	})
}

// crashStore is a LeaseStore whose holder dies: it never releases.
type crashStore struct{ *store.Store }

func (crashStore) ReleaseLease(context.Context, string, int64) error { return nil }

// triesStore is a LeaseStore that counts the holder's tries to acquire.
type triesStore struct {
	*store.Store
	tries atomic.Int64
}

func (s *triesStore) AcquireLease(ctx context.Context, holder string, ttl time.Duration, now time.Time, steal bool) (int64, bool, error) {
	s.tries.Add(1)
	return s.Store.AcquireLease(ctx, holder, ttl, now, steal)
}

func TestRunAsLeaderHandsOver(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		opts := func(name string) LeaseOptions {
			return LeaseOptions{Holder: name, TTL: 400 * time.Millisecond, Renew: 50 * time.Millisecond}
		}
		a := NewLease(LeaseDeps{Store: crashStore{teststore.Open(t, dsn)}}, opts("a"))
		bStore := &triesStore{Store: teststore.Open(t, dsn)}
		b := NewLease(LeaseDeps{Store: bStore}, opts("b"))
		var leading atomic.Value
		leading.Store("")
		run := func(l *Lease, name string) func(ctx context.Context) error {
			return func(ctx context.Context) error {
				leading.Store(name)
				<-ctx.Done()
				return nil
			}
		}
		ctxA, killA := context.WithCancel(context.Background())
		doneA := make(chan error, 1)
		go func() { doneA <- a.RunAsLeader(ctxA, run(a, "a")) }()
		waitFor(t, func() bool { return leading.Load() == "a" }, "a to lead")
		ctxB, stopB := context.WithCancel(context.Background())
		defer stopB()
		doneB := make(chan error, 1)
		go func() { doneB <- b.RunAsLeader(ctxB, run(b, "b")) }()
		waitFor(t, func() bool { return bStore.tries.Load() >= 3 }, "b to try for the lease three times")
		if got := leading.Load(); got != "a" {
			t.Fatalf("%s leads while a's lease is live", got)
		}
		killA()
		<-doneA
		died := time.Now()
		waitFor(t, func() bool { return leading.Load() == "b" }, "b to take over")
		if took := time.Since(died); took > 400*time.Millisecond+200*time.Millisecond {
			t.Errorf("takeover took %v, want within TTL plus a renew interval", took)
		}
		if b.Generation() != 2 {
			t.Errorf("b's generation %d, want 2", b.Generation())
		}
		stopB()
		<-doneB
	})
}

func TestRunAsLeaderStepsDownWhenLeaseIsTaken(t *testing.T) {
	st := teststore.Open(t, storetest.SQLite(t))
	l := NewLease(LeaseDeps{Store: st, Metrics: NewMetrics(nil)}, LeaseOptions{Holder: "a", TTL: time.Second, Renew: 30 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lost := make(chan struct{})
	started := make(chan struct{}, 4)
	go func() {
		_ = l.RunAsLeader(ctx, func(ctx context.Context) error {
			started <- struct{}{}
			<-ctx.Done()
			select {
			case <-lost:
			default:
				close(lost)
			}
			return nil
		})
	}()
	<-started
	if _, ok, err := st.AcquireLease(context.Background(), "b", time.Hour, time.Now(), true); !ok || err != nil {
		t.Fatalf("b steals: %v %v", ok, err)
	}
	select {
	case <-lost:
	case <-time.After(2 * time.Second):
		t.Fatal("a kept leading after losing the lease")
	}
	waitFor(t, func() bool { return l.Generation() == 0 }, "the generation to be given up")
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
