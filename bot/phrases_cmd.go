package bot

import "hotlinebot/domain"

// cmdPhrases are the words of the daily-work commands (/ranking, /due,
// /export, /overdue_all, /unit's lists), kept apart from phrases so that
// each concern's words stay together.
type cmdPhrases struct {
	rankingNone, rankKindHead, rankItem, rankFewHead, rankFewItem, rankNone string
	overdueUnitItem, unitCountButton, overdueAllCount, overdueAllHint       string
	openTicketHint, overdueButton, openButton                               string
	dueTitle, dueToday, dueNext, dueNone, dueOverdue, duePage               string
	dueTitleCity, dueCityCounts, dueCityColumns, dueUnitItem, dueNoneCity   string
	exportCity, exportCaption, exportNone, exportPreparing                  string
}

// c is the locale's words of the daily-work commands.
func (l locale) c() *cmdPhrases {
	if l.lang == domain.LangEN {
		return &enCmdPhrases
	}
	return &zhCmdPhrases
}

var zhCmdPhrases = cmdPhrases{
	rankingNone:  "%s没有计入考核的工单，暂无排名。",
	rankKindHead: "<b>【%s】</b>排名 %d 家",
	rankItem:     "%d. %s · %s <b>%s</b> · %d 件",
	rankFewHead:  "计入考核不足 %d 件，不排名：",
	rankFewItem:  "— %s · %s %s · %d 件",
	rankNone:     "无工单 %d 家：%s",

	overdueUnitItem: "%d. %s <b>%d</b> 件",
	unitCountButton: "%s %d",
	overdueAllCount: "共 <b>%d</b> 件，涉及 %d 家单位",
	overdueAllHint:  "点单位查看其超期工单，或发送 /overdue_all 单位名称。",
	openTicketHint:  "点编号查看工单详情。",
	overdueButton:   "超期工单 %d",
	openButton:      "未办结工单 %d",

	dueTitle:       "⏰ 近期到期 · %s",
	dueToday:       "<b>今天到期 %d 件：</b>",
	dueNext:        "<b>下一个工作日 %s到期 %d 件：</b>",
	dueNone:        "✅ %s今天和下一个工作日 %s都没有到期的工单。",
	dueOverdue:     "另有已超期 <b>%d</b> 件，发送 /overdue 查看。",
	duePage:        "第 %d/%d 页",
	dueTitleCity:   "⏰ 全市近期到期",
	dueCityCounts:  "今天 <b>%d</b> 件 · 下一个工作日 %s <b>%d</b> 件，涉及 %d 家单位",
	dueCityColumns: "（今天 / %s）",
	dueUnitItem:    "%d. %s <b>%d</b> / %d",
	dueNoneCity:    "✅ 全市今天和下一个工作日 %s都没有到期的工单。",

	exportCity:      "全市",
	exportCaption:   "📎 %s %s 工单明细：共 <b>%d</b> 件（%s）",
	exportNone:      "%s %s没有派发的工单，无可导出的内容。",
	exportPreparing: "⏳ 正在生成%s的评价表和全市工单明细，工单多时需要几十秒，请稍候。",
}

var enCmdPhrases = cmdPhrases{
	rankingNone:  "No ticket counted in %s, so there is no ranking.",
	rankKindHead: "<b>%s</b>: %d ranked",
	rankItem:     "%d. %s · %s <b>%s</b> · %d tickets",
	rankFewHead:  "Fewer than %d tickets counted, not ranked:",
	rankFewItem:  "— %s · %s %s · %d tickets",
	rankNone:     "No tickets (%d): %s",

	overdueUnitItem: "%d. %s <b>%d</b>",
	unitCountButton: "%s %d",
	overdueAllCount: "<b>%d</b> tickets at %d units",
	overdueAllHint:  "Tap a unit to see its overdue tickets, or send /overdue_all UNIT.",
	openTicketHint:  "Tap a number to open the ticket.",
	overdueButton:   "Overdue %d",
	openButton:      "Open %d",

	dueTitle:       "⏰ Due soon · %s",
	dueToday:       "<b>Due today: %d</b>",
	dueNext:        "<b>Due on the next working day, %s: %d</b>",
	dueNone:        "✅ Nothing of %s falls due today or on the next working day, %s.",
	dueOverdue:     "Also <b>%d</b> already overdue; send /overdue to see them.",
	duePage:        "page %d/%d",
	dueTitleCity:   "⏰ Due soon, all units",
	dueCityCounts:  "Today <b>%d</b> · next working day, %s, <b>%d</b> · at %d units",
	dueCityColumns: "(today / %s)",
	dueUnitItem:    "%d. %s <b>%d</b> / %d",
	dueNoneCity:    "✅ No ticket falls due today or on the next working day, %s.",

	exportCity:      "All units",
	exportCaption:   "📎 %s, %s: <b>%d</b> tickets (%s)",
	exportNone:      "%s had no tickets dispatched in %s, so there is nothing to export.",
	exportPreparing: "⏳ Preparing the evaluation table and every ticket of %s; with many tickets this takes up to a minute.",
}
