package bot_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/bot"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
)

// A liaison asks for /grade and then /help while the Bot API answers 502
// for 30 seconds. Both replies arrive once it is back, in the order asked,
// as they read without an outage (the golden files), and none is dropped.
// The bot, its transport and the fake Bot API share a clock running 100
// times faster than real time, so the outage takes 0.3 s. Updates come by
// webhook, which the outage does not stop.
func TestReplySurvivesOutage(t *testing.T) {
	const secret = "s3cret-token"
	clk := testkit.NewFastClock(testNow, 100)
	reg := prometheus.NewRegistry()
	metrics := bot.NewTransportMetrics(reg)
	h := newHarnessWith(t, []fakebot.Option{fakebot.WithClock(clk.Now)}, func(c *bot.Options, d *bot.Deps) {
		c.WebhookURL, c.WebhookSecret = "https://hotline.example.org"+bot.WebhookPath, secret
		d.Transport = bot.NewTransport(bot.TransportDeps{Contacts: d.Store},
			bot.TransportOptions{Now: clk.Now, Sleep: clk.Sleep, Metrics: metrics})
	})
	hook := httptest.NewServer(h.svc.WebhookHandler())
	defer hook.Close()

	mark := h.fake.Len()
	outageEnds := clk.Now().Add(30 * time.Second)
	h.fake.Outage(30*time.Second, http.StatusBadGateway)
	chat := fakebot.PrivateChat(alice)
	for i, text := range []string{"/grade", "/help"} {
		u := fakebot.TextMessage(chat, alice, text, testNow)
		u.ID = int64(900 + i)
		postUpdate(t, hook.URL, secret, u)
	}

	calls, ok := h.fake.WaitSince(mark, 20*time.Second, func(cs []fakebot.Call) bool { return len(okReplies(cs, alice.ID)) >= 2 })
	got := okReplies(calls, alice.ID)
	if !ok {
		t.Fatalf("%d of 2 replies delivered after the outage; calls: %+v", len(got), calls)
	}
	refused := 0
	for _, c := range replies(calls, alice.ID) {
		if c.Status == http.StatusBadGateway {
			refused++
		}
	}
	if refused < 2 {
		t.Errorf("%d tries met the outage, want several", refused)
	}
	if got[0].Time.Before(outageEnds) {
		t.Errorf("first reply taken at %v, before the outage ended at %v", got[0].Time, outageEnds)
	}
	golden(t, "liaison_grade.zh", render(got[0]))
	golden(t, "liaison_help.zh", render(got[1]))
	if n := counted(t, reg, "hotline_replies_dropped_total"); n != 0 {
		t.Errorf("%v replies counted as dropped", n)
	}
}

// postUpdate delivers u to the bot's webhook handler as Telegram would.
func postUpdate(t *testing.T, url, secret string, u models.Update) {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook answered %d", resp.StatusCode)
	}
}

// okReplies are the replies in chatID that Telegram took, in order.
func okReplies(calls []fakebot.Call, chatID int64) []fakebot.Call {
	var out []fakebot.Call
	for _, c := range replies(calls, chatID) {
		if c.OK() {
			out = append(out, c)
		}
	}
	return out
}

// counted sums the counter family name in reg, over all its labels.
func counted(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range families {
		if f.GetName() == name {
			for _, m := range f.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}
