package bot

import (
	"context"
	"fmt"
	"strings"

	"hotlinebot/domain"
)

// usageDoc is how a command is written: its syntax in the reader's
// language and examples with realistic arguments, the first of which /help
// shows. period marks the commands that take a period, whose usage also
// says how periods are written.
type usageDoc struct {
	syntax   string
	examples []string
	period   bool
}

// usageOf is the command's usage in the locale's language, as supervisors
// write it (city) or liaisons; commands without arguments have none.
func (l locale) usageOf(name string, city bool) (usageDoc, bool) {
	docs := zhUsage
	if l.lang == domain.LangEN {
		docs = enUsage
	}
	if d, ok := docs[name+"@city"]; ok && city {
		return d, true
	}
	d, ok := docs[name]
	return d, ok
}

// usageText is the usage with examples, after a line naming what was not
// understood (bad, already trimmed; empty when nothing was given).
func (l locale) usageText(name, bad string, city bool) string {
	var lines []string
	if bad != "" {
		lines = append(lines, fmt.Sprintf(l.p.notUnderstood, esc(clip(bad, 30))))
	}
	d, ok := l.usageOf(name, city)
	if !ok {
		return strings.Join(append(lines, l.p.notCommand), "\n")
	}
	lines = append(lines, l.p.usage+esc(d.syntax), l.p.examples+esc(strings.Join(d.examples, l.p.listSep)))
	if d.period {
		lines = append(lines, l.p.periodForms)
	}
	return strings.Join(lines, "\n")
}

// replyUsage answers a command whose arguments were not understood with its
// usage, never with an answer about something else.
func (s *Service) replyUsage(ctx context.Context, req *request, bad string) {
	city := req.contact.Role.SeesAllUnits()
	s.respond(ctx, req, req.loc.usageText(req.cmd.name, strings.TrimSpace(bad), city), nil)
}

// zhUsage and enUsage are every command's usage; a command added to the
// bot adds its lines here. NAME@city is the command as supervisors and
// admins write it, when that differs from the liaisons'.
var zhUsage = map[string]usageDoc{
	"ticket":      {syntax: "/ticket 工单编号", examples: []string{"/ticket YY202611000123"}},
	"grade":       {syntax: "/grade [期间]", examples: []string{"/grade 上季度", "/grade", "/grade 2026年11月"}, period: true},
	"due":         {syntax: "/due", examples: []string{"/due"}},
	"export":      {syntax: "/export [期间]", examples: []string{"/export 2026Q4", "/export", "/export 上月"}, period: true},
	"export@city": {syntax: "/export [单位名称] [期间]", examples: []string{"/export 上季度", "/export", "/export 市房产服务中心 2026Q4"}, period: true},
	"summary":     {syntax: "/summary [期间]", examples: []string{"/summary 上季度", "/summary", "/summary 2026Q3"}, period: true},
	"ranking":     {syntax: "/ranking [县市区|市直单位] [期间]", examples: []string{"/ranking 县市区", "/ranking 市直单位 2026Q3", "/ranking 上月"}, period: true},
	"unit":        {syntax: "/unit 单位名称（可只写部分）[期间]", examples: []string{"/unit 岳阳县", "/unit 市房产服务中心 2026Q3"}, period: true},
	"report":      {syntax: "/report [期间]", examples: []string{"/report 2026Q3", "/report", "/report 本月"}, period: true},
	"bulletin":    {syntax: "/bulletin [期间]", examples: []string{"/bulletin 上季度", "/bulletin", "/bulletin 2026年第三季度"}, period: true},
	"overdue_all": {syntax: "/overdue_all [单位名称]", examples: []string{"/overdue_all 市房产服务中心", "/overdue_all"}},
	"lang":        {syntax: "/lang zh 或 /lang en", examples: []string{"/lang en"}},
	"invite":      {syntax: "/invite liaison 单位名称 | /invite supervisor | /invite admin", examples: []string{"/invite liaison 市房产服务中心"}},
	"contacts":    {syntax: "/contacts [revoke 编号]", examples: []string{"/contacts revoke 12"}},
	"trend":       {syntax: "/trend", examples: []string{"/trend"}},
	"trend@city":  {syntax: "/trend 单位名称（可只写部分）", examples: []string{"/trend 岳阳县", "/trend 市城管局"}},
	"chart":       {syntax: "/chart 或 /chart overdue（超期工单）", examples: []string{"/chart", "/chart overdue"}},
	"extend":      {syntax: "/extend 工单编号 天数 理由", examples: []string{"/extend YY202611000123 3 需协调住建部门现场核实"}},
	"return":      {syntax: "/return 工单编号 理由", examples: []string{"/return YY202611000123 该事项属市住建局职责"}},
	"requests":    {syntax: "/requests", examples: []string{"/requests"}},
}

var enUsage = map[string]usageDoc{
	"ticket":      {syntax: "/ticket NO", examples: []string{"/ticket YY202611000123"}},
	"grade":       {syntax: "/grade [PERIOD]", examples: []string{"/grade 上季度", "/grade", "/grade 2026-11"}, period: true},
	"due":         {syntax: "/due", examples: []string{"/due"}},
	"export":      {syntax: "/export [PERIOD]", examples: []string{"/export 2026Q4", "/export", "/export 2026-10"}, period: true},
	"export@city": {syntax: "/export [UNIT] [PERIOD]", examples: []string{"/export 2026Q3", "/export", "/export 市房产服务中心 2026Q4"}, period: true},
	"summary":     {syntax: "/summary [PERIOD]", examples: []string{"/summary 2026Q3", "/summary", "/summary 上季度"}, period: true},
	"ranking":     {syntax: "/ranking [县市区|市直单位] [PERIOD]", examples: []string{"/ranking 县市区", "/ranking 市直单位 2026Q3", "/ranking 2026-10"}, period: true},
	"unit":        {syntax: "/unit NAME (part of it will do) [PERIOD]", examples: []string{"/unit 岳阳县", "/unit 市房产服务中心 2026Q3"}, period: true},
	"report":      {syntax: "/report [PERIOD]", examples: []string{"/report 2026Q3", "/report", "/report 2026-11"}, period: true},
	"bulletin":    {syntax: "/bulletin [PERIOD]", examples: []string{"/bulletin 上季度", "/bulletin", "/bulletin 2026Q3"}, period: true},
	"overdue_all": {syntax: "/overdue_all [UNIT]", examples: []string{"/overdue_all 市房产服务中心", "/overdue_all"}},
	"lang":        {syntax: "/lang zh or /lang en", examples: []string{"/lang zh"}},
	"invite":      {syntax: "/invite liaison UNIT | /invite supervisor | /invite admin", examples: []string{"/invite liaison 市房产服务中心"}},
	"contacts":    {syntax: "/contacts [revoke ID]", examples: []string{"/contacts revoke 12"}},
	"trend":       {syntax: "/trend", examples: []string{"/trend"}},
	"trend@city":  {syntax: "/trend UNIT (part of the name will do)", examples: []string{"/trend 岳阳县", "/trend 市城管局"}},
	"chart":       {syntax: "/chart or /chart overdue", examples: []string{"/chart", "/chart overdue"}},
	"extend":      {syntax: "/extend NO DAYS REASON", examples: []string{"/extend YY202611000123 3 needs an on-site check"}},
	"return":      {syntax: "/return NO REASON", examples: []string{"/return YY202611000123 the housing bureau's business"}},
	"requests":    {syntax: "/requests", examples: []string{"/requests"}},
}
