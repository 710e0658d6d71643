package fakebot

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// updateQueue holds the updates not yet confirmed by a getUpdates offset.
type updateQueue struct {
	items   []*models.Update
	next    int64
	polling chan struct{} // closed to end the current long poll with 409
	closed  bool
}

// confirm drops the updates before offset, as Telegram does.
func (q *updateQueue) confirm(offset int64) {
	if offset <= 0 {
		return
	}
	i := 0
	for i < len(q.items) && q.items[i].ID < offset {
		i++
	}
	q.items = q.items[i:]
}

// Push queues an update for getUpdates, numbering it, and returns its id.
func (s *Server) Push(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = s.queue.next
	s.queue.next++
	s.queue.items = append(s.queue.items, &u)
	s.broadcastLocked()
	return u.ID
}

// Pending is how many queued updates no getUpdates has confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue.items)
}

func (s *Server) getUpdates(r *http.Request, c *Call) answer {
	offset, _ := strconv.ParseInt(c.Params["offset"], 10, 64)
	timeout, _ := strconv.Atoi(c.Params["timeout"])
	limit, _ := strconv.Atoi(c.Params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return fail(http.StatusConflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	}
	s.queue.confirm(offset)
	if s.queue.polling != nil {
		close(s.queue.polling)
	}
	mine := make(chan struct{})
	s.queue.polling = mine
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.queue.polling == mine {
			s.queue.polling = nil
		}
		s.mu.Unlock()
	}()
	timer := time.NewTimer(min(time.Duration(timeout)*time.Second, s.maxPoll))
	defer timer.Stop()
	for {
		s.mu.Lock()
		n := min(limit, len(s.queue.items))
		batch := make([]*models.Update, n)
		copy(batch, s.queue.items[:n])
		ch, closed := s.changed, s.queue.closed
		s.mu.Unlock()
		if n > 0 || closed {
			return ok(batch)
		}
		select {
		case <-mine:
			return fail(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
		case <-ch:
		case <-timer.C:
			return ok(batch)
		case <-r.Context().Done():
			return ok(batch)
		}
	}
}

// Person is a Telegram user for building updates.
func Person(id int64, firstName, username string) models.User {
	return models.User{ID: id, FirstName: firstName, Username: username, LanguageCode: "zh-hans"}
}

// PrivateChat is the one-to-one chat with user.
func PrivateChat(user models.User) models.Chat {
	return models.Chat{ID: user.ID, Type: models.ChatTypePrivate, FirstName: user.FirstName, Username: user.Username}
}

// GroupChat is a group (negative id) with a title.
func GroupChat(id int64, title string) models.Chat {
	return models.Chat{ID: id, Type: models.ChatTypeGroup, Title: title}
}

var commandRe = regexp.MustCompile(`(^|\s)/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?`)

// TextMessage is an update with a text message from user in chat, carrying
// bot_command entities where Telegram would mark them.
func TextMessage(chat models.Chat, from models.User, text string, at time.Time) models.Update {
	msg := &models.Message{
		ID:   int(at.UnixNano()%1_000_000) + 1,
		From: &from,
		Date: int(at.Unix()),
		Chat: chat,
		Text: text,
	}
	for _, loc := range commandRe.FindAllStringIndex(text, -1) {
		start := loc[0]
		if text[start] != '/' {
			start++
		}
		msg.Entities = append(msg.Entities, models.MessageEntity{
			Type:   models.MessageEntityTypeBotCommand,
			Offset: utf16Len(text[:start]),
			Length: utf16Len(text[start:loc[1]]),
		})
	}
	return models.Update{Message: msg}
}

// CallbackQuery is an update for user pressing an inline button with data
// under the bot's message messageID in chat.
func CallbackQuery(chat models.Chat, from models.User, messageID int, data string, at time.Time) models.Update {
	return models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           strconv.FormatInt(at.UnixNano(), 36),
		From:         from,
		ChatInstance: strconv.FormatInt(chat.ID, 10),
		Data:         data,
		Message: models.MaybeInaccessibleMessage{
			Type:    models.MaybeInaccessibleMessageTypeMessage,
			Message: &models.Message{ID: messageID, Date: int(at.Unix()), Chat: chat},
		},
	}}
}

// SendText queues a private message from user and returns its update id.
func (s *Server) SendText(from models.User, text string) int64 {
	return s.Push(TextMessage(PrivateChat(from), from, text, s.now()))
}

// SendReply queues a private message from user answering the bot's
// message to (a question with force_reply), as Telegram sends a reply.
func (s *Server) SendReply(from models.User, text string, to Call) int64 {
	u := TextMessage(PrivateChat(from), from, text, s.now())
	bot := s.botUser
	u.Message.ReplyToMessage = &models.Message{ID: to.MessageID, From: &bot, Chat: PrivateChat(from), Text: to.Visible}
	return s.Push(u)
}

// SendGroupText queues a message from user in a group chat.
func (s *Server) SendGroupText(chat models.Chat, from models.User, text string) int64 {
	return s.Push(TextMessage(chat, from, text, s.now()))
}

// PressButton queues user pressing the inline button with data under the
// message messageID of chat.
// Each press gets its own callback query id, as on Telegram, even when the
// fake's clock stands still.
func (s *Server) PressButton(chat models.Chat, from models.User, messageID int, data string) int64 {
	u := CallbackQuery(chat, from, messageID, data, s.now())
	u.CallbackQuery.ID = "press-" + strconv.Itoa(s.nextPress())
	return s.Push(u)
}

// nextPress numbers the button presses the fake makes up.
func (s *Server) nextPress() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.presses++
	return s.presses
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// Sync waits until the bot has answered every update queued so far in
// from's private chat, or the timeout passes; it reports which. It queues
// a press on a button of a message too old to be shown (Telegram sends
// such presses with an inaccessible message), which the bot only
// acknowledges: since the bot answers a chat's updates in order, that
// acknowledgement comes after everything queued before it in the chat.
func (s *Server) Sync(from models.User, timeout time.Duration) bool {
	id := "sync-" + strconv.Itoa(s.nextPress())
	n := s.Len()
	s.Push(models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           id,
		From:         from,
		ChatInstance: strconv.FormatInt(from.ID, 10),
		Message: models.MaybeInaccessibleMessage{
			Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
			InaccessibleMessage: &models.InaccessibleMessage{Chat: PrivateChat(from), MessageID: 1},
		},
	}})
	_, ok := s.WaitSince(n, timeout, func(calls []Call) bool {
		for i := len(calls) - 1; i >= 0; i-- {
			if calls[i].Method == "answerCallbackQuery" && calls[i].Params["callback_query_id"] == id {
				return true
			}
		}
		return false
	})
	return ok
}

// IsSync reports whether a call answers one of Sync's button presses, which
// no person would see.
func IsSync(c Call) bool {
	return c.Method == "answerCallbackQuery" && strings.HasPrefix(c.Params["callback_query_id"], "sync-")
}
