package bot

import (
	"fmt"

	"hotlinebot/domain"
)

// noGradeLines are what a scorecard without counting tickets shows: at the
// start of a period nothing counts yet, so it says so plainly and shows what
// matters then, the period before's result and the tickets open now.
func (l locale) noGradeLines(v scorecardView, liaison bool) []string {
	p := l.p
	lines := []string{p.noGrade}
	if v.period.PhaseAt(l.now) == domain.PeriodCurrent {
		lines[0] = p.nothingCountsYet
	}
	prev := esc(v.prevPeriod.Label(l.lang))
	if v.prev.Grade == domain.GradeNone {
		lines = append(lines, fmt.Sprintf(p.prevNone, prev))
	} else {
		lines = append(lines, fmt.Sprintf(p.prevResult, prev, v.prev.Grade, composite(v.prev.Composite)))
	}
	lines = append(lines, l.openNowLine(v, liaison))
	return append(lines, fmt.Sprintf(p.asOf, l.stamp(l.now)))
}

// openNowLine counts the unit's tickets open now and says where to see the
// overdue ones.
func (l locale) openNowLine(v scorecardView, liaison bool) string {
	p := l.p
	if v.open.Open == 0 {
		return p.glanceNone
	}
	line := fmt.Sprintf(p.openNow, v.open.Open, v.open.Overdue)
	switch {
	case v.open.Overdue == 0:
	case liaison:
		line += p.openNowLiaison
	default:
		line += fmt.Sprintf(p.openNowCity, esc(v.card.Unit.Name))
	}
	return line
}
