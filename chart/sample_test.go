package chart

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// sampleTrend is a unit slipping from A to B over the quarter.
func sampleTrend(t *testing.T) (Trend, time.Time) {
	t.Helper()
	loc := testkit.Shanghai()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, loc)
	p := domain.PeriodAt(domain.Quarter, now, loc)
	u := domain.Unit{ID: 7, Name: "岳阳县政府", Kind: domain.District}
	var pts []domain.TrendPoint
	for i, at := range p.TrendPoints(now) {
		should := 100 + 40*i
		pts = append(pts, domain.TrendPoint{Period: p, At: at, Counts: domain.Counts{Should: should, Handled: should - i, Overdue: 2 + 2*i, Satisfied: 50, Dissatisfied: 1}})
	}
	for i, prev := range TrendPeriods(p)[:4] {
		if i == 0 {
			continue // the unit had no tickets then
		}
		pts = append(pts, domain.TrendPoint{Period: prev, At: prev.End, Counts: domain.Counts{Should: 1000, Handled: 1000 - i, Overdue: 30 * i, Satisfied: 400, Dissatisfied: 4 * i}})
	}
	live := domain.Counts{Should: 480, Handled: 470, Overdue: 25, Satisfied: 50, Dissatisfied: 2}
	return NewTrend(domain.DefaultScheme(), u, p, now, pts, live), now
}

// sampleCity is ten units of each kind, a few grades lower than last period.
func sampleCity(t *testing.T) City {
	t.Helper()
	loc := testkit.Shanghai()
	now := time.Date(2026, 11, 30, 8, 30, 0, 0, loc)
	p := domain.PeriodAt(domain.Quarter, now, loc)
	var units []domain.Unit
	cur, prev := map[int64]domain.Counts{}, map[int64]domain.Counts{}
	for i := 0; i < 20; i++ {
		kind := domain.District
		name := []string{"岳阳县", "华容县", "湘阴县", "平江县", "汨罗市", "临湘市", "岳阳楼区", "云溪区", "君山区", "屈原管理区"}[i%10] + "政府"
		if i >= 10 {
			kind = domain.Department
			name = []string{"市城管局", "市住房和城乡建设局", "市规划局", "市金融办", "市审计局", "岳阳海事局", "市自来水公司", "长岭炼化公司", "市交通运输局", "市人社局"}[i%10]
		}
		u := domain.Unit{ID: int64(i + 1), Name: name, Kind: kind}
		units = append(units, u)
		cur[u.ID] = domain.Counts{Should: 200, Handled: 200 - i%4, Overdue: 3 * i, Satisfied: 90, Dissatisfied: i % 5}
		prev[u.ID] = domain.Counts{Should: 600, Handled: 600, Overdue: 4 * i, Satisfied: 300, Dissatisfied: 1}
	}
	s := domain.DefaultScheme()
	return NewCity(s, domain.NewReport(p, now, units, cur, s), domain.NewReport(p.Prev(), p.Start, units, prev, s), true)
}

// sampleOverdue is four units with open overdue tickets and one without.
func sampleOverdue(t *testing.T) Overdue {
	t.Helper()
	units := []domain.Unit{{ID: 1, Name: "市城管局"}, {ID: 2, Name: "岳阳县政府"}, {ID: 3, Name: "市规划局"}, {ID: 4, Name: "市金融办"}, {ID: 5, Name: "市审计局"}}
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, testkit.Shanghai())
	return NewOverdue(at, units, map[int64]int{1: 12, 2: 3, 3: 12, 4: 1})
}
