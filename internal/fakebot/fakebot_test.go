package fakebot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/internal/fakebot"
)

func newClient(t *testing.T, fake *fakebot.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(fake.URL()),
		bot.WithSkipGetMe(),
		bot.WithErrorsHandler(func(error) {}),
	}, opts...)
	b, err := bot.New(fake.Token(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name, in, visible, err string
	}{
		{"plain", "hello", "hello", ""},
		{"tags", "<b>岳阳</b> <i>x</i> <a href=\"https://t.me\">l</a>", "岳阳 x l", ""},
		{"entities", "&lt;script&gt;&amp;&quot;&#39;&#x41;", `<script>&"'A`, ""},
		{"bare gt", "a > b", "a > b", ""},
		{"bare lt", "a < b", "", "start tag at byte offset 2"},
		{"bare lt then tag", "a < b <b>x</b>", "", "Unsupported start tag"},
		{"bare amp", "a & b", "", "must be escaped"},
		{"unknown entity", "&nbsp;", "", "Unsupported HTML entity"},
		{"unknown tag", "<script>x</script>", "", "Unsupported start tag \"script\""},
		{"unclosed", "<b>x", "", "Can't find end tag"},
		{"misnested", "<b><i>x</b></i>", "", "Unmatched end tag"},
		{"stray end", "x</b>", "", "Unmatched end tag"},
		{"span without spoiler", "<span>x</span>", "", "tg-spoiler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fakebot.ParseHTML(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseHTML(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.visible {
				t.Fatalf("ParseHTML(%q) = %q, %v; want %q", tt.in, got, err, tt.visible)
			}
		})
	}
}

func TestSendMessage(t *testing.T) {
	fake := fakebot.New(t)
	b := newClient(t, fake)
	ctx := context.Background()
	markup := json.RawMessage(`{"inline_keyboard":[[{"text":"›","callback_data":"p:2"}]]}`)
	raw := func(button string) json.RawMessage {
		return json.RawMessage(`{"inline_keyboard":[[` + button + `]]}`)
	}
	tests := []struct {
		name    string
		params  bot.SendMessageParams
		wantErr error
		desc    string
	}{
		{"ok", bot.SendMessageParams{ChatID: 7, Text: "<b>超期</b> &amp;", ParseMode: models.ParseModeHTML, ReplyMarkup: markup}, nil, ""},
		{"bad html", bot.SendMessageParams{ChatID: 7, Text: "<script>&</script>", ParseMode: models.ParseModeHTML}, bot.ErrorBadRequest, "can't parse entities"},
		{"too long", bot.SendMessageParams{ChatID: 7, Text: strings.Repeat("字", 4097)}, bot.ErrorBadRequest, "message is too long"},
		{"just fits", bot.SendMessageParams{ChatID: 7, Text: "<b>" + strings.Repeat("字", 4096) + "</b>", ParseMode: models.ParseModeHTML}, nil, ""},
		{"empty", bot.SendMessageParams{ChatID: 7, Text: " "}, bot.ErrorBadRequest, "text is empty"},
		{"long callback data", bot.SendMessageParams{ChatID: 7, Text: "x", ReplyMarkup: raw(`{"text":"x","callback_data":"` + strings.Repeat("d", 65) + `"}`)}, bot.ErrorBadRequest, "BUTTON_DATA_INVALID"},
		{"library button sends copy_text too", bot.SendMessageParams{ChatID: 7, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "›", CallbackData: "p:2"}}}}}, bot.ErrorBadRequest, "BUTTON_COPY_TEXT_INVALID"},
		{"url and callback", bot.SendMessageParams{ChatID: 7, Text: "x", ReplyMarkup: raw(`{"text":"x","url":"https://t.me/x","callback_data":"p:2"}`)}, bot.ErrorBadRequest, "BUTTON_TYPE_INVALID"},
		{"url only", bot.SendMessageParams{ChatID: 7, Text: "x", ReplyMarkup: raw(`{"text":"x","url":"https://t.me/x"}`)}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := fake.Len()
			msg, err := b.SendMessage(ctx, &tt.params)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("SendMessage error = %v, want %v", err, tt.wantErr)
			}
			calls := fake.CallsSince(n, "sendMessage")
			if len(calls) != 1 {
				t.Fatalf("recorded %d sendMessage calls, want 1", len(calls))
			}
			c := calls[0]
			if !strings.Contains(c.Description, tt.desc) || c.Text != tt.params.Text || c.ChatID != 7 {
				t.Fatalf("recorded %+v", c)
			}
			if err == nil {
				text, km, found := fake.Message(7, msg.ID)
				if !found || text != tt.params.Text || (tt.params.ReplyMarkup != nil) != (km != nil) {
					t.Fatalf("stored message %q %v %v", text, km, found)
				}
			}
		})
	}
}

func TestFaults(t *testing.T) {
	fake := fakebot.New(t)
	b := newClient(t, fake)
	ctx := context.Background()
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "hi"})
		return err
	}
	t.Run("rate limited", func(t *testing.T) {
		fake.RateLimit(2, 7)
		for i := 0; i < 2; i++ {
			var tooMany *bot.TooManyRequestsError
			if err := send(1); !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
				t.Fatalf("send %d: %v, want 429 retry_after 7", i, err)
			}
		}
		if err := send(1); err != nil {
			t.Fatalf("after the limit: %v", err)
		}
	})
	t.Run("blocked", func(t *testing.T) {
		fake.Block(2)
		if err := send(2); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "blocked") {
			t.Fatalf("send to blocked chat: %v", err)
		}
		if err := send(3); err != nil {
			t.Fatalf("send to another chat: %v", err)
		}
		fake.Unblock(2)
		if err := send(2); err != nil {
			t.Fatalf("after unblock: %v", err)
		}
	})
	t.Run("outage", func(t *testing.T) {
		fake.Outage(time.Hour, http.StatusBadGateway)
		if err := send(1); err == nil || !strings.Contains(err.Error(), "502") {
			t.Fatalf("send during outage: %v", err)
		}
		fake.Outage(0, 0)
		if err := send(1); err != nil {
			t.Fatalf("after outage: %v", err)
		}
	})
	t.Run("fail next", func(t *testing.T) {
		fake.FailNext("sendMessage", 400, "Bad Request: chat not found")
		if err := send(1); !errors.Is(err, bot.ErrorBadRequest) {
			t.Fatalf("injected failure: %v", err)
		}
		if err := send(1); err != nil {
			t.Fatalf("after it: %v", err)
		}
	})
}

func TestEditMessageText(t *testing.T) {
	fake := fakebot.New(t)
	b := newClient(t, fake)
	ctx := context.Background()
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 5, Text: "page 1"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		id         int
		desc       string
	}{
		{"edits", "page 2", msg.ID, ""},
		{"not modified", "page 2", msg.ID, "message is not modified"},
		{"not found", "page 3", msg.ID + 100, "message to edit not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 5, MessageID: tt.id, Text: tt.text})
			if (tt.desc == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.desc)) {
				t.Fatalf("EditMessageText: %v, want %q", err, tt.desc)
			}
		})
	}
	if text, _, _ := fake.Message(5, msg.ID); text != "page 2" {
		t.Fatalf("message text %q after edit", text)
	}
}

func TestSendDocumentAndCommands(t *testing.T) {
	fake := fakebot.New(t)
	b := newClient(t, fake)
	ctx := context.Background()
	data := []byte("PK\x03\x04 fake xlsx")
	_, err := b.SendDocument(ctx, &bot.SendDocumentParams{
		ChatID:    9,
		Document:  &models.InputFileUpload{Filename: "r.xlsx", Data: bytes.NewReader(data)},
		Caption:   "<b>2017Q2</b>",
		ParseMode: models.ParseModeHTML,
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls("sendDocument")
	if len(calls) != 1 || len(calls[0].Documents) != 1 || !bytes.Equal(calls[0].Documents[0].Data, data) ||
		calls[0].Documents[0].Filename != "r.xlsx" || calls[0].Visible != "2017Q2" {
		t.Fatalf("recorded %+v", calls)
	}
	cmds := []models.BotCommand{{Command: "tickets", Description: "工单"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeChat{ChatID: 9}, LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	if got := fake.Commands("chat:9", "en"); len(got) != 1 || got[0].Command != "tickets" {
		t.Fatalf("commands %v", got)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: 9}, LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	if got := fake.Commands("chat:9", "en"); len(got) != 0 {
		t.Fatalf("commands after delete %v", got)
	}
	me, err := b.GetMe(ctx)
	if err != nil || me.Username != fake.Username() {
		t.Fatalf("getMe %v %v", me, err)
	}
}

func TestGetUpdates(t *testing.T) {
	fake := fakebot.New(t)
	var mu sync.Mutex
	var got []string
	b := newClient(t, fake, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case u.Message != nil:
			got = append(got, u.Message.Text)
		case u.CallbackQuery != nil:
			got = append(got, u.CallbackQuery.Data)
		}
	}), bot.WithNotAsyncHandlers())
	alice := fakebot.Person(1001, "Alice", "alice")
	fake.SendText(alice, "/start CODE")
	fake.SendGroupText(fakebot.GroupChat(-42, "岳阳县"), alice, "hi /tickets@hotline_test_bot")
	fake.PressButton(fakebot.PrivateChat(alice), alice, 77, "p:2")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for fake.Pending() > 0 || len(snapshot(&mu, &got)) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("handled %v, %d pending", snapshot(&mu, &got), fake.Pending())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	want := []string{"/start CODE", "hi /tickets@hotline_test_bot", "p:2"}
	if strings.Join(snapshot(&mu, &got), "|") != strings.Join(want, "|") {
		t.Fatalf("handled %v, want %v", got, want)
	}
	u := fakebot.TextMessage(fakebot.PrivateChat(alice), alice, "hi /tickets@bot x", time.Now())
	if e := u.Message.Entities; len(e) != 1 || e[0].Offset != 3 || e[0].Length != 12 {
		t.Fatalf("entities %+v", e)
	}
}

func snapshot(mu *sync.Mutex, s *[]string) []string {
	mu.Lock()
	defer mu.Unlock()
	return append([]string(nil), *s...)
}

func TestGetUpdatesConflict(t *testing.T) {
	fake := fakebot.New(t, fakebot.WithMaxPoll(2*time.Second))
	b1, b2 := newClient(t, fake), newClient(t, fake)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go b1.Start(ctx)
	go b2.Start(ctx)
	_, ok := fake.WaitSince(0, 5*time.Second, func(calls []fakebot.Call) bool {
		for _, c := range calls {
			if c.Method == "getUpdates" && c.Status == http.StatusConflict {
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatal("no 409 for competing getUpdates")
	}
	cancel()
	t.Run("webhook set", func(t *testing.T) {
		if _, err := b1.SetWebhook(context.Background(), &bot.SetWebhookParams{URL: "https://example.org/telegram/webhook", SecretToken: "s"}); err != nil {
			t.Fatal(err)
		}
		if url, secret := fake.Webhook(); url == "" || secret != "s" {
			t.Fatalf("webhook %q %q", url, secret)
		}
		resp, err := http.Post(fake.URL()+"/bot"+fake.Token()+"/getUpdates", "application/json", strings.NewReader(`{"timeout":1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("getUpdates with webhook: %d, want 409", resp.StatusCode)
		}
	})
}

func TestMaxWithin(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	var calls []fakebot.Call
	for _, ms := range []int{0, 100, 900, 999, 1000, 1500, 2600} {
		calls = append(calls, fakebot.Call{Time: t0.Add(time.Duration(ms) * time.Millisecond)})
	}
	if got := fakebot.MaxWithin(calls, time.Second); got != 4 {
		t.Fatalf("MaxWithin = %d, want 4", got)
	}
}
