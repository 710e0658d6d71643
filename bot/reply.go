package bot

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// replyAttempts is how often a reply is tried when Telegram asks to wait
// or is briefly unreachable.
const replyAttempts = 3

// respond answers the request: an edit of the pressed button's message, or
// a new message.
func (s *Service) respond(ctx context.Context, req *request, text string, markup *keyboard) {
	if req.editID != 0 {
		s.edit(ctx, req.chat.ID, req.editID, text, markup)
		return
	}
	s.send(ctx, req.chat.ID, text, markup)
}

// fail logs an internal error and tells the user politely.
func (s *Service) fail(ctx context.Context, req *request, what string, err error) {
	s.log.Error("bot command failed", "what", what, "command", req.cmd.name, "chat_id", req.chat.ID, "err", err)
	s.respond(ctx, req, req.loc.p.internalError, nil)
}

func noPreview() *models.LinkPreviewOptions {
	return &models.LinkPreviewOptions{IsDisabled: tgbot.True()}
}

func (s *Service) send(ctx context.Context, chatID int64, text string, markup *keyboard) {
	params := &tgbot.SendMessageParams{ChatID: chatID, Text: text, ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview()}
	if markup != nil {
		params.ReplyMarkup = markup
	}
	s.deliver(ctx, chatID, "sendMessage", text, func(ctx context.Context) error {
		_, err := s.api.SendMessage(ctx, params)
		return err
	})
}

func (s *Service) edit(ctx context.Context, chatID int64, messageID int, text string, markup *keyboard) {
	params := &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: messageID, Text: text,
		ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview()}
	if markup != nil {
		params.ReplyMarkup = markup
	}
	gone := false
	s.deliver(ctx, chatID, "editMessageText", text, func(ctx context.Context) error {
		_, err := s.api.EditMessageText(ctx, params)
		switch {
		case err == nil:
		case strings.Contains(err.Error(), "message is not modified"):
			return nil // the same page pressed twice
		case strings.Contains(err.Error(), "message to edit not found"), strings.Contains(err.Error(), "message can't be edited"):
			gone = true
			return nil
		}
		return err
	})
	if gone {
		s.send(ctx, chatID, text, markup) // the message is too old or deleted: answer anew
	}
}

func (s *Service) sendDocument(ctx context.Context, chatID int64, name string, data []byte, caption string) {
	s.deliver(ctx, chatID, "sendDocument", caption, func(ctx context.Context) error {
		_, err := s.api.SendDocument(ctx, &tgbot.SendDocumentParams{
			ChatID:    chatID,
			Document:  &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)},
			Caption:   caption,
			ParseMode: models.ParseModeHTML,
		})
		return err
	})
}

// deliver sends through the shared limiter and deals with what Telegram
// answers: waits retry_after on 429, retries network trouble and 5xx a few
// times, deactivates the contact on 403, and logs a 400 with the text that
// caused it (a bug to fix, not to retry).
func (s *Service) deliver(ctx context.Context, chatID int64, method, text string, call func(context.Context) error) {
	for attempt := 1; ; attempt++ {
		if err := s.limiter.Wait(ctx, chatID); err != nil {
			s.log.Warn("reply not sent", "method", method, "chat_id", chatID, "err", err)
			return
		}
		err := call(ctx)
		kind, wait := Classify(err)
		switch {
		case kind == NoError:
			return
		case kind == Forbidden:
			s.deactivate(ctx, chatID, err)
			return
		case kind == BadRequest:
			s.log.Error("telegram refused a reply", "method", method, "chat_id", chatID, "err", err, "text", text)
			return
		case (kind == RateLimited || kind == Transient) && attempt < replyAttempts:
			if kind == Transient {
				wait = time.Duration(attempt) * time.Second
			} else if h, ok := s.limiter.(holder); ok {
				h.Hold(chatID, time.Now().Add(wait)) // the sender's messages to the chat wait too
			}
			s.log.Warn("reply delayed", "method", method, "chat_id", chatID, "kind", kind.String(), "retry_in", wait.String())
			if !sleepCtx(ctx, wait) {
				return
			}
		default:
			s.log.Warn("reply not sent", "method", method, "chat_id", chatID, "kind", kind.String(), "err", err)
			return
		}
	}
}

// holder is a Limiter that can stop all messages to a chat after a 429.
type holder interface {
	Hold(chatID int64, until time.Time)
}

func (s *Service) deactivate(ctx context.Context, chatID int64, cause error) {
	err := s.st.SetInactive(ctx, chatID)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		s.log.Warn("deactivate contact", "chat_id", chatID, "err", err)
		return
	}
	s.log.Info("bot blocked; contact deactivated", "chat_id", chatID, "cause", cause)
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
