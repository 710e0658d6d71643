package bot

import (
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// alertNames is how many ticket numbers or unit names a notification line
// names before it says how many there are in all.
const alertNames = 5

// RenderNotice writes notice n as contact c reads it: in c's language, with
// times in loc reckoned from the instant the job decided at; admins also
// see the lines meant for the operator. The text is Telegram HTML, every
// user-supplied string escaped; it may exceed one message (SplitMessage).
func RenderNotice(n domain.Notice, c domain.Contact, loc *time.Location) string {
	return renderPage(n, c, loc, 0)
}

// renderPage is RenderNotice showing page (from 0) of a ticket list.
func renderPage(n domain.Notice, c domain.Contact, loc *time.Location, page int) string {
	l := newLocale(c.Lang, loc, n.At)
	a := alertPhrasesFor(l.lang)
	var lines []string
	switch n.Kind {
	case domain.NoticeDueSoon, domain.NoticeOverdue, domain.NoticeEscalation:
		lines = l.listText(a, n, page)
	case domain.NoticeGradeDrop:
		lines = l.gradeDropText(a, n)
	case domain.NoticeNearThreshold:
		lines = l.nearText(a, n)
	case domain.NoticeRecovery:
		lines = l.recoveryText(a, n)
	case domain.NoticeFinal:
		lines = l.finalText(n)
	case domain.NoticeDigest:
		lines = l.digestText(a, n)
	case domain.NoticeSummary:
		lines = l.summaryNotice(a, n, c.Role == domain.RoleAdmin)
	case domain.NoticeBulletin:
		lines = l.bulletinText(a, n)
	case domain.NoticeContactBlocked:
		lines = l.blockedText(a, n)
	case domain.NoticeRequest, domain.NoticeDecision, domain.NoticeRequestClosed:
		lines = []string{l.requestNotice(n)}
	default:
		lines = []string{esc(string(n.Kind))}
	}
	return strings.Join(lines, "\n")
}

// requestNotice is a request's card for the supervisors, or the decision
// for the unit that asked.
func (l locale) requestNotice(n domain.Notice) string {
	if n.Request == nil || len(n.Tickets) == 0 {
		return esc(string(n.Kind))
	}
	r := reqPhrasesFor(l.lang)
	if n.Kind == domain.NoticeDecision {
		return l.decisionText(r, *n.Request, n.Tickets[0])
	}
	return l.requestCard(r, *n.Request, n.Tickets[0])
}

// noticeButtons are the inline buttons under a notification's last part:
// 批准 / 驳回 under a request to the supervisors; 下一页 and 查看全部 under
// a list of tickets.
func noticeButtons(note domain.Notification, c domain.Contact) *keyboard {
	if n := note.Notice; n.Kind == domain.NoticeRequest && n.Request != nil {
		return decisionButtons(&zhRequests, *n.Request)
	}
	return alertButtons(note, c, 0)
}

// ticketHead is a ticket's urgency tag, number, category and topic as a
// list line starts: 【急】A-01 求助｜路灯不亮.
func (l locale) ticketHead(a *alertPhrases, t domain.TicketLine) (tag, no, what string) {
	if t.Urgent {
		tag = l.p.urgentTag
	}
	what = esc(t.Category.Label(l.lang))
	if t.Topic != "" {
		what += l.bar() + esc(clip(t.Topic, clipTopic))
	}
	return tag, esc(t.No), what
}

// lead is a warning's lead time: whole hours as hours (24 小时, not 1 天).
func (l locale) lead(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf(l.p.units.hours, int(d/time.Hour))
	}
	return l.span(d)
}

// periodTag is " · 2026年第四季度（暂定）": provisional while the period runs.
func (l locale) periodTag(a *alertPhrases, p domain.Period, at time.Time) (string, string) {
	if at.Before(p.End) {
		return esc(p.Label(l.lang)), a.provisional
	}
	return esc(p.Label(l.lang)), ""
}

func (l locale) gradeDropText(a *alertPhrases, n domain.Notice) []string {
	label, prov := l.periodTag(a, n.Period, n.At)
	if n.Unit.ID == 0 {
		return l.dropsText(a, n, label, prov)
	}
	d := n.Drops[0]
	m := d.Moved
	lines := []string{
		fmt.Sprintf(a.dropTitle, esc(d.Unit.Name), label, prov),
		fmt.Sprintf(a.dropGrades, d.From, d.To, composite(d.FromComposite), composite(d.ToComposite)),
		fmt.Sprintf(a.dropCause, m.Rate.Label(l.lang), domain.FormatPercent(m.From), domain.FormatPercent(m.To), signed(m.Points)),
	}
	if line := l.behindLine(a, d); line != "" {
		lines = append(lines, line)
	}
	return append(append(lines, l.adviceLines(d.Advice)...), a.dropFooter)
}

func (l locale) behindLine(a *alertPhrases, d domain.GradeDrop) string {
	if d.BehindCount == 0 {
		return ""
	}
	nos := make([]string, len(d.Behind))
	for i, no := range d.Behind {
		nos[i] = esc(no)
	}
	list := strings.Join(nos, l.p.listSep)
	if d.BehindCount > len(d.Behind) {
		list += " …"
	}
	switch d.Moved.Rate {
	case domain.RateRework:
		return fmt.Sprintf(a.behindRework, d.BehindCount, list)
	case domain.RateSatisfaction:
		return fmt.Sprintf(a.behindDissatisfied, d.BehindCount, list)
	}
	return fmt.Sprintf(a.behindOverdue, d.BehindCount, list)
}

// dropsText is the supervisors' message: every unit that fell to C or
// below in one run.
func (l locale) dropsText(a *alertPhrases, n domain.Notice, label, prov string) []string {
	lines := []string{fmt.Sprintf(a.dropsTitle, label, prov), fmt.Sprintf(a.dropsCount, len(n.Drops))}
	for _, d := range n.Drops {
		lines = append(lines, fmt.Sprintf(a.dropsLine, esc(d.Unit.Name), d.From, d.To,
			composite(d.FromComposite), composite(d.ToComposite),
			d.Moved.Rate.Label(l.lang), signed(d.Moved.Points)))
	}
	return append(lines, a.dropsFooter)
}

func (l locale) nearText(a *alertPhrases, n domain.Notice) []string {
	label, prov := l.periodTag(a, n.Period, n.At)
	w := n.Near
	lines := []string{
		fmt.Sprintf(a.nearTitle, esc(n.Unit.Name), label, prov),
		fmt.Sprintf(a.nearLine, composite(w.Composite), w.Grade, composite(w.Threshold), composite(w.Margin)),
	}
	if line := l.slackLine(w.Advice); line != "" {
		lines = append(lines, line)
	}
	if w.Overdue > 0 {
		lines = append(lines, fmt.Sprintf(a.nearOverdue, w.Overdue))
	}
	lines = append(lines, fmt.Sprintf(a.nearCost, w.Costliest.Rate.Label(l.lang), composite(w.Costliest.Points)))
	return append(append(lines, l.adviceLines(w.Advice)...), a.nearFooter)
}
