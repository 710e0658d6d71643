package bot

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
)

// holdLimiter lets everything go and records the holds asked of it.
type holdLimiter struct {
	mu    sync.Mutex
	holds map[int64]time.Time
}

func (l *holdLimiter) Acquire(ctx context.Context, _ int64) (func(), error) {
	return func() {}, ctx.Err()
}

func (l *holdLimiter) Hold(chatID int64, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holds[chatID] = until
}

// fakeContacts is one contact per chat, as the store keeps them.
type fakeContacts struct {
	mu       sync.Mutex
	byChat   map[int64]domain.Contact
	notified []domain.Notification
	gens     []int64
}

func (f *fakeContacts) Contact(_ context.Context, chatID int64) (domain.Contact, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.byChat[chatID]
	if !ok {
		return domain.Contact{}, domain.ErrNotFound
	}
	return c, nil
}

func (f *fakeContacts) SetInactive(_ context.Context, chatID int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.byChat[chatID]
	if !ok {
		return domain.ErrNotFound
	}
	c.Active = false
	f.byChat[chatID] = c
	return nil
}

func (f *fakeContacts) Enqueue(_ context.Context, gen int64, notes []domain.Notification) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notified = append(f.notified, notes...)
	f.gens = append(f.gens, gen)
	return len(notes), nil
}

// The transport's answer to each kind of Bot API failure, once each, for a
// reply (patience of two minutes) and for a notification (tried once; the
// outbox retries it). The transport and its waits run on a clock 1000
// times faster than real time.
func TestTransport(t *testing.T) {
	const chat = 1001
	deadURL := "http://127.0.0.1:1" // nothing listens: connection refused
	tests := []struct {
		name      string
		patience  time.Duration
		fault     func(f *fakebot.Server)
		deadOnce  bool // the first try meets a network error
		wantKind  ErrKind
		wantTries int // calls that reached the fake
		check     func(t *testing.T, l *holdLimiter, cs *fakeContacts)
	}{
		{name: "429 holds the chat for retry_after, then sends", patience: 0,
			fault: func(f *fakebot.Server) { f.RateLimit(1, 7) }, wantKind: NoError, wantTries: 2,
			check: func(t *testing.T, l *holdLimiter, _ *fakeContacts) {
				if until, ok := l.holds[chat]; !ok || time.Until(until) < 5*time.Second {
					t.Errorf("chat held until %v (ok %v), want about 7 s from the 429", until, ok)
				}
			}},
		{name: "403 deactivates the contact and tells the admins once", patience: 2 * time.Minute,
			fault: func(f *fakebot.Server) { f.Block(chat) }, wantKind: Forbidden, wantTries: 1,
			check: func(t *testing.T, _ *holdLimiter, cs *fakeContacts) {
				if cs.byChat[chat].Active {
					t.Error("the contact is still active")
				}
				if len(cs.notified) != 1 || cs.notified[0].Notice.Kind != domain.NoticeContactBlocked ||
					cs.notified[0].Audience.Kind != domain.AudienceAdmins || cs.gens[0] != 7 {
					t.Errorf("admins' notices %+v under generations %v", cs.notified, cs.gens)
				}
			}},
		{name: "5xx on a reply is retried until Telegram is back", patience: 2 * time.Minute,
			fault: func(f *fakebot.Server) {
				f.FailNext("sendMessage", http.StatusBadGateway, "Bad Gateway")
				f.FailNext("sendMessage", http.StatusServiceUnavailable, "Service Unavailable")
			}, wantKind: NoError, wantTries: 3},
		{name: "5xx on a notification comes back for the outbox to retry", patience: 0,
			fault: func(f *fakebot.Server) {
				f.FailNext("sendMessage", http.StatusInternalServerError, "Internal Server Error")
			},
			wantKind: Transient, wantTries: 1},
		{name: "a network error on a reply is retried", patience: 2 * time.Minute,
			deadOnce: true, wantKind: NoError, wantTries: 1},
		{name: "a 400 is not retried", patience: 2 * time.Minute,
			fault: func(f *fakebot.Server) {
				f.FailNext("sendMessage", http.StatusBadRequest, "Bad Request: can't parse entities")
			},
			wantKind: BadRequest, wantTries: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakebot.New(t)
			live, err := NewClient(ClientConfig{Token: fake.Token(), APIURL: fake.URL()})
			if err != nil {
				t.Fatal(err)
			}
			dead, err := NewClient(ClientConfig{Token: fake.Token(), APIURL: deadURL})
			if err != nil {
				t.Fatal(err)
			}
			if tt.fault != nil {
				tt.fault(fake)
			}
			clk := testkit.NewFastClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), 1000)
			lim := &holdLimiter{holds: map[int64]time.Time{}}
			cs := &fakeContacts{byChat: map[int64]domain.Contact{chat: {ID: 1, ChatID: chat, Name: "Alice", Role: domain.RoleLiaison, Active: true}}}
			tr := NewTransport(TransportDeps{Limiter: lim, Contacts: cs, Admins: cs, Fence: fixedGen(7)},
				TransportOptions{Now: clk.Now, Sleep: clk.Sleep})
			tries := 0
			err = tr.Send(context.Background(), Call{ChatID: chat, Method: "sendMessage", Text: "<b>提醒</b>", Patience: tt.patience,
				Do: func(ctx context.Context) error {
					tries++
					api := live
					if tt.deadOnce && tries == 1 {
						api = dead
					}
					_, err := api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: "<b>提醒</b>", ParseMode: "HTML"})
					return err
				}})
			if kind, _ := Classify(err); kind != tt.wantKind {
				t.Fatalf("Send: %v (%v), want %v", kind, err, tt.wantKind)
			}
			if n := len(fake.Calls("sendMessage")); n != tt.wantTries {
				t.Errorf("%d calls reached the Bot API, want %d", n, tt.wantTries)
			}
			if tt.check != nil {
				tt.check(t, lim, cs)
			}
		})
	}
}

// A reply that Telegram never takes within the patience is dropped and
// counted, and a reply being retried at shutdown gives up at once.
func TestReplyGivesUp(t *testing.T) {
	fake := fakebot.New(t)
	fake.Outage(time.Hour, http.StatusBadGateway)
	api, err := NewClient(ClientConfig{Token: fake.Token(), APIURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	clk := testkit.NewFastClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), 1000)
	m := NewTransportMetrics(nil)
	tr := NewTransport(TransportDeps{}, TransportOptions{Now: clk.Now, Sleep: clk.Sleep, Metrics: m})
	send := func(ctx context.Context) error {
		_, err := api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: 1001, Text: "hi"})
		return err
	}
	start := clk.Now()
	tr.Reply(context.Background(), Call{ChatID: 1001, Method: "sendMessage", Do: send})
	// No wait goes past the two minutes; the last try itself may end a
	// little after (a millisecond of real time is a second on this clock).
	if took := clk.Now().Sub(start); took < 90*time.Second || took > 2*time.Minute+30*time.Second {
		t.Errorf("gave up after %v, want at about two minutes", took)
	}
	if got := counterValue(t, m.droppedTotal.WithLabelValues("transient")); got != 1 {
		t.Errorf("dropped replies counted %v, want 1", got)
	}

	stop := make(chan struct{})
	close(stop)
	before := len(fake.Calls("sendMessage"))
	tr.Reply(context.Background(), Call{ChatID: 1001, Method: "sendMessage", Do: send, Stop: stop})
	if n := len(fake.Calls("sendMessage")) - before; n != 1 {
		t.Errorf("%d tries after shutdown began, want the one in flight", n)
	}
}
