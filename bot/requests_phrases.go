package bot

import "hotlinebot/domain"

// reqPhrases are the words of extension and return requests in one
// language. Format verbs take already-escaped text.
type reqPhrases struct {
	extendUsage, returnUsage, extendLabel, returnLabel          string
	submittedExtend, submittedReturn, submittedFooter           string
	refNoReason, refDays, refOtherUnit, refReturned             string
	refCompleted, refPastDeadline, refPending, refExtensions    string
	askExtend, askReturn, askReject, askExtendTag, askReturnTag string
	askRejectTag, btnExtend, btnReturn, btnApprove, btnReject   string
	cardTitle, cardTicket, cardTimes, cardExtend, cardReason    string
	cardBy, cardFooter, cardApproved, cardRejected, cardEnded   string
	alreadyDecided, approvedWord, rejectedWord, rejectedDone    string
	rejectEmpty, decidedExtend, decidedReturn, rejectedExtend   string
	rejectedReturn, decidedBy, listTitle, listLine, listEmpty   string
	listFooter, recordTitle, recordLine, recordPending          string
	recordApproved, recordRejected, recordDue, endedDispatch    string
	endedDeadline, notFound                                     string
	returnedUnit                                                string
}

func reqPhrasesFor(lang string) *reqPhrases {
	if lang == domain.LangEN {
		return &enRequests
	}
	return &zhRequests
}

var zhRequests = reqPhrases{
	extendUsage:     "用法：/extend 工单编号 天数 理由，例如 /extend YY202611000123 3 需协调住建部门现场核实\n天数为工作日，1 至 %d 天。",
	returnUsage:     "用法：/return 工单编号 理由，例如 /return YY202611000123 该事项属市住建局职责",
	extendLabel:     "延期申请",
	returnLabel:     "退单申请",
	submittedExtend: "📨 已提交延期申请 #%d · %s\n工单 %s 申请延期 <b>%d</b> 个工作日，获批后时限由 %s 延至 <b>%s</b>。\n理由：%s",
	submittedReturn: "📨 已提交退单申请 #%d · %s\n工单 %s 申请退回热线办。\n理由：%s",
	submittedFooter: "热线办审核后会通知您；审核前请继续按原时限跟进。",
	refNoReason:     "请写明申请理由。",
	refDays:         "延期天数须为 1 至 <b>%d</b> 个工作日。",
	refOtherUnit:    "未找到本单位的工单 %s，请检查编号。",
	refReturned:     "工单 %s 已退回热线办、等待改派，无需再申请。",
	refCompleted:    "工单 %s 已办结，无需申请。",
	refPastDeadline: "工单 %s 已于 %s 超过办理时限，不能再申请延期。如确属派错单位，可发送 /return %s 理由 申请退单。",
	refPending:      "工单 %s 已有一项待审核的%s（#%d，%s 提交），请等待热线办审核。",
	refExtensions:   "工单 %s 已获批延期 <b>%d</b> 次，已达上限，不能再申请延期。",
	askExtend:       "✍️ 申请延期 · %s\n请回复本消息：延期天数（工作日，1 至 %d）和理由，例如：\n3 需协调住建部门现场核实",
	askReturn:       "✍️ 申请退单 · %s\n请回复本消息写明退单理由，例如：\n该事项属市住建局职责",
	askReject:       "✍️ 驳回申请 · #%d\n请回复本消息写明驳回理由（将告知申请单位）。",
	askExtendTag:    "申请延期",
	askReturnTag:    "申请退单",
	askRejectTag:    "驳回申请",
	btnExtend:       "申请延期",
	btnReturn:       "申请退单",
	btnApprove:      "批准",
	btnReject:       "驳回",
	cardTitle:       "📨 %s #%d · %s",
	cardTicket:      "工单 %s%s %s",
	cardTimes:       "派单 %s · 时限 %s",
	cardExtend:      "申请延期 <b>%d</b> 个工作日：%s → <b>%s</b>",
	cardReason:      "理由：%s",
	cardBy:          "申请人：%s · %s",
	cardFooter:      "请批准或驳回。发送 /requests 查看全部待审核申请。",
	cardApproved:    "✅ 已由 %s 于 %s 批准",
	cardRejected:    "❌ 已由 %s 于 %s 驳回：%s",
	cardEnded:       "（其后%s，决定不再生效）",
	alreadyDecided:  "该申请已由 %s 于 %s %s。",
	approvedWord:    "批准",
	rejectedWord:    "驳回",
	rejectedDone:    "已驳回申请 #%d（工单 %s），已通知%s。",
	rejectEmpty:     "驳回理由不能为空，请回复上面的问题写明理由。",
	decidedExtend:   "✅ 延期申请已批准 · %s\n工单 %s 的办理时限延至 <b>%s</b>（原 %s）。\n请在新时限内办结。发送 /ticket %s 查看。",
	decidedReturn:   "✅ 退单申请已批准 · %s\n工单 %s 已退回热线办，不再计入本单位考核。",
	rejectedExtend:  "❌ 延期申请未获批准 · %s\n工单 %s 的办理时限不变：<b>%s</b>。\n驳回理由：%s\n请在时限内办结。",
	rejectedReturn:  "❌ 退单申请未获批准 · %s\n工单 %s 仍由本单位办理，时限 <b>%s</b>。\n驳回理由：%s",
	decidedBy:       "审核人：%s",
	listTitle:       "📋 待审核申请 · <b>%d</b> 件",
	listLine:        "• #%d %s %s｜%s — %s 提交",
	listEmpty:       "目前没有待审核的申请。",
	listFooter:      "点击下方编号查看并审核。",
	recordTitle:     "申请记录：",
	recordLine:      "• #%d %s（%s，%s）：%s — %s",
	recordPending:   "待审核",
	recordApproved:  "已批准（%s，%s）",
	recordRejected:  "已驳回（%s，%s）：%s",
	recordDue:       "时限 %s → %s",
	endedDispatch:   "改派",
	endedDeadline:   "工单系统给出更晚的时限",
	notFound:        "未找到申请 #%d。",
	returnedUnit:    "已退回热线办，待改派",
}

var enRequests = reqPhrases{
	extendUsage:     "Usage: /extend NO DAYS REASON, e.g. /extend YY202611000123 3 needs an on-site check with the housing bureau\nDAYS are working days, 1 to %d.",
	returnUsage:     "Usage: /return NO REASON, e.g. /return YY202611000123 this is the housing bureau's business",
	extendLabel:     "extension request",
	returnLabel:     "return request",
	submittedExtend: "📨 Extension request #%d sent · %s\nTicket %s: <b>%d</b> more working days; if approved, due %s → <b>%s</b>.\nReason: %s",
	submittedReturn: "📨 Return request #%d sent · %s\nTicket %s: asked to return it to the hotline office.\nReason: %s",
	submittedFooter: "You will be told the office's decision; until then keep to the current deadline.",
	refNoReason:     "Please give a reason.",
	refDays:         "DAYS must be 1 to <b>%d</b> working days.",
	refOtherUnit:    "No ticket %s of your unit found. Please check the number.",
	refReturned:     "Ticket %s was returned to the office and awaits re-dispatch; nothing to ask.",
	refCompleted:    "Ticket %s is completed; nothing to ask.",
	refPastDeadline: "Ticket %s passed its deadline at %s; an extension can no longer be asked. If it was dispatched to the wrong unit, send /return %s REASON.",
	refPending:      "Ticket %s already has a pending %s (#%d, sent %s). Please wait for the office's decision.",
	refExtensions:   "Ticket %s already had <b>%d</b> extension(s), the most allowed.",
	askExtend:       "✍️ Request extension · %s\nReply to this message with the working days (1 to %d) and the reason, e.g.\n3 needs an on-site check",
	askReturn:       "✍️ Request return · %s\nReply to this message with the reason, e.g.\nthis is the housing bureau's business",
	askReject:       "✍️ Reject request · #%d\nReply to this message with the reason (the unit is told).",
	askExtendTag:    "Request extension",
	askReturnTag:    "Request return",
	askRejectTag:    "Reject request",
	btnExtend:       "Request extension",
	btnReturn:       "Request return",
	btnApprove:      "批准",
	btnReject:       "驳回",
	cardTitle:       "📨 %s #%d · %s",
	cardTicket:      "Ticket %s%s %s",
	cardTimes:       "Dispatched %s · due %s",
	cardExtend:      "Asks <b>%d</b> more working days: %s → <b>%s</b>",
	cardReason:      "Reason: %s",
	cardBy:          "Asked by %s · %s",
	cardFooter:      "Approve (批准) or reject (驳回). Send /requests for every pending request.",
	cardApproved:    "✅ Approved by %s at %s",
	cardRejected:    "❌ Rejected by %s at %s: %s",
	cardEnded:       " (since ended: %s)",
	alreadyDecided:  "This request was already %[3]s by %[1]s at %[2]s.",
	approvedWord:    "approved",
	rejectedWord:    "rejected",
	rejectedDone:    "Request #%d (ticket %s) rejected; %s told.",
	rejectEmpty:     "The reason cannot be empty. Please reply to the question above with the reason.",
	decidedExtend:   "✅ Extension approved · %s\nTicket %s is now due <b>%s</b> (was %s).\nPlease complete it by then. Send /ticket %s to see it.",
	decidedReturn:   "✅ Return approved · %s\nTicket %s went back to the hotline office and no longer counts for your unit.",
	rejectedExtend:  "❌ Extension rejected · %s\nTicket %s stays due <b>%s</b>.\nReason: %s\nPlease complete it in time.",
	rejectedReturn:  "❌ Return rejected · %s\nTicket %s stays with your unit, due <b>%s</b>.\nReason: %s",
	decidedBy:       "Decided by %s",
	listTitle:       "📋 Pending requests · <b>%d</b>",
	listLine:        "• #%d %s %s | %s — sent %s",
	listEmpty:       "No request is pending.",
	listFooter:      "Press a number below to see and decide it.",
	recordTitle:     "Requests:",
	recordLine:      "• #%d %s (%s, %s): %s — %s",
	recordPending:   "pending",
	recordApproved:  "approved (%s, %s)",
	recordRejected:  "rejected (%s, %s): %s",
	recordDue:       "due %s → %s",
	endedDispatch:   "re-dispatched",
	endedDeadline:   "a later deadline from the ticket system",
	notFound:        "No request #%d.",
	returnedUnit:    "returned to the office, awaiting re-dispatch",
}
