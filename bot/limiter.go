package bot

import (
	"context"
	"sync"
	"time"
)

// Limiter paces every message the bot sends, replies and notifications,
// within Telegram's limits. The transport is its one user: it acquires a
// slot before each request and releases it when the request completed, and
// holds a chat (every chat, for chat 0) after a 429.
type Limiter interface {
	Acquire(ctx context.Context, chatID int64) (release func(), err error)
	Hold(chatID int64, until time.Time)
}

// NoLimit lets every message go at once; for tests and tools.
type NoLimit struct{}

// Acquire returns at once unless ctx is done.
func (NoLimit) Acquire(ctx context.Context, _ int64) (func(), error) { return func() {}, ctx.Err() }

// Hold does nothing: nothing is paced.
func (NoLimit) Hold(int64, time.Time) {}

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
// Minute to a group (a negative chat id). The transport, through which the
// sender and the bot's replies both go, holds the one instance, so
// together they stay within the limits.
//
// What counts is when a message reaches Telegram, which is some time after
// it is let go. A message let go by Acquire is counted from when its send
// completed (it has arrived by then): the message PerSecond places later
// goes no sooner than a Second after that, however the network delays
// either. Messages let go by Wait (for callers that cannot tell when a
// send completed) are counted from when they were let go, and Margin
// covers their delay.
type RateLimiter struct {
	limits    Limits
	now       func() time.Time
	maxFlight time.Duration // a send not released after this is counted as arrived by then

	mu      sync.Mutex
	changed chan struct{}       // closed and replaced when a send is released
	global  []*grant            // the last PerSecond grants, in order
	chats   map[int64]*grant    // the last grant per chat
	groups  map[int64][]*grant  // the last GroupPerMinute grants per group
	holds   map[int64]time.Time // after a 429: nothing to the chat until then
	holdAll time.Time
}

// grant is one message let go.
type grant struct {
	at      time.Time
	done    time.Time // when its send completed; zero for Wait's grants
	pending bool      // let go by Acquire and not yet released
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
	return &RateLimiter{limits: l, now: time.Now, maxFlight: 10 * time.Second, changed: make(chan struct{}),
		chats: map[int64]*grant{}, groups: map[int64][]*grant{}, holds: map[int64]time.Time{}}
}

// Wait returns when a message to chatID may go, counting it as sent from
// now, or ctx's error if ctx is done first.
func (l *RateLimiter) Wait(ctx context.Context, chatID int64) error {
	_, err := l.take(ctx, chatID, false)
	return err
}

// Acquire returns when a message to chatID may go; call release once its
// send has completed (whatever the outcome), so that the limits count it
// from its arrival.
func (l *RateLimiter) Acquire(ctx context.Context, chatID int64) (release func(), err error) {
	g, err := l.take(ctx, chatID, true)
	if err != nil {
		return func() {}, err
	}
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if g.pending {
			g.pending, g.done = false, l.now()
			close(l.changed)
			l.changed = make(chan struct{})
		}
	}, nil
}

func (l *RateLimiter) take(ctx context.Context, chatID int64, tracked bool) (*grant, error) {
	for {
		l.mu.Lock()
		now := l.now()
		ready, blocked := l.readyAt(chatID, now)
		if !blocked && !ready.After(now) {
			g := l.record(chatID, now, tracked)
			l.mu.Unlock()
			return g, nil
		}
		changed := l.changed
		l.mu.Unlock()
		wait := ready.Sub(now)
		if blocked {
			wait = l.maxFlight
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-changed:
			t.Stop()
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

// since is the instant a window starts counting g from; blocked while g's
// send is still in flight.
func (l *RateLimiter) since(g *grant, now time.Time) (time.Time, bool) {
	switch {
	case !g.pending && !g.done.IsZero():
		return g.done, false
	case !g.pending:
		return g.at, false
	case now.Sub(g.at) >= l.maxFlight:
		return g.at.Add(l.maxFlight), false
	}
	return time.Time{}, true
}

// readyAt is the first instant from now at which a message to chatID keeps
// every window within its limit; blocked when that depends on a send still
// in flight.
func (l *RateLimiter) readyAt(chatID int64, now time.Time) (time.Time, bool) {
	lim := l.limits
	ready := later(now, l.holdAll)
	ready = later(ready, l.holds[chatID])
	after := func(g *grant, d time.Duration) bool {
		t, blocked := l.since(g, now)
		ready = later(ready, t.Add(d+lim.Margin))
		return blocked
	}
	blocked := false
	if last, ok := l.chats[chatID]; ok {
		blocked = after(last, lim.PerChat) || blocked
	}
	if len(l.global) >= lim.PerSecond {
		blocked = after(l.global[len(l.global)-lim.PerSecond], lim.Second) || blocked
	}
	if g := l.groups[chatID]; chatID < 0 && len(g) >= lim.GroupPerMinute {
		blocked = after(g[len(g)-lim.GroupPerMinute], lim.Minute) || blocked
	}
	return ready, blocked
}

func (l *RateLimiter) record(chatID int64, now time.Time, tracked bool) *grant {
	lim := l.limits
	g := &grant{at: now, pending: tracked}
	l.global = keepLast(append(l.global, g), lim.PerSecond)
	l.chats[chatID] = g
	if chatID < 0 {
		l.groups[chatID] = keepLast(append(l.groups[chatID], g), lim.GroupPerMinute)
	}
	if len(l.chats) > 4096 {
		l.forget(now)
	}
	return g
}

// forget drops the chats no window remembers any more, so the maps do not
// grow with every chat ever written to.
func (l *RateLimiter) forget(now time.Time) {
	lim := l.limits
	for id, last := range l.chats {
		if !last.pending && now.Sub(last.at) > lim.PerChat+lim.Minute+l.maxFlight {
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

func keepLast(gs []*grant, n int) []*grant {
	if len(gs) <= n {
		return gs
	}
	return append(gs[:0], gs[len(gs)-n:]...)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
