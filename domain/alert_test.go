package domain

import (
	"strings"
	"testing"
	"time"

	"hotlinebot/internal/testkit"
)

func TestCrossedStages(t *testing.T) {
	loc := testkit.Shanghai()
	due := time.Date(2026, 11, 27, 15, 0, 0, 0, loc)
	normal := Ticket{No: "N", DueAt: due}
	urgent := Ticket{No: "U", DueAt: due, Urgent: true}
	p := DefaultAlertPolicy()
	tests := []struct {
		name   string
		ticket Ticket
		now    time.Time
		want   string
	}{
		{"before any stage", normal, due.Add(-25 * time.Hour), ""},
		{"24h stage exactly", normal, due.Add(-24 * time.Hour), "due_soon_24h"},
		{"between 24h and 4h", normal, due.Add(-5 * time.Hour), "due_soon_24h"},
		{"4h stage", normal, due.Add(-3 * time.Hour), "due_soon_4h"},
		{"overdue at the deadline", normal, due, "overdue"},
		{"overdue, not yet escalated", normal, due.Add(23 * time.Hour), "overdue"},
		{"escalated too", normal, due.Add(24 * time.Hour), "overdue escalation"},
		{"urgent 2h", urgent, due.Add(-2 * time.Hour), "due_soon_2h"},
		{"urgent 30m", urgent, due.Add(-29 * time.Minute), "due_soon_30m"},
		{"urgent escalated after 2h", urgent, due.Add(2 * time.Hour), "overdue escalation"},
		{"completed", Ticket{No: "C", DueAt: due, CompletedAt: due.Add(-time.Hour)}, due.Add(time.Hour), ""},
		{"completed later than now is open", Ticket{No: "C", DueAt: due, CompletedAt: due.Add(time.Hour)}, due, "overdue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for _, s := range p.Crossed(tt.ticket, tt.now) {
				names = append(names, s.Name())
			}
			if got := strings.Join(names, " "); got != tt.want {
				t.Errorf("Crossed = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHorizon(t *testing.T) {
	if got := DefaultAlertPolicy().Horizon(); got != 24*time.Hour {
		t.Errorf("Horizon = %v", got)
	}
}

func TestGradeTransitions(t *testing.T) {
	tests := []struct {
		prev, cur  Grade
		fell, rose bool
	}{
		{GradeA, GradeB, true, false},
		{GradeB, GradeA, false, true},
		{GradeA, GradeC, true, false},
		{GradeA, GradeA, false, false},
		{GradeNone, GradeE, false, false},
		{GradeB, GradeNone, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.prev)+"→"+string(tt.cur), func(t *testing.T) {
			if got := GradeFell(tt.prev, tt.cur); got != tt.fell {
				t.Errorf("GradeFell = %v", got)
			}
			if got := GradeRose(tt.prev, tt.cur); got != tt.rose {
				t.Errorf("GradeRose = %v", got)
			}
		})
	}
}

func TestNewGradeDrop(t *testing.T) {
	s := DefaultScheme()
	u := Unit{ID: 1, Name: "岳阳县政府"}
	prev := s.Score(u, Counts{Should: 100, Handled: 100, Overdue: 2})
	cur := s.Score(u, Counts{Should: 110, Handled: 100, Overdue: 2})
	if prev.Grade != GradeA || cur.Grade != GradeB {
		t.Fatalf("setup: %s %v → %s %v", prev.Grade, prev.Composite, cur.Grade, cur.Composite)
	}
	d := s.NewGradeDrop(Period{}, prev, cur, OpenWork{Overdue: 10})
	if d.From != GradeA || d.To != GradeB {
		t.Errorf("transition %s → %s", d.From, d.To)
	}
	if d.Moved.Rate != RateOnTime && d.Moved.Rate != RateCompletion {
		t.Errorf("moved rate %s", d.Moved.Rate)
	}
	if d.Moved.Points >= 0 {
		t.Errorf("moved points %v, want negative", d.Moved.Points)
	}
	// Each late completion adds 30/110 points: 5 of the 10 overdue win A back.
	want := Step{Target: GradeA, Gap: RoundTo(95-cur.Composite, 1), Reachable: true}
	for c := cur.Counts; s.Score(u, c).Composite < 95; c.Handled, c.Overdue = c.Handled+1, c.Overdue+1 {
		want.Overdue++
	}
	if len(d.Advice.Steps) != 1 || d.Advice.Steps[0] != want {
		t.Errorf("advice %+v, want the one step %+v", d.Advice.Steps, want)
	}
}

func TestNearFloor(t *testing.T) {
	s := DefaultScheme()
	tests := []struct {
		composite float64
		grade     Grade
		near      bool
	}{
		{95.0, GradeA, false}, // on the floor: nothing to lose before falling
		{95.1, GradeA, true},
		{95.4, GradeA, true},
		{95.5, GradeA, false}, // the threshold itself is not below it
		{94.9, GradeB, false},
		{90.3, GradeB, true},
		{90, GradeB, false},
		{40, GradeE, false},
	}
	for _, tt := range tests {
		t.Run(FormatComposite(tt.composite), func(t *testing.T) {
			sc := Scorecard{Composite: tt.composite, Grade: s.GradeOf(tt.composite)}
			g, _, ok := s.NearFloor(sc)
			if ok != tt.near || (ok && g != tt.grade) {
				t.Errorf("NearFloor = %s %v, want %s %v", g, ok, tt.grade, tt.near)
			}
		})
	}
}

func TestOverview(t *testing.T) {
	s := DefaultScheme()
	units := []Unit{{ID: 1, Name: "甲", Kind: District}, {ID: 2, Name: "乙", Kind: Department}, {ID: 3, Name: "丙", Kind: Department}}
	prev := NewReport(Period{}, time.Time{}, units, map[int64]Counts{
		1: {Should: 10, Handled: 10}, 2: {Should: 10, Handled: 10}, 3: {Should: 10, Handled: 7, Overdue: 2},
	}, s)
	cur := NewReport(Period{}, time.Time{}, units, map[int64]Counts{
		1: {Should: 10, Handled: 10}, 2: {Should: 10, Handled: 9, Overdue: 3}, 3: {Should: 10, Handled: 10},
	}, s)
	o := s.Overview(cur, prev, true)
	if o.Graded != 3 || o.ByGrade[GradeA] != 2 || o.ShareA < 0.66 || o.ShareA > 0.67 {
		t.Errorf("distribution %+v", o)
	}
	if len(o.Fell) != 1 || o.Fell[0].Unit != "乙" || o.Fell[0].Moved.Rate != RateOnTime {
		t.Errorf("fell %+v", o.Fell)
	}
	if len(o.Rose) != 1 || o.Rose[0].Unit != "丙" {
		t.Errorf("rose %+v", o.Rose)
	}
	if len(o.Low) != 1 || o.Low[0].Unit != "乙" {
		t.Errorf("low %+v", o.Low)
	}
}
