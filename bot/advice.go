package bot

import (
	"fmt"
	"strings"

	"hotlinebot/domain"
)

// adviceWords are the sentences of the advice engine's steps in one
// language; every text that advises (/grade, /unit, grade-drop,
// near-threshold, digest) writes them through adviceLines, so an alert
// and /grade at the same instant say the same thing.
type adviceWords struct {
	overdue, onTime, both, none, loss, slackOne, slackMany string
	dueOne, dueLast                                        string // the deadline to meet: of the one ticket, of the last
}

var zhAdvice = adviceWords{
	overdue:   "距 %s 类还差 <b>%s</b> 分：办结 <b>%d</b> 件超期工单即可。",
	onTime:    "距 %s 类还差 <b>%s</b> 分：在时限前办结最早到期的 <b>%d</b> 件在办工单即可%s。",
	both:      "距 %s 类还差 <b>%s</b> 分：办结 <b>%d</b> 件超期工单，并在时限前办结最早到期的 <b>%d</b> 件在办工单%s即可。",
	dueOne:    "（%s 到期）",
	dueLast:   "（最后一件 %s 到期）",
	none:      "距 %s 类还差 <b>%s</b> 分：本期剩余工单全部办结也达不到（最高 %s）。失分：%s。",
	loss:      "%s −%s 分",
	slackOne:  "⚠️ 最早到期的在办工单（%s 到期）若超期，等级将降为 %s 类。",
	slackMany: "⚠️ 最早到期的 <b>%d</b> 件在办工单若都超期（第 %[1]d 件 %[3]s 到期），等级将降为 %[2]s 类。",
}

var enAdvice = adviceWords{
	overdue:   "<b>%[2]s</b> points short of grade %[1]s: complete <b>%[3]d</b> overdue ticket(s).",
	onTime:    "<b>%[2]s</b> points short of grade %[1]s: complete the <b>%[3]d</b> soonest-due open ticket(s) before their deadlines%[4]s.",
	both:      "<b>%[2]s</b> points short of grade %[1]s: complete <b>%[3]d</b> overdue ticket(s) and the <b>%[4]d</b> soonest-due open ticket(s) before their deadlines%[5]s.",
	dueOne:    " (due %s)",
	dueLast:   " (the last is due %s)",
	none:      "<b>%[2]s</b> points short of grade %[1]s: out of reach this period even if every open ticket is completed (%[3]s at best). Points lost: %[4]s.",
	loss:      "%s −%s",
	slackOne:  "⚠️ If the soonest-due open ticket (due %s) goes overdue, the grade falls to %s.",
	slackMany: "⚠️ If the <b>%d</b> soonest-due open tickets all go overdue (the last is due %[3]s), the grade falls to %[2]s.",
}

func (l locale) advice() *adviceWords {
	if l.lang == domain.LangEN {
		return &enAdvice
	}
	return &zhAdvice
}

// adviceLines are the steps to each better grade within reach, then the
// first one out of reach with the points lost by cause, largest first.
func (l locale) adviceLines(a domain.Advice) []string {
	out := make([]string, 0, len(a.Steps))
	for _, st := range a.Steps {
		out = append(out, l.stepLine(a, st))
	}
	return out
}

// stepLine is one grade's step.
func (l locale) stepLine(a domain.Advice, st domain.Step) string {
	w := l.advice()
	g, gap := string(st.Target), composite(st.Gap)
	switch {
	case !st.Reachable:
		return fmt.Sprintf(w.none, g, gap, composite(a.Best), l.lossList(a.Losses))
	case st.OnTime == 0:
		return fmt.Sprintf(w.overdue, g, gap, st.Overdue)
	case st.Overdue == 0:
		return fmt.Sprintf(w.onTime, g, gap, st.OnTime, l.dueNote(st))
	}
	return fmt.Sprintf(w.both, g, gap, st.Overdue, st.OnTime, l.dueNote(st))
}

// dueNote is the deadline a step's on-time closings must meet.
func (l locale) dueNote(st domain.Step) string {
	if st.OnTime == 1 {
		return fmt.Sprintf(l.advice().dueOne, l.when(st.By))
	}
	return fmt.Sprintf(l.advice().dueLast, l.when(st.By))
}

func (l locale) lossList(ls []domain.Loss) string {
	items := make([]string, len(ls))
	for i, x := range ls {
		items[i] = fmt.Sprintf(l.advice().loss, x.Rate.Label(l.lang), composite(x.Points))
	}
	return strings.Join(items, l.p.listSep)
}

// slackLine warns how many lapses the grade can take, when the unit's
// not-yet-due tickets could drop it; "" when they could not.
func (l locale) slackLine(a domain.Advice) string {
	if !a.Falls {
		return ""
	}
	if a.Slack == 0 {
		return fmt.Sprintf(l.advice().slackOne, l.when(a.FallsBy), a.FallsTo)
	}
	return fmt.Sprintf(l.advice().slackMany, a.Slack+1, a.FallsTo, l.when(a.FallsBy))
}

// composite writes a composite for chat: always one decimal (89.0, 100.0).
func composite(v float64) string {
	return fmt.Sprintf("%.1f", domain.RoundTo(v, 1))
}

// slackShown is how few lapses must separate a unit from the grade below
// before /grade and the digest warn of it (a near-threshold alert always
// does): with more in hand it is noise.
const slackShown = 10

// closeSlackLine is slackLine when the grade is that close to falling.
func (l locale) closeSlackLine(a domain.Advice) string {
	if a.Slack >= slackShown {
		return ""
	}
	return l.slackLine(a)
}
