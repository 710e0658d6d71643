package bot

import "hotlinebot/domain"

// phrases are the words of the bot's replies in one language. Format verbs
// take already-escaped text; numbers that matter are bold.
type phrases struct {
	botTitle, stranger, internalError, notCommand, unknownCommand     string
	needSupervisor, needAdmin, needLiaison                            string
	boundLiaison, boundYou, boundGroup, boundOther, boundNext         string
	boundOtherNext                                                    string
	glance, glanceNone, startBound                                    string
	inviteUsed, inviteExpired, inviteUnknown, inviteLocked            string
	helpTitle, helpFooterLiaison, helpFooterCity, asOfProvisional     string
	ticketsTitle, overdueTitle, overdueAllTitle, countPage, count     string
	nounTickets, nounUnits, nounContacts                              string
	noOpen, noOverdue, noOverdueAll                                   string
	dueLeft, overdueBy, urgentTag, asOf, ticketsFooter, overdueFooter string
	prevPage, nextPage                                                string
	ticketTitle, ticketNotFound                                       string
	fCategory, fTopic, fUrgent, fDispatched, fDue, fState, fCompleted string
	fRework, fCallback, fSummary, yes, no                             string
	stateOpen, stateOverdue, stateDone, stateDoneLate                 string
	gradeTitle, provisional, gradeLine, rankLine                      string
	changeLine, changeNone, countsLine, costLine, costNone            string
	nearFloor                                                         string
	noGrade, gradeOverdue                                             string
	summaryTitle, evalProvisional, evalFinal, distribution, graded    string
	fell, rose, shiftItem, low, worst, scoreItem, noneGraded          string
	comparedWith, summaryFooter                                       string
	rankingTitle                                                      string
	unitNotFound, unitChoose, unitTooMany                             string
	reportCaption, bulletinCaption, final, futurePeriod               string
	notUnderstood, usage, examples, periodForms, helpExample          string
	nothingCountsYet, prevNone, prevResult, openNow, openNowLiaison   string
	openNowCity                                                       string
	inviteUsage, inviteMade, inviteUnitAmbiguous, inviteUnitMissing   string
	inviteStartHint                                                   string
	contactsTitle, contactLine, contactSeen, contactRevokedTag        string
	contactInactiveTag, contactsFooter, contactRevoked                string
	contactNotFound, contactsEmpty, contactsUsage                     string
	langSet, langUsage                                                string
	listSep, andMore, today, tomorrow, yesterday                      string
	units                                                             spanUnits
	commands                                                          map[string]string
}

type spanUnits struct{ minutes, hours, days, lessThanMinute, overCentury string }

func phrasesFor(lang string) *phrases {
	if lang == domain.LangEN {
		return &enPhrases
	}
	return &zhPhrases
}

var zhPhrases = phrases{
	botTitle:          "12345 热线工单机器人",
	stranger:          "👋 您好！这是 12345 热线办的工单提醒机器人，仅对已绑定的单位联络员和督查开放。\n如需使用，请向热线办管理员索取邀请链接，打开链接即可完成绑定。",
	internalError:     "抱歉，处理时出错了，请稍后再试。",
	notCommand:        "请发送命令，例如 /help 查看可用命令。",
	unknownCommand:    "未知命令 /%s。发送 /help 查看可用命令。",
	needSupervisor:    "此命令仅供督查和管理员使用。发送 /help 查看您可用的命令。",
	needAdmin:         "此命令仅供管理员使用。发送 /help 查看您可用的命令。",
	needLiaison:       "此命令供单位联络员查看本单位工单。督查请使用 /overdue_all、/unit 单位名称。",
	boundLiaison:      "✅ 绑定成功 · %s\n%s已绑定为 <b>%s</b> 的联络员。",
	boundYou:          "您",
	boundGroup:        "本群",
	boundOther:        "✅ 绑定成功\n%s已绑定为<b>%s</b>，可查看全市各单位的工单和评价。",
	boundNext:         "发送 /tickets 查看未办结工单，/help 查看全部命令。",
	boundOtherNext:    "发送 /summary 查看本期评价概况，/help 查看全部命令。",
	glance:            "当前未办结工单 <b>%d</b> 件，其中已超期 <b>%d</b> 件，今日到期 <b>%d</b> 件。",
	glanceNone:        "当前没有未办结工单。",
	startBound:        "您已绑定为%s。发送 /help 查看可用命令。",
	inviteUsed:        "该邀请码已被使用。邀请码只能使用一次，请向热线办管理员索取新的邀请链接。",
	inviteExpired:     "该邀请码已过期，请向热线办管理员索取新的邀请链接。",
	inviteUnknown:     "邀请码无效，请检查链接是否完整，或向热线办管理员索取新的邀请链接。",
	inviteLocked:      "邀请码输入错误次数过多，请在%s之后再试。",
	helpTitle:         "🤖 %s · %s",
	helpFooterLiaison: "期间可写作 2026Q4、2026-11、2026年第四季度、2026年11月、本季度、上季度、本月、上月；不写即本期。",
	helpFooterCity:    "期间可写作 2026Q4、2026-11、2026年第四季度、2026年11月、本季度、上季度、本月、上月；不写即本期。单位名称可只写一部分。",
	asOfProvisional:   "暂定，截至 %s",
	ticketsTitle:      "📋 未办结工单 · %s",
	overdueTitle:      "⚠️ 超期工单 · %s",
	overdueAllTitle:   "⚠️ 全市超期工单",
	countPage:         "共 <b>%d</b> %s，第 %d/%d 页",
	count:             "共 <b>%d</b> %s",
	nounTickets:       "件",
	nounUnits:         "家",
	nounContacts:      "个",
	noOpen:            "✅ %s目前没有未办结工单。",
	noOverdue:         "✅ %s目前没有超期工单。",
	noOverdueAll:      "✅ 全市目前没有超期工单。",
	dueLeft:           "%s 到期（剩余 %s）",
	overdueBy:         "已超期 %s",
	urgentTag:         "【急】",
	asOf:              "截至 %s",
	ticketsFooter:     "发送 /ticket 编号 查看工单详情。",
	overdueFooter:     "超期办理会降低按期办结率，请尽快办结。",
	prevPage:          "上一页",
	nextPage:          "下一页",
	ticketTitle:       "📄 工单 %s · %s",
	ticketNotFound:    "未找到工单 %s，请检查编号。",
	fCategory:         "诉求类型", fTopic: "诉求分类", fUrgent: "急办", fDispatched: "派单时间",
	fDue: "办理时限", fState: "状态", fCompleted: "办结时间", fRework: "返工次数",
	fCallback: "回访结果", fSummary: "诉求内容", yes: "是", no: "否",
	stateOpen:           "未办结，剩余 %s",
	stateOverdue:        "未办结，<b>已超期 %s</b>",
	stateDone:           "已按期办结",
	stateDoneLate:       "已办结，超期 %s",
	gradeTitle:          "📊 %s · %s%s",
	provisional:         "（暂定）",
	gradeLine:           "等级 <b>%s</b> · 综合指标值 <b>%s</b>",
	rankLine:            "%s第 <b>%d</b> 名（共 %d 家）",
	changeLine:          "较上期（%s）：等级 %s → %s，综合指标值 %s → %s（%s）",
	changeNone:          "上期（%s）无计入考核的工单。",
	countsLine:          "应办理 %d · 办理 %d · 超期办理 %d · 返工 %d · 不满意 %d",
	costLine:            "扣分最多：%s，扣 <b>%s</b> 分",
	costNone:            "各项指标均为满分。",
	nearFloor:           "⚠️ 综合指标值只比 %s 类线高 %s 分，再失分将降为 %s 类。",
	noGrade:             "该期没有计入考核的工单（无工单办理单位）。",
	nothingCountsYet:    "本期还没有计入考核的工单：工单办结或超过办理时限后才计入。",
	prevNone:            "上期（%s）也没有计入考核的工单。",
	prevResult:          "上期（%s）终评：等级 <b>%s</b> · 综合指标值 <b>%s</b>",
	openNow:             "当前未办结 <b>%d</b> 件，其中已超期 <b>%d</b> 件。",
	openNowLiaison:      "请尽快办结超期工单，发送 /overdue 查看。",
	openNowCity:         "发送 /overdue_all %s 查看超期工单。",
	gradeOverdue:        "当前超期未办结 <b>%d</b> 件，发送 /overdue 查看。",
	summaryTitle:        "📊 %s %s（截至 %s）",
	evalProvisional:     "暂定评价",
	evalFinal:           "终评",
	distribution:        "A 类 <b>%d</b> 家（<b>%s</b>）· B 类 %d · C 类及以下 <b>%d</b> · 无工单 %d",
	graded:              "计入考核 %d 家",
	fell:                "等级下降%s：%s",
	rose:                "等级上升%s：%s",
	shiftItem:           "%s %s→%s（%s %s 分）",
	low:                 "C 类及以下：%s",
	worst:               "按期办结率最低：%s",
	scoreItem:           "%s %s",
	noneGraded:          "本期暂无计入考核的工单。",
	comparedWith:        "（较%s）",
	summaryFooter:       "发送 /ranking 查看全部排名，/report 获取评价表。",
	rankingTitle:        "🏆 %s 排名%s",
	unitNotFound:        "未找到名称包含“%s”的单位。",
	unitChoose:          "找到 %d 个单位，请选择：",
	unitTooMany:         "找到 %d 个单位，请写得更具体一些，例如：%s",
	reportCaption:       "📎 %s 评价表（%s）",
	bulletinCaption:     "📎 %s 运行情况通报（%s），可在 Word 或 WPS 中编辑后印发",
	final:               "（终评）",
	futurePeriod:        "%s还没有开始，没有可看的数据。当前是%s。",
	notUnderstood:       "无法识别“%s”。",
	usage:               "用法：",
	helpExample:         "，如 %s",
	examples:            "例如：",
	periodForms:         "期间可写作 2026Q4、2026-11、2026年第四季度、2026年11月、本季度、上季度、本月、上月；不写即本期。",
	inviteUsage:         "用法：\n/invite liaison 单位名称\n/invite supervisor\n/invite admin",
	inviteMade:          "🔑 邀请码已生成 · %s\n%s\n有效期至 %s，仅可使用一次。请通过可靠渠道发给对方。",
	inviteUnitAmbiguous: "有多个单位符合“%s”：%s。请写出完整名称。",
	inviteUnitMissing:   "未找到单位“%s”。",
	inviteStartHint:     "请对方向机器人发送：/start %s",
	contactsTitle:       "👥 已绑定联系人",
	contactLine:         "#%d %s %s · %s · 绑定于 %s%s%s",
	contactSeen:         " · 最近 %s",
	contactRevokedTag:   "（已撤销）",
	contactInactiveTag:  "（已停用）",
	contactsFooter:      "撤销：/contacts revoke 编号",
	contactRevoked:      "已撤销 #%d %s（%s）。",
	contactNotFound:     "未找到联系人 #%s。",
	contactsEmpty:       "还没有已绑定的联系人。发送 /invite 生成邀请码。",
	contactsUsage:       "用法：/contacts 或 /contacts revoke 编号",
	langSet:             "已切换为中文。",
	langUsage:           "当前语言：中文。用法：/lang zh 或 /lang en",
	listSep:             "、",
	today:               "今天",
	tomorrow:            "明天",
	yesterday:           "昨天",
	andMore:             " 等 %d 家",
	units:               spanUnits{minutes: "%d 分钟", hours: "%d 小时", days: "%d 天", lessThanMinute: "不到 1 分钟", overCentury: "超过 100 年"},
	commands: map[string]string{
		"start": "绑定（打开邀请链接）", "help": "使用说明",
		"tickets": "本单位未办结工单", "overdue": "本单位超期工单", "ticket": "查看工单详情",
		"ticket@city": "查看任一单位的工单详情",
		"grade":       "本单位评价（本期暂定，往期终评）", "lang": "切换语言 / Language",
		"due": "今天和下一个工作日到期的工单", "due@city": "全市近期到期工单（按单位）",
		"export": "导出本单位工单（Excel）", "export@city": "导出评价表和工单（Excel）",
		"summary": "评价概况", "ranking": "县市区、市直单位分类排名", "unit": "查看某单位评价和工单",
		"report": "评价表（Excel）", "bulletin": "运行情况通报（Word）", "overdue_all": "超期工单（按单位）",
		"invite": "生成邀请码", "contacts": "已绑定联系人",
		"extend": "申请延期（工单 天数 理由）", "return": "申请退单（工单 理由）", "requests": "待审核的延期/退单申请",
		"trend": "评价走势图", "chart": "全市等级分布与排名图",
	},
}
