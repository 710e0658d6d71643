package demo

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// mix tallies what a demo operator would look at.
type mix struct {
	total, completed, onTime, late, openPastDue, openNotDue int
	urgent, callbacks, dissatisfied, reworked               int
	mainCategories                                          int
	recentOpen                                              int // open, dispatched in the last three weeks
}

func tally(tickets []domain.Ticket, now time.Time) mix {
	var m mix
	for _, tk := range tickets {
		m.total++
		switch {
		case tk.Completed(now) && tk.CompletedLate():
			m.completed++
			m.late++
		case tk.Completed(now):
			m.completed++
			m.onTime++
		case tk.Overdue(now):
			m.openPastDue++
		default:
			m.openNotDue++
		}
		if !tk.Completed(now) && now.Sub(tk.DispatchedAt) < 21*24*time.Hour {
			m.recentOpen++
		}
		if tk.Urgent {
			m.urgent++
		}
		if tk.Callback != domain.CallbackNone {
			m.callbacks++
		}
		if tk.Callback == domain.CallbackDissatisfied {
			m.dissatisfied++
		}
		if tk.ReworkCount > 0 {
			m.reworked++
		}
		if tk.Category == domain.Help || tk.Category == domain.Complaint || tk.Category == domain.Inquiry {
			m.mainCategories++
		}
	}
	return m
}

func share(part, whole int) float64 { return float64(part) / float64(whole) }

func TestTicketsRealisticMix(t *testing.T) {
	loc := testkit.Shanghai()
	tests := []struct {
		name     string
		p        domain.Period
		now      time.Time
		underWay bool // most open tickets are then the recent ones
	}{
		{"quarter over", domain.NewPeriod(domain.Quarter, 2026, 3, loc), time.Date(2026, 10, 9, 8, 30, 0, 0, loc), false},
		{"quarter under way", domain.NewPeriod(domain.Quarter, 2026, 4, loc), time.Date(2026, 11, 27, 8, 30, 0, 0, loc), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tally(collect(t, 20000, tt.p, tt.now, DefaultSeed), tt.now)
			checks := []struct {
				what     string
				got      float64
				min, max float64
			}{
				{"on time, of completed", share(m.onTime, m.completed), 0.80, 0.98},
				{"completed late, of completed", share(m.late, m.completed), 0.01, 0.15},
				{"open past due", share(m.openPastDue, m.total), 0.001, 0.05},
				{"urgent", share(m.urgent, m.total), 0.03, 0.07},
				{"callbacks, of completed", share(m.callbacks, m.completed), 0.27, 0.33},
				{"dissatisfied, of callbacks", share(m.dissatisfied, m.callbacks), 0.03, 0.08},
				{"reworked", share(m.reworked, m.total), 0.003, 0.03},
				{"求助/投诉/咨询", share(m.mainCategories, m.total), 0.88, 0.95},
			}
			for _, c := range checks {
				if c.got < c.min || c.got > c.max {
					t.Errorf("%s: %.4f, want between %.3f and %.3f", c.what, c.got, c.min, c.max)
				}
			}
			open := m.openNotDue + m.openPastDue
			if m.openNotDue == 0 || (tt.underWay && share(m.recentOpen, open) < 0.8) {
				t.Errorf("open: %d not yet due, %d past due, %d dispatched in the last three weeks; want mostly recent", m.openNotDue, m.openPastDue, m.recentOpen)
			}
		})
	}
}

// TestTicketsGrades checks that the demo's report shows most units at A and
// the deliberately weak ones at B to E.
func TestTicketsGrades(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Quarter, 2026, 3, loc)
	now := time.Date(2026, 10, 9, 8, 30, 0, 0, loc)
	counts := make(map[int64]domain.Counts)
	for _, tk := range collect(t, 25000, p, now, DefaultSeed) {
		c := counts[tk.UnitID]
		c.Add(tk, now)
		counts[tk.UnitID] = c
	}
	r := domain.NewReport(p, now, storedUnits(), counts, domain.DefaultScheme())
	byGrade := make(map[domain.Grade]int)
	grade := make(map[string]domain.Grade)
	for _, sc := range r.Units {
		byGrade[sc.Grade]++
		grade[sc.Unit.Name] = sc.Grade
	}
	if share(byGrade[domain.GradeA], len(r.Units)) < 0.7 {
		t.Errorf("grades %v: want most units at A", byGrade)
	}
	if len(r.NoTickets) == 0 {
		t.Error("want a few units with no tickets")
	}
	tests := []struct {
		unit string
		want domain.Grade
	}{
		{"市规划局", domain.GradeB},
		{"君山区政府", domain.GradeB},
		{"市金融办", domain.GradeC},
		{"岳阳海事局", domain.GradeC},
		{"长岭炼化公司", domain.GradeD},
		{"市房产服务中心", domain.GradeE},
		{"岳阳县政府", domain.GradeA},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			if grade[tt.unit] != tt.want {
				t.Errorf("grade %q, want %s", grade[tt.unit], tt.want)
			}
		})
	}
}
