package bot

import (
	"fmt"

	"hotlinebot/domain"
)

// finalWords and recoveryWords are the sentences of the close results and
// the recovery notes.
type finalWords struct {
	title, ungraded, moved, footer                        string
	recTitle, recGrades, recCause, recFooter              string
	recsTitle, recsCount, recsLine, recsFooter, costliest string
}

var zhFinal = finalWords{
	title:      "📋 %s终评 · %s：<b>%s</b>（%s）",
	ungraded:   "📋 %s终评 · %s：本期没有计入考核的工单（无工单办理单位）。",
	moved:      "变化最大：%s（%s 分）",
	costliest:  "扣分最多：%s（−%s 分）",
	footer:     "发送 /grade %s 查看详情。",
	recTitle:   "📈 等级回升 · %s · %s%s",
	recGrades:  "等级 <b>%s → %s</b>，综合指标值 %s → <b>%s</b>",
	recCause:   "主要因为：%s %s → %s（%s 分）",
	recFooter:  "发送 /grade 查看本期成绩。",
	recsTitle:  "📈 等级回升 · %s%s",
	recsCount:  "<b>%d</b> 家单位从 C 类及以下回升：",
	recsLine:   "• %s <b>%s → %s</b>，%s → %s（%s %s 分）",
	recsFooter: "发送 /unit 单位名称 查看单位详情。",
}

var enFinal = finalWords{
	title:      "📋 %s final · %s: <b>%s</b> (%s)",
	ungraded:   "📋 %s final · %s: no ticket counted this period (unit without tickets).",
	moved:      "Moved most: %s (%s points)",
	costliest:  "Costing the most: %s (−%s points)",
	footer:     "Send /grade %s for the details.",
	recTitle:   "📈 Grade recovered · %s · %s%s",
	recGrades:  "Grade <b>%s → %s</b>, composite %s → <b>%s</b>",
	recCause:   "Main cause: %s %s → %s (%s points)",
	recFooter:  "Send /grade for this period's scorecard.",
	recsTitle:  "📈 Grades recovered · %s%s",
	recsCount:  "<b>%d</b> unit(s) rose from C or below:",
	recsLine:   "• %s <b>%s → %s</b>, %s → %s (%s %s points)",
	recsFooter: "Send /unit NAME for a unit's details.",
}

func (l locale) finalWords() *finalWords {
	if l.lang == domain.LangEN {
		return &enFinal
	}
	return &zhFinal
}

// finalText is a unit's final result of a closed period: grade and
// composite, rank in its kind, the change from the period before and what
// cost the most.
func (l locale) finalText(n domain.Notice) []string {
	w, f := l.finalWords(), n.Final
	label := esc(n.Period.Label(l.lang))
	if f == nil || !f.Graded {
		return []string{fmt.Sprintf(w.ungraded, label, esc(n.Unit.Name))}
	}
	lines := []string{fmt.Sprintf(w.title, label, esc(n.Unit.Name), f.Grade, composite(f.Composite))}
	if f.Rank > 0 {
		lines = append(lines, fmt.Sprintf(l.p.rankLine, esc(n.Unit.Kind.Label(l.lang)), f.Rank, f.Of))
	}
	if !f.Prev.Start.IsZero() {
		prev := esc(f.Prev.Label(l.lang))
		if f.PrevGrade == domain.GradeNone {
			lines = append(lines, fmt.Sprintf(l.p.changeNone, prev))
		} else {
			lines = append(lines, fmt.Sprintf(l.p.changeLine, prev, f.PrevGrade, f.Grade, composite(f.PrevComp),
				composite(f.Composite), bold(signed(f.Composite-f.PrevComp))))
		}
		if f.Moved.Rate != "" {
			lines = append(lines, fmt.Sprintf(w.moved, f.Moved.Rate.Label(l.lang), signed(f.Moved.Points)))
		}
	}
	if f.Costliest.Rate != "" && f.Costliest.Rate != f.Moved.Rate {
		lines = append(lines, fmt.Sprintf(w.costliest, f.Costliest.Rate.Label(l.lang), composite(f.Costliest.Points)))
	}
	return append(lines, fmt.Sprintf(w.footer, n.Period.String()))
}

// recoveryText is a unit's note that its grade rose back, or the
// supervisors' list of units that came up from C or below, one a line.
func (l locale) recoveryText(a *alertPhrases, n domain.Notice) []string {
	w := l.finalWords()
	label, prov := l.periodTag(a, n.Period, n.At)
	if n.Recovery == nil || len(n.Recovery.Units) == 0 {
		return []string{fmt.Sprintf(w.recsTitle, label, prov)}
	}
	if n.Unit.ID != 0 {
		s := n.Recovery.Units[0]
		m := s.Moved
		return []string{
			fmt.Sprintf(w.recTitle, esc(n.Unit.Name), label, prov),
			fmt.Sprintf(w.recGrades, s.From, s.To, composite(s.FromComposite), composite(s.ToComposite)),
			fmt.Sprintf(w.recCause, m.Rate.Label(l.lang), domain.FormatPercent(m.From), domain.FormatPercent(m.To), signed(m.Points)),
			w.recFooter,
		}
	}
	lines := []string{fmt.Sprintf(w.recsTitle, label, prov), fmt.Sprintf(w.recsCount, len(n.Recovery.Units))}
	for _, s := range n.Recovery.Units {
		lines = append(lines, fmt.Sprintf(w.recsLine, esc(s.Unit), s.From, s.To, composite(s.FromComposite),
			composite(s.ToComposite), s.Moved.Rate.Label(l.lang), signed(s.Moved.Points)))
	}
	return append(lines, w.recsFooter)
}
