package bot

import (
	"fmt"
	"strconv"
	"strings"

	"hotlinebot/domain"
)

// clipReason keeps a reason to what a phone shows without scrolling far.
const clipReason = 300

func (l locale) kindLabel(r *reqPhrases, k domain.RequestKind) string {
	if k == domain.RequestReturn {
		return r.returnLabel
	}
	return r.extendLabel
}

// requestCard is a request as the supervisors see it: the ticket's
// essentials, what is asked and why, and where it stands.
func (l locale) requestCard(r *reqPhrases, q domain.Request, t domain.TicketLine) string {
	tag, no, what := l.ticketHead(nil, t)
	lines := []string{
		fmt.Sprintf(r.cardTitle, capitalize(l.kindLabel(r, q.Kind)), q.ID, esc(q.UnitName)),
		fmt.Sprintf(r.cardTicket, tag, bold(no), what),
		fmt.Sprintf(r.cardTimes, l.stamp(q.Dispatched), l.stamp(q.DueBefore)),
	}
	if q.Kind == domain.RequestExtend {
		lines = append(lines, fmt.Sprintf(r.cardExtend, q.Days, l.stamp(q.DueBefore), l.stamp(q.DueAfter)))
	}
	lines = append(lines,
		fmt.Sprintf(r.cardReason, esc(clipText(q.Reason, clipReason))),
		fmt.Sprintf(r.cardBy, esc(clip(q.RequestedBy, clipUnit)), l.stamp(q.RequestedAt)))
	return strings.Join(append(lines, l.requestState(r, q)), "\n")
}

// requestState is the card's last line: what to do, or who decided.
func (l locale) requestState(r *reqPhrases, q domain.Request) string {
	var s string
	switch q.Status {
	case domain.RequestApproved:
		s = fmt.Sprintf(r.cardApproved, esc(clip(q.DecidedBy, clipUnit)), l.stamp(q.DecidedAt))
	case domain.RequestRejected:
		s = fmt.Sprintf(r.cardRejected, esc(clip(q.DecidedBy, clipUnit)), l.stamp(q.DecidedAt), esc(clipText(q.DecisionReason, clipReason)))
	default:
		return r.cardFooter
	}
	if q.EndedBy != "" {
		s += fmt.Sprintf(r.cardEnded, l.endedWhy(r, q))
	}
	return s
}

func (l locale) endedWhy(r *reqPhrases, q domain.Request) string {
	if q.EndedBy == domain.EndedByDeadline {
		return r.endedDeadline
	}
	return r.endedDispatch
}

// decisionButtons are 批准 and 驳回 under a pending request; nil once
// decided.
func decisionButtons(r *reqPhrases, q domain.Request) *keyboard {
	if q.Decided() {
		return nil
	}
	id := strconv.FormatInt(q.ID, 10)
	return keyboardOf([]button{
		{Text: r.btnApprove, CallbackData: callbackData("approve", id, 0)},
		{Text: r.btnReject, CallbackData: callbackData("reject", id, 0)},
	})
}

// decisionText tells the unit the office's decision on its request.
func (l locale) decisionText(r *reqPhrases, q domain.Request, t domain.TicketLine) string {
	no := bold(esc(t.No))
	var head string
	switch {
	case q.Status == domain.RequestApproved && q.Kind == domain.RequestExtend:
		head = fmt.Sprintf(r.decidedExtend, esc(q.UnitName), no, l.stamp(q.DueAfter), l.stamp(q.DueBefore), esc(t.No))
	case q.Status == domain.RequestApproved:
		head = fmt.Sprintf(r.decidedReturn, esc(q.UnitName), no)
	case q.Kind == domain.RequestExtend:
		head = fmt.Sprintf(r.rejectedExtend, esc(q.UnitName), no, l.stamp(t.DueAt), esc(clipText(q.DecisionReason, clipReason)))
	default:
		head = fmt.Sprintf(r.rejectedReturn, esc(q.UnitName), no, l.stamp(t.DueAt), esc(clipText(q.DecisionReason, clipReason)))
	}
	return head + "\n" + fmt.Sprintf(r.decidedBy, esc(clip(q.DecidedBy, clipUnit)))
}

// requestRecord lists a ticket's requests for /ticket: who asked what and
// when, and how it was decided.
func (l locale) requestRecord(r *reqPhrases, qs []domain.Request) []string {
	if len(qs) == 0 {
		return nil
	}
	lines := []string{r.recordTitle}
	for _, q := range qs {
		what := l.kindLabel(r, q.Kind)
		if q.Kind == domain.RequestExtend {
			what += " " + fmt.Sprintf(r.recordDue, l.stamp(q.DueBefore), l.stamp(q.DueAfter))
		}
		var state string
		switch q.Status {
		case domain.RequestApproved:
			state = fmt.Sprintf(r.recordApproved, esc(clip(q.DecidedBy, clipUnit)), l.stamp(q.DecidedAt))
			if q.EndedBy != "" {
				state += fmt.Sprintf(r.cardEnded, l.endedWhy(r, q))
			}
		case domain.RequestRejected:
			state = fmt.Sprintf(r.recordRejected, esc(clip(q.DecidedBy, clipUnit)), l.stamp(q.DecidedAt), esc(clipText(q.DecisionReason, 100)))
		default:
			state = r.recordPending
		}
		lines = append(lines, fmt.Sprintf(r.recordLine, q.ID, what, esc(clip(q.RequestedBy, clipUnit)), l.stamp(q.RequestedAt),
			esc(clipText(q.Reason, 100)), state))
	}
	return lines
}

// refusalText explains a refused request to the liaison.
func (l locale) refusalText(r *reqPhrases, ref *domain.Refusal, no string, maxDays int) string {
	n := bold(esc(no))
	switch ref.Code {
	case domain.RefuseNoReason:
		return r.refNoReason
	case domain.RefuseDays:
		return fmt.Sprintf(r.refDays, ref.Limit)
	case domain.RefuseReturned:
		return fmt.Sprintf(r.refReturned, n)
	case domain.RefuseCompleted:
		return fmt.Sprintf(r.refCompleted, n)
	case domain.RefusePastDeadline:
		return fmt.Sprintf(r.refPastDeadline, n, l.stamp(ref.DueAt), esc(no))
	case domain.RefusePending:
		return fmt.Sprintf(r.refPending, n, l.kindLabel(r, ref.Pending.Kind), ref.Pending.ID, l.stamp(ref.Pending.RequestedAt))
	case domain.RefuseExtensions:
		return fmt.Sprintf(r.refExtensions, n, ref.Limit)
	}
	return fmt.Sprintf(r.refOtherUnit, n)
}

// capitalize starts an English label with a capital at the head of a line;
// Chinese is left as it is.
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
