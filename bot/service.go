package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/chart"
	"hotlinebot/domain"
)

// WebhookPath is where the HTTP server mounts WebhookHandler.
const WebhookPath = "/telegram/webhook"

// Options are what the bot needs to know besides its collaborators.
type Options struct {
	Token          string
	APIURL         string // empty: Telegram's public server
	WebhookURL     string // public HTTPS URL of WebhookPath; empty: long polling
	WebhookSecret  string // required with WebhookURL
	BotName        string // the bot's username, when known without asking getMe
	Location       *time.Location
	Scheme         domain.Scheme
	PeriodKind     domain.PeriodKind
	Calendar       *domain.Calendar    // working days, for /due's next working day; nil: Monday to Friday
	RankMinTickets int                 // counting tickets a unit needs to be ranked (config default 10); zero: every unit is ranked
	InviteTTL      time.Duration       // zero: 7 days
	PollTimeout    time.Duration       // zero: 30 s
	HandlerTimeout time.Duration       // how long one update may take; zero: 30 s
	Requests       domain.RequestRules // limits and calendar of extension and return requests
}

// Deps are the bot's collaborators.
type Deps struct {
	Store     Store
	Snapshots Snapshots        // optional: city-wide answers are computed live without
	Transport *Transport       // optional: one on NoLimit that deactivates blocked contacts in Store
	Logger    *slog.Logger     // optional: discard
	Now       func() time.Time // optional: time.Now
	Fence     Fence            // optional: the lease fencing decisions taken as the leader; nil in webhook mode
	Charts    *chart.Renderer  // optional: charts with English labels (no CJK font)
	Refresher NoticeRefresher  // optional: alerts' buttons page through the list as queued
}

// Service is the running bot: it takes updates (long polling or webhook),
// answers commands and keeps each chat's command menu.
type Service struct {
	cfg      Options
	st       Store
	snaps    Snapshots
	tr       *Transport
	log      *slog.Logger
	now      func() time.Time
	fence    Fence
	fresh    NoticeRefresher
	api      *tgbot.Bot
	queues   *chatQueues
	seen     *seenUpdates
	errLog   *throttledLog
	specs    map[string]cmdSpec
	live     *liveReports
	finals   *finalReports
	charts   *chart.Renderer
	stop     chan struct{} // closed when Run's context ends
	stopOnce sync.Once

	nameMu   sync.Mutex
	username string
}

// New builds the bot; it does not reach Telegram until Run.
func New(deps Deps, cfg Options) (*Service, error) {
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return nil, errors.New("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
	}
	if deps.Store == nil {
		return nil, errors.New("bot: no store")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.PeriodKind == "" {
		cfg.PeriodKind = domain.Quarter
	}
	if cfg.Calendar == nil {
		cfg.Calendar, _ = domain.NewCalendar(0, -1, nil, nil) // weekends off, nothing else
	}
	if cfg.InviteTTL <= 0 {
		cfg.InviteTTL = 7 * 24 * time.Hour
	}
	if cfg.HandlerTimeout <= 0 {
		cfg.HandlerTimeout = 30 * time.Second
	}
	s := &Service{cfg: cfg, st: deps.Store, snaps: deps.Snapshots, tr: deps.Transport, log: deps.Logger,
		now: deps.Now, fence: deps.Fence, fresh: deps.Refresher, username: strings.TrimPrefix(cfg.BotName, "@"), stop: make(chan struct{})}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.tr == nil {
		s.tr = NewTransport(TransportDeps{Contacts: deps.Store}, TransportOptions{Location: cfg.Location, Log: s.log})
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.charts = deps.Charts; s.charts == nil {
		s.charts = chart.NewRenderer(chart.Font{})
	}
	s.errLog = &throttledLog{log: s.log, every: time.Minute}
	s.specs = s.commandSpecs()
	s.live = &liveReports{byPeriod: map[string]domain.Report{}}
	s.finals = &finalReports{byPeriod: map[string]finalReport{}}
	s.queues = newChatQueues(s.handleUpdate, cfg.HandlerTimeout)
	s.seen = newSeenUpdates()
	api, err := NewClient(ClientConfig{Token: cfg.Token, APIURL: cfg.APIURL, PollTimeout: cfg.PollTimeout, WebhookSecret: cfg.WebhookSecret},
		tgbot.WithDefaultHandler(s.enqueue),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithErrorsHandler(s.errLog.error),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery, models.AllowedUpdateMyChatMember}),
	)
	if err != nil {
		return nil, err
	}
	api.RegisterHandlerMatchFunc(s.isCommand, s.enqueue)
	s.api = api
	return s, nil
}

// API is the Telegram client, shared with the sender so that both go
// through the same HTTP client and error classification.
func (s *Service) API() *tgbot.Bot { return s.api }

// Run takes updates until ctx ends: by long polling, or in webhook mode
// from WebhookHandler after registering the webhook. It keeps running while
// Telegram is unreachable (the client retries with backoff) and returns once
// the updates it has taken are answered.
func (s *Service) Run(ctx context.Context) error {
	s.queues.start(ctx)
	go func() {
		<-ctx.Done()
		s.stopOnce.Do(func() { close(s.stop) })
	}()
	go s.prepare(ctx)
	if s.cfg.WebhookURL != "" {
		s.api.StartWebhook(ctx)
	} else {
		s.api.Start(ctx)
	}
	s.queues.wait()
	return nil
}

// prepare does what Run needs from Telegram but must not block on: the
// webhook registration (or its removal, which long polling requires), the
// bot's username and the strangers' menu, retrying until it succeeds; then
// every contact's menu, so that an upgrade's commands show at once.
func (s *Service) prepare(ctx context.Context) {
	retry(ctx, s.log, "webhook setup", func(ctx context.Context) error {
		if s.cfg.WebhookURL != "" {
			_, err := s.api.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: s.cfg.WebhookURL, SecretToken: s.cfg.WebhookSecret,
				AllowedUpdates: []string{models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery, models.AllowedUpdateMyChatMember}})
			return err
		}
		_, err := s.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{})
		return err
	})
	retry(ctx, s.log, "getMe", func(ctx context.Context) error { _, err := s.Username(ctx); return err })
	retry(ctx, s.log, "default menu", s.SetDefaultMenu)
	if err := s.RefreshMenus(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("refresh chat menus", "err", err)
	}
}

// stopping is closed once Run's context has ended: replies still being
// retried then give up.
func (s *Service) stopping() <-chan struct{} { return s.stop }

// retry calls fn until it succeeds or ctx ends, backing off up to a minute.
func retry(ctx context.Context, log *slog.Logger, what string, fn func(context.Context) error) {
	wait := time.Second
	for ctx.Err() == nil {
		err := fn(ctx)
		if err == nil || ctx.Err() != nil {
			return
		}
		log.Warn("telegram call failed, retrying", "what", what, "err", err, "retry_in", wait.String())
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(wait*2, time.Minute)
	}
}

// WebhookHandler takes Telegram's webhook calls. It answers 401 to a call
// without the configured secret token itself (the library would accept it
// silently with 200) and hands the rest to the library, which queues them
// for Run.
func (s *Service) WebhookHandler() http.Handler {
	lib := s.api.WebhookHandler()
	secret := []byte(s.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		lib(w, r)
	})
}

// Username is the bot's username, from Options.BotName or getMe (asked
// once, then remembered).
func (s *Service) Username(ctx context.Context) (string, error) {
	s.nameMu.Lock()
	defer s.nameMu.Unlock()
	if s.username != "" {
		return s.username, nil
	}
	me, err := s.api.GetMe(ctx)
	if err != nil {
		return "", fmt.Errorf("getMe: %w", err)
	}
	s.username = me.Username
	return s.username, nil
}

// knownUsername is the username if already known, without asking.
func (s *Service) knownUsername() string {
	s.nameMu.Lock()
	defer s.nameMu.Unlock()
	return s.username
}

// InviteLink is the t.me link that opens the bot with /start CODE.
func InviteLink(botName, code string) string {
	return "https://t.me/" + strings.TrimPrefix(botName, "@") + "?start=" + code
}

// throttledLog logs the library's errors (a failing long poll repeats one
// every few seconds) at most once per period, counting the rest.
type throttledLog struct {
	log   *slog.Logger
	every time.Duration

	mu      sync.Mutex
	last    time.Time
	dropped int
}

func (t *throttledLog) error(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now := time.Now(); now.Sub(t.last) >= t.every {
		t.log.Warn("telegram", "err", err, "similar_errors_not_logged", t.dropped)
		t.last, t.dropped = now, 0
		return
	}
	t.dropped++
}
