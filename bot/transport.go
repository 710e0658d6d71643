package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"hotlinebot/domain"
)

// Transport is the one way out to Telegram: every reply and every
// notification goes through Send, which paces it through the shared
// limiter, classifies what Telegram answers and applies the one policy for
// each answer. A 429 holds the chat for retry_after and tries again; a 403
// deactivates the contact and tells the admins; a 400 is logged with the
// text that caused it and never retried; network trouble and 5xx are
// retried for as long as the call's Patience allows (replies: two minutes;
// notifications: not here, the outbox retries them with backoff).
type Transport struct {
	limiter  Limiter
	contacts BlockedContacts
	admins   AdminNotices
	fence    Fence
	opts     TransportOptions
}

// BlockedContacts are what the 403 policy reads and writes: the contact of
// a chat, and its deactivation. *store.Store is one.
type BlockedContacts interface {
	Contact(ctx context.Context, chatID int64) (domain.Contact, error)
	SetInactive(ctx context.Context, chatID int64) error
}

// AdminNotices queue the admins' notice of a blocked contact in the outbox,
// under the leader generation. *store.Store is one.
type AdminNotices interface {
	Enqueue(ctx context.Context, gen int64, notes []domain.Notification) (int, error)
}

// TransportDeps are the transport's collaborators. Without Contacts a 403
// is only logged; without Admins and Fence a blocked contact is
// deactivated but the admins are not told.
type TransportDeps struct {
	Limiter  Limiter // optional: NoLimit
	Contacts BlockedContacts
	Admins   AdminNotices // optional
	Fence    Fence        // optional; the admins' notice is written under its generation
}

// TransportOptions tune the transport; zero values take the defaults.
type TransportOptions struct {
	ReplyPatience time.Duration  // how long a reply is retried through an outage; 2 min
	BackoffMin    time.Duration  // first wait after a network error or 5xx; 1 s
	BackoffMax    time.Duration  // longest wait between tries; 15 s
	Location      *time.Location // the office's zone, for the day in the admins' notice key; UTC when nil
	Quiet         QuietHours     // optional: the admins' notice waits for the morning
	Now           func() time.Time
	Sleep         func(ctx context.Context, d time.Duration) bool // false when ctx ended first
	Log           *slog.Logger
	Metrics       *TransportMetrics
}

// DefaultReplyPatience is how long a reply is retried through an outage
// before it is dropped (and counted).
const DefaultReplyPatience = 2 * time.Minute

// sendTimeout bounds one Bot API call; a call in flight at shutdown is
// finished (and recorded) rather than abandoned.
const sendTimeout = 30 * time.Second

// NewTransport builds the transport the bot's replies and the sender share.
func NewTransport(deps TransportDeps, opts TransportOptions) *Transport {
	if deps.Limiter == nil {
		deps.Limiter = NoLimit{}
	}
	if opts.ReplyPatience <= 0 {
		opts.ReplyPatience = DefaultReplyPatience
	}
	if opts.BackoffMin <= 0 {
		opts.BackoffMin = time.Second
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = 15 * time.Second
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Transport{limiter: deps.Limiter, contacts: deps.Contacts, admins: deps.Admins, fence: deps.Fence, opts: opts}
}

// Call is one Bot API request that puts something in front of a chat.
type Call struct {
	ChatID int64
	Method string // for logs: sendMessage, editMessageText, sendDocument
	Text   string // logged with a 400, which the text caused
	// Do makes the request; it is called once per try.
	Do func(ctx context.Context) error
	// Contact is the recipient when the caller knows it (the sender does);
	// nil: the 403 policy looks it up by chat.
	Contact *domain.Contact
	// Check, when set, runs before each try; its error ends the call
	// untried (the sender's lease check).
	Check func(ctx context.Context) error
	// Patience is how long network trouble and 5xx are retried; zero:
	// tried once, the error returned for the caller to retry later.
	Patience time.Duration
	// Stop, when closed, ends the retries (shutdown); the try in flight is
	// finished.
	Stop <-chan struct{}
}

// Send makes the call and returns its final error, nil once Telegram has
// taken it. Classify the error to know what became of it: Forbidden and
// BadRequest are final and already dealt with; Transient and Other may be
// retried later.
func (t *Transport) Send(ctx context.Context, c Call) error {
	deadline := t.opts.Now().Add(c.Patience)
	for attempt := 0; ; attempt++ {
		err := t.try(ctx, c)
		kind, wait := Classify(err)
		switch kind {
		case NoError:
			return nil
		case RateLimited:
			t.opts.Metrics.waited(kind)
			t.opts.Log.Warn("telegram asked to slow down", "method", c.Method, "chat_id", c.ChatID, "retry_after", wait.String())
			// Every message to the chat waits, replies and notifications
			// alike; the limiter counts on the wall clock.
			t.limiter.Hold(c.ChatID, time.Now().Add(wait))
		case Forbidden:
			t.Blocked(ctx, c.ChatID, c.Contact, err)
			return err
		case BadRequest:
			t.opts.Log.Error("telegram refused a message; not retrying", "method", c.Method, "chat_id", c.ChatID, "err", err, "text", clip(c.Text, 500))
			return err
		case Transient:
			wait = t.backoff(attempt)
			if t.opts.Now().Add(wait).After(deadline) {
				return err
			}
			t.opts.Metrics.waited(kind)
			t.opts.Log.Warn("telegram unreachable; retrying", "method", c.Method, "chat_id", c.ChatID, "err", err, "retry_in", wait.String())
		default:
			return err
		}
		if !t.pause(ctx, c.Stop, wait) {
			return err
		}
	}
}

// try makes one request once the limiter lets it go, and tells the limiter
// when it completed so the limits count it from its arrival.
func (t *Transport) try(ctx context.Context, c Call) error {
	if c.Check != nil {
		if err := c.Check(ctx); err != nil {
			return err
		}
	}
	release, err := t.limiter.Acquire(ctx, c.ChatID)
	if err != nil {
		return err
	}
	defer release()
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	return c.Do(callCtx)
}

// pause waits d, or less if ctx ends or stop closes first (then false).
func (t *Transport) pause(ctx context.Context, stop <-chan struct{}, d time.Duration) bool {
	if stop != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	return t.opts.Sleep(ctx, d)
}

// backoff is the wait after try number attempt+1 failed: BackoffMin,
// doubling up to BackoffMax.
func (t *Transport) backoff(attempt int) time.Duration {
	d := t.opts.BackoffMin
	for i := 0; i < attempt && d < t.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, t.opts.BackoffMax)
}

// Blocked is the 403 policy, the same for replies, notifications and
// Telegram's news that the bot was blocked: the chat's contact blocked the
// bot (or removed it from the group), so it is deactivated, and no
// notification waits for it any more; the admins are told. A chat that is
// no contact's (a stranger) only gets logged.
//
// known is the chat's contact when the caller has it (the sender does);
// nil: it is looked up.
func (t *Transport) Blocked(ctx context.Context, chatID int64, known *domain.Contact, cause error) {
	if t.contacts == nil {
		t.opts.Log.Warn("bot blocked; no contacts to deactivate", "chat_id", chatID, "err", cause)
		return
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	contact, err := t.blockedContact(wctx, chatID, known)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		t.opts.Log.Info("bot blocked by a chat that is no contact", "chat_id", chatID)
		return
	case err != nil:
		t.opts.Log.Error("bot blocked; contact not found", "chat_id", chatID, "err", err)
		return
	}
	if err := t.contacts.SetInactive(wctx, chatID); err != nil && !errors.Is(err, domain.ErrNotFound) {
		t.opts.Log.Error("bot blocked; contact not deactivated", "chat_id", chatID, "err", err)
		return
	}
	t.opts.Log.Warn("contact blocked the bot; deactivated", "chat_id", chatID, "contact", contact.ID, "err", cause)
	if contact.Active {
		t.tellAdmins(wctx, contact)
	}
}

func (t *Transport) blockedContact(ctx context.Context, chatID int64, known *domain.Contact) (domain.Contact, error) {
	if known != nil {
		return *known, nil
	}
	return t.contacts.Contact(ctx, chatID)
}

// tellAdmins queues the admins' notice of a blocked contact, once a day
// per contact, under the leader generation: only the leader writes to the
// outbox, so a replica that is not (a webhook replica) leaves it to the
// admins' digest, which lists units without an active contact.
func (t *Transport) tellAdmins(ctx context.Context, c domain.Contact) {
	var gen int64
	if t.fence != nil {
		gen = t.fence.Generation()
	}
	if t.admins == nil || gen == 0 {
		t.opts.Log.Info("admins not told of a blocked contact: not the leader", "chat_id", c.ChatID)
		return
	}
	now := t.opts.Now()
	notBefore := now
	if q := t.opts.Quiet; q != nil && q.Quiet(now) {
		notBefore = q.Until(now)
	}
	n := domain.Notice{Kind: domain.NoticeContactBlocked, At: now, Contact: &domain.BlockedContact{
		ContactID: c.ID, Name: c.Name, Role: string(c.Role), UnitName: c.UnitName, ChatID: c.ChatID}}
	note := domain.Notification{Key: fmt.Sprintf("contact_blocked:c%d:%s", c.ID, now.In(t.opts.Location).Format(time.DateOnly)),
		Audience: domain.Audience{Kind: domain.AudienceAdmins}, NotBefore: notBefore, CreatedAt: now, Notice: n}
	if _, err := t.admins.Enqueue(ctx, gen, []domain.Notification{note}); err != nil {
		t.opts.Log.Error("admins not told of a blocked contact", "chat_id", c.ChatID, "err", err)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Reply sends a reply to a command: network trouble and 5xx are retried
// for ReplyPatience, and a reply still not taken then is dropped, logged
// and counted (hotline_replies_dropped_total). The caller's chat queue
// waits meanwhile, so a chat's replies stay in order.
func (t *Transport) Reply(ctx context.Context, c Call) {
	c.Patience = t.opts.ReplyPatience
	err := t.Send(ctx, c)
	if err == nil {
		return
	}
	kind, _ := Classify(err)
	t.opts.Metrics.dropped(kind)
	if kind != Forbidden && kind != BadRequest { // those two are logged by Send
		t.opts.Log.Warn("reply not sent", "method", c.Method, "chat_id", c.ChatID, "kind", kind.String(), "err", err)
	}
}
