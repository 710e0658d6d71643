package bot

import "hotlinebot/domain"

// alertPhrases are the words of the notifications in one language. Format
// verbs take already-escaped text; the numbers that matter are bold.
type alertPhrases struct {
	dueSoonTitle, dueSoonCount, dueSoonLine, dueSoonFooter         string
	overdueTitle, overdueCount, overdueLine, overdueFooter         string
	escTitle, escUnit, escFooter, escMost, escMoreUnits, page      string
	viewAll, alertGone, alertDone, unitsInAll                      string
	dropTitle, dropGrades, dropCause, dropFooter                   string
	behindOverdue, behindRework, behindDissatisfied                string
	dropsTitle, dropsCount, dropsLine, dropsFooter                 string
	nearTitle, nearLine, nearCost, nearOverdue, nearFooter         string
	digestTitle, digestOpen, digestNone, digestGrade, digestNoGrad string
	digestFooter, openOverdue, noContacts                          string
	bulletinTitle, bTotal, bRates, bCategory, bTop, bUrgent        string
	bCallbacks                                                     string
	bTopics, bTopic, bFooter, blockedTitle, blockedLine            string
	blockedFooter, provisional, final, categorySep                 string
}

func alertPhrasesFor(lang string) *alertPhrases {
	if lang == domain.LangEN {
		return &enAlerts
	}
	return &zhAlerts
}

var zhAlerts = alertPhrases{
	dueSoonTitle:  "⏰ 即将到期 · %s",
	dueSoonCount:  "<b>%d</b> 件工单将在 %s内到期：",
	dueSoonLine:   "• %s%s %s — %s 到期（剩余 <b>%s</b>）",
	dueSoonFooter: "请在时限内办结。发送 /tickets 查看全部在办工单。",
	overdueTitle:  "⚠️ 超期提醒 · %s",
	overdueCount:  "<b>%d</b> 件工单已超过办理时限：",
	overdueLine:   "• %s%s %s — 已超期 <b>%s</b>",
	overdueFooter: "超期办理会降低按期办结率。发送 /overdue 查看全部超期工单。",
	escTitle:      "🚨 超期督办 · <b>%d</b> 件工单超期未办结",
	escUnit:       "• %s <b>%d</b> 件",
	escMoreUnits:  "• 另有 %d 家单位共 %d 件",
	escMost:       "超期最久%s：",
	page:          "（第 %d/%d 页）",
	viewAll:       "查看全部",
	unitsInAll:    "• …… 共 %d 家",
	alertGone:     "这条提醒已不可查看。发送 /overdue 或 /tickets 查看当前工单。",
	alertDone:     "✅ 这条提醒里的工单都已办结。",
	escFooter:     "请督促相关单位尽快办结。发送 /overdue_all 查看全部超期工单。",

	dropTitle:          "📉 等级下降 · %s · %s%s",
	dropGrades:         "等级 <b>%s → %s</b>，综合指标值 %s → <b>%s</b>",
	dropCause:          "主要原因：%s %s → %s（%s 分）",
	dropFooter:         "发送 /grade 查看本期成绩。",
	behindOverdue:      "<b>%d</b> 件工单超期未办结：%s 发送 /overdue 查看。",
	behindRework:       "<b>%d</b> 件工单被返工：%s",
	behindDissatisfied: "<b>%d</b> 件工单回访不满意：%s",
	dropsTitle:         "📉 等级下降 · %s%s",
	dropsCount:         "<b>%d</b> 家单位降至 C 类及以下：",
	dropsLine:          "• %s <b>%s → %s</b>，综合指标值 %s → %s（%s %s 分）",
	dropsFooter:        "发送 /unit 单位名称 查看单位详情。",

	nearTitle:   "⚠️ 临近降级 · %s · %s%s",
	nearLine:    "综合指标值 <b>%s</b>，仅比 %s 类线（%s）高 <b>%s</b> 分。",
	nearCost:    "扣分最多：%s（−%s 分）。",
	nearOverdue: "<b>%d</b> 件工单已超期未办结，尽快办结能拉开与降级线的距离。",
	nearFooter:  "发送 /grade 查看本期成绩。",

	digestTitle:  "☀️ 今日提醒 · %s · %s",
	digestOpen:   "在办 <b>%d</b> 件，今日到期 <b>%d</b> 件，已超期 <b>%d</b> 件",
	digestNone:   "暂无在办工单",
	digestGrade:  "%s暂定等级 <b>%s</b>（综合指标值 %s），%s第 <b>%d</b>/%d 名",
	digestNoGrad: "%s暂无计入考核的工单",
	digestFooter: "发送 /tickets 查看在办工单，/grade 查看本期成绩。",
	openOverdue:  "全市超期未办结工单 <b>%d</b> 件。",
	noContacts:   "⚠️ 无联络员的单位（提醒无法送达）：%s",

	bulletinTitle: "📋 %s 考核通报（%s）",
	bTotal:        "计入考核工单 <b>%d</b> 件：%s",
	bRates:        "办结率 <b>%s</b>，按期办结率 <b>%s</b>",
	bCategory:     "%s %d",
	bTop:          "办理量前五（%s）：%s",
	bUrgent:       "急办工单 <b>%d</b> 件，按期办结 <b>%d</b> 件（%s）",
	bCallbacks:    "回访 %d 件：满意 %d、不满意 <b>%d</b>，群众满意率 <b>%s</b>",
	bTopics:       "诉求热点：%s",
	bTopic:        "%s %d 件（%s）",
	bFooter:       "发送 /bulletin %[1]s 获取通报全文（Word），/report %[1]s 获取评价表。",
	blockedTitle:  "🚫 联系人已停用 · %s",
	blockedLine:   "%s（%s）屏蔽了机器人或已将其移出群聊，已停用；发给该联系人的提醒不再送达。",
	blockedFooter: "请联系其重新绑定：发送 /invite 生成邀请链接。",
	provisional:   "（暂定）",
	final:         "终评",
	categorySep:   " · ",
}

var enAlerts = alertPhrases{
	dueSoonTitle:  "⏰ Due soon · %s",
	dueSoonCount:  "<b>%d</b> ticket(s) due within %s:",
	dueSoonLine:   "• %s%s %s — due %s (<b>%s</b> left)",
	dueSoonFooter: "Please complete them in time. Send /tickets for all open tickets.",
	overdueTitle:  "⚠️ Overdue · %s",
	overdueCount:  "<b>%d</b> ticket(s) past their deadline:",
	overdueLine:   "• %s%s %s — overdue by <b>%s</b>",
	overdueFooter: "Late completion lowers the on-time rate. Send /overdue for all overdue tickets.",
	escTitle:      "🚨 Escalation · <b>%d</b> ticket(s) long overdue",
	escUnit:       "• %s <b>%d</b>",
	escMoreUnits:  "• %d more units, %d tickets",
	escMost:       "Longest overdue%s:",
	page:          " (page %d/%d)",
	viewAll:       "View all",
	unitsInAll:    "• … %d in all",
	alertGone:     "This alert can no longer be opened. Send /overdue or /tickets for the tickets now.",
	alertDone:     "✅ Every ticket of this alert has been completed.",
	escFooter:     "Please press these units to complete them. Send /overdue_all for every overdue ticket.",

	dropTitle:          "📉 Grade fell · %s · %s%s",
	dropGrades:         "Grade <b>%s → %s</b>, composite %s → <b>%s</b>",
	dropCause:          "Main cause: %s %s → %s (%s points)",
	dropFooter:         "Send /grade for this period's scorecard.",
	behindOverdue:      "<b>%d</b> ticket(s) overdue and open: %s Send /overdue to see them.",
	behindRework:       "<b>%d</b> ticket(s) reworked: %s",
	behindDissatisfied: "<b>%d</b> callback(s) dissatisfied: %s",
	dropsTitle:         "📉 Grades fell · %s%s",
	dropsCount:         "<b>%d</b> unit(s) fell to C or below:",
	dropsLine:          "• %s <b>%s → %s</b>, composite %s → %s (%s %s points)",
	dropsFooter:        "Send /unit NAME for a unit's details.",

	nearTitle:   "⚠️ Close to falling · %s · %s%s",
	nearLine:    "Composite <b>%s</b>, only <b>%[4]s</b> points above grade %[2]s's threshold (%[3]s).",
	nearCost:    "Costing the most: %s (−%s points).",
	nearOverdue: "<b>%d</b> ticket(s) overdue and open; completing them widens the margin.",
	nearFooter:  "Send /grade for this period's scorecard.",

	digestTitle:  "☀️ Today · %s · %s",
	digestOpen:   "Open <b>%d</b>, due today <b>%d</b>, overdue <b>%d</b>",
	digestNone:   "No open tickets",
	digestGrade:  "%s provisional grade <b>%s</b> (composite %s), rank <b>%[5]d</b>/%[6]d among %[4]s units",
	digestNoGrad: "%s: no counting ticket yet",
	digestFooter: "Send /tickets for open tickets, /grade for this period's scorecard.",
	openOverdue:  "Tickets overdue and open city-wide: <b>%d</b>.",
	noContacts:   "⚠️ Units without a liaison (their alerts cannot be delivered): %s",

	bulletinTitle: "📋 %s evaluation bulletin (%s)",
	bTotal:        "Tickets that count: <b>%d</b>: %s",
	bRates:        "Completion rate <b>%s</b>, on-time rate <b>%s</b>",
	bCategory:     "%s %d",
	bTop:          "Top five by tickets handled (%s): %s",
	bUrgent:       "Urgent tickets <b>%d</b>, completed in time <b>%d</b> (%s)",
	bCallbacks:    "Callbacks %d: satisfied %d, dissatisfied <b>%d</b>; satisfaction <b>%s</b>",
	bTopics:       "Top topics: %s",
	bTopic:        "%s %d (%s)",
	bFooter:       "Send /bulletin %[1]s for the whole bulletin (Word), /report %[1]s for the evaluation table.",
	blockedTitle:  "🚫 Contact deactivated · %s",
	blockedLine:   "%s (%s) blocked the bot or removed it from the group and was deactivated; alerts no longer reach this contact.",
	blockedFooter: "Ask them to bind again: send /invite for an invite link.",
	provisional:   " (provisional)",
	final:         "final",
	categorySep:   " · ",
}
