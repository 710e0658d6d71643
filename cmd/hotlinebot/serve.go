package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"golang.org/x/sync/errgroup"

	"hotlinebot/api"
	"hotlinebot/bot"
	"hotlinebot/chart"
	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/jobs"
	"hotlinebot/store"
)

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "run the bot (long polling, or webhook mode when configured), the scheduled jobs and the HTTP API",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			addr := fs.String("http-addr", "", "listen address of the HTTP API, health and metrics (overrides HOTLINE_HTTP_ADDR)")
			logFormat := fs.String("log", "json", "log format: json or text")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				if *addr != "" {
					e.cfg.HTTPAddr = *addr
				}
				if err := e.cfg.RequireBotToken(); err != nil {
					return err
				}
				return serve(ctx, e, newLogger(e, *logFormat))
			}
		},
	}
}

func newLogger(e *env, format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(e.stderr, nil))
}

// serve wires the service by hand: the HTTP API answers from the first
// second on every replica; the jobs, the sender and long polling run only
// on the replica that holds the leader lease.
func serve(ctx context.Context, e *env, log *slog.Logger) error {
	cfg := e.cfg
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	jobMetrics := jobs.NewMetrics(reg)
	reg.MustRegister(api.NewRequestCollector(st))
	lease := jobs.NewLease(jobs.LeaseDeps{Store: st, Log: log, Metrics: jobMetrics},
		jobs.LeaseOptions{Steal: st.Dialect() == store.DialectSQLite})
	// Long polling runs on the leader only, so its decisions are fenced by
	// the lease; in webhook mode every replica decides, unfenced.
	var botFence bot.Fence
	if cfg.WebhookURL == "" {
		botFence = lease
	}
	charts, err := chartRenderer(cfg.Charts, log)
	if err != nil {
		return err
	}
	tg, sender, err := newTelegram(cfg, st, telegramWiring{
		limiter: bot.NewLimiter(bot.DefaultLimits()), lease: lease, botFence: botFence, now: time.Now, log: log, reg: reg, charts: charts,
	})
	if err != nil {
		return err
	}
	sched, err := newScheduler(e, st, lease, time.Now, log, jobMetrics)
	if err != nil {
		return err
	}

	var webhook http.Handler
	if cfg.WebhookURL != "" {
		webhook = tg.WebhookHandler()
	}
	handler := api.New(api.Deps{
		Store: st, Ready: st, Gatherer: reg, Registerer: reg, Logger: log, Webhook: webhook,
	}, api.Options{
		Tokens: cfg.APITokens, Location: cfg.Location, Policy: cfg.Policy,
		Scheme: cfg.Scoring.Scheme, PeriodKind: cfg.Scoring.Period, Requests: cfg.RequestRules(),
	})
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("HOTLINE_HTTP_ADDR: %w", err)
	}
	srv := api.NewServer(cfg.HTTPAddr, handler)
	log.Info("serving", "http_addr", ln.Addr().String(), "db", st.Dialect(), "webhook", cfg.WebhookURL != "", "holder", lease.Holder())

	return runServe(ctx, log, srv, ln, lease, func(ctx context.Context) error {
		log.Info("leader: running jobs, sender and updates", "generation", lease.Generation())
		workers := []worker{{"scheduler", sched.Run}, {"sender", sender.Run}}
		if webhook == nil {
			workers = append(workers, worker{"bot", tg.Run})
		}
		return runAll(ctx, workers...)
	}, webhookWorkers(webhook != nil, tg)...)
}

// worker is one of serve's long-running parts, named for its errors.
type worker struct {
	name string
	run  func(context.Context) error
}

// webhookWorkers are what every replica runs besides the HTTP server: in
// webhook mode, the bot, which takes Telegram's calls behind the office's
// proxy.
func webhookWorkers(webhook bool, tg *bot.Service) []worker {
	if !webhook {
		return nil
	}
	return []worker{{"bot", tg.Run}}
}

// runServe serves HTTP and runs the workers on every replica and lead as
// the leader, until ctx ends or one of them fails; then it stops the rest
// and returns the failure.
func runServe(ctx context.Context, log *slog.Logger, srv *http.Server, ln net.Listener, lease *jobs.Lease,
	lead func(context.Context) error, workers ...worker) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(workers)+2)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http: %w", err)
		}
	})
	for _, w := range workers {
		wg.Go(func() {
			if err := w.run(ctx); err != nil && ctx.Err() == nil {
				errc <- fmt.Errorf("%s: %w", w.name, err)
			}
		})
	}
	wg.Go(func() {
		if err := lease.RunAsLeader(ctx, lead); err != nil && ctx.Err() == nil {
			errc <- fmt.Errorf("leader: %w", err)
		}
	})
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		log.Error("stopping", "err", err)
	}
	cancel()
	shutdownCtx, stop := context.WithTimeout(context.Background(), 15*time.Second)
	defer stop()
	_ = srv.Shutdown(shutdownCtx)
	wg.Wait()
	log.Info("stopped")
	return err
}

// telegramWiring is what the Telegram side is built with besides the
// configuration and the store.
type telegramWiring struct {
	limiter  bot.Limiter
	lease    bot.Fence // the leader lease: the transport's and the sender's writes
	botFence bot.Fence // the bot's decisions; nil in webhook mode
	now      func() time.Time
	log      *slog.Logger
	reg      prometheus.Registerer // optional
	charts   *chart.Renderer       // optional: English labels without
}

// newTelegram builds the Telegram side as serve runs it: one transport for
// every message, replies and notifications (one limiter, one policy for
// 429, 403 and outages), the bot, and the sender that drains the outbox.
// The chat console builds the same on its fake Bot API and clock.
func newTelegram(cfg config.Config, st *store.Store, w telegramWiring) (*bot.Service, *bot.Sender, error) {
	// Every notification, and every page an alert's buttons turn to, is
	// written from the state when it is read.
	refresher := jobs.NewRefresher(st, jobs.Deps{Settings: jobs.SettingsFrom(cfg), Log: w.log})
	transport := bot.NewTransport(bot.TransportDeps{
		Limiter: w.limiter, Contacts: st, Admins: st, Fence: w.lease,
	}, bot.TransportOptions{Location: cfg.Location, Quiet: cfg.QuietHours, Now: w.now, Log: w.log, Metrics: bot.NewTransportMetrics(w.reg)})
	tg, err := bot.New(bot.Deps{Store: st, Snapshots: st, Transport: transport, Logger: w.log, Fence: w.botFence, Now: w.now,
		Charts: w.charts, Refresher: refresher},
		bot.Options{
			Token: cfg.BotToken, APIURL: cfg.APIURL,
			WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret,
			Location: cfg.Location, Scheme: cfg.Scoring.Scheme, PeriodKind: cfg.Scoring.Period,
			Requests: cfg.RequestRules(), Calendar: cfg.Calendar, RankMinTickets: cfg.Scoring.RankMinTickets,
		})
	if err != nil {
		return nil, nil, err
	}
	cityChart := func(ctx context.Context, p domain.Period, at time.Time) (chart.City, error) {
		return chart.LoadCity(ctx, st, cfg.Scoring.Scheme, p, at)
	}
	sender := bot.NewSender(bot.SenderDeps{API: tg.API(), Outbox: st, Recipients: st, Transport: transport, Fence: w.lease,
		CityChart: cityChart, Charts: w.charts},
		bot.SenderOptions{Location: cfg.Location, Now: w.now, Log: w.log, Metrics: bot.NewSenderMetrics(w.reg), Refresher: refresher})
	return tg, sender, nil
}

// runAll runs the workers until ctx ends or one fails; a failure stops the
// others, and runAll returns it once they have stopped.
func runAll(ctx context.Context, workers ...worker) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, w := range workers {
		g.Go(func() error {
			if err := w.run(gctx); err != nil && ctx.Err() == nil {
				return fmt.Errorf("%s: %w", w.name, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// newScheduler registers the four jobs on their configured schedules.
func newScheduler(e *env, st *store.Store, fence jobs.Fence, now func() time.Time, log *slog.Logger, m *jobs.Metrics) (*jobs.Scheduler, error) {
	cfg := e.cfg
	deps := jobs.Deps{Settings: jobs.SettingsFrom(cfg), Fence: fence, Now: now, Log: log, Metrics: m}
	sched := jobs.NewScheduler(jobs.SchedulerDeps{Runs: st, Now: now, Log: log, Metrics: m}, jobs.SchedulerOptions{Location: cfg.Location})
	for _, j := range []struct {
		name, spec string
		job        jobs.Job
	}{
		{"deadlines", cfg.Schedules.Deadlines, jobs.NewDeadlines(st, deps)},
		{"scorecards", cfg.Schedules.Scorecards, jobs.NewScorecards(st, deps)},
		{"digest", cfg.Schedules.Digest, jobs.NewDigest(st, deps)},
		{"close", cfg.Schedules.Close, jobs.NewClose(st, deps)},
	} {
		if err := sched.Add(j.name, j.spec, j.job); err != nil {
			return nil, err
		}
	}
	return sched, nil
}
