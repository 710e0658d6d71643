package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// RequestStore makes and decides extension and return requests and reads
// their record; *store.Store is one.
type RequestStore interface {
	SubmitRequest(ctx context.Context, gen int64, d domain.RequestDraft, rules domain.RequestRules, now time.Time) (domain.Request, error)
	DecideRequest(ctx context.Context, gen int64, d domain.Decision, rules domain.RequestRules) (domain.Request, error)
	Request(ctx context.Context, id int64) (domain.Request, error)
	Requests(ctx context.Context, f domain.RequestFilter) ([]domain.Request, error)
	TicketRequests(ctx context.Context, no string) ([]domain.Request, error)
	ForgetCard(ctx context.Context, requestID, chatID int64) error
}

// generation is the fence for writes made now: 0 (unfenced) in webhook
// mode, where any replica takes updates.
func (s *Service) generation() int64 {
	if s.fence == nil {
		return 0
	}
	return s.fence.Generation()
}

// cmdExtend is /extend NO DAYS REASON; /extend NO (or the ticket's button)
// asks for the days and the reason in a reply.
func (s *Service) cmdExtend(ctx context.Context, req *request, u unitScope) {
	r := reqPhrasesFor(req.loc.lang)
	fields := strings.Fields(req.cmd.args)
	usage := fmt.Sprintf(r.extendUsage, s.maxDays())
	if len(fields) == 0 {
		s.respond(ctx, req, usage, nil)
		return
	}
	if len(fields) == 1 {
		s.askRequest(ctx, req, u, domain.RequestExtend, fields[0])
		return
	}
	days, err := strconv.Atoi(fields[1])
	if err != nil {
		s.respond(ctx, req, usage, nil)
		return
	}
	s.submit(ctx, req, domain.RequestDraft{TicketNo: fields[0], Kind: domain.RequestExtend, Days: days,
		Reason: strings.Join(fields[2:], " ")}, usage)
}

// cmdReturn is /return NO REASON; /return NO (or the ticket's button) asks
// for the reason in a reply.
func (s *Service) cmdReturn(ctx context.Context, req *request, u unitScope) {
	r := reqPhrasesFor(req.loc.lang)
	fields := strings.Fields(req.cmd.args)
	switch len(fields) {
	case 0:
		s.respond(ctx, req, r.returnUsage, nil)
	case 1:
		s.askRequest(ctx, req, u, domain.RequestReturn, fields[0])
	default:
		s.submit(ctx, req, domain.RequestDraft{TicketNo: fields[0], Kind: domain.RequestReturn,
			Reason: strings.Join(fields[1:], " ")}, r.returnUsage)
	}
}

func (s *Service) maxDays() int {
	if s.cfg.Requests.MaxDays > 0 {
		return s.cfg.Requests.MaxDays
	}
	return domain.DefaultMaxExtensionDays
}

// submit sends the draft to the office, or says why it was refused.
func (s *Service) submit(ctx context.Context, req *request, d domain.RequestDraft, usage string) {
	l, r := req.loc, reqPhrasesFor(req.loc.lang)
	d.Contact = req.contact
	d.Contact.Name = personName(req.from, req.contact)
	q, err := s.st.SubmitRequest(ctx, s.generation(), d, s.cfg.Requests, s.now())
	var ref *domain.Refusal
	switch {
	case errors.As(err, &ref):
		text := l.refusalText(r, ref, d.TicketNo, s.maxDays())
		if ref.Code == domain.RefuseNoReason || ref.Code == domain.RefuseDays {
			text += "\n" + usage
		}
		s.respond(ctx, req, text, nil)
		return
	case err != nil:
		s.fail(ctx, req, "submit request", err)
		return
	}
	s.log.Info("request submitted", "request_id", q.ID, "ticket_no", q.TicketNo, "kind", string(q.Kind), "unit", q.UnitName)
	var text string
	if q.Kind == domain.RequestExtend {
		text = fmt.Sprintf(r.submittedExtend, q.ID, esc(q.UnitName), bold(esc(q.TicketNo)), q.Days, l.stamp(q.DueBefore),
			l.stamp(q.DueAfter), esc(clipText(q.Reason, clipReason)))
	} else {
		text = fmt.Sprintf(r.submittedReturn, q.ID, esc(q.UnitName), bold(esc(q.TicketNo)), esc(clipText(q.Reason, clipReason)))
	}
	s.respond(ctx, req, text+"\n"+r.submittedFooter, nil)
}

// askRequest checks that the ticket allows the request, then asks for the
// rest (days and reason) as a reply to the bot's question.
func (s *Service) askRequest(ctx context.Context, req *request, u unitScope, kind domain.RequestKind, no string) {
	l, r := req.loc, reqPhrasesFor(req.loc.lang)
	t, err := u.st.Ticket(ctx, no)
	if errors.Is(err, domain.ErrNotFound) {
		s.respond(ctx, req, fmt.Sprintf(r.refOtherUnit, bold(esc(clip(no, clipNo)))), nil)
		return
	}
	if err != nil {
		s.fail(ctx, req, "ticket", err)
		return
	}
	history, err := s.st.TicketRequests(ctx, t.No)
	if err != nil {
		s.fail(ctx, req, "ticket requests", err)
		return
	}
	probe := domain.RequestDraft{TicketNo: t.No, Kind: kind, Days: 1, Reason: "-", Contact: req.contact}
	var ref *domain.Refusal
	if err := s.cfg.Requests.Check(probe, t, history, s.now()); errors.As(err, &ref) {
		s.send(ctx, req.chat.ID, l.refusalText(r, ref, no, s.maxDays()), nil)
		return
	}
	text := fmt.Sprintf(r.askReturn, esc(t.No))
	if kind == domain.RequestExtend {
		text = fmt.Sprintf(r.askExtend, esc(t.No), s.maxDays())
	}
	s.ask(ctx, req.chat.ID, text)
}

// ticketButtons are the liaison's 申请延期 / 申请退单 under a ticket, each
// only while the rules would take that request.
func (s *Service) ticketButtons(req *request, t domain.Ticket, history []domain.Request) *keyboard {
	r := reqPhrasesFor(req.loc.lang)
	var row []button
	for _, b := range []struct {
		kind       domain.RequestKind
		name, text string
	}{{domain.RequestExtend, "extend", r.btnExtend}, {domain.RequestReturn, "return", r.btnReturn}} {
		probe := domain.RequestDraft{TicketNo: t.No, Kind: b.kind, Days: 1, Reason: "-", Contact: req.contact}
		if s.cfg.Requests.Check(probe, t, history, s.now()) == nil {
			row = append(row, button{Text: b.text, CallbackData: callbackData(b.name, t.No, 0)})
		}
	}
	return keyboardOf(row)
}

// personName is who asked: the person, also in a unit's group chat.
func personName(from models.User, c domain.Contact) string {
	name := strings.TrimSpace(from.FirstName + " " + from.LastName)
	if name == "" {
		return c.Name
	}
	return name
}
