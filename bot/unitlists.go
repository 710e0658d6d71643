package bot

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"hotlinebot/domain"
)

// unitsPerPage is how many units a page of /overdue_all's counts shows,
// each with its button.
const unitsPerPage = 10

// cmdOverdueAll shows the city's overdue tickets grouped by unit, counts
// first, each unit a button to its list; with a unit, that unit's overdue
// tickets.
func (s *Service) cmdOverdueAll(ctx context.Context, req *request, c cityScope) {
	if req.cmd.args == "" {
		s.overdueByUnit(ctx, req, c)
		return
	}
	if unit, ok := s.pickUnit(ctx, req, c, req.cmd.args); ok {
		s.unitList(ctx, req, c, unit, true)
	}
}

// cmdUnitOpen lists one unit's open tickets; /unit's button runs it.
func (s *Service) cmdUnitOpen(ctx context.Context, req *request, c cityScope) {
	if unit, ok := s.pickUnit(ctx, req, c, req.cmd.args); ok {
		s.unitList(ctx, req, c, unit, false)
	}
}

// pickUnit resolves a unit argument as /unit does; when it is not one
// unit it has answered (usage, not found, or buttons to choose that run the
// same command) and returns false.
func (s *Service) pickUnit(ctx context.Context, req *request, c cityScope, arg string) (domain.Unit, bool) {
	return s.pickUnitFor(ctx, req, c, arg, "")
}

// pickUnitFor is pickUnit for a command that also takes a period, which
// the buttons to choose keep.
func (s *Service) pickUnitFor(ctx context.Context, req *request, c cityScope, arg, period string) (domain.Unit, bool) {
	l := req.loc
	name := foldSpaces(arg)
	if name == "" {
		s.replyUsage(ctx, req, "")
		return domain.Unit{}, false
	}
	unit, candidates, err := c.findUnit(ctx, name)
	switch {
	case err != nil:
		s.fail(ctx, req, "find unit", err)
	case unit.ID != 0:
		return unit, true
	case len(candidates) == 0:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitNotFound, esc(clip(name, clipUnit))), nil)
	case len(candidates) > unitChoices:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitTooMany, len(candidates), esc(l.joinNames(unitNames(candidates), 5))), nil)
	default:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitChoose, len(candidates)), unitButtonsFor(req.cmd.name, candidates, period))
	}
	return domain.Unit{}, false
}

// unitCount is one unit's count in a grouped list.
type unitCount struct {
	unit  domain.Unit
	count int
}

// overdueByUnit is the city's overdue tickets counted per unit, most first,
// a page of units at a time, each a button to its list.
func (s *Service) overdueByUnit(ctx context.Context, req *request, c cityScope) {
	l := req.loc
	counts, err := c.st.OpenCountsByUnit(ctx, l.now)
	if err != nil {
		s.fail(ctx, req, "open counts by unit", err)
		return
	}
	units, err := c.st.Units(ctx)
	if err != nil {
		s.fail(ctx, req, "units", err)
		return
	}
	var rows []unitCount
	total := 0
	for _, u := range units {
		if n := counts[u.ID].Overdue; n > 0 {
			rows = append(rows, unitCount{u, n})
			total += n
		}
	}
	if total == 0 {
		s.respond(ctx, req, l.p.noOverdueAll, nil)
		return
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].count > rows[j].count })
	pg := paging(len(rows), unitsPerPage, req.page)
	lo, hi := pg.window()
	cp := l.c()
	items := make([]string, 0, hi-lo)
	var buttons []button
	for i, r := range rows[lo:hi] {
		items = append(items, fmt.Sprintf(cp.overdueUnitItem, lo+i+1, esc(clip(r.unit.Name, clipUnit)), r.count))
		buttons = append(buttons, button{Text: fmt.Sprintf(cp.unitCountButton, clip(r.unit.Name, 12), r.count),
			CallbackData: callbackData("overdue_all", unitRef(r.unit), 0)})
	}
	head := []string{l.p.overdueAllTitle, fmt.Sprintf(cp.overdueAllCount, total, len(rows))}
	foot := []string{cp.overdueAllHint, fmt.Sprintf(l.p.asOf, l.stamp(l.now))}
	s.respond(ctx, req, message(head, items, foot), withPages(pairs(buttons), l.pageButtons("overdue_all", "", pg)))
}

// unitList is one unit's open (or only overdue) tickets, a page at a time,
// each a button that opens it.
func (s *Service) unitList(ctx context.Context, req *request, c cityScope, unit domain.Unit, overdueOnly bool) {
	l := req.loc
	counts, err := c.st.CurrentOpenCounts(ctx, unit.ID, l.now)
	if err != nil {
		s.fail(ctx, req, "open counts", err)
		return
	}
	name, total := esc(unit.Name), counts.Open
	title, empty, cmd := l.p.ticketsTitle, l.p.noOpen, "unit_open"
	if overdueOnly {
		total, title, empty, cmd = counts.Overdue, l.p.overdueTitle, l.p.noOverdue, "overdue_all"
	}
	if total == 0 {
		s.respond(ctx, req, fmt.Sprintf(empty, name), nil)
		return
	}
	pg := paging(total, ticketsPerPage, req.page)
	ts, err := c.st.OpenTicketsPage(ctx, domain.OpenPage{UnitID: unit.ID, At: l.now, OverdueOnly: overdueOnly, Offset: pg.offset(), Limit: pg.size})
	if err != nil {
		s.fail(ctx, req, "open tickets", err)
		return
	}
	text := l.openTicketsPage(fmt.Sprintf(title, name), pg, ts, l.c().openTicketHint)
	s.respond(ctx, req, text, withPages(ticketButtons(ts), l.pageButtons(cmd, unitRef(unit), pg)))
}

// unitRef is how a button names a unit: by id, which a rename or a long
// name cannot break.
func unitRef(u domain.Unit) string { return "#" + strconv.FormatInt(u.ID, 10) }

// ticketButtons open each ticket of a list; a number too long for a
// button's data is left to /ticket.
func ticketButtons(ts []domain.Ticket) [][]button {
	var bs []button
	for _, t := range ts {
		data := callbackData("ticket", t.No, 0)
		if len(t.No) <= clipNo && data != "ticket||0" {
			bs = append(bs, button{Text: t.No, CallbackData: data})
		}
	}
	return pairs(bs)
}

// pairs lays buttons out two to a row, which a phone shows whole.
func pairs(bs []button) [][]button {
	var rows [][]button
	for i := 0; i < len(bs); i += 2 {
		rows = append(rows, bs[i:min(i+2, len(bs))])
	}
	return rows
}

// withPages puts a list's paging row under its other buttons.
func withPages(rows [][]button, pages *keyboard) *keyboard {
	if pages != nil {
		rows = append(rows, pages.InlineKeyboard...)
	}
	return keyboardOf(rows...)
}
