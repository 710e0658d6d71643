package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// One screen of an alert: at most alertPageSize ticket lines, and text that
// stays under alertChars visible characters, so a phone shows it without
// a wall of scrolling. The rest is a button away.
const (
	alertPageSize  = 30
	alertChars     = 3000
	alertUnits     = 10 // units counted one a line before "and N more"
	clipExcerpt    = 20 // characters of 诉求内容 on a ticket line
	clipAlertUnit  = 8  // characters of a unit's name on an escalation's ticket line
	clipAlertTopic = 10 // characters of a topic (诉求分类) on an alert's ticket line
)

// urgentFirst orders an alert's tickets as they are shown: urgent ones
// first, then by deadline (the most overdue, or the soonest due), then by
// number, so every page of the same list cuts at the same place.
func urgentFirst(ts []domain.TicketLine) []domain.TicketLine {
	out := slices.Clone(ts)
	slices.SortStableFunc(out, func(a, b domain.TicketLine) int {
		if a.Urgent != b.Urgent {
			if a.Urgent {
				return -1
			}
			return 1
		}
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.No, b.No))
	})
	return out
}

// listText is a due-soon, overdue or escalation alert showing one page of
// its tickets: the title and the counts (per unit for supervisors), then
// the page's tickets, most urgent first, then what to do next.
func (l locale) listText(a *alertPhrases, n domain.Notice, page int) []string {
	ts := urgentFirst(n.Tickets)
	pg := paging(len(ts), alertPageSize, page)
	lo, hi := pg.window()
	var lines []string
	switch n.Kind {
	case domain.NoticeDueSoon:
		lines = []string{fmt.Sprintf(a.dueSoonTitle, esc(n.Unit.Name)), l.paged(a, fmt.Sprintf(a.dueSoonCount, len(ts), l.lead(longestLead(ts))), pg)}
	case domain.NoticeOverdue:
		lines = []string{fmt.Sprintf(a.overdueTitle, esc(n.Unit.Name)), l.paged(a, fmt.Sprintf(a.overdueCount, len(ts)), pg)}
	default:
		lines = append([]string{fmt.Sprintf(a.escTitle, len(ts))}, l.unitCounts(a, ts)...)
		lines = append(lines, fmt.Sprintf(a.escMost, l.pageTag(a, pg)))
	}
	lines = append(lines, l.alertLines(a, n, ts[lo:hi], visibleLen(strings.Join(lines, "\n")))...)
	switch n.Kind {
	case domain.NoticeDueSoon:
		return append(lines, a.dueSoonFooter)
	case domain.NoticeOverdue:
		return append(lines, a.overdueFooter)
	}
	return append(lines, a.escFooter)
}

func longestLead(ts []domain.TicketLine) time.Duration {
	var lead time.Duration
	for _, t := range ts {
		lead = max(lead, t.Before)
	}
	return lead
}

// pageTag says which page of several this is.
func (l locale) pageTag(a *alertPhrases, pg pageOf) string {
	if pg.count <= 1 {
		return ""
	}
	return fmt.Sprintf(a.page, pg.index+1, pg.count)
}

// paged puts the page tag before a heading's closing colon.
func (l locale) paged(a *alertPhrases, heading string, pg pageOf) string {
	for _, colon := range []string{"：", ":"} {
		if rest, ok := strings.CutSuffix(heading, colon); ok {
			return rest + l.pageTag(a, pg) + colon
		}
	}
	return heading + l.pageTag(a, pg)
}

// alertLines are the page's ticket lines; should long names and numbers
// take the screen past alertChars, the excerpts go, then the topics, so
// that the page still lists the same tickets (its buttons count on that).
func (l locale) alertLines(a *alertPhrases, n domain.Notice, ts []domain.TicketLine, head int) []string {
	var out []string
	for level := range 3 {
		out = make([]string, len(ts))
		total := head
		for i, t := range ts {
			if level > 0 {
				t.Excerpt = ""
			}
			if level > 1 {
				t.Topic = ""
			}
			out[i] = l.alertLine(a, n, t)
			total += visibleLen(out[i]) + 1
		}
		if total+alertFooterRoom <= alertChars {
			break
		}
	}
	return out
}

// alertFooterRoom is what the footer line of a list alert takes at most.
const alertFooterRoom = 100

// alertLine is one ticket: urgency, number, category, topic and the start
// of the citizen's request, then how long is left or how long overdue.
func (l locale) alertLine(a *alertPhrases, n domain.Notice, t domain.TicketLine) string {
	t.Topic = clip(t.Topic, clipAlertTopic)
	tag, no, what := l.ticketHead(a, t)
	if t.Excerpt != "" {
		what += l.bar() + esc(clip(t.Excerpt, clipExcerpt))
	}
	if n.Kind == domain.NoticeEscalation {
		no = esc(clip(t.UnitName, clipAlertUnit)) + l.bar() + no
	}
	if n.Kind == domain.NoticeDueSoon && t.DueAt.After(n.At) {
		return fmt.Sprintf(a.dueSoonLine, tag, no, what, l.when(t.DueAt), l.span(t.DueAt.Sub(n.At)))
	}
	return fmt.Sprintf(a.overdueLine, tag, no, what, l.span(n.At.Sub(t.DueAt)))
}

// unitCounts are the supervisors' counts first: each unit's tickets, one
// unit a line, most first; past alertUnits the rest are summed up.
func (l locale) unitCounts(a *alertPhrases, ts []domain.TicketLine) []string {
	type count struct {
		name string
		n    int
	}
	by := map[int64]*count{}
	var units []*count
	for _, t := range ts {
		c := by[t.UnitID]
		if c == nil {
			c = &count{name: t.UnitName}
			by[t.UnitID] = c
			units = append(units, c)
		}
		c.n++
	}
	slices.SortStableFunc(units, func(x, y *count) int { return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.name, y.name)) })
	var lines []string
	rest, restN := 0, 0
	for i, c := range units {
		if i >= alertUnits {
			rest++
			restN += c.n
			continue
		}
		lines = append(lines, fmt.Sprintf(a.escUnit, esc(c.name), c.n))
	}
	if rest > 0 {
		lines = append(lines, fmt.Sprintf(a.escMoreUnits, rest, restN))
	}
	return lines
}

// listAll is the command that lists, live, what an alert's list is about.
func listAll(k domain.NoticeKind) string {
	switch k {
	case domain.NoticeDueSoon:
		return "tickets"
	case domain.NoticeOverdue:
		return "overdue"
	}
	return "overdue_all"
}

// alertButtons page through a list alert (下一页 / 上一页, answered from the
// state when pressed) and open the full live list (查看全部).
func alertButtons(note domain.Notification, c domain.Contact, page int) *keyboard {
	n := note.Notice
	switch n.Kind {
	case domain.NoticeDueSoon, domain.NoticeOverdue, domain.NoticeEscalation:
	default:
		return nil
	}
	l := newLocale(c.Lang, time.UTC, n.At)
	a := alertPhrasesFor(l.lang)
	pg := paging(len(n.Tickets), alertPageSize, page)
	id := strconv.FormatInt(note.ID, 10)
	var row []button
	if pg.index > 0 {
		row = append(row, button{Text: l.p.prevPage, CallbackData: callbackData("alert", id, pg.index-1)})
	}
	if pg.index < pg.count-1 {
		row = append(row, button{Text: l.p.nextPage, CallbackData: callbackData("alert", id, pg.index+1)})
	}
	return keyboardOf(row, []button{{Text: a.viewAll, CallbackData: callbackData(listAll(n.Kind), "", 0)}})
}
