package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlinebot/domain"
)

// List lines clip free text so that a page stays short; /ticket shows all.
const (
	clipTopic   = 24
	clipNo      = 40
	clipUnit    = 30
	clipSummary = 2500
)

// cmdTickets lists the liaison's unit's open tickets, soonest due first.
func (s *Service) cmdTickets(ctx context.Context, req *request, u unitScope) {
	s.unitTicketList(ctx, req, u, false)
}

// cmdOverdue lists the liaison's unit's overdue tickets, most overdue first.
func (s *Service) cmdOverdue(ctx context.Context, req *request, u unitScope) {
	s.unitTicketList(ctx, req, u, true)
}

func (s *Service) unitTicketList(ctx context.Context, req *request, u unitScope, overdueOnly bool) {
	l := req.loc
	counts, err := u.openCounts(ctx, l.now)
	if err != nil {
		s.fail(ctx, req, "open counts", err)
		return
	}
	name, total := esc(u.name), counts.Open
	title, empty, footer, cmd := l.p.ticketsTitle, l.p.noOpen, l.p.ticketsFooter, "tickets"
	if overdueOnly {
		total = counts.Overdue
		title, empty, footer, cmd = l.p.overdueTitle, l.p.noOverdue, l.p.overdueFooter, "overdue"
	}
	if total == 0 {
		s.respond(ctx, req, fmt.Sprintf(empty, name), nil)
		return
	}
	pg := paging(total, ticketsPerPage, req.page)
	ts, err := u.openPage(ctx, l.now, overdueOnly, pg)
	if err != nil {
		s.fail(ctx, req, "open tickets", err)
		return
	}
	s.respond(ctx, req, l.openTicketsPage(fmt.Sprintf(title, name), pg, ts, footer), l.pageButtons(cmd, "", pg))
}

// bar separates a line's fields.
func (l locale) bar() string {
	if l.lang == domain.LangEN {
		return " | "
	}
	return "｜"
}

func (l locale) colon() string {
	if l.lang == domain.LangEN {
		return ": "
	}
	return "："
}

// ticketLine is a ticket in a list: number, category and topic, and how
// long is left or how long it is overdue; withUnit names its unit too.
func (l locale) ticketLine(t domain.Ticket, withUnit bool) string {
	var b strings.Builder
	b.WriteString("• " + bold(esc(clip(t.No, clipNo))) + " ")
	if t.Urgent {
		b.WriteString(l.p.urgentTag)
	}
	if withUnit {
		b.WriteString(esc(clip(t.UnitName, clipUnit)) + l.bar())
	}
	b.WriteString(esc(t.Category.Label(l.lang)))
	if topic := strings.TrimSpace(t.Topic); topic != "" {
		b.WriteString(l.bar() + esc(clip(topic, clipTopic)))
	}
	b.WriteString(" — " + l.dueState(t))
	return b.String()
}

// dueState is how long an open ticket has left, or how overdue it is.
func (l locale) dueState(t domain.Ticket) string {
	if t.Overdue(l.now) {
		return fmt.Sprintf(l.p.overdueBy, l.span(l.now.Sub(t.DueAt)))
	}
	return fmt.Sprintf(l.p.dueLeft, l.when(t.DueAt), l.span(t.DueAt.Sub(l.now)))
}

// cmdTicket shows all of one of the liaison's unit's tickets.
func (s *Service) cmdTicket(ctx context.Context, req *request, u unitScope) {
	s.showTicket(ctx, req, u.ticket)
}

// cmdTicketCity shows all of any unit's ticket to a supervisor or admin.
func (s *Service) cmdTicketCity(ctx context.Context, req *request, c cityScope) {
	s.showTicket(ctx, req, c.ticket)
}

func (s *Service) showTicket(ctx context.Context, req *request, find func(context.Context, string) (domain.Ticket, error)) {
	l := req.loc
	fields := strings.Fields(foldSpaces(req.cmd.args))
	if len(fields) != 1 {
		s.replyUsage(ctx, req, req.cmd.args)
		return
	}
	t, err := find(ctx, fields[0])
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.respond(ctx, req, fmt.Sprintf(l.p.ticketNotFound, bold(esc(clip(fields[0], clipNo)))), nil)
		return
	case err != nil:
		s.fail(ctx, req, "ticket", err)
		return
	}
	qs, err := s.st.TicketRequests(ctx, t.No)
	if err != nil {
		s.fail(ctx, req, "ticket requests", err)
		return
	}
	r := reqPhrasesFor(l.lang)
	if t.UnitID == 0 {
		t.UnitName = r.returnedUnit
	}
	text := l.ticketDetail(t)
	if record := l.requestRecord(r, qs); len(record) > 0 {
		text += "\n" + strings.Join(record, "\n")
	}
	s.respond(ctx, req, text, s.ticketButtons(req, t, qs))
}

func (l locale) ticketDetail(t domain.Ticket) string {
	p := l.p
	field := func(name, value string) string { return name + l.colon() + value }
	lines := []string{
		fmt.Sprintf(p.ticketTitle, bold(esc(t.No)), esc(t.UnitName)),
		field(p.fCategory, esc(t.Category.Label(l.lang))),
	}
	if topic := strings.TrimSpace(t.Topic); topic != "" {
		lines = append(lines, field(p.fTopic, esc(clip(topic, 200))))
	}
	urgent := p.no
	if t.Urgent {
		urgent = bold(p.yes)
	}
	lines = append(lines,
		field(p.fUrgent, urgent),
		field(p.fDispatched, l.full(t.DispatchedAt)),
		field(p.fDue, l.full(t.DueAt)),
		field(p.fState, l.ticketState(t)))
	if t.Completed(l.now) {
		lines = append(lines, field(p.fCompleted, l.full(t.CompletedAt)))
	}
	lines = append(lines,
		field(p.fRework, fmt.Sprint(t.ReworkCount)),
		field(p.fCallback, esc(t.Callback.Label(l.lang))))
	if summary := strings.TrimSpace(t.Summary); summary != "" {
		lines = append(lines, p.fSummary+strings.TrimSpace(l.colon()), "<blockquote>"+esc(clipText(summary, clipSummary))+"</blockquote>")
	}
	return strings.Join(lines, "\n")
}

func (l locale) ticketState(t domain.Ticket) string {
	p := l.p
	switch {
	case t.Completed(l.now) && t.CompletedLate():
		return fmt.Sprintf(p.stateDoneLate, l.span(t.CompletedAt.Sub(t.DueAt)))
	case t.Completed(l.now):
		return p.stateDone
	case t.Overdue(l.now):
		return fmt.Sprintf(p.stateOverdue, l.span(l.now.Sub(t.DueAt)))
	}
	return fmt.Sprintf(p.stateOpen, l.span(t.DueAt.Sub(l.now)))
}

// clipText shortens long text keeping its line breaks.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// openTicketsPage is one page of a unit's open tickets under title, with
// when they were read and footer (what to do next) below.
func (l locale) openTicketsPage(title string, pg pageOf, ts []domain.Ticket, footer string) string {
	items := make([]string, len(ts))
	for i, t := range ts {
		items[i] = l.ticketLine(t, false)
	}
	head := []string{title, l.countLine(pg, l.p.nounTickets)}
	foot := []string{fmt.Sprintf(l.p.asOf, l.stamp(l.now)), footer}
	return message(head, items, foot)
}
