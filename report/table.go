package report

import (
	"strconv"

	"hotlinebot/domain"
)

// headers are the bulletin's column names, in the order of every format.
func headers(lang string) []string {
	if lang == "en" {
		return []string{"Unit", "Kind", "Should", "Handled", "Completion", "Overdue", "On time",
			"Rework", "Rework rate", "Dissatisfied", "Satisfaction", "Composite", "Grade"}
	}
	return []string{"单位名称", "类别", "应办理数", "办理数", "办结率", "超期办理数", "按期办结率",
		"返工数", "返工率", "抽查不满意数", "群众满意率", "综合指标值", "等级评价"}
}

// noTicketGrade stands in the grade column of a unit with no counting ticket.
func noTicketGrade(lang string) string {
	if lang == "en" {
		return "no tickets"
	}
	return "无工单"
}

// cells is a graded unit's row as text: counts, rates as the bulletin's
// percentages, the composite with at most one decimal.
func cells(sc domain.Scorecard, lang string) []string {
	return []string{
		sc.Unit.Name,
		sc.Unit.Kind.Label(lang),
		strconv.Itoa(sc.Should),
		strconv.Itoa(sc.Handled),
		domain.FormatPercent(sc.CompletionRate),
		strconv.Itoa(sc.Overdue),
		domain.FormatPercent(sc.OnTimeRate),
		strconv.Itoa(sc.Rework),
		domain.FormatPercent(sc.ReworkRate),
		strconv.Itoa(sc.Dissatisfied),
		domain.FormatPercent(sc.SatisfactionRate),
		domain.FormatComposite(sc.Composite),
		string(sc.Grade),
	}
}

// noTicketCells is the row of a unit with no counting ticket: its name and
// kind, empty figures, and 无工单 for the grade.
func noTicketCells(u domain.Unit, lang string) []string {
	row := make([]string, len(headers(lang)))
	row[0] = u.Name
	row[1] = u.Kind.Label(lang)
	row[len(row)-1] = noTicketGrade(lang)
	return row
}

// section is one heading of the bulletin and the graded units under it.
type section struct {
	title string
	cards []domain.Scorecard
}

// sections groups the graded units as the bulletin does: A, B, then C and
// below together; empty groups are left out. The report's order is kept.
func sections(r domain.Report, lang string) []section {
	titles := [3]string{"综合评价A类单位", "综合评价B类单位", "综合评价C类及以下单位"}
	if lang == "en" {
		titles = [3]string{"Grade A units", "Grade B units", "Grade C and below"}
	}
	var groups [3][]domain.Scorecard
	for _, sc := range r.Units {
		i := min(sc.Grade.Rank(), 2)
		groups[i] = append(groups[i], sc)
	}
	var out []section
	for i, cards := range groups {
		if len(cards) > 0 {
			out = append(out, section{title: titles[i], cards: cards})
		}
	}
	return out
}

// noTicketTitle is the heading of the units with no counting ticket.
func noTicketTitle(lang string) string {
	if lang == "en" {
		return "Units without tickets"
	}
	return "无工单办理单位"
}

// countedTitle adds the number of units to a heading: 综合评价A类单位（72家）.
func countedTitle(title string, n int, lang string) string {
	if lang == "en" {
		return title + " (" + strconv.Itoa(n) + ")"
	}
	return title + "（" + strconv.Itoa(n) + "家）"
}

// title is the report's heading: period, name of the evaluation, and the
// instant it was evaluated at, in the office's zone.
func title(r domain.Report, lang string) string {
	at := reportTime(r).Format("2006-01-02 15:04")
	if lang == "en" {
		return r.Period.Label(lang) + " 12345 hotline ticket handling evaluation (as of " + at + ")"
	}
	return r.Period.Label(lang) + " 12345热线工单办理综合评价（截至 " + at + "）"
}
