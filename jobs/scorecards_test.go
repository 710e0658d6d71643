package jobs

import (
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// onTime adds n tickets of the unit dispatched in 2026Q4, completed on time.
func (e *env) onTime(unit string, n int) {
	e.t.Helper()
	var ts []domain.Ticket
	for i := range n {
		tk := e.ticket(fmt.Sprintf("%s-OK-%02d", unit, i), unit, at(e.t, "2026-10-20 18:00"), false)
		tk.CompletedAt = tk.DueAt.Add(-time.Hour)
		ts = append(ts, tk)
	}
	e.upsert(ts...)
}

// late sets tickets from-to of the unit overdue and open (due 2026-11-10),
// or, when completed is set, completes them late.
func (e *env) late(unit string, from, to int, completed bool) {
	e.t.Helper()
	var ts []domain.Ticket
	for i := from; i < to; i++ {
		tk := e.ticket(fmt.Sprintf("%s-LATE-%02d", unit, i), unit, at(e.t, "2026-11-10 18:00"), false)
		if completed {
			tk.CompletedAt = at(e.t, "2026-11-19 10:00")
		}
		ts = append(ts, tk)
	}
	e.upsert(ts...)
}

func drops(e *env) []string {
	var out []string
	for _, n := range e.outbox() {
		if n.Notice.Kind != domain.NoticeGradeDrop {
			continue
		}
		for _, d := range n.Notice.Drops {
			out = append(out, fmt.Sprintf("%s %s %s→%s", n.Audience.Kind, d.Unit.Name, d.From, d.To))
		}
	}
	return out
}

// A → B → A → C: a drop alert on each fall (A → B and A → C), none on the
// rise; the fall to C goes to the supervisors too.
func TestScorecardsGradeTransitions(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	job := NewScorecards(e.st, e.deps)
	e.onTime("岳阳县政府", 20)
	e.runAt(job, "2026-11-20 09:00") // A: the first snapshot of the period
	e.runAt(job, "2026-11-20 09:30") // still A
	e.late("岳阳县政府", 0, 3, false)
	e.runAt(job, "2026-11-20 10:00") // B: 92.2
	e.runAt(job, "2026-11-20 10:30") // still B: no second alert
	e.late("岳阳县政府", 0, 3, true)
	e.runAt(job, "2026-11-20 11:00") // back to A: 96.1
	e.late("岳阳县政府", 3, 11, false)
	e.runAt(job, "2026-11-20 11:30") // C: 81.6
	e.runAt(job, "2026-11-20 12:00")
	sameList(t, "drop alerts", drops(e), []string{
		"unit 岳阳县政府 A→B",
		"unit 岳阳县政府 A→C",
		"supervisors 岳阳县政府 A→C",
	})
	last, ok, err := e.st.LatestSnapshot(e.ctx, domain.NewPeriod(domain.Quarter, 2026, 4, shanghai))
	if err != nil || !ok {
		t.Fatalf("latest snapshot: %v %v", ok, err)
	}
	if card, _ := last.Card(e.unit("岳阳县政府").ID); card.Grade != domain.GradeC || card.Composite != 81.6 {
		t.Errorf("latest snapshot card %s %v", card.Grade, card.Composite)
	}
}

func TestScorecardsDropDetails(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	job := NewScorecards(e.st, e.deps)
	e.onTime("岳阳县政府", 20)
	e.runAt(job, "2026-11-20 09:00")
	e.late("岳阳县政府", 0, 3, false)
	e.runAt(job, "2026-11-20 10:00")
	var d domain.GradeDrop
	for _, n := range e.outbox() {
		if n.Notice.Kind == domain.NoticeGradeDrop {
			d = n.Notice.Drops[0]
		}
	}
	if d.FromComposite != 100 || d.ToComposite != 92.2 {
		t.Errorf("composites %v → %v", d.FromComposite, d.ToComposite)
	}
	if d.Moved.Rate != domain.RateCompletion || d.Moved.Points != -3.9 {
		t.Errorf("moved %+v", d.Moved)
	}
	if d.BehindCount != 3 || len(d.Behind) != 3 || d.Behind[0] != "岳阳县政府-LATE-00" {
		t.Errorf("behind %v (%d)", d.Behind, d.BehindCount)
	}
	// Completing all three overdue tickets, late, lifts it to 96.1.
	if want := (domain.Step{Target: domain.GradeA, Gap: 2.8, Overdue: 3, Reachable: true}); len(d.Advice.Steps) != 1 || d.Advice.Steps[0] != want {
		t.Errorf("advice %+v", d.Advice.Steps)
	}
}

func TestScorecardsNearThresholdOncePerPeriod(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	job := NewScorecards(e.st, e.deps)
	// 45 on time and 4 overdue open: 40 + 60·45/49 = 95.1, 0.1 above A's floor.
	e.onTime("市规划局", 45)
	e.late("市规划局", 0, 4, false)
	e.runAt(job, "2026-11-20 09:00")
	e.runAt(job, "2026-11-20 09:30")
	var near []string
	for _, n := range e.outbox() {
		if n.Notice.Kind == domain.NoticeNearThreshold {
			near = append(near, fmt.Sprintf("%s %s %v+%v", n.Notice.Unit.Name, n.Notice.Near.Grade, n.Notice.Near.Threshold, n.Notice.Near.Margin))
		}
	}
	sameList(t, "near-threshold warnings", near, []string{"市规划局 A 95+0.1"})
}
