package bot

import (
	"fmt"
	"strings"

	"hotlinebot/chart"
	"hotlinebot/domain"
)

// chartPhrases are the captions of the bot's pictures in one language.
// Format verbs take already-escaped text.
type chartPhrases struct {
	trendTitle, trendGrade, trendChange, trendFirstWeek, trendOnTime string
	trendNoTickets, gradesTitle, gradesKind, gradesFooter            string
	rankingTitle, rankingPage, overdueTitle, overdueFooter           string
	noOverdue, provisional, final, btnCharts, btnOverdue             string
	kinds                                                            map[domain.UnitKind]string
}

func (l locale) cp() *chartPhrases {
	if l.lang == domain.LangEN {
		return &enCharts
	}
	return &zhCharts
}

var zhCharts = chartPhrases{
	trendTitle:     "📈 <b>%s</b> · %s（%s）",
	trendGrade:     "等级 <b>%s</b> · 综合指标值 <b>%s</b>",
	trendChange:    "（较上周 %s）",
	trendFirstWeek: "（本期第一周）",
	trendOnTime:    "按期办结率 %s",
	trendNoTickets: "本期暂无计入考核的工单。",
	gradesTitle:    "📊 <b>%s</b> 等级分布 · %s（截至 %s）",
	gradesKind:     "%s：%s",
	gradesFooter:   "灰色柱为%s终评。发送 /summary 查看文字概况。",
	rankingTitle:   "📊 %s 综合指标值排名 · %s",
	rankingPage:    "（第 %d/%d 张）",
	overdueTitle:   "⚠️ 超期未办结工单 · %s\n共 <b>%d</b> 家单位 <b>%d</b> 件。",
	overdueFooter:  "发送 /overdue_all 查看清单。",
	noOverdue:      "✅ 目前没有超期未办结的工单。",
	provisional:    "暂定", final: "终评", btnCharts: "📊 等级分布与排名图", btnOverdue: "⚠️ 超期工单图",
	kinds: map[domain.UnitKind]string{domain.District: "县市区", domain.Department: "市直单位"},
}

var enCharts = chartPhrases{
	trendTitle:     "📈 <b>%s</b> · %s (%s)",
	trendGrade:     "Grade <b>%s</b> · composite <b>%s</b>",
	trendChange:    " (%s since last week)",
	trendFirstWeek: " (first week of the period)",
	trendOnTime:    "On-time rate %s",
	trendNoTickets: "No ticket counts yet this period.",
	gradesTitle:    "📊 <b>%s</b> grade distribution · %s (as of %s)",
	gradesKind:     "%s: %s",
	gradesFooter:   "Grey bars: %s final. Send /summary for the figures in text.",
	rankingTitle:   "📊 %s composite ranking · %s",
	rankingPage:    " (%d/%d)",
	overdueTitle:   "⚠️ Open overdue tickets · %s\n<b>%d</b> units, <b>%d</b> tickets.",
	overdueFooter:  "Send /overdue_all for the list.",
	noOverdue:      "✅ No open ticket is overdue.",
	provisional:    "provisional", final: "final", btnCharts: "📊 Grade charts", btnOverdue: "⚠️ Overdue chart",
	kinds: map[domain.UnitKind]string{domain.District: "districts", domain.Department: "departments"},
}

// evaluation is 暂定 while the period runs, 终评 after.
func (l locale) evaluation(p domain.Period) string {
	if l.now.Before(p.End) {
		return l.cp().provisional
	}
	return l.cp().final
}

// trendCaption names the unit and period, the grade now and the change of
// the composite since the end of last week.
func (l locale) trendCaption(t chart.Trend) string {
	c := l.cp()
	lines := []string{fmt.Sprintf(c.trendTitle, esc(t.Unit.Name), esc(t.Period.Label(l.lang)), l.evaluation(t.Period))}
	if !t.Now.Graded {
		return strings.Join(append(lines, c.trendNoTickets), "\n")
	}
	grade := fmt.Sprintf(c.trendGrade, t.Now.Grade, composite(t.Now.Composite))
	if d, ok := t.Change(); ok {
		grade += fmt.Sprintf(c.trendChange, signed(d))
	} else if _, had := t.LastWeek(); !had && len(t.Weeks) == 0 {
		grade += c.trendFirstWeek
	}
	lines = append(lines, grade, fmt.Sprintf(c.trendOnTime, domain.FormatPercent(t.Now.OnTime/100)))
	return strings.Join(lines, "\n")
}

// gradesCaption counts each kind's grades in words.
func (l locale) gradesCaption(city chart.City) string {
	c := l.cp()
	lines := []string{fmt.Sprintf(c.gradesTitle, esc(city.Period.Label(l.lang)), l.evaluation(city.Period), esc(l.stamp(city.At)))}
	for _, kg := range city.Kinds {
		var parts []string
		for i, g := range chart.Grades {
			if kg.Now[i] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", g, kg.Now[i]))
			}
		}
		if len(parts) == 0 {
			parts = []string{"—"}
		}
		lines = append(lines, fmt.Sprintf(c.gradesKind, c.kinds[kg.Kind], strings.Join(parts, " · ")))
	}
	if city.HasPrev {
		lines = append(lines, fmt.Sprintf(c.gradesFooter, esc(city.Prev.Label(l.lang))))
	}
	return strings.Join(lines, "\n")
}

func (l locale) rankingCaption(city chart.City, kind domain.UnitKind, page, pages int) string {
	c := l.cp()
	s := fmt.Sprintf(c.rankingTitle, c.kinds[kind], esc(city.Period.Label(l.lang)))
	if pages > 1 {
		s += fmt.Sprintf(c.rankingPage, page+1, pages)
	}
	return s
}

func (l locale) overdueCaption(o chart.Overdue) string {
	c := l.cp()
	return fmt.Sprintf(c.overdueTitle, esc(l.stamp(o.At)), len(o.Bars), o.Total()) + "\n" + c.overdueFooter
}

// chartButtons under /summary draw the city charts: /chart and /chart overdue.
func (l locale) chartButtons() *keyboard {
	c := l.cp()
	return keyboardOf([]button{{Text: c.btnCharts, CallbackData: callbackData("chart", "", 0)},
		{Text: c.btnOverdue, CallbackData: callbackData("chart", "overdue", 0)}})
}
