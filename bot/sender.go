package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/chart"
	"hotlinebot/domain"
)

// Outbox is the notifications' store as the sender uses it; *store.Store
// is one. Every write carries the leader generation it is made under.
type Outbox interface {
	DueNotifications(ctx context.Context, now time.Time, limit int) ([]domain.Notification, error)
	Deliveries(ctx context.Context, ids []int64) ([]domain.Delivery, error)
	RecordDelivery(ctx context.Context, gen int64, d domain.Delivery, at time.Time) error
	CloseNotification(ctx context.Context, gen int64, id int64, expired bool, at time.Time) error
	DeferNotification(ctx context.Context, gen int64, id int64, next time.Time, reason string) error
	OutboxDepth(ctx context.Context) (int, error)
	CheckFence(ctx context.Context, gen int64) error
	RecordCard(ctx context.Context, requestID, chatID int64, messageID int) error
	RequestCards(ctx context.Context, requestID int64) (map[int64]int, error)
}

// Recipients resolve an audience to the contacts notifications reach;
// *store.Store is one.
type Recipients interface {
	ContactsForUnit(ctx context.Context, unitID int64) ([]domain.Contact, error)
	Supervisors(ctx context.Context) ([]domain.Contact, error)
	Admins(ctx context.Context) ([]domain.Contact, error)
}

// MessageAPI sends a message or a photo, or updates a request's card in
// place; *tgbot.Bot is one.
type MessageAPI interface {
	SendMessage(ctx context.Context, params *tgbot.SendMessageParams) (*models.Message, error)
	SendPhoto(ctx context.Context, params *tgbot.SendPhotoParams) (*models.Message, error)
	EditMessageText(ctx context.Context, params *tgbot.EditMessageTextParams) (*models.Message, error)
}

// Fence gives the leader generation the sender works under (jobs.Lease);
// 0 means this replica is not the leader and sends nothing.
type Fence interface {
	Generation() int64
}

// QuietHours hold non-urgent notices the transport itself raises (a
// blocked contact) until morning; config.QuietHours is one.
type QuietHours interface {
	Quiet(t time.Time) bool
	Until(t time.Time) time.Time
}

// SenderDeps are the sender's collaborators, all required.
type SenderDeps struct {
	API        MessageAPI
	Outbox     Outbox
	Recipients Recipients
	Transport  *Transport // the one the bot's replies use
	Fence      Fence
	// CityChart reads the figures of the city chart that the week's first
	// supervisors' digest carries; nil: the digest goes without it.
	CityChart func(ctx context.Context, p domain.Period, at time.Time) (chart.City, error)
	Charts    *chart.Renderer // optional: English labels without
}

// SenderOptions tune the sender; zero values take the defaults.
type SenderOptions struct {
	Location   *time.Location // the office's zone, for the texts' times; UTC when nil
	Poll       time.Duration  // how often the outbox is looked at when idle; 1s
	Batch      int            // notifications taken per pass; 200
	Workers    int            // chats written to at once; 8
	BackoffMin time.Duration  // first retry after a network error or 5xx; 2s
	BackoffMax time.Duration  // longest wait between retries; 30s
	Now        func() time.Time
	Log        *slog.Logger
	Metrics    *SenderMetrics
	Refresher  NoticeRefresher // optional: texts as queued when nil
}

// noContactRetry is how soon a notification whose audience has no active
// contact is looked at again.
const noContactRetry = time.Minute

// Sender drains the outbox: it resolves each notification's audience to
// contacts when it sends, renders it in each contact's language, paces the
// messages through the shared limiter and records each delivery, so a
// restart resumes where it stopped and nothing is sent twice but the one
// message in flight.
type Sender struct {
	api    MessageAPI
	outbox Outbox
	rcpt   Recipients
	tr     *Transport
	fence  Fence
	opts   SenderOptions
	wake   chan struct{}
	city   func(ctx context.Context, p domain.Period, at time.Time) (chart.City, error)
	charts *chart.Renderer
}

// NewSender builds a sender.
func NewSender(deps SenderDeps, opts SenderOptions) *Sender {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 200
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.BackoffMin <= 0 {
		opts.BackoffMin = 2 * time.Second
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Charts == nil {
		deps.Charts = chart.NewRenderer(chart.Font{})
	}
	return &Sender{api: deps.API, outbox: deps.Outbox, rcpt: deps.Recipients, tr: deps.Transport, fence: deps.Fence,
		opts: opts, wake: make(chan struct{}, 1), city: deps.CityChart, charts: deps.Charts}
}

// Wake makes a waiting sender look at the outbox now.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done; the message in flight then is finished
// and recorded.
func (s *Sender) Run(ctx context.Context) error {
	for {
		n, err := s.Flush(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, domain.ErrFenced):
			s.opts.Log.Warn("sender: lease lost, not sending", "err", err)
		case err != nil:
			s.opts.Log.Error("sender: pass failed", "err", err)
		case n >= s.opts.Batch:
			continue // more is waiting
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-time.After(s.opts.Poll):
		}
	}
}

// Flush makes one pass over the notifications due now and returns how
// many it looked at.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	gen := s.fence.Generation()
	if gen == 0 {
		return 0, nil
	}
	now := s.opts.Now()
	notes, err := s.outbox.DueNotifications(ctx, now, s.opts.Batch)
	if err != nil {
		return 0, err
	}
	defer s.updateDepth(ctx)
	if len(notes) == 0 {
		return 0, nil
	}
	p, err := s.plan(ctx, gen, notes, now)
	if err != nil {
		return len(notes), err
	}
	p.deliver(ctx, s)
	return len(notes), p.settle(ctx, s)
}

func (s *Sender) updateDepth(ctx context.Context) {
	if s.opts.Metrics == nil {
		return
	}
	if n, err := s.outbox.OutboxDepth(context.WithoutCancel(ctx)); err == nil {
		s.opts.Metrics.depth.Set(float64(n))
	}
}

// recipients resolves an audience, caching per pass.
func (s *Sender) recipients(ctx context.Context, cache map[domain.Audience][]domain.Contact, a domain.Audience) ([]domain.Contact, error) {
	if cs, ok := cache[a]; ok {
		return cs, nil
	}
	var cs []domain.Contact
	var err error
	switch a.Kind {
	case domain.AudienceUnit:
		cs, err = s.rcpt.ContactsForUnit(ctx, a.UnitID)
	case domain.AudienceSupervisors:
		cs, err = s.rcpt.Supervisors(ctx)
	case domain.AudienceAdmins:
		cs, err = s.rcpt.Admins(ctx)
	default:
		err = fmt.Errorf("unknown audience %q", a.Kind)
	}
	if err != nil {
		return nil, err
	}
	cache[a] = cs
	return cs, nil
}

// backoff is the wait before retry number attempts+1 of a notification.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.opts.BackoffMin
	for i := 0; i < attempts && d < s.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, s.opts.BackoffMax)
}

// semaphore bounds the chats written to at once.
type semaphore struct {
	ch chan struct{}
	wg sync.WaitGroup
}

func (s *semaphore) go_(fn func()) {
	s.ch <- struct{}{}
	s.wg.Add(1)
	go func() {
		defer func() { <-s.ch; s.wg.Done() }()
		fn()
	}()
}
