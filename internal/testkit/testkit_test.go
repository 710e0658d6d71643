package testkit_test

import (
	"context"
	"testing"
	"time"

	"hotlinebot/internal/testkit"
)

func TestShanghai(t *testing.T) {
	at := time.Date(2026, 11, 27, 8, 30, 0, 0, testkit.Shanghai())
	if _, off := at.Zone(); off != 8*3600 {
		t.Errorf("offset = %d s, want %d", off, 8*3600)
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		move func(c *testkit.Clock)
		want time.Time
	}{
		{"still", func(*testkit.Clock) {}, start},
		{"add", func(c *testkit.Clock) { c.Add(time.Minute) }, start.Add(time.Minute)},
		{"set", func(c *testkit.Clock) { c.Set(start.AddDate(1, 0, 0)) }, start.AddDate(1, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testkit.NewClock(start)
			tt.move(c)
			if got := c.Now(); !got.Equal(tt.want) {
				t.Errorf("Now() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFastClock(t *testing.T) {
	start := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	c := testkit.NewFastClock(start, 1000)
	began := time.Now()
	if !c.Sleep(context.Background(), 30*time.Second) {
		t.Fatal("Sleep reported an ended context")
	}
	if real := time.Since(began); real > 5*time.Second {
		t.Errorf("30 s on the clock took %v of real time at 1000×", real)
	}
	if got := c.Now().Sub(start); got < 30*time.Second {
		t.Errorf("the clock moved %v during a 30 s sleep", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c.Sleep(ctx, time.Hour) {
		t.Error("Sleep on an ended context reported the full wait")
	}
}
