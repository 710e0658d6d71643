package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

const requestsPerPage = 10

// cmdRequests lists the pending requests (paged, a button per request);
// /requests ID shows one request with its 批准 / 驳回 buttons.
func (s *Service) cmdRequests(ctx context.Context, req *request, c cityScope) {
	if id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(req.cmd.args), "#"), 10, 64); err == nil {
		s.showRequest(ctx, req, id)
		return
	}
	l, r := req.loc, reqPhrasesFor(req.loc.lang)
	qs, err := s.st.Requests(ctx, domain.RequestFilter{Status: domain.RequestPending})
	if err != nil {
		s.fail(ctx, req, "pending requests", err)
		return
	}
	if len(qs) == 0 {
		s.respond(ctx, req, r.listEmpty, nil)
		return
	}
	p := paging(len(qs), requestsPerPage, req.page)
	lo, hi := p.window()
	items := make([]string, 0, hi-lo)
	var rows [][]button
	for _, q := range qs[lo:hi] {
		what := l.kindLabel(r, q.Kind)
		if q.Kind == domain.RequestExtend {
			what += fmt.Sprintf(" +%d", q.Days)
		}
		items = append(items, fmt.Sprintf(r.listLine, q.ID, what, bold(esc(q.TicketNo)), esc(clip(q.UnitName, clipUnit)), l.stamp(q.RequestedAt)))
		id := strconv.FormatInt(q.ID, 10)
		rows = append(rows, []button{{Text: "#" + id + " " + clip(q.TicketNo, clipNo), CallbackData: callbackData("requests", id, 0)}})
	}
	if pages := l.pageButtons("requests", "", p); pages != nil {
		rows = append(rows, pages.InlineKeyboard...)
	}
	head := []string{fmt.Sprintf(r.listTitle, len(qs))}
	if p.count > 1 {
		head = append(head, l.countLine(p, l.p.nounTickets))
	}
	s.respond(ctx, req, message(head, items, []string{r.listFooter}), keyboardOf(rows...))
}

// showRequest shows one request as its card, with the decision buttons
// while it is pending.
func (s *Service) showRequest(ctx context.Context, req *request, id int64) {
	r := reqPhrasesFor(req.loc.lang)
	q, err := s.st.Request(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		s.respond(ctx, req, fmt.Sprintf(r.notFound, id), nil)
		return
	}
	if err != nil {
		s.fail(ctx, req, "request", err)
		return
	}
	s.respond(ctx, req, s.card(ctx, req.loc, r, q), decisionButtons(r, q))
}

// card renders q with its ticket as it is now.
func (s *Service) card(ctx context.Context, l locale, r *reqPhrases, q domain.Request) string {
	line := domain.TicketLine{No: q.TicketNo}
	if t, err := s.st.Ticket(ctx, q.TicketNo); err == nil {
		line = domain.NewTicketLine(t)
	}
	return l.requestCard(r, q, line)
}

// cmdApprove approves request ID: the 批准 button (or /approve ID).
func (s *Service) cmdApprove(ctx context.Context, req *request, c cityScope) {
	id, ok := s.requestID(ctx, req)
	if !ok {
		return
	}
	s.decide(ctx, req, domain.Decision{RequestID: id, Approve: true})
}

// cmdReject rejects request ID with a reason: the 驳回 button (or /reject
// ID) asks for the reason as a reply; the reply (or /reject ID REASON)
// decides.
func (s *Service) cmdReject(ctx context.Context, req *request, c cityScope) {
	id, ok := s.requestID(ctx, req)
	if !ok {
		return
	}
	r := reqPhrasesFor(req.loc.lang)
	_, reason, _ := strings.Cut(strings.TrimSpace(req.cmd.args), " ")
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "" && req.answer:
		s.respond(ctx, req, r.rejectEmpty, nil)
	case reason == "":
		q, err := s.st.Request(ctx, id)
		if err == nil && q.Decided() {
			s.alreadyDecided(ctx, req, q)
			return
		}
		s.answerCallback(ctx, req, "")
		s.ask(ctx, req.chat.ID, fmt.Sprintf(r.askReject, id))
	default:
		s.decide(ctx, req, domain.Decision{RequestID: id, Reason: reason})
	}
}

// requestID reads the request id of an approve or reject.
func (s *Service) requestID(ctx context.Context, req *request) (int64, bool) {
	first, _, _ := strings.Cut(strings.TrimSpace(req.cmd.args), " ")
	id, err := strconv.ParseInt(strings.TrimPrefix(first, "#"), 10, 64)
	if err != nil || id <= 0 {
		s.answerCallback(ctx, req, "")
		s.respond(ctx, req, reqPhrasesFor(req.loc.lang).listEmpty, nil)
		return 0, false
	}
	return id, true
}

// decide records the supervisor's decision; the first one wins, and a
// later one is shown who decided.
func (s *Service) decide(ctx context.Context, req *request, d domain.Decision) {
	r := reqPhrasesFor(req.loc.lang)
	d.By, d.ByID, d.Via, d.At = personName(req.from, req.contact), req.contact.ID, "bot", s.now()
	q, err := s.st.DecideRequest(ctx, s.generation(), d, s.cfg.Requests)
	var already *domain.AlreadyDecided
	switch {
	case errors.As(err, &already):
		s.alreadyDecided(ctx, req, already.Request)
		return
	case errors.Is(err, domain.ErrNotFound):
		s.answerCallback(ctx, req, "")
		s.respond(ctx, req, fmt.Sprintf(r.notFound, d.RequestID), nil)
		return
	case err != nil:
		s.answerCallback(ctx, req, "")
		s.fail(ctx, req, "decide request", err)
		return
	}
	s.log.Info("request decided", "request_id", q.ID, "ticket_no", q.TicketNo, "status", string(q.Status), "via", "bot", "chat_id", req.chat.ID)
	if req.answer {
		s.respond(ctx, req, fmt.Sprintf(r.rejectedDone, q.ID, esc(q.TicketNo), esc(q.UnitName)), nil)
		return
	}
	word := r.approvedWord
	if q.Status == domain.RequestRejected {
		word = r.rejectedWord
	}
	s.answerCallback(ctx, req, word+" #"+strconv.FormatInt(q.ID, 10))
	s.respondCard(ctx, req, q)
}

// respondCard shows decided request q on the pressed card (or anew) and,
// when the pressed card is updated so, keeps the sender from updating it
// again.
func (s *Service) respondCard(ctx context.Context, req *request, q domain.Request) {
	if req.editID != 0 {
		if err := s.st.ForgetCard(ctx, q.ID, req.chat.ID); err != nil {
			s.log.Warn("forget request card", "request_id", q.ID, "chat_id", req.chat.ID, "err", err)
		}
	}
	s.respond(ctx, req, s.card(ctx, req.loc, reqPhrasesFor(req.loc.lang), q), nil)
}

// alreadyDecided tells a supervisor who decided first, and replaces the
// pressed card's buttons with that decision.
func (s *Service) alreadyDecided(ctx context.Context, req *request, q domain.Request) {
	l, r := req.loc, reqPhrasesFor(req.loc.lang)
	word := r.approvedWord
	if q.Status == domain.RequestRejected {
		word = r.rejectedWord
	}
	text := fmt.Sprintf(r.alreadyDecided, q.DecidedBy, PlainText(l.stamp(q.DecidedAt)), word)
	if req.callbackID != "" {
		s.answerCallback(ctx, req, text)
		s.respondCard(ctx, req, q)
		return
	}
	s.respond(ctx, req, esc(text), nil)
}

// answerCallback stops the pressed button's spinner, with a short notice
// when text is given; once per press.
func (s *Service) answerCallback(ctx context.Context, req *request, text string) {
	if req.callbackID == "" || req.answered {
		return
	}
	req.answered = true
	params := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: req.callbackID, Text: clip(text, 190)}
	if _, err := s.api.AnswerCallbackQuery(ctx, params); err != nil {
		s.log.Debug("answer callback query", "err", err)
	}
}

// ask sends a question the user answers by replying to it.
func (s *Service) ask(ctx context.Context, chatID int64, text string) {
	params := &tgbot.SendMessageParams{ChatID: chatID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: noPreview(), ReplyMarkup: &models.ForceReply{ForceReply: true, Selective: true}}
	s.deliver(ctx, chatID, "sendMessage", text, func(ctx context.Context) error {
		_, err := s.api.SendMessage(ctx, params)
		return err
	})
}

// question is what a reply to one of the bot's questions answers: the
// command it completes and the ticket number or request id it is about.
type question struct {
	command, ref string
}

// parseQuestion reads the first line of a question the bot asked,
// "✍️ TAG · REF", in either language.
func parseQuestion(text string) (question, bool) {
	first, _, _ := strings.Cut(text, "\n")
	rest, ok := strings.CutPrefix(first, "✍️ ")
	if !ok {
		return question{}, false
	}
	tag, ref, ok := strings.Cut(rest, " · ")
	if !ok {
		return question{}, false
	}
	for _, r := range []*reqPhrases{&zhRequests, &enRequests} {
		switch tag {
		case r.askExtendTag:
			return question{"extend", ref}, true
		case r.askReturnTag:
			return question{"return", ref}, true
		case r.askRejectTag:
			return question{"reject", strings.TrimPrefix(ref, "#")}, true
		}
	}
	return question{}, false
}

// isQuestionReply reports whether m answers one of this bot's questions.
func (s *Service) isQuestionReply(m *models.Message) (question, bool) {
	rt := m.ReplyToMessage
	if rt == nil || rt.From == nil || !rt.From.IsBot || strings.HasPrefix(m.Text, "/") {
		return question{}, false
	}
	if name := s.knownUsername(); name != "" && !strings.EqualFold(rt.From.Username, name) {
		return question{}, false
	}
	return parseQuestion(rt.Text)
}

// onAnswer completes the asked command with the reply's text, through the
// same authorization as a typed command.
func (s *Service) onAnswer(ctx context.Context, m *models.Message, q question) {
	cmd := command{name: q.command, args: q.ref + " " + strings.TrimSpace(m.Text)}
	req, err := s.newRequest(ctx, m.Chat, *m.From, cmd)
	if err != nil {
		s.fail(ctx, req, "resolve contact", err)
		return
	}
	req.answer = true
	if !req.bound {
		s.respond(ctx, req, req.loc.p.stranger, nil)
		return
	}
	s.authorize(ctx, req)
}
