package main

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A leader's part that fails stops the others and its error, named, ends
// the term (serve then stops with it) instead of being dropped.
func TestRunAllReportsAFailure(t *testing.T) {
	boom := errors.New("boom")
	stopped := make(chan string, 2)
	waitStop := func(name string) func(context.Context) error {
		return func(ctx context.Context) error {
			<-ctx.Done()
			stopped <- name
			return nil
		}
	}
	done := make(chan error, 1)
	go func() {
		done <- runAll(context.Background(),
			worker{"scheduler", waitStop("scheduler")},
			worker{"sender", func(context.Context) error { return boom }},
			worker{"bot", waitStop("bot")})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, boom) || err.Error() != "sender: boom" {
			t.Fatalf("runAll = %v, want sender: boom", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runAll did not return after a part failed")
	}
	if len(stopped) != 2 {
		t.Errorf("%d of the 2 other parts stopped", len(stopped))
	}
}

// Parts stopped by the end of the term are not failures.
func TestRunAllQuietOnShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := runAll(ctx, worker{"sender", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }})
	if err != nil {
		t.Errorf("runAll after shutdown = %v, want nil", err)
	}
}
