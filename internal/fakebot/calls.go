package fakebot

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// Call is one request the fake received and what it answered.
type Call struct {
	Seq         int       // its place in arrival order, from 0 (see Len)
	Time        time.Time // when the request arrived
	Method      string    // as the client spelled it, e.g. "sendMessage"
	ChatID      int64     // chat_id, when numeric
	MessageID   int       // message_id of an edit; the new message's id of a send
	Text        string    // text, or a document's caption, as sent (HTML)
	Visible     string    // Text after HTML parsing, when it parsed
	ParseMode   string
	ReplyMarkup *models.InlineKeyboardMarkup // nil without an inline keyboard
	ForceReply  bool                         // the message asks for a reply (reply_markup force_reply)
	Params      map[string]string            // every non-file field as sent
	Documents   []Document
	Status      int    // HTTP status answered: 200 or Telegram's error_code
	Description string // error description when Status is not 200
}

// Document is a file uploaded with a call.
type Document struct {
	Field    string // form field, e.g. "document"
	Filename string
	Data     []byte
}

// OK reports whether the fake answered the call successfully.
func (c Call) OK() bool { return c.Status == http.StatusOK }

// Buttons lists the inline keyboard's buttons row by row.
func (c Call) Buttons() []models.InlineKeyboardButton {
	if c.ReplyMarkup == nil {
		return nil
	}
	var out []models.InlineKeyboardButton
	for _, row := range c.ReplyMarkup.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

func newCall(at time.Time, method string, params map[string]string, docs []Document) Call {
	c := Call{Time: at, Method: method, Params: params, Documents: docs}
	c.ChatID = parseChatID(params["chat_id"])
	c.MessageID, _ = strconv.Atoi(params["message_id"])
	c.Text = params["text"]
	if c.Text == "" {
		c.Text = params["caption"]
	}
	c.ParseMode = params["parse_mode"]
	if raw := params["reply_markup"]; raw != "" {
		var m models.InlineKeyboardMarkup
		if json.Unmarshal([]byte(raw), &m) == nil && m.InlineKeyboard != nil {
			c.ReplyMarkup = &m
		}
		var f models.ForceReply
		if json.Unmarshal([]byte(raw), &f) == nil && f.ForceReply {
			c.ForceReply = true
		}
	}
	return c
}

// record appends the call as it arrived and returns its index.
func (s *Server) record(c Call) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Seq = len(s.calls)
	s.calls = append(s.calls, c)
	return c.Seq
}

// finish stores the outcome of the call at idx and wakes waiters.
func (s *Server) finish(idx int, c Call, a answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Seq = idx
	c.Status = a.status
	c.Description = a.description
	s.calls[idx] = c
	s.broadcastLocked()
}

func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Calls returns a copy of the recorded calls in arrival order, only those of
// the given methods when any are named.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filter(s.calls, 0, methods)
}

// CallsSince returns the calls recorded after the first n (see Len), only
// those of the given methods when any are named.
func (s *Server) CallsSince(n int, methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filter(s.calls, n, methods)
}

// Len is how many calls have been recorded so far; pass it to CallsSince
// or WaitSince to look only at what comes after.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func filter(calls []Call, from int, methods []string) []Call {
	var out []Call
	for _, c := range calls[min(from, len(calls)):] {
		if c.Status == 0 {
			continue // still being answered
		}
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Wait blocks until done reports true for the answered calls recorded since
// the first n, or the timeout passes; it returns those calls and whether done
// was satisfied.
func (s *Server) WaitSince(n int, timeout time.Duration, done func([]Call) bool) ([]Call, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		calls := filter(s.calls, n, nil)
		ch := s.changed
		s.mu.Unlock()
		if done(calls) {
			return calls, true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return calls, false
		}
	}
}

// Count returns a predicate for WaitSince: at least n answered calls of the
// given method.
func Count(method string, n int) func([]Call) bool {
	return func(calls []Call) bool {
		k := 0
		for _, c := range calls {
			if c.Method == method {
				k++
			}
		}
		return k >= n
	}
}

// MaxWithin is the largest number of the calls that fall in any window of
// length d, e.g. the peak per second of successful sends.
func MaxWithin(calls []Call, d time.Duration) int {
	times := make([]time.Time, len(calls))
	for i, c := range calls {
		times[i] = c.Time
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// Message is the current text and inline keyboard of a message the bot sent,
// after any edits.
func (s *Server) Message(chatID int64, messageID int) (text string, markup *models.InlineKeyboardMarkup, found bool) {
	s.mu.Lock()
	m, found := s.messages[messageKey{chatID, messageID}]
	s.mu.Unlock()
	if !found {
		return "", nil, false
	}
	if m.markup != "" {
		var k models.InlineKeyboardMarkup
		if json.Unmarshal([]byte(m.markup), &k) == nil {
			markup = &k
		}
	}
	return m.text, markup, true
}

// Commands is the command menu last set for a scope and language; scope is
// "default", "chat:<id>" or another BotCommandScope type.
func (s *Server) Commands(scope, lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[scope+"|"+lang]...)
}
