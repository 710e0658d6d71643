package bot

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"
)

// scaledLimits are Telegram's limits with shorter windows (a "second" of
// 100 ms, a "minute" of 1 s, a chat's gap of 20 ms so that the group limit
// binds as it does at real scale), so a test sees several windows of each
// in about a second.
func scaledLimits() Limits {
	return Limits{PerSecond: 30, Second: 100 * time.Millisecond, PerChat: 20 * time.Millisecond,
		GroupPerMinute: 20, Minute: time.Second, Margin: 5 * time.Millisecond}
}

// peak is the most times in any window of length d.
func peak(times []time.Time, d time.Duration) int {
	sorted := append([]time.Time(nil), times...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	best, lo := 0, 0
	for hi := range sorted {
		for sorted[hi].Sub(sorted[lo]) >= d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

func minGap(times []time.Time) time.Duration {
	sorted := append([]time.Time(nil), times...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	gap := time.Duration(1 << 62)
	for i := 1; i < len(sorted); i++ {
		gap = min(gap, sorted[i].Sub(sorted[i-1]))
	}
	return gap
}

func TestLimiterWindows(t *testing.T) {
	lim := scaledLimits()
	l := NewLimiter(lim)
	var mu sync.Mutex
	grants := map[int64][]time.Time{}
	var all []time.Time
	var wg sync.WaitGroup
	send := func(chat int64, n int) {
		defer wg.Done()
		for range n {
			if err := l.Wait(context.Background(), chat); err != nil {
				t.Error(err)
				return
			}
			now := time.Now()
			mu.Lock()
			grants[chat] = append(grants[chat], now)
			all = append(all, now)
			mu.Unlock()
		}
	}
	for chat := int64(1); chat <= 90; chat++ { // a burst to 90 people
		wg.Add(1)
		go send(chat, 1)
	}
	wg.Add(3)
	go send(1000, 5) // one person, several messages
	go send(-1, 25)  // a group: 20 a "minute"
	go send(-2, 25)
	wg.Wait()
	if p := peak(all, lim.Second); p > lim.PerSecond {
		t.Errorf("%d messages within one window, limit %d", p, lim.PerSecond)
	}
	for chat, ts := range grants {
		if g := minGap(ts); len(ts) > 1 && g < lim.PerChat {
			t.Errorf("chat %d: two messages %v apart, limit one per %v", chat, g, lim.PerChat)
		}
		if p := peak(ts, lim.Minute); chat < 0 && p > lim.GroupPerMinute {
			t.Errorf("group %d: %d messages within a minute window, limit %d", chat, p, lim.GroupPerMinute)
		}
	}
	t.Logf("peak %d per scaled second over %d messages", peak(all, lim.Second), len(all))
}

func TestLimiterHoldAndCancel(t *testing.T) {
	l := NewLimiter(scaledLimits())
	l.Hold(7, time.Now().Add(150*time.Millisecond))
	start := time.Now()
	if err := l.Wait(context.Background(), 8); err != nil || time.Since(start) > 50*time.Millisecond {
		t.Errorf("another chat waited %v (%v)", time.Since(start), err)
	}
	if err := l.Wait(context.Background(), 7); err != nil || time.Since(start) < 150*time.Millisecond {
		t.Errorf("held chat went after %v (%v)", time.Since(start), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx, 7); err == nil {
		t.Error("a second message to the chat within its gap did not wait for the context")
	}
}
