package fakebot_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/internal/fakebot"
)

func TestSendPhoto(t *testing.T) {
	fake := fakebot.New(t)
	b := newClient(t, fake)
	ctx := context.Background()
	png := pngOf(t, 20, 10) // Telegram refuses bytes that are not an image
	tests := []struct {
		name    string
		params  bot.SendPhotoParams
		wantErr string
	}{
		{"uploaded", bot.SendPhotoParams{ChatID: 9, Photo: &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(png)},
			Caption: "<b>按期办结率</b>", ParseMode: models.ParseModeHTML}, ""},
		{"no file", bot.SendPhotoParams{ChatID: 9, Photo: &models.InputFileString{Data: "https://example.org/x.png"}}, "there is no photo"},
		{"caption too long", bot.SendPhotoParams{ChatID: 9, Photo: &models.InputFileUpload{Filename: "c.png", Data: bytes.NewReader(png)},
			Caption: strings.Repeat("字", 1025)}, "caption is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := fake.Len()
			msg, err := b.SendPhoto(ctx, &tt.params)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("SendPhoto error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(msg.Photo) != 1 || msg.Caption != "按期办结率" {
				t.Fatalf("SendPhoto = %+v, %v", msg, err)
			}
			calls := fake.CallsSince(n, "sendPhoto")
			if len(calls) != 1 || calls[0].Seq != n || len(calls[0].Documents) != 1 ||
				calls[0].Documents[0].Field != "photo" || !bytes.Equal(calls[0].Documents[0].Data, png) {
				t.Fatalf("recorded %+v", calls)
			}
		})
	}
}

// TestSync checks the barrier the chat console waits on: it holds until a
// client has taken the queued updates and acknowledged the press it queues.
func TestSync(t *testing.T) {
	alice := fakebot.Person(1001, "Alice", "alice")
	t.Run("nobody polling", func(t *testing.T) {
		fake := fakebot.New(t)
		if fake.Sync(alice, 50*time.Millisecond) {
			t.Fatal("Sync reported an answer nobody gave")
		}
	})
	t.Run("answered after the message before it", func(t *testing.T) {
		fake := fakebot.New(t)
		seen := make(chan string, 2)
		b := newClient(t, fake, bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
			switch {
			case u.Message != nil:
				seen <- u.Message.Text
			case u.CallbackQuery != nil && u.CallbackQuery.Message.InaccessibleMessage != nil &&
				u.CallbackQuery.Message.InaccessibleMessage.Chat.ID == alice.ID:
				seen <- "sync"
				_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
			}
		}), bot.WithNotAsyncHandlers())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go b.Start(ctx)
		fake.SendText(alice, "/grade")
		if !fake.Sync(alice, 5*time.Second) {
			t.Fatal("Sync did not see its press answered")
		}
		if got := []string{<-seen, <-seen}; got[0] != "/grade" || got[1] != "sync" {
			t.Fatalf("handled %v, want the message then the sync press", got)
		}
		syncs := 0
		for _, c := range fake.Calls() {
			if fakebot.IsSync(c) {
				syncs++
			}
		}
		if syncs != 1 {
			t.Fatalf("IsSync matched %d calls, want 1", syncs)
		}
	})
}

func TestStartWithoutATest(t *testing.T) {
	fake := fakebot.Start()
	b := newClient(t, fake)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 1, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	fake.Close()
	_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 1, Text: "hi"})
	if err == nil || errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("send after Close: %v, want a connection error", err)
	}
}
