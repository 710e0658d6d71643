// Package bot is hotlinebot's Telegram side: the bot's command handlers and
// their replies (zh first, en on /lang en), binding by invite, and the
// sender that delivers the outbox. Telegram is reached through
// github.com/go-telegram/bot.
package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// ErrKind is what a failed Bot API call means for whoever retries it.
type ErrKind int

// The kinds Classify tells apart.
const (
	NoError     ErrKind = iota
	RateLimited         // 429: wait retry_after, then try again
	Forbidden           // 403: the bot was blocked or removed; stop writing to the chat
	BadRequest          // 400: the message itself is wrong; retrying will not help
	Transient           // network trouble or a 5xx answer: back off and retry
	Other               // anything else (401/404 token trouble, shutdown, decoding)
)

// String names the kind for logs and metrics: ok, rate_limited, forbidden,
// bad_request, transient, other.
func (k ErrKind) String() string {
	switch k {
	case NoError:
		return "ok"
	case RateLimited:
		return "rate_limited"
	case Forbidden:
		return "forbidden"
	case BadRequest:
		return "bad_request"
	case Transient:
		return "transient"
	}
	return "other"
}

// ServerError is a 5xx answer from the Bot API (or a proxy before it), which
// go-telegram/bot would otherwise report as a plain string.
type ServerError struct {
	Status int
	Method string
}

// Error says which method failed with which status; it never holds the
// token.
func (e *ServerError) Error() string {
	return fmt.Sprintf("telegram %s: server error %d %s", e.Method, e.Status, http.StatusText(e.Status))
}

// Classify says what a Bot API error means and, for RateLimited, how long
// Telegram asked to wait.
func Classify(err error) (ErrKind, time.Duration) {
	if err == nil {
		return NoError, 0
	}
	var tooMany *tgbot.TooManyRequestsError
	var server *ServerError
	var migrate *tgbot.MigrateError
	var netErr net.Error
	switch {
	case errors.As(err, &tooMany):
		return RateLimited, max(time.Duration(tooMany.RetryAfter)*time.Second, time.Second)
	case errors.Is(err, tgbot.ErrorForbidden):
		return Forbidden, 0
	case errors.Is(err, tgbot.ErrorBadRequest), errors.As(err, &migrate):
		return BadRequest, 0
	case errors.As(err, &server):
		return Transient, 0
	case errors.Is(err, context.Canceled):
		return Other, 0
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return Transient, 0
	case strings.Contains(err.Error(), "error do request"):
		return Transient, 0
	}
	return Other, 0
}

// ClientConfig says how to reach the Bot API.
type ClientConfig struct {
	Token         string
	APIURL        string        // empty: Telegram's public server
	PollTimeout   time.Duration // long-poll timeout; zero: 30 s
	WebhookSecret string
}

// DefaultAPIURL is Telegram's public Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// NewClient builds a go-telegram/bot client that does not call getMe at
// start (so start-up survives Telegram being unreachable) and whose HTTP
// client turns 5xx answers into *ServerError. Extra options (handlers,
// middlewares) come after the defaults.
func NewClient(cc ClientConfig, opts ...tgbot.Option) (*tgbot.Bot, error) {
	if strings.TrimSpace(cc.Token) == "" {
		return nil, errors.New("TELEGRAM_BOT_TOKEN is not set")
	}
	apiURL := strings.TrimSuffix(cc.APIURL, "/")
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	poll := cc.PollTimeout
	if poll <= 0 {
		poll = 30 * time.Second
	}
	client := &http.Client{
		Timeout:   poll + 15*time.Second,
		Transport: &classifyingTransport{base: http.DefaultTransport},
	}
	base := []tgbot.Option{
		tgbot.WithServerURL(apiURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(poll, client),
	}
	if cc.WebhookSecret != "" {
		base = append(base, tgbot.WithWebhookSecretToken(cc.WebhookSecret))
	}
	b, err := tgbot.New(cc.Token, append(base, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("telegram client: %w", err)
	}
	return b, nil
}

// classifyingTransport turns 5xx answers into *ServerError, which the
// library passes on wrapped with %w.
type classifyingTransport struct{ base http.RoundTripper }

// RoundTrip passes the request on and replaces a 5xx answer by its error.
func (t *classifyingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, &ServerError{Status: resp.StatusCode, Method: path.Base(req.URL.Path)}
	}
	return resp, nil
}
