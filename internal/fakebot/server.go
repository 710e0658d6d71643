// Package fakebot is a fake Telegram Bot API server for tests and for the
// chat console (hotlinebot chat), which lets a person talk to the bot
// without Telegram. It speaks the
// API as github.com/go-telegram/bot uses it (multipart POSTs to
// /bot<TOKEN>/<method>, JSON answers), checks messages as Telegram does
// (HTML parse mode, length, callback data), records every call with its
// time, serves queued updates to getUpdates and can be told to fail: 429
// with retry_after, 5xx outages, 403 for blocked chats, 409 for competing
// pollers.
package fakebot

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// DefaultToken is the bot token the fake accepts unless WithToken says
// otherwise.
const DefaultToken = "123456:TEST-token"

// Server is a running fake Bot API. All methods are safe for concurrent use.
type Server struct {
	token   string
	botUser models.User
	now     func() time.Time
	maxPoll time.Duration
	srv     *httptest.Server

	mu       sync.Mutex
	calls    []Call
	changed  chan struct{}
	messages map[messageKey]storedMessage
	nextMsg  int
	commands map[string][]models.BotCommand
	webhook  webhookState
	queue    updateQueue
	faults   faults
	presses  int
}

type messageKey struct {
	chat int64
	id   int
}

type storedMessage struct {
	text   string
	markup string
}

type webhookState struct {
	url, secret string
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the token the fake accepts; others get 401.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithUsername sets the bot's username that getMe answers.
func WithUsername(name string) Option { return func(s *Server) { s.botUser.Username = name } }

// WithClock sets the clock that stamps recorded calls and dates messages.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithMaxPoll caps how long getUpdates holds a request open when nothing is
// queued, whatever timeout the client asks for (default 100 ms, so tests
// and shutdowns stay quick).
func WithMaxPoll(d time.Duration) Option { return func(s *Server) { s.maxPoll = d } }

// New starts a fake Bot API and closes it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := Start(opts...)
	t.Cleanup(s.Close)
	return s
}

// Start starts a fake Bot API on a loopback port; the caller closes it.
func Start(opts ...Option) *Server {
	s := &Server{
		token:    DefaultToken,
		botUser:  models.User{ID: 123456, IsBot: true, FirstName: "Hotline", Username: "hotline_test_bot"},
		now:      time.Now,
		maxPoll:  100 * time.Millisecond,
		changed:  make(chan struct{}),
		messages: make(map[messageKey]storedMessage),
		nextMsg:  1000,
		commands: make(map[string][]models.BotCommand),
	}
	s.queue.next = 1
	s.faults.blocked = make(map[int64]bool)
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// URL is the server's base URL, for bot.WithServerURL.
func (s *Server) URL() string { return s.srv.URL }

// Token is the bot token the fake accepts.
func (s *Server) Token() string { return s.token }

// Username is the bot's username as getMe answers it.
func (s *Server) Username() string { return s.botUser.Username }

// Close stops the server; pending long polls end.
func (s *Server) Close() {
	s.mu.Lock()
	s.queue.closed = true
	s.broadcastLocked()
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// answer is what a method handler decides: a result or a Telegram error.
type answer struct {
	status      int
	result      any
	description string
	retryAfter  int
}

func ok(result any) answer { return answer{status: http.StatusOK, result: result} }

func fail(status int, description string) answer {
	return answer{status: status, description: description}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, found := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !found || !strings.HasPrefix(r.URL.Path, "/bot") {
		writeAnswer(w, fail(http.StatusNotFound, "Not Found"))
		return
	}
	params, docs, err := readParams(r)
	if err != nil {
		writeAnswer(w, fail(http.StatusBadRequest, "Bad Request: "+err.Error()))
		return
	}
	call := newCall(s.now(), method, params, docs)
	idx := s.record(call)
	var a answer
	switch {
	case token != s.token:
		a = fail(http.StatusUnauthorized, "Unauthorized")
	default:
		a = s.dispatch(r, &call)
	}
	s.finish(idx, call, a)
	writeAnswer(w, a)
}

// dispatch applies injected faults, then the method itself.
func (s *Server) dispatch(r *http.Request, c *Call) answer {
	if a, failed := s.injectedFault(c); failed {
		return a
	}
	switch strings.ToLower(c.Method) {
	case "getme":
		return ok(s.botUser)
	case "getupdates":
		return s.getUpdates(r, c)
	case "sendmessage":
		return s.sendMessage(c)
	case "editmessagetext":
		return s.editMessageText(c)
	case "senddocument":
		return s.sendDocument(c)
	case "sendphoto":
		return s.sendPhoto(c)
	case "answercallbackquery":
		return s.answerCallbackQuery(c)
	case "setmycommands":
		return s.setMyCommands(c)
	case "deletemycommands":
		return s.deleteMyCommands(c)
	case "getmycommands":
		return s.getMyCommands(c)
	case "setwebhook":
		return s.setWebhook(c)
	case "deletewebhook":
		return s.deleteWebhook(c)
	case "getwebhookinfo":
		return s.getWebhookInfo()
	}
	return fail(http.StatusNotFound, "Not Found: method not found")
}

func writeAnswer(w http.ResponseWriter, a answer) {
	body := map[string]any{"ok": a.status == http.StatusOK}
	if a.status == http.StatusOK {
		body["result"] = a.result
	} else {
		body["error_code"] = a.status
		body["description"] = a.description
		if a.retryAfter > 0 {
			body["parameters"] = map[string]int{"retry_after": a.retryAfter}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	_ = json.NewEncoder(w).Encode(body)
}

// readParams reads a multipart, urlencoded or JSON body into string fields
// and uploaded files.
func readParams(r *http.Request) (map[string]string, []Document, error) {
	params := make(map[string]string)
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) == 0 {
		return params, nil, err
	}
	mediaType, mp, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		return readMultipart(body, mp["boundary"], params)
	case "application/json":
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, nil, err
		}
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				params[k] = s
			} else {
				params[k] = string(v)
			}
		}
	default:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, err
		}
		for k := range vals {
			params[k] = vals.Get(k)
		}
	}
	return params, nil, nil
}

func readMultipart(body []byte, boundary string, params map[string]string) (map[string]string, []Document, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var docs []Document
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return params, docs, nil
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, err
		}
		if part.FileName() != "" {
			docs = append(docs, Document{Field: part.FormName(), Filename: part.FileName(), Data: data})
			continue
		}
		params[part.FormName()] = string(data)
	}
}

func parseChatID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}
