// Package api serves hotlinebot's HTTP interface: the ticket push of the
// hotline's ticket system, the read endpoints for the office's scripts, the
// health and readiness probes, Prometheus metrics and the OpenAPI document.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/domain"
)

// Store is what the API reads and writes; *store.Store satisfies it.
type Store interface {
	UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]domain.Outcome, error)
	Ticket(ctx context.Context, no string) (domain.Ticket, error)
	Units(ctx context.Context) ([]domain.Unit, error)
	Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error)
	Requests(ctx context.Context, f domain.RequestFilter) ([]domain.Request, error)
	TicketRequests(ctx context.Context, no string) ([]domain.Request, error)
	DecideRequest(ctx context.Context, gen int64, d domain.Decision, rules domain.RequestRules) (domain.Request, error)
}

// Readiness tells /readyz whether the database can serve; *store.Store
// satisfies it.
type Readiness interface {
	Ping(ctx context.Context) error
	MigrationsCurrent(ctx context.Context) (bool, error)
}

// Deps are the collaborators of the API.
type Deps struct {
	Store      Store
	Ready      Readiness
	Gatherer   prometheus.Gatherer   // what /metrics exposes; nil: prometheus.DefaultGatherer
	Registerer prometheus.Registerer // where the API's own metrics go; nil: not registered
	Logger     *slog.Logger          // nil: discard
	Now        func() time.Time      // nil: time.Now
	Webhook    http.Handler          // mounted at POST /telegram/webhook when not nil
}

// Options are the configuration pieces the API needs.
type Options struct {
	Tokens     []string              // bearer tokens accepted; none: the API answers 503
	Location   *time.Location        // the office's zone for times without offset
	Policy     domain.DeadlinePolicy // deadlines of tickets that do not give one
	Scheme     domain.Scheme         // the scoring scheme of /api/v1/scorecards
	PeriodKind domain.PeriodKind     // the default period of /api/v1/scorecards
	MaxBody    int64                 // largest request body; 0: 16 MiB
	MaxBatch   int                   // most tickets per request; 0: 10,000
	Requests   domain.RequestRules   // the calendar and limits of extension and return requests
}

// The limits of a ticket push unless Options say otherwise.
const (
	DefaultMaxBody  = 16 << 20
	DefaultMaxBatch = 10000
)

// server holds the handlers' shared state.
type server struct {
	store   Store
	ready   Readiness
	log     *slog.Logger
	now     func() time.Time
	opts    Options
	tokens  tokenSet
	metrics *metrics
}

// route is one registered endpoint; the OpenAPI test walks the same list.
type route struct {
	method, path string
	auth         bool
	handler      http.HandlerFunc
}

// New builds the HTTP handler of the whole service.
func New(deps Deps, opts Options) http.Handler {
	s := newServer(deps, opts)
	mux := http.NewServeMux()
	for _, rt := range s.routes(deps) {
		h := http.Handler(rt.handler)
		if rt.auth {
			h = s.requireToken(h)
		}
		mux.Handle(rt.method+" "+rt.path, h)
	}
	return s.observe(s.recoverPanics(jsonMuxErrors(mux)))
}

func newServer(deps Deps, opts Options) *server {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	if opts.PeriodKind == "" {
		opts.PeriodKind = domain.Quarter
	}
	if opts.Scheme == (domain.Scheme{}) {
		opts.Scheme = domain.DefaultScheme()
	}
	s := &server{
		store: deps.Store, ready: deps.Ready, log: deps.Logger, now: deps.Now,
		opts: opts, tokens: newTokenSet(opts.Tokens),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.metrics = newMetrics(deps.Registerer)
	return s
}

// routes lists every endpoint; the webhook only when the caller gives one.
func (s *server) routes(deps Deps) []route {
	gatherer := deps.Gatherer
	if gatherer == nil {
		gatherer = prometheus.DefaultGatherer
	}
	rs := []route{
		{"POST", "/api/v1/tickets", true, s.postTickets},
		{"GET", "/api/v1/tickets/{no}", true, s.getTicket},
		{"GET", "/api/v1/units", true, s.getUnits},
		{"GET", "/api/v1/scorecards", true, s.getScorecards},
		{"GET", "/api/v1/requests", true, s.getRequests},
		{"POST", "/api/v1/requests/{id}/decision", true, s.postDecision},
		{"GET", "/api/v1/openapi.yaml", false, serveOpenAPI},
		{"GET", "/healthz", false, s.healthz},
		{"GET", "/readyz", false, s.readyz},
		{"GET", "/metrics", false, metricsHandler(gatherer)},
	}
	if deps.Webhook != nil {
		rs = append(rs, route{"POST", "/telegram/webhook", false, deps.Webhook.ServeHTTP})
	}
	return rs
}

// NewServer wraps a handler in an http.Server with timeouts fit for the
// open internet: slow clients cannot hold connections forever.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// isNotFound reports whether err means the asked-for row does not exist.
func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }
