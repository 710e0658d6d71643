package report

import (
	"fmt"
	"strconv"
	"strings"

	"hotlinebot/domain"
)

// BulletinDoc is the office's bulletin (运行情况通报) of a period as prose
// sections in the office's order and wording, followed by the evaluation
// table as its annex; the text, Markdown and DOCX forms all render it.
type BulletinDoc struct {
	Title    string
	Subtitle string
	Sections []BulletinSection
	Annex    string // heading of the attached evaluation table
	Table    domain.Report
}

// BulletinSection is one numbered heading of the bulletin and its paragraphs.
type BulletinSection struct {
	Heading    string
	Paragraphs []string
}

// NewBulletinDoc words the bulletin b, built from the evaluation table r.
func NewBulletinDoc(b domain.Bulletin, r domain.Report) BulletinDoc {
	label := b.Period.Label(domain.LangZH)
	status := "暂定"
	if b.Final {
		status = "终评"
	}
	w := bulletinWords{b: b, unit: periodUnit(b.Period)}
	return BulletinDoc{
		Title:    "12345热线运行情况通报（" + label + "）",
		Subtitle: fmt.Sprintf("%s · 截至 %s", status, reportTime(r).Format("2006年1月2日 15:04")),
		Sections: []BulletinSection{
			{"一、运行情况", w.demands()},
			{"二、部门办理", w.handling()},
			{"三、群众反馈", w.feedback()},
			{"四、考核评价", w.grades()},
			{"五、热线聚焦", w.topics()},
		},
		Annex: "附件：" + label + "12345热线责任单位综合评价表",
		Table: r,
	}
}

// Figures is the bulletin's figures sections as plain text, a paragraph a
// line: what the bot sends beside the document.
func (d BulletinDoc) Figures() string {
	var lines []string
	for _, s := range d.Sections {
		lines = append(lines, s.Heading)
		lines = append(lines, s.Paragraphs...)
	}
	return strings.Join(lines, "\n")
}

// periodUnit is how the bulletin names a period's kind in comparisons.
func periodUnit(p domain.Period) string {
	if p.Kind == domain.Quarter {
		return "季度"
	}
	return "月"
}

// bulletinWords turns a bulletin's figures into the office's sentences.
type bulletinWords struct {
	b    domain.Bulletin
	unit string // 季度 or 月
}

func (w bulletinWords) demands() []string {
	b := w.b
	first := fmt.Sprintf("%s，市12345热线向各责任单位派发并计入考核的工单共 %d 件", b.Period.Label(domain.LangZH), b.Total)
	if c := w.comparisons(b.Total, b.YearAgoTotal, b.PrevTotal); c != "" {
		first += "，" + c
	}
	parts := make([]string, 0, len(b.ByCategory))
	for _, c := range b.ByCategory {
		part := fmt.Sprintf("%s %d 件（占 %s", c.Category.Label(domain.LangZH), c.Count, shareOf(c.Count, b.Total))
		if cmp := w.comparisons(c.Count, c.YearAgo, c.Previous); cmp != "" {
			part += "，" + cmp
		}
		parts = append(parts, part+"）")
	}
	return []string{first + "。", "按诉求类型分：" + strings.Join(parts, "；") + "。"}
}

// comparisons is "同比增长 x%，环比下降 y%", leaving out a comparison whose
// base period has no tickets in the database.
func (w bulletinWords) comparisons(now, yearAgo, prev int) string {
	var out []string
	if w.b.YearAgoTotal > 0 {
		out = append(out, "同比"+changeWords(now, yearAgo))
	}
	if w.b.PrevTotal > 0 {
		out = append(out, "环比"+changeWords(now, prev))
	}
	return strings.Join(out, "，")
}

// changeWords is 增长 12.5%, 下降 3%, 持平, or 新增 when the base was zero.
func changeWords(now, before int) string {
	ch, ok := domain.Change(now, before)
	switch {
	case !ok && now == 0:
		return "持平"
	case !ok:
		return "新增 " + strconv.Itoa(now) + " 件"
	case ch > 0:
		return "增长 " + domain.FormatPercent(ch)
	case ch < 0:
		return "下降 " + domain.FormatPercent(-ch)
	}
	return "持平"
}

func shareOf(n, total int) string {
	if total == 0 {
		return "0%"
	}
	return domain.FormatPercent(float64(n) / float64(total))
}

func (w bulletinWords) handling() []string {
	b := w.b
	out := []string{fmt.Sprintf("各责任单位共承办工单 %d 件，办结 %d 件，办结率 %s；按期办结 %d 件，按期办结率 %s。",
		b.Should, b.Handled, domain.FormatPercent(b.CompletionRate), b.Handled-b.Overdue, domain.FormatPercent(b.OnTimeRate))}
	if b.Urgent > 0 {
		out[0] += fmt.Sprintf("其中急办工单 %d 件，已及时办理 %d 件，及时办理率 %s。",
			b.Urgent, b.UrgentOnTime, shareOf(b.UrgentOnTime, b.Urgent))
	}
	for _, top := range []struct {
		lead  string
		units []domain.UnitScore
	}{{"各县市区中工单办理数排在前五位的是：", b.TopDistricts}, {"市直单位中工单办理数排在前五位的是：", b.TopDepartments}} {
		if len(top.units) == 0 {
			continue
		}
		names := make([]string, len(top.units))
		for i, u := range top.units {
			names[i] = fmt.Sprintf("%s（%d 件）", u.Unit, u.Handled)
		}
		out = append(out, top.lead+strings.Join(names, "、")+"。")
	}
	return out
}

func (w bulletinWords) feedback() []string {
	b := w.b
	return []string{fmt.Sprintf("市热线办回访工单 %d 件，市民答复满意 %d 件、不满意 %d 件，群众满意率 %s。",
		b.Satisfied+b.Dissatisfied, b.Satisfied, b.Dissatisfied, domain.FormatPercent(b.SatisfactionRate))}
}

func (w bulletinWords) grades() []string {
	o := w.b.Overview
	if o.Graded == 0 {
		return []string{"本期暂无计入考核的工单，未评定等级。"}
	}
	low := len(o.Low)
	first := fmt.Sprintf("参与考核的责任单位 %d 家，综合评价为A类的 %d 家，占比 %s；B类 %d 家；C类及以下 %d 家。",
		o.Graded, o.ByGrade[domain.GradeA], domain.FormatPercent(o.ShareA), o.ByGrade[domain.GradeB], low)
	if o.NoTickets > 0 {
		first += fmt.Sprintf("另有 %d 家单位本期无工单办理。", o.NoTickets)
	}
	out := []string{first}
	if o.Compared {
		vs := "与" + w.b.Compared.Label(domain.LangZH) + "相比，"
		fell := shiftParagraph(vs, "下降", o.Fell)
		if fell != "" {
			vs = "同期，" // the comparison is named once
		}
		out = append(out, fell, shiftParagraph(vs, "上升", o.Rose))
	}
	if low > 0 {
		out = append(out, w.lowParagraph(low))
	}
	return nonEmpty(out)
}

// shiftParagraph names the units whose grade moved one way, each with the
// rate that moved it most.
func shiftParagraph(vs, way string, shifts []domain.GradeShift) string {
	if len(shifts) == 0 {
		return ""
	}
	items := make([]string, len(shifts))
	for i, s := range shifts {
		m := s.Moved
		items[i] = fmt.Sprintf("%s由%s类%s至%s类（%s %s → %s，综合指标值 %s → %s）", s.Unit, s.From, map[string]string{"下降": "降", "上升": "升"}[way], s.To,
			m.Rate.Label(domain.LangZH), domain.FormatPercent(m.From), domain.FormatPercent(m.To),
			domain.FormatComposite(s.FromComposite), domain.FormatComposite(s.ToComposite))
	}
	return fmt.Sprintf("%s%d 个单位考核等级%s：%s。", vs, len(shifts), way, strings.Join(items, "；"))
}

func (w bulletinWords) lowParagraph(low int) string {
	b := w.b
	items := make([]string, len(b.Overview.Low))
	for i, u := range b.Overview.Low {
		items[i] = fmt.Sprintf("%s（%s类，%s）", u.Unit, u.Grade, domain.FormatComposite(u.Composite))
	}
	change := ""
	if b.Overview.Compared {
		switch d := low - b.LowBefore; {
		case d > 0:
			change = fmt.Sprintf("，较上%s增加 %d 家", w.unit, d)
		case d < 0:
			change = fmt.Sprintf("，较上%s减少 %d 家", w.unit, -d)
		default:
			change = "，与上" + w.unit + "持平"
		}
	}
	return fmt.Sprintf("考核等级在C类及以下的责任单位 %d 家%s，分别是：%s。", low, change, strings.Join(items, "、"))
}

func (w bulletinWords) topics() []string {
	b := w.b
	if len(b.TopTopics) == 0 {
		return []string{"本期工单未标注诉求分类。"}
	}
	items := make([]string, len(b.TopTopics))
	for i, t := range b.TopTopics {
		items[i] = fmt.Sprintf("%s %d 件，占比 %s", t.Topic, t.Count, domain.FormatPercent(t.Share))
	}
	return []string{"热线诉求主要集中在：" + strings.Join(items, "；") + "。"}
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
