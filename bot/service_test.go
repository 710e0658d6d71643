package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/bot"
	"hotlinebot/internal/fakebot"
)

func TestWebhook(t *testing.T) {
	const secret = "s3cret-token"
	h := newHarness(t, func(c *bot.Options, _ *bot.Deps) {
		c.WebhookURL = "https://hotline.example.org" + bot.WebhookPath
		c.WebhookSecret = secret
	})
	if _, ok := h.fake.WaitSince(0, 5*time.Second, fakebot.Count("setWebhook", 1)); !ok {
		t.Fatal("webhook not registered")
	}
	if u, s := h.fake.Webhook(); u != "https://hotline.example.org/telegram/webhook" || s != secret {
		t.Fatalf("webhook registered as %q %q", u, s)
	}
	srv := httptest.NewServer(h.svc.WebhookHandler())
	defer srv.Close()
	body, err := json.Marshal(fakebot.TextMessage(fakebot.PrivateChat(alice), alice, "/help", testNow))
	if err != nil {
		t.Fatal(err)
	}
	post := func(method, token string) int {
		req, err := http.NewRequest(method, srv.URL, strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, method, token string
		want                int
	}{
		{"no secret", http.MethodPost, "", http.StatusUnauthorized},
		{"wrong secret", http.MethodPost, "guess", http.StatusUnauthorized},
		{"GET", http.MethodGet, secret, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(tt.method, tt.token); got != tt.want {
				t.Fatalf("status %d, want %d", got, tt.want)
			}
		})
	}
	if n := len(h.fake.Calls("sendMessage")); n != 0 {
		t.Fatalf("refused webhook calls were answered: %d messages", n)
	}
	mark := h.fake.Len()
	if got := post(http.MethodPost, secret); got != http.StatusOK {
		t.Fatalf("status %d for the right secret", got)
	}
	reply := h.replyAfter(t, mark, alice.ID)
	if !strings.Contains(reply.Text, "/tickets") {
		t.Fatalf("webhook update answered %q", reply.Text)
	}
	if n := len(h.fake.Calls("getUpdates")); n != 0 {
		t.Fatalf("webhook mode polled %d times", n)
	}

	// The same update replayed is dropped; the next one is answered.
	mark = h.fake.Len()
	if got := post(http.MethodPost, secret); got != http.StatusOK {
		t.Fatalf("status %d for the replay", got)
	}
	next := fakebot.TextMessage(fakebot.PrivateChat(alice), alice, "/lang", testNow)
	next.ID = 1
	if body, err = json.Marshal(next); err != nil {
		t.Fatal(err)
	}
	if got := post(http.MethodPost, secret); got != http.StatusOK {
		t.Fatalf("status %d for the next update", got)
	}
	if after := h.replyAfter(t, mark, alice.ID); strings.Contains(after.Text, "/tickets") {
		t.Fatalf("the replayed /help was answered again: %q", after.Text)
	}
}

func TestBlockedChatDeactivates(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.fake.Block(alice.ID)
	mark := h.fake.Len()
	h.fake.SendText(alice, "/help")
	if _, ok := h.fake.WaitSince(mark, 5*time.Second, func(calls []fakebot.Call) bool {
		return len(calls) > 0 && calls[len(calls)-1].Status == http.StatusForbidden
	}); !ok {
		t.Fatal("no 403")
	}
	waitFor(t, func() bool {
		c, err := h.st.Contact(ctx, alice.ID)
		return err == nil && !c.Active
	})
	h.fake.Unblock(alice.ID)
	h.say(t, alice, "/help")
	if c, _ := h.st.Contact(ctx, alice.ID); !c.Active {
		t.Fatal("a contact that writes again is still inactive")
	}
}

func TestBotRemovedDeactivates(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.fake.Push(models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: fakebot.PrivateChat(bob), From: bob, Date: int(testNow.Unix()),
		OldChatMember: models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &bob}},
		NewChatMember: models.ChatMember{Type: models.ChatMemberTypeBanned, Banned: &models.ChatMemberBanned{User: &bob}},
	}})
	waitFor(t, func() bool {
		c, err := h.st.Contact(ctx, bob.ID)
		return err == nil && !c.Active
	})
}

func TestRateLimitedReplyRetried(t *testing.T) {
	h := newHarness(t)
	h.fake.RateLimit(1, 1)
	start := time.Now()
	h.say(t, alice, "/help")
	sends := h.fake.Calls("sendMessage")
	if len(sends) != 2 || sends[0].Status != http.StatusTooManyRequests || sends[1].Time.Sub(sends[0].Time) < time.Second {
		t.Fatalf("sends %+v", sends)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("retry took too long")
	}
}

func TestRunSurvivesOutage(t *testing.T) {
	h := newHarness(t)
	h.fake.Outage(1500*time.Millisecond, http.StatusBadGateway)
	got := h.say(t, alice, "/help")
	if !strings.Contains(got.Text, "/tickets") {
		t.Fatalf("after the outage: %q", got.Text)
	}
	failed := 0
	for _, c := range h.fake.Calls("getUpdates") {
		if c.Status == http.StatusBadGateway {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("the outage was never seen")
	}
}

// gateLimiter holds every message until released, to catch Run in the
// middle of a reply.
type gateLimiter struct {
	entered chan struct{}
	release chan struct{}
}

func (g gateLimiter) Acquire(ctx context.Context, _ int64) (func(), error) {
	select {
	case g.entered <- struct{}{}:
	default:
	}
	select {
	case <-g.release:
		return func() {}, nil
	case <-ctx.Done():
		return func() {}, ctx.Err()
	}
}

func (gateLimiter) Hold(int64, time.Time) {}

func TestShutdownFinishesInFlight(t *testing.T) {
	gate := gateLimiter{entered: make(chan struct{}, 1), release: make(chan struct{})}
	h := newHarness(t, func(_ *bot.Options, d *bot.Deps) {
		d.Transport = bot.NewTransport(bot.TransportDeps{Limiter: gate, Contacts: d.Store}, bot.TransportOptions{})
	})
	h.fake.SendText(alice, "/help")
	select {
	case <-gate.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the reply never reached the limiter")
	}
	stopped := make(chan struct{})
	go func() { h.stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Run returned with a reply in flight")
	case <-time.After(200 * time.Millisecond):
	}
	close(gate.release)
	<-stopped
	if sends := h.fake.Calls("sendMessage"); len(sends) != 1 || !sends[0].OK() {
		t.Fatalf("the in-flight reply: %+v", sends)
	}
}

func TestNewValidates(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name string
		cfg  bot.Options
		want string
	}{
		{"no token", bot.Options{}, "TELEGRAM_BOT_TOKEN"},
		{"webhook without secret", bot.Options{Token: "1:x", WebhookURL: "https://x"}, "TELEGRAM_WEBHOOK_SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bot.New(bot.Deps{Store: h.st}, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New error %v, want it to name %s", err, tt.want)
			}
		})
	}
	if got := bot.InviteLink("@hotline_bot", "ABC"); got != "https://t.me/hotline_bot?start=ABC" {
		t.Fatalf("InviteLink = %q", got)
	}
	name, err := h.svc.Username(context.Background())
	if err != nil || name != "hotline_test_bot" {
		t.Fatalf("Username = %q, %v", name, err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		kind  bot.ErrKind
		after time.Duration
	}{
		{"nil", nil, bot.NoError, 0},
		{"429", fmt.Errorf("send: %w", &tgbot.TooManyRequestsError{Message: "too many requests", RetryAfter: 7}), bot.RateLimited, 7 * time.Second},
		{"429 without retry_after", &tgbot.TooManyRequestsError{}, bot.RateLimited, time.Second},
		{"403", fmt.Errorf("%w, Forbidden: bot was blocked by the user", tgbot.ErrorForbidden), bot.Forbidden, 0},
		{"400", fmt.Errorf("%w, Bad Request: can't parse entities", tgbot.ErrorBadRequest), bot.BadRequest, 0},
		{"5xx", fmt.Errorf("error do request for method sendMessage, %w", &url.Error{Op: "Post", URL: "x", Err: &bot.ServerError{Status: 502}}), bot.Transient, 0},
		{"network", fmt.Errorf("error do request, %w", &url.Error{Op: "Post", URL: "x", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}), bot.Transient, 0},
		{"timeout", fmt.Errorf("x: %w", context.DeadlineExceeded), bot.Transient, 0},
		{"shutdown", fmt.Errorf("x: %w", context.Canceled), bot.Other, 0},
		{"401", fmt.Errorf("%w, Unauthorized", tgbot.ErrorUnauthorized), bot.Other, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, after := bot.Classify(tt.err)
			if kind != tt.kind || after != tt.after {
				t.Fatalf("Classify = %v, %v; want %v, %v", kind, after, tt.kind, tt.after)
			}
		})
	}
}

// TestClientClassifiesServerErrors runs the real client against a fake in
// an outage and against a proxy that answers 502 in HTML.
func TestClientClassifiesServerErrors(t *testing.T) {
	fake := fakebot.New(t)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body>502 Bad Gateway</body></html>")
	}))
	defer proxy.Close()
	fake.Outage(time.Hour, http.StatusServiceUnavailable)
	for name, apiURL := range map[string]string{"telegram 503": fake.URL(), "proxy 502": proxy.URL} {
		t.Run(name, func(t *testing.T) {
			c, err := bot.NewClient(bot.ClientConfig{Token: fake.Token(), APIURL: apiURL})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: 1, Text: "x"})
			var server *bot.ServerError
			if kind, _ := bot.Classify(err); kind != bot.Transient || !errors.As(err, &server) || server.Method != "sendMessage" {
				t.Fatalf("error %v classified %v", err, kind)
			}
			if strings.Contains(err.Error(), fake.Token()) {
				t.Fatalf("the error shows the token: %v", err)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
