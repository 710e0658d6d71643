package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// passPlan is one pass's work: per chat, the notifications to deliver to
// its contact, in outbox order (urgent first).
type passPlan struct {
	gen   int64
	now   time.Time
	notes []*noteState
	chats []int64
	tasks map[int64][]sendTask
}

// noteState collects how a notification fared with all its contacts.
type noteState struct {
	n     domain.Notification
	mu    sync.Mutex
	retry error // a failure worth retrying later (network, 5xx, shutdown)
}

func (st *noteState) fail(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.retry == nil {
		st.retry = err
	}
}

type sendTask struct {
	note    *noteState
	contact domain.Contact
	from    int // parts already delivered
}

// plan resolves every due notification to the contacts it has not reached
// yet; expired ones are dropped, ones nobody can receive wait.
func (s *Sender) plan(ctx context.Context, gen int64, notes []domain.Notification, now time.Time) (*passPlan, error) {
	ids := make([]int64, len(notes))
	for i, n := range notes {
		ids[i] = n.ID
	}
	dels, err := s.outbox.Deliveries(ctx, ids)
	if err != nil {
		return nil, err
	}
	got := map[int64]map[int64]domain.Delivery{}
	for _, d := range dels {
		if got[d.NotificationID] == nil {
			got[d.NotificationID] = map[int64]domain.Delivery{}
		}
		got[d.NotificationID][d.ContactID] = d
	}
	p := &passPlan{gen: gen, now: now, tasks: map[int64][]sendTask{}}
	cache := map[domain.Audience][]domain.Contact{}
	for _, n := range notes {
		if err := s.planNote(ctx, p, n, got[n.ID], cache); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Sender) planNote(ctx context.Context, p *passPlan, n domain.Notification, got map[int64]domain.Delivery, cache map[domain.Audience][]domain.Contact) error {
	if !n.ExpiresAt.IsZero() && p.now.After(n.ExpiresAt) {
		s.opts.Metrics.expired()
		return s.outbox.CloseNotification(ctx, p.gen, n.ID, true, p.now)
	}
	contacts, err := s.recipients(ctx, cache, n.Audience)
	if err != nil {
		return err
	}
	if len(contacts) == 0 {
		return s.outbox.DeferNotification(ctx, p.gen, n.ID, p.now.Add(noContactRetry), "")
	}
	n, current, err := s.refresh(ctx, n, got, p.now)
	if err != nil {
		return err
	}
	if !current {
		s.opts.Log.Info("notification no longer current; dropped", "notification", n.Key)
		s.opts.Metrics.expired()
		return s.outbox.CloseNotification(ctx, p.gen, n.ID, true, p.now)
	}
	st := &noteState{n: n}
	added := 0
	for _, c := range contacts {
		d := got[c.ID]
		if d.Done() {
			continue
		}
		if _, seen := p.tasks[c.ChatID]; !seen {
			p.chats = append(p.chats, c.ChatID)
		}
		p.tasks[c.ChatID] = append(p.tasks[c.ChatID], sendTask{note: st, contact: c, from: d.Parts})
		added++
	}
	if added == 0 {
		return s.outbox.CloseNotification(ctx, p.gen, n.ID, false, p.now)
	}
	p.notes = append(p.notes, st)
	return nil
}

// refresh brings the notice up to the state at now, so it is written from
// what holds when it goes out. A message already partly delivered keeps
// its text, for its remaining parts to follow on from the sent ones.
func (s *Sender) refresh(ctx context.Context, n domain.Notification, got map[int64]domain.Delivery, now time.Time) (domain.Notification, bool, error) {
	if s.opts.Refresher == nil {
		return n, true, nil
	}
	for _, d := range got {
		if d.Parts > 0 {
			return n, true, nil
		}
	}
	fresh, current, err := s.opts.Refresher.Refresh(ctx, n, now)
	if err != nil {
		return n, false, fmt.Errorf("refresh notification %d: %w", n.ID, err)
	}
	n.Notice = fresh
	return n, current, nil
}

// deliver writes to the chats, Workers at a time, each chat's messages in
// order.
func (p *passPlan) deliver(ctx context.Context, s *Sender) {
	sem := &semaphore{ch: make(chan struct{}, s.opts.Workers)}
	for _, chat := range p.chats {
		tasks := p.tasks[chat]
		sem.go_(func() { s.deliverChat(ctx, p, tasks) })
	}
	sem.wg.Wait()
}

// settle closes the notifications every contact has had, and puts the
// others back with a backoff.
func (p *passPlan) settle(ctx context.Context, s *Sender) error {
	if ctx.Err() != nil {
		return nil // shutting down: the next start resumes from the deliveries recorded
	}
	var errs []error
	for _, st := range p.notes {
		var err error
		switch {
		case errors.Is(st.retry, domain.ErrFenced):
			return st.retry
		case st.retry != nil:
			next := s.opts.Now().Add(s.backoff(st.n.Attempts))
			err = s.outbox.DeferNotification(ctx, p.gen, st.n.ID, next, st.retry.Error())
		default:
			err = s.outbox.CloseNotification(ctx, p.gen, st.n.ID, false, s.opts.Now())
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// outcome is how one notification fared with one contact.
type outcome int

const (
	delivered  outcome = iota // every part sent
	refused                   // 400: logged, not retried
	blocked                   // 403: contact deactivated
	retryLater                // network, 5xx, other: the chat waits for the next try
)

func (s *Sender) deliverChat(ctx context.Context, p *passPlan, tasks []sendTask) {
	var stop error
	isBlocked := false
	for _, t := range tasks {
		switch {
		case ctx.Err() != nil:
			t.note.fail(ctx.Err())
			continue
		case stop != nil:
			t.note.fail(stop)
			continue
		case isBlocked:
			s.record(ctx, p, t, t.from, domain.DeliveryBlocked, "bot blocked in this chat")
			continue
		}
		switch res, err := s.deliverTask(ctx, p, t); res {
		case retryLater:
			stop = err
			t.note.fail(err)
		case blocked:
			isBlocked = true
		}
	}
}

// deliverTask sends the notification's remaining parts to one contact,
// recording each part as it goes.
func (s *Sender) deliverTask(ctx context.Context, p *passPlan, t sendTask) (outcome, error) {
	n := t.note.n.Notice
	if n.Kind == domain.NoticeRequestClosed {
		return s.updateCard(ctx, p, t)
	}
	parts := SplitMessage(RenderNotice(n, t.contact, s.opts.Location), MessageLimit)
	total := len(parts)
	if s.carriesChart(n) {
		total++ // the city chart, after the text
	}
	for i := t.from; i < total; i++ {
		var err error
		if i < len(parts) {
			var markup *keyboard
			if i == len(parts)-1 {
				markup = noticeButtons(t.note.n, t.contact)
			}
			var msgID int
			msgID, err = s.sendPart(ctx, p, t, parts[i], markup)
			if err == nil && markup != nil && n.Kind == domain.NoticeRequest && n.Request != nil {
				s.rememberCard(ctx, n.Request.ID, t.contact.ChatID, msgID)
			}
		} else {
			err = s.sendChart(ctx, p, t)
		}
		kind, _ := Classify(err)
		switch {
		case err == nil:
			state := domain.DeliveryPartial
			if i == total-1 {
				state = domain.DeliverySent
			}
			if rerr := s.record(ctx, p, t, i+1, state, ""); rerr != nil {
				return retryLater, rerr
			}
			s.opts.Metrics.sent()
		case errors.Is(err, domain.ErrFenced), ctx.Err() != nil:
			return retryLater, err
		case kind == Forbidden: // the transport has deactivated the contact and told the admins
			s.opts.Metrics.failed("forbidden")
			s.record(ctx, p, t, i, domain.DeliveryBlocked, err.Error())
			return blocked, err
		case kind == BadRequest: // the transport has logged it with its text
			s.opts.Metrics.failed("bad_request")
			s.record(ctx, p, t, i, domain.DeliveryFailed, err.Error())
			return refused, err
		default:
			s.opts.Metrics.retried(kind.String())
			s.opts.Log.Warn("sending failed; will retry", "chat_id", t.contact.ChatID, "notification", t.note.n.Key, "err", err)
			return retryLater, err
		}
	}
	return delivered, nil
}

// sendPart sends one part through the transport, which waits out 429s;
// network trouble and 5xx come back at once, for the outbox to retry with
// backoff. The lease is checked before each try, so a former leader that
// lost it sends nothing more.
func (s *Sender) sendPart(ctx context.Context, p *passPlan, t sendTask, text string, markup *keyboard) (int, error) {
	chat := t.contact.ChatID
	var sent int
	err := s.tr.Send(ctx, Call{
		ChatID: chat, Method: "sendMessage", Text: text, Contact: &t.contact,
		Check: func(ctx context.Context) error { return s.outbox.CheckFence(ctx, p.gen) },
		Do: func(ctx context.Context) error {
			params := &tgbot.SendMessageParams{
				ChatID: chat, Text: text, ParseMode: models.ParseModeHTML, LinkPreviewOptions: noPreview(),
			}
			if markup != nil {
				params.ReplyMarkup = markup
			}
			m, err := s.api.SendMessage(ctx, params)
			if m != nil {
				sent = m.ID
			}
			return err
		},
	})
	return sent, err
}

// carriesChart reports whether the notice goes out with the city chart:
// the supervisors' summary of the week's first digest.
func (s *Sender) carriesChart(n domain.Notice) bool {
	return s.city != nil && n.Kind == domain.NoticeSummary && n.Summary != nil && n.Summary.Chart
}

// sendChart draws the city chart of the summary's period as of now and
// sends it as a photo through the transport. A chart that cannot be drawn
// is logged and skipped: the digest's text has gone out already.
func (s *Sender) sendChart(ctx context.Context, p *passPlan, t sendTask) error {
	n := t.note.n.Notice
	city, err := s.city(ctx, n.Summary.Period, p.now)
	var png []byte
	if err == nil {
		png, err = s.charts.Grades(city, t.contact.Lang)
	}
	if err != nil {
		s.opts.Log.Error("city chart not drawn; the digest goes without it", "notification", t.note.n.Key, "err", err)
		return nil
	}
	l := newLocale(t.contact.Lang, s.opts.Location, p.now)
	caption := l.gradesCaption(city)
	chat := t.contact.ChatID
	return s.tr.Send(ctx, Call{
		ChatID: chat, Method: "sendPhoto", Text: caption, Contact: &t.contact,
		Check: func(ctx context.Context) error { return s.outbox.CheckFence(ctx, p.gen) },
		Do: func(ctx context.Context) error {
			_, err := s.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chat, Caption: caption, ParseMode: models.ParseModeHTML,
				Photo: &models.InputFileUpload{Filename: "grades.png", Data: bytes.NewReader(png)}})
			return err
		},
	})
}

func (s *Sender) record(ctx context.Context, p *passPlan, t sendTask, parts int, state domain.DeliveryState, reason string) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	d := domain.Delivery{NotificationID: t.note.n.ID, ContactID: t.contact.ID, Parts: parts, State: state, Error: reason}
	if err := s.outbox.RecordDelivery(rctx, p.gen, d, s.opts.Now()); err != nil {
		s.opts.Log.Error("delivery not recorded", "chat_id", t.contact.ChatID, "notification", t.note.n.Key, "err", err)
		return err
	}
	return nil
}
