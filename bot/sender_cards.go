package bot

import (
	"context"
	"errors"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// rememberCard notes the message a request's card went out as, so the
// card can say who decided once someone has; a card not remembered keeps
// its buttons, whose press then says who decided.
func (s *Sender) rememberCard(ctx context.Context, requestID, chatID int64, messageID int) {
	if messageID == 0 {
		return
	}
	if err := s.outbox.RecordCard(ctx, requestID, chatID, messageID); err != nil {
		s.opts.Log.Warn("request card not remembered", "request_id", requestID, "chat_id", chatID, "err", err)
	}
}

// updateCard rewrites the contact's card of a decided request in place:
// who decided, and no more buttons. A contact that never got the card, or
// whose card is gone or already says so, has nothing to update.
func (s *Sender) updateCard(ctx context.Context, p *passPlan, t sendTask) (outcome, error) {
	n := t.note.n.Notice
	if n.Request == nil {
		return delivered, s.record(ctx, p, t, 1, domain.DeliverySent, "")
	}
	cards, err := s.outbox.RequestCards(ctx, n.Request.ID)
	if err != nil {
		return retryLater, err
	}
	msgID, ok := cards[t.contact.ChatID]
	if !ok {
		return delivered, s.record(ctx, p, t, 1, domain.DeliverySent, "")
	}
	chat := t.contact.ChatID
	text := RenderNotice(n, t.contact, s.opts.Location)
	err = s.tr.Send(ctx, Call{
		ChatID: chat, Method: "editMessageText", Text: text, Contact: &t.contact,
		Check: func(ctx context.Context) error { return s.outbox.CheckFence(ctx, p.gen) },
		Do: func(ctx context.Context) error {
			_, err := s.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: chat, MessageID: msgID, Text: text,
				ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview()})
			if err != nil && (strings.Contains(err.Error(), "message is not modified") ||
				strings.Contains(err.Error(), "message to edit not found") || strings.Contains(err.Error(), "message can't be edited")) {
				return nil // already updated by the press that decided, or gone
			}
			return err
		},
	})
	switch kind, _ := Classify(err); {
	case err == nil:
		return delivered, s.record(ctx, p, t, 1, domain.DeliverySent, "")
	case errors.Is(err, domain.ErrFenced), ctx.Err() != nil:
		return retryLater, err
	case kind == Forbidden:
		s.record(ctx, p, t, 0, domain.DeliveryBlocked, err.Error())
		return blocked, err
	case kind == BadRequest:
		s.record(ctx, p, t, 0, domain.DeliveryFailed, err.Error())
		return refused, err
	}
	return retryLater, err
}
