package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/jobs"
	"hotlinebot/store"
)

// chatOptions are the console's flags, shared by `chat` and `demo --chat`.
type chatOptions struct {
	unit  string
	files string
	width int
	color string
}

// register declares the console's flags; when notes a command whose
// other flags do something else (demo: " (with --chat)").
func (o *chatOptions) register(fs *flag.FlagSet, when string) {
	fs.StringVar(&o.unit, "unit", "", "the liaison's unit, by name or alias (default: the unit with the most tickets this period)"+when)
	fs.StringVar(&o.files, "files", "hotline-chat-files", "folder where documents and photos the bot sends are saved"+when)
	fs.IntVar(&o.width, "width", 36, "wrap messages at this many Chinese characters, as a phone does"+when)
	fs.StringVar(&o.color, "color", "auto", "bold, italic and links in the terminal: auto (when stdout is a terminal), always or never"+when)
}
func (o *chatOptions) validate() error {
	if o.width < 10 || o.width > 500 {
		return usageError{fmt.Sprintf("--width %d: want between 10 and 500 characters", o.width)}
	}
	switch o.color {
	case "auto", "always", "never":
		return nil
	}
	return usageError{fmt.Sprintf("--color %q: want auto, always or never", o.color)}
}

func chatCommand() command {
	return command{
		name:    "chat",
		summary: "talk to the bot without Telegram: a console on a copy of the database, with the bot, the jobs and a fake Bot API in one process",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			var o chatOptions
			o.register(fs, "")
			at := fs.String("at", "", "the console clock's start: RFC 3339 or '2006-01-02 15:04' (default now)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				if err := o.validate(); err != nil {
					return err
				}
				now, err := startInstant(*at, e)
				if err != nil {
					return err
				}
				return chatOnCopy(ctx, e, now, o)
			}
		},
	}
}

// startInstant is --at, or now to the minute.
func startInstant(at string, e *env) (time.Time, error) {
	if at == "" {
		return time.Now().In(e.cfg.Location).Truncate(time.Minute), nil
	}
	t, err := domain.ParseInstant(at, e.cfg.Location)
	if err != nil {
		return time.Time{}, fmt.Errorf("--at: %w", err)
	}
	return t.In(e.cfg.Location), nil
}

// chatNotice tells the person at a terminal what the console is waiting
// for before it opens; a scripted run prints only the bot's messages.
func chatNotice(e *env, format string, args ...any) {
	if isTerminal(e.stdin) && isTerminal(e.stdout) {
		fmt.Fprintf(e.stderr, format+"\n", args...)
	}
}

// chatOnCopy runs the console on a copy of the configured database: the
// console binds people, runs the jobs and marks notifications delivered,
// none of which may reach the office's real database.
func chatOnCopy(ctx context.Context, e *env, now time.Time, o chatOptions) error {
	from, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer from.Close()
	dir, err := os.MkdirTemp("", "hotlinebot-chat-")
	if err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "chat.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	chatNotice(e, "正在把数据库复制到临时文件（原库不会被改动）…")
	if _, err := store.Copy(ctx, from, st); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	return runChat(ctx, e, st, now, o)
}

// chatClock is the console's clock: it stands still unless :time moves it,
// so that a scripted session answers the same every time.
type chatClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now is the console's current instant.
func (c *chatClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *chatClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// chatLeaseTTL keeps the console's leader lease beyond any clock jump a
// session makes.
const chatLeaseTTL = 100 * 365 * 24 * time.Hour

// runChat wires the bot, the sender and the jobs as serve does, but to a
// fake Bot API and the console's clock, then hands the terminal to the
// console until the input ends.
func runChat(ctx context.Context, e *env, st *store.Store, now time.Time, o chatOptions) error {
	clock := &chatClock{t: now}
	people, err := bindPeople(ctx, st, e, o.unit, now)
	if err != nil {
		return err
	}
	fake := fakebot.Start(fakebot.WithUsername("hotline_demo_bot"), fakebot.WithClock(clock.Now), fakebot.WithMaxPoll(10*time.Second))
	defer fake.Close()
	cfg := e.cfg
	cfg.BotToken, cfg.APIURL, cfg.WebhookURL, cfg.WebhookSecret = fake.Token(), fake.URL(), "", ""
	stderr := &closingWriter{w: e.stderr}
	defer stderr.close()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	gen, ok, err := st.AcquireLease(ctx, "chat-console", chatLeaseTTL, now, true)
	if err != nil || !ok {
		return fmt.Errorf("chat: take the leader lease: %w", errors.Join(err, errors.New("not granted")))
	}
	fence := jobs.FixedFence(gen)
	// Charts as serve draws them; a machine without a CJK font gets English
	// labels, which say so better than a warning in the conversation.
	charts, err := chartRenderer(cfg.Charts, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	tg, sender, err := newTelegram(cfg, st, telegramWiring{limiter: bot.NoLimit{}, lease: fence, botFence: fence, now: clock.Now, log: log, charts: charts})
	if err != nil {
		return err
	}
	sched, err := newScheduler(e, st, fence, clock.Now, log, nil)
	if err != nil {
		return err
	}
	c := &console{
		out: e.stdout, errOut: stderr, fake: fake, clock: clock, loc: e.cfg.Location, quiet: e.cfg.QuietHours,
		sched: sched, sender: sender,
		people: people, current: &people[0], files: o.files, keyboards: map[int64]keyboard{}, questions: map[int64]fakebot.Call{},
		interactive: isTerminal(e.stdin) && isTerminal(e.stdout),
	}
	c.render = renderer{width: 2 * o.width, ansi: o.color == "always" || (o.color == "auto" && c.interactive && e.getenv("NO_COLOR") == "")}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = tg.Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()
	if err := c.start(ctx, st); err != nil {
		return err
	}
	c.awaitMenus()
	return c.run(ctx, e.stdin)
}

// closingWriter serialises the console's and the log's writes to stderr
// and drops those that come after the console has closed: the bot's
// start-up work may still log while the process winds down.
type closingWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (w *closingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return len(p), nil
	}
	return w.w.Write(p)
}

func (w *closingWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
}

// menuWait bounds how long the console waits for the bot's start-up.
const menuWait = 10 * time.Second

// awaitMenus waits until the bot has set the console's people's command
// menus, the last of its start-up work that they would notice.
func (c *console) awaitMenus() {
	c.fake.WaitSince(0, menuWait, func([]fakebot.Call) bool {
		for _, p := range c.people {
			if p.role != "stranger" && len(c.fake.Commands("chat:"+strconv.FormatInt(p.user.ID, 10), "")) == 0 {
				return false
			}
		}
		return true
	})
}

// start runs the jobs once, as a freshly started serve would, and delivers
// what they send without showing it: those are the alerts an office already
// had before the console opened. Later runs happen when :time moves the
// clock past their schedules.
func (c *console) start(ctx context.Context, st *store.Store) error {
	for _, job := range []string{"deadlines", "scorecards"} {
		if err := c.sched.RunJob(ctx, job); err != nil {
			return err
		}
	}
	for _, job := range []string{"digest", "close"} {
		if err := st.RecordRun(ctx, job, c.clock.Now()); err != nil {
			return err
		}
	}
	if err := c.deliver(ctx); err != nil {
		return err
	}
	hidden := 0
	for _, call := range c.fake.Calls("sendMessage", "sendDocument", "sendPhoto") {
		if c.person(call.ChatID) != nil {
			hidden++
		}
	}
	c.next = c.fake.Len()
	c.banner(hidden)
	return nil
}
