package chart

import (
	"fmt"
	"time"

	"hotlinebot/domain"
)

// words are a chart's fixed texts in one language.
type words struct {
	weekly, finals, composite, onTime, todayMark, provisional, final            string
	distribution, ranking, overdue, tickets, thisPeriod, noGrade, greyIs, topOf string
	kinds                                                                       map[domain.UnitKind]string
	asOf                                                                        func(t time.Time) string
	tick                                                                        func(t time.Time) string
}

var wordsZH = words{
	weekly: "每周走势", finals: "近四期终评与本期暂定", composite: "综合指标值", onTime: "按期办结率（%）",
	todayMark: "今天 %s %s（暂定）", provisional: "暂定", final: "终评",
	distribution: "等级分布", ranking: "综合指标值排名", overdue: "超期未办结工单",
	tickets: "件", thisPeriod: "本期", noGrade: "无工单", greyIs: "灰色为", topOf: "前 %d 家单位（共 %d 家 %d 件）",
	kinds: map[domain.UnitKind]string{domain.District: "县市区", domain.Department: "市直单位"},
	asOf: func(t time.Time) string {
		return fmt.Sprintf("截至 %d月%d日 %s", t.Month(), t.Day(), t.Format("15:04"))
	},
	tick: func(t time.Time) string { return fmt.Sprintf("%d/%d", t.Month(), t.Day()) },
}

var wordsEN = words{
	weekly: "week by week", finals: "last four periods (final) and this one (provisional)", composite: "composite",
	onTime: "on-time rate (%)", todayMark: "today %s %s (provisional)", provisional: "provisional", final: "final",
	distribution: "grade distribution", ranking: "composite ranking", overdue: "open overdue tickets",
	tickets: "", thisPeriod: "this period", noGrade: "no tickets", greyIs: "grey: ", topOf: "top %d of %d units (%d tickets)",
	kinds: map[domain.UnitKind]string{domain.District: "districts", domain.Department: "departments"},
	asOf:  func(t time.Time) string { return "as of " + t.Format("Jan 2 15:04") },
	tick:  func(t time.Time) string { return fmt.Sprintf("%d/%d", t.Month(), t.Day()) },
}

func wordsFor(lang string) words {
	if lang == "en" {
		return wordsEN
	}
	return wordsZH
}
