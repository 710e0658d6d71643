package bot

import (
	"context"
	"sync"
	"time"
)

// Limits are Telegram's sending limits. The windows are durations so that
// tests can run them scaled down.
type Limits struct {
	PerSecond      int           // messages in any one Second, all chats together (30)
	Second         time.Duration // the overall window (1s)
	PerChat        time.Duration // least gap between two messages to one chat (1s)
	GroupPerMinute int           // messages in any one Minute to one group chat (20)
	Minute         time.Duration // the group window (1m)
	// Margin widens every window, so that the jitter between pacing here
	// and arrival at Telegram never makes a burst look denser there.
	Margin time.Duration
}

// DefaultLimits are Telegram's published limits with a 50 ms margin.
func DefaultLimits() Limits {
	return Limits{PerSecond: 30, Second: time.Second, PerChat: time.Second,
		GroupPerMinute: 20, Minute: time.Minute, Margin: 50 * time.Millisecond}
}

// RateLimiter paces messages within Limits: at most PerSecond in any
// window of Second, one per PerChat to a chat, GroupPerMinute in any
// Minute to a group (a negative chat id). The sender and the bot's direct
// replies share one, so together they stay within the limits. It keeps the
// times of the messages it let go and lets the next one go at the first
// instant no window would overflow.
type RateLimiter struct {
	limits Limits
	now    func() time.Time

	mu      sync.Mutex
	global  []time.Time // the last PerSecond grants, oldest first
	chats   map[int64]time.Time
	groups  map[int64][]time.Time // the last GroupPerMinute grants per group
	holds   map[int64]time.Time   // after a 429: nothing to the chat until then
	holdAll time.Time
}

// NewLimiter builds a limiter; zero fields of l take DefaultLimits'.
func NewLimiter(l Limits) *RateLimiter {
	d := DefaultLimits()
	if l.PerSecond <= 0 {
		l.PerSecond = d.PerSecond
	}
	if l.Second <= 0 {
		l.Second = d.Second
	}
	if l.PerChat <= 0 {
		l.PerChat = d.PerChat
	}
	if l.GroupPerMinute <= 0 {
		l.GroupPerMinute = d.GroupPerMinute
	}
	if l.Minute <= 0 {
		l.Minute = d.Minute
	}
	return &RateLimiter{limits: l, now: time.Now,
		chats: map[int64]time.Time{}, groups: map[int64][]time.Time{}, holds: map[int64]time.Time{}}
}

// Wait returns when a message to chatID may go, counting it as sent, or
// ctx's error if ctx is done first.
func (l *RateLimiter) Wait(ctx context.Context, chatID int64) error {
	for {
		l.mu.Lock()
		now := l.now()
		ready := l.readyAt(chatID, now)
		if !ready.After(now) {
			l.grant(chatID, now)
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		t := time.NewTimer(ready.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Hold stops messages to chatID (every chat when chatID is 0) until until:
// Telegram answered 429 with retry_after.
func (l *RateLimiter) Hold(chatID int64, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if chatID == 0 {
		l.holdAll = later(l.holdAll, until)
		return
	}
	l.holds[chatID] = later(l.holds[chatID], until)
}

// readyAt is the first instant from now at which a message to chatID keeps
// every window within its limit.
func (l *RateLimiter) readyAt(chatID int64, now time.Time) time.Time {
	lim := l.limits
	ready := later(now, l.holdAll)
	ready = later(ready, l.holds[chatID])
	if last, ok := l.chats[chatID]; ok {
		ready = later(ready, last.Add(lim.PerChat+lim.Margin))
	}
	if len(l.global) >= lim.PerSecond {
		ready = later(ready, l.global[len(l.global)-lim.PerSecond].Add(lim.Second+lim.Margin))
	}
	if g := l.groups[chatID]; chatID < 0 && len(g) >= lim.GroupPerMinute {
		ready = later(ready, g[len(g)-lim.GroupPerMinute].Add(lim.Minute+lim.Margin))
	}
	return ready
}

func (l *RateLimiter) grant(chatID int64, now time.Time) {
	lim := l.limits
	l.global = keepLast(append(l.global, now), lim.PerSecond)
	l.chats[chatID] = now
	if chatID < 0 {
		l.groups[chatID] = keepLast(append(l.groups[chatID], now), lim.GroupPerMinute)
	}
	if len(l.chats) > 4096 {
		l.forget(now)
	}
}

// forget drops the chats no window remembers any more, so the maps do not
// grow with every chat ever written to.
func (l *RateLimiter) forget(now time.Time) {
	lim := l.limits
	for id, last := range l.chats {
		if now.Sub(last) > lim.PerChat+lim.Minute+2*lim.Margin {
			delete(l.chats, id)
			delete(l.groups, id)
		}
	}
	for id, until := range l.holds {
		if until.Before(now) {
			delete(l.holds, id)
		}
	}
}

func keepLast(ts []time.Time, n int) []time.Time {
	if len(ts) <= n {
		return ts
	}
	return append(ts[:0], ts[len(ts)-n:]...)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
