package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// chatQueues answers each chat's updates in order, one at a time, while
// different chats are answered concurrently. Handlers run on a context that
// outlives Run's (bounded by a timeout), so shutdown finishes what was taken.
type chatQueues struct {
	handle  func(context.Context, *models.Update)
	timeout time.Duration

	mu     sync.Mutex
	base   context.Context
	queues map[int64][]*models.Update // present while a drainer runs
	wg     sync.WaitGroup
}

func newChatQueues(handle func(context.Context, *models.Update), timeout time.Duration) *chatQueues {
	return &chatQueues{handle: handle, timeout: timeout, base: context.Background(),
		queues: make(map[int64][]*models.Update)}
}

// start sets the context handlers inherit values (not cancellation) from.
func (q *chatQueues) start(ctx context.Context) {
	q.mu.Lock()
	q.base = context.WithoutCancel(ctx)
	q.mu.Unlock()
}

func (q *chatQueues) enqueue(chatID int64, u *models.Update) {
	q.mu.Lock()
	defer q.mu.Unlock()
	pending, running := q.queues[chatID]
	q.queues[chatID] = append(pending, u)
	if !running {
		q.wg.Add(1)
		go q.drain(chatID)
	}
}

func (q *chatQueues) drain(chatID int64) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		list := q.queues[chatID]
		if len(list) == 0 {
			delete(q.queues, chatID)
			q.mu.Unlock()
			return
		}
		u := list[0]
		q.queues[chatID] = list[1:]
		base := q.base
		q.mu.Unlock()
		ctx, cancel := context.WithTimeout(base, q.timeout)
		q.handle(ctx, u)
		cancel()
	}
}

// wait returns when every queued update has been handled.
func (q *chatQueues) wait() { q.wg.Wait() }

// enqueue is the library's handler: it only queues the update for its chat.
func (s *Service) enqueue(_ context.Context, _ *tgbot.Bot, u *models.Update) {
	if !s.seen.first(u.ID) {
		s.log.Warn("update replayed; dropped", "update_id", u.ID, "chat_id", updateChat(u))
		return
	}
	s.queues.enqueue(updateChat(u), u)
}

// updateChat is the chat an update belongs to (0 for kinds the bot ignores,
// which share one queue).
func updateChat(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		if m := u.CallbackQuery.Message.InaccessibleMessage; m != nil {
			return m.Chat.ID
		}
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// isCommand is the library's match function for commands: text messages
// this bot's matcher reads as a command.
func (s *Service) isCommand(u *models.Update) bool {
	if u.Message == nil {
		return false
	}
	_, ok := parseCommand(u.Message.Text, s.knownUsername())
	return ok
}

// handleUpdate routes one update; a panic in a handler is logged, not fatal.
func (s *Service) handleUpdate(ctx context.Context, u *models.Update) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("bot handler panicked", "panic", r, "chat_id", updateChat(u), "update_id", u.ID)
		}
	}()
	switch {
	case u.Message != nil:
		s.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		s.onCallback(ctx, u.CallbackQuery)
	case u.MyChatMember != nil:
		s.onMembership(ctx, u.MyChatMember)
	}
}

// onMembership notices the bot being blocked or removed from a group, so
// notifications stop going there before a send fails.
func (s *Service) onMembership(ctx context.Context, m *models.ChatMemberUpdated) {
	switch m.NewChatMember.Type {
	case models.ChatMemberTypeBanned, models.ChatMemberTypeLeft:
		s.tr.Blocked(ctx, m.Chat.ID, nil, errors.New("bot blocked or removed from the chat"))
	}
}
