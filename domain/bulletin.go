package domain

// BulletinInput is everything a period's bulletin is built from: the
// period's evaluation table at the instant asked about, the previous period's
// final table (grade changes are against it), and the ticket figures of the
// period, of the previous period (环比) and of the same period a year before
// (同比). Missing comparisons are simply left out of the bulletin.
type BulletinInput struct {
	Current     Report
	Final       bool // the period has ended: 终评, else 暂定
	Previous    Report
	HasPrevious bool
	Figures     PeriodFigures
	PrevFigures PeriodFigures
	YearAgo     PeriodFigures
}

// YearAgo is the period of the same kind and index a year before p: the
// base of a bulletin's 同比.
func (p Period) YearAgo() Period {
	return NewPeriod(p.Kind, p.Year-1, p.Index, p.Start.Location())
}

// Bulletin builds the office's bulletin of a period: the scorecards' figures
// (city-wide rates, top units, callbacks, grades and their changes) and the
// ticket figures with their 同比 and 环比. Every rate is summed from the same
// scorecards as the evaluation table, so text and table never disagree.
func (s Scheme) Bulletin(in BulletinInput) Bulletin {
	b := s.NewBulletin(in.Current, in.Previous, in.HasPrevious)
	b.Final = in.Final
	b.Total = in.Figures.Total
	b.Urgent, b.UrgentOnTime = in.Figures.Urgent, in.Figures.UrgentOnTime
	b.TopTopics = TopTopics(in.Figures.Topics, in.Figures.Total, bulletinTop)
	b.PrevTotal, b.YearAgoTotal = in.PrevFigures.Total, in.YearAgo.Total
	for _, c := range Categories {
		b.ByCategory = append(b.ByCategory, CategoryCount{Category: c, Count: in.Figures.ByCategory[c],
			Previous: in.PrevFigures.ByCategory[c], YearAgo: in.YearAgo.ByCategory[c]})
	}
	for _, sc := range in.Current.Units {
		b.Should += sc.Should
		b.Handled += sc.Handled
		b.Overdue += sc.Overdue
	}
	if b.Should > 0 {
		b.CompletionRate = float64(b.Handled) / float64(b.Should)
		b.OnTimeRate = float64(b.Handled-b.Overdue) / float64(b.Should)
	}
	if in.HasPrevious {
		b.LowBefore = lowCount(in.Previous)
	}
	return b
}

// lowCount is how many units of r are graded C or below.
func lowCount(r Report) int {
	n := 0
	for _, sc := range r.Units {
		if sc.Grade.Rank() >= GradeC.Rank() {
			n++
		}
	}
	return n
}

// Change is the relative change from before to now (0.1 for +10%), and
// whether there is a base to compare with.
func Change(now, before int) (float64, bool) {
	if before == 0 {
		return 0, false
	}
	return float64(now-before) / float64(before), true
}
