package jobs

import (
	"fmt"
	"testing"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// trendLine is a unit's kept trend as "MM-DD should/handled/overdue" lines.
func trendLine(t *testing.T, e *env, unit string, periods ...domain.Period) []string {
	t.Helper()
	pts, err := e.st.UnitTrend(e.ctx, e.unit(unit).ID, periods)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pts {
		out = append(out, fmt.Sprintf("%s %s %d/%d/%d", p.Period, p.At.Format("01-02"), p.Counts.Should, p.Counts.Handled, p.Counts.Overdue))
	}
	return out
}

// A database imported mid-quarter: the first run rebuilds every week of the
// period from the tickets (and each earlier period's end, from its final
// scorecard when there is one); later runs keep only the week just ended.
func TestScorecardsKeepTrend(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	q4 := domain.NewPeriod(domain.Quarter, 2026, 4, shanghai)
	q3 := q4.Prev()
	e.onTime("岳阳县政府", 20)       // due 10-20 18:00, done an hour before
	e.late("岳阳县政府", 0, 4, true) // due 11-10 18:00, done 11-19 10:00
	final := domain.NewReport(q3, q4.Start, []domain.Unit{e.unit("岳阳县政府")},
		map[int64]domain.Counts{e.unit("岳阳县政府").ID: {Should: 50, Handled: 49, Overdue: 3}}, domain.DefaultScheme())
	if err := e.st.SaveSnapshot(e.ctx, e.deps.Fence.Generation(), final, true, nil); err != nil {
		t.Fatal(err)
	}
	job := NewScorecards(e.st, e.deps)
	e.runAt(job, "2026-11-20 09:00")
	sameList(t, "rebuilt trend", trendLine(t, e, "岳阳县政府", q3, q4), []string{
		"2026Q3 10-01 50/49/3", // the close job's final scorecard
		"2026Q4 10-05 0/0/0",
		"2026Q4 10-12 0/0/0",
		"2026Q4 10-19 0/0/0",   // dispatched 10-13, due 10-20: not counting yet
		"2026Q4 10-26 20/20/0", // all 20 done on time
		"2026Q4 11-02 20/20/0",
		"2026Q4 11-09 20/20/0",
		"2026Q4 11-16 24/20/0", // the four late ones count once past due, still open
	})
	e.runAt(job, "2026-11-20 09:30")
	e.runAt(job, "2026-11-23 00:30")
	got := trendLine(t, e, "岳阳县政府", q4)
	sameList(t, "the weeks after", got[len(got)-2:], []string{
		"2026Q4 11-16 24/20/0",
		"2026Q4 11-23 24/24/4", // completed late on 11-19
	})
	if kept, err := e.st.TrendPointsKept(e.ctx, q4.Prev().Prev()); err != nil || len(kept) != 1 || !kept[0].Equal(q3.Start) {
		t.Errorf("2026Q2 points kept %v, %v; want its end only", kept, err)
	}
}
