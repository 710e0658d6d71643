package bot

import (
	"fmt"
	"strings"

	"hotlinebot/domain"
)

func (l locale) digestText(a *alertPhrases, n domain.Notice) []string {
	d := n.Digest
	lines := []string{fmt.Sprintf(a.digestTitle, esc(n.Unit.Name), l.date(n.At))}
	if d.Open > 0 {
		lines = append(lines, fmt.Sprintf(a.digestOpen, d.Open, d.DueToday, d.Overdue))
	} else {
		lines = append(lines, a.digestNone)
	}
	label := esc(n.Period.Label(l.lang))
	if d.Graded {
		lines = append(lines, fmt.Sprintf(a.digestGrade, label, d.Grade, composite(d.Composite),
			n.Unit.Kind.Label(l.lang), d.Rank, d.Of))
		lines = append(lines, l.digestAdvice(d.Advice)...)
	} else {
		lines = append(lines, fmt.Sprintf(a.digestNoGrad, label))
	}
	return append(lines, a.digestFooter)
}

// summaryNotice is the supervisors' morning summary, as /summary words it,
// with the city's overdue count; admins also see the units no alert
// reaches.
func (l locale) summaryNotice(a *alertPhrases, n domain.Notice, admin bool) []string {
	s := n.Summary
	text := l.summaryText(domain.Report{Period: s.Period, At: s.AsOf}, s.Period.Prev(), s.Overview)
	lines := strings.Split(text, "\n")
	footer := lines[len(lines)-1]
	lines = append(lines[:len(lines)-1], fmt.Sprintf(a.openOverdue, s.OpenOverdue))
	if admin && len(s.NoContacts) > 0 {
		names := make([]string, len(s.NoContacts))
		for i, name := range s.NoContacts {
			names[i] = esc(name)
		}
		lines = append(lines, l.unitLines(fmt.Sprintf(a.noContacts, ""), names, 10)...)
	}
	return append(lines, footer)
}

func (l locale) bulletinText(a *alertPhrases, n domain.Notice) []string {
	b := n.Bulletin
	label := esc(b.Period.Label(l.lang))
	lines := []string{fmt.Sprintf(a.bulletinTitle, label, a.final)}
	cats := make([]string, len(b.ByCategory))
	for i, c := range b.ByCategory {
		cats[i] = fmt.Sprintf(a.bCategory, c.Category.Label(l.lang), c.Count)
	}
	lines = append(lines, fmt.Sprintf(a.bTotal, b.Total, strings.Join(cats, a.categorySep)))
	if b.Should > 0 {
		lines = append(lines, fmt.Sprintf(a.bRates, domain.FormatPercent(b.CompletionRate), domain.FormatPercent(b.OnTimeRate)))
	}
	for _, top := range []struct {
		kind  domain.UnitKind
		units []domain.UnitScore
	}{{domain.District, b.TopDistricts}, {domain.Department, b.TopDepartments}} {
		if len(top.units) > 0 {
			lines = append(lines, l.unitLines(fmt.Sprintf(a.bTop, top.kind.Label(l.lang), ""), scoreItems(l.p, top.units,
				func(u domain.UnitScore) string { return fmt.Sprint(u.Handled) }), len(top.units))...)
		}
	}
	if b.Urgent > 0 {
		lines = append(lines, fmt.Sprintf(a.bUrgent, b.Urgent, b.UrgentOnTime, domain.FormatPercent(float64(b.UrgentOnTime)/float64(b.Urgent))))
	}
	lines = append(lines, fmt.Sprintf(a.bCallbacks, b.Satisfied+b.Dissatisfied, b.Satisfied, b.Dissatisfied, domain.FormatPercent(b.SatisfactionRate)))
	lines = append(lines, l.overviewLines(b.Overview, b.Compared, 10, 20)...)
	if len(b.TopTopics) > 0 {
		topics := make([]string, len(b.TopTopics))
		for i, t := range b.TopTopics {
			topics[i] = fmt.Sprintf(a.bTopic, esc(t.Topic), t.Count, domain.FormatPercent(t.Share))
		}
		lines = append(lines, fmt.Sprintf(a.bTopics, strings.Join(topics, l.p.listSep)))
	}
	return append(lines, fmt.Sprintf(a.bFooter, b.Period.String()))
}

// overviewLines are the grade figures of the bulletin and of /summary:
// distribution, who fell and rose against the compared period (and which rate
// moved), C and below; the lists name at most shifts and low units.
func (l locale) overviewLines(o domain.GradeOverview, compared domain.Period, shifts, low int) []string {
	p := l.p
	if o.Graded == 0 {
		return []string{p.noneGraded}
	}
	lowCount := o.ByGrade[domain.GradeC] + o.ByGrade[domain.GradeD] + o.ByGrade[domain.GradeE]
	lines := []string{fmt.Sprintf(p.distribution, o.ByGrade[domain.GradeA], share(o.ShareA), o.ByGrade[domain.GradeB], lowCount, o.NoTickets)}
	if o.Compared {
		vs := fmt.Sprintf(p.comparedWith, esc(compared.Label(l.lang)))
		if items := l.shiftItems(o.Fell); len(items) > 0 {
			lines = append(lines, l.unitLines(fmt.Sprintf(p.fell, vs, ""), items, shifts)...)
		}
		if items := l.shiftItems(o.Rose); len(items) > 0 {
			lines = append(lines, l.unitLines(fmt.Sprintf(p.rose, vs, ""), items, shifts)...)
		}
	}
	if len(o.Low) > 0 {
		lines = append(lines, l.unitLines(fmt.Sprintf(p.low, ""), scoreItems(p, o.Low, func(u domain.UnitScore) string {
			return string(u.Grade) + " " + composite(u.Composite)
		}), low)...)
	}
	return lines
}

// unitLines is a list of units one a line under its heading, at most n,
// then how many there are in all.
func (l locale) unitLines(heading string, items []string, n int) []string {
	lines := []string{strings.TrimSpace(heading)}
	for _, it := range items[:min(n, len(items))] {
		lines = append(lines, "• "+it)
	}
	if len(items) > n {
		lines = append(lines, fmt.Sprintf(alertPhrasesFor(l.lang).unitsInAll, len(items)))
	}
	return lines
}

func (l locale) blockedText(a *alertPhrases, n domain.Notice) []string {
	c := n.Contact
	where := esc(c.UnitName)
	if where == "" {
		where = domain.Role(c.Role).Label(l.lang)
	}
	who := esc(c.Name)
	if who == "" {
		who = fmt.Sprintf("chat %d", c.ChatID)
	}
	return []string{
		fmt.Sprintf(a.blockedTitle, where),
		fmt.Sprintf(a.blockedLine, who, domain.Role(c.Role).Label(l.lang)),
		a.blockedFooter,
	}
}

// digestAdvice is the morning's one piece of advice: the step to the next
// grade, or, for a unit with none above, how many lapses it can take.
func (l locale) digestAdvice(a *domain.Advice) []string {
	if a == nil {
		return nil
	}
	var out []string
	if len(a.Steps) > 0 {
		out = append(out, l.stepLine(*a, a.Steps[0]))
	}
	if line := l.closeSlackLine(*a); line != "" {
		out = append(out, line)
	}
	return out
}
