package bot

import (
	"bytes"
	"context"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

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

// deliver replies through the transport, which paces, retries through an
// outage, holds the chat on a 429, deactivates a contact that blocked the
// bot and logs a 400 with its text. The try in flight at shutdown is
// finished; retries stop.
func (s *Service) deliver(ctx context.Context, chatID int64, method, text string, call func(context.Context) error) {
	s.tr.Reply(context.WithoutCancel(ctx), Call{ChatID: chatID, Method: method, Text: text, Do: call, Stop: s.stopping()})
}
