package jobs

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/report"
	"hotlinebot/store/storetest"
)

// quarterTickets are n tickets of a unit dispatched in the middle of the
// quarter starting at start: late of them completed a day after their
// deadline, the rest on time; the first dissatisfied callbacks are
// 不满意, the next satisfied ones 满意.
type quarterTickets struct {
	prefix, unit            string
	n, late                 int
	dissatisfied, satisfied int
	category                domain.Category
	topic                   string
	urgent                  int
	start                   string
	openNotDue              int
	extraTopic              string
	extraTopicTickets       int
}

func (q quarterTickets) tickets(e *env) []domain.Ticket {
	start := at(e.t, q.start+" 09:00")
	var out []domain.Ticket
	for i := range q.n + q.openNotDue {
		dispatched := start.Add(time.Duration(40+i) * time.Hour)
		due := dispatched.Add(5 * 24 * time.Hour)
		tk := domain.Ticket{No: fmt.Sprintf("%s-%02d", q.prefix, i), UnitID: e.unit(q.unit).ID,
			Category: q.category, Topic: q.topic, Urgent: i < q.urgent,
			DispatchedAt: dispatched, DueAt: due, CompletedAt: due.Add(-time.Hour)}
		if i < q.extraTopicTickets {
			tk.Topic = q.extraTopic
		}
		switch {
		case i >= q.n:
			// Dispatched at the very end of the quarter, open and not yet due.
			tk.DispatchedAt = at(e.t, "2026-09-30 20:00")
			tk.DueAt = at(e.t, "2026-10-09 00:00")
			tk.CompletedAt = time.Time{}
		case i < q.late:
			tk.CompletedAt = due.Add(24 * time.Hour)
		}
		switch {
		case i < q.dissatisfied:
			tk.Callback = domain.CallbackDissatisfied
		case i < q.dissatisfied+q.satisfied:
			tk.Callback = domain.CallbackSatisfied
		}
		out = append(out, tk)
	}
	return out
}

// twoQuarters loads 2026Q2 and 2026Q3 for four units, and a year-ago
// 2025Q3, so that between the quarters 岳阳县政府 falls A → B on its on-time
// rate, 市规划局 falls A → C on satisfaction, 市金融办 falls B → C on its
// on-time rate and 临湘市政府 rises C → A on its on-time rate.
func twoQuarters(t *testing.T) *env {
	e := newEnv(t, storetest.SQLite(t))
	if _, _, err := e.st.UpsertUnits(e.ctx, []domain.Unit{
		{Name: "临湘市政府", Kind: domain.District}, {Name: "市金融办", Kind: domain.Department},
	}); err != nil {
		t.Fatal(err)
	}
	units, err := e.st.Units(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		e.units[u.Name] = u
	}
	for _, q := range []quarterTickets{
		{prefix: "Q2-YY", unit: "岳阳县政府", n: 10, satisfied: 2, category: domain.Help, topic: "城市管理类", start: "2026-04-01"},
		{prefix: "Q2-LX", unit: "临湘市政府", n: 10, late: 4, category: domain.Help, topic: "城市管理类", start: "2026-04-01"},
		{prefix: "Q2-GH", unit: "市规划局", n: 10, satisfied: 2, category: domain.Complaint, topic: "住房保障类", start: "2026-04-01"},
		{prefix: "Q2-JR", unit: "市金融办", n: 10, late: 3, category: domain.Inquiry, topic: "金融类", start: "2026-04-01"},
		{prefix: "Q3-YY", unit: "岳阳县政府", n: 12, late: 3, satisfied: 3, category: domain.Help, topic: "城市管理类",
			urgent: 4, start: "2026-07-01", openNotDue: 2},
		{prefix: "Q3-LX", unit: "临湘市政府", n: 10, satisfied: 1, category: domain.Complaint, topic: "城市管理类", start: "2026-07-01",
			extraTopic: "供水供电类", extraTopicTickets: 3},
		{prefix: "Q3-GH", unit: "市规划局", n: 10, dissatisfied: 2, category: domain.Complaint, topic: "住房保障类", start: "2026-07-01"},
		{prefix: "Q3-JR", unit: "市金融办", n: 8, late: 4, category: domain.Inquiry, topic: "金融类", start: "2026-07-01"},
		{prefix: "Y1-YY", unit: "岳阳县政府", n: 20, category: domain.Help, topic: "城市管理类", start: "2025-07-01"},
	} {
		e.upsert(q.tickets(e)...)
	}
	return e
}

func TestBulletinFromTwoQuarters(t *testing.T) {
	e := twoQuarters(t)
	q3 := domain.NewPeriod(domain.Quarter, 2026, 3, shanghai)
	b, table, err := report.LoadBulletin(e.ctx, e.st, e.deps.Settings.Scheme, q3, at(t, "2026-10-01 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ticket figures count what the table counts", func(t *testing.T) {
		should := 0
		for _, sc := range table.Units {
			should += sc.Should
		}
		// The two open tickets of 岳阳县政府 dispatched on 09-30 are not yet due.
		if b.Total != 40 || b.Should != should || should != 40 || !b.Final {
			t.Errorf("total %d, should %d, table %d, final %v", b.Total, b.Should, should, b.Final)
		}
		if b.Handled != 40 || b.Overdue != 7 || domain.FormatPercent(b.OnTimeRate) != "82.5%" || domain.FormatPercent(b.CompletionRate) != "100%" {
			t.Errorf("handled %d overdue %d rates %v %v", b.Handled, b.Overdue, b.CompletionRate, b.OnTimeRate)
		}
		if b.Urgent != 4 || b.UrgentOnTime != 1 {
			t.Errorf("urgent %d/%d, want 1 of 4 in time (three of the urgent ones were late)", b.UrgentOnTime, b.Urgent)
		}
	})
	t.Run("categories with their 环比 and 同比", func(t *testing.T) {
		want := map[domain.Category][3]int{ // now, previous quarter, a year before
			domain.Complaint: {20, 10, 0}, domain.Help: {12, 20, 20}, domain.Inquiry: {8, 10, 0},
		}
		for _, c := range b.ByCategory {
			w := want[c.Category]
			if c.Count != w[0] || c.Previous != w[1] || c.YearAgo != w[2] {
				t.Errorf("%s: %d/%d/%d, want %v", c.Category, c.Count, c.Previous, c.YearAgo, w)
			}
		}
		if b.PrevTotal != 40 || b.YearAgoTotal != 20 {
			t.Errorf("previous %d, year ago %d", b.PrevTotal, b.YearAgoTotal)
		}
	})
	t.Run("callbacks", func(t *testing.T) {
		if b.Satisfied != 4 || b.Dissatisfied != 2 || domain.FormatPercent(b.SatisfactionRate) != "66.67%" {
			t.Errorf("callbacks %d/%d %v", b.Satisfied, b.Dissatisfied, b.SatisfactionRate)
		}
	})
	t.Run("grades, rises and falls with their causes", func(t *testing.T) {
		o := b.Overview
		if o.Graded != 4 || o.ByGrade[domain.GradeA] != 1 || o.ByGrade[domain.GradeB] != 1 || domain.FormatPercent(o.ShareA) != "25%" {
			t.Errorf("grades %+v share %v", o.ByGrade, o.ShareA)
		}
		var fell, rose []string
		for _, s := range o.Fell {
			fell = append(fell, fmt.Sprintf("%s %s→%s %s", s.Unit, s.From, s.To, s.Moved.Rate))
		}
		for _, s := range o.Rose {
			rose = append(rose, fmt.Sprintf("%s %s→%s %s", s.Unit, s.From, s.To, s.Moved.Rate))
		}
		sameList(t, "fell", fell, []string{"岳阳县政府 A→B ontime_rate", "市规划局 A→C satisfaction_rate", "市金融办 B→C ontime_rate"})
		sameList(t, "rose", rose, []string{"临湘市政府 C→A ontime_rate"})
	})
	t.Run("C and below and its change", func(t *testing.T) {
		var low []string
		for _, u := range b.Overview.Low {
			low = append(low, fmt.Sprintf("%s %s %s", u.Unit, u.Grade, domain.FormatComposite(u.Composite)))
		}
		sameList(t, "low", low, []string{"市规划局 C 80", "市金融办 C 85"})
		if b.LowBefore != 1 {
			t.Errorf("C and below in 2026Q2: %d, want 1 (临湘市政府)", b.LowBefore)
		}
	})
	t.Run("topics and their shares", func(t *testing.T) {
		var topics []string
		for _, tc := range b.TopTopics {
			topics = append(topics, fmt.Sprintf("%s %d %s", tc.Topic, tc.Count, domain.FormatPercent(tc.Share)))
		}
		sameList(t, "topics", topics, []string{"城市管理类 19 47.5%", "住房保障类 10 25%", "金融类 8 20%", "供水供电类 3 7.5%"})
	})
}

func TestCloseSendsTheBulletinOfTheSameBuilder(t *testing.T) {
	e := twoQuarters(t)
	e.runAt(NewClose(e.st, e.deps), "2026-10-01 09:00")
	out := e.outbox()
	if len(out) == 0 || out[0].Notice.Bulletin == nil {
		t.Fatalf("queued %v", describeAll(out))
	}
	q3 := domain.NewPeriod(domain.Quarter, 2026, 3, shanghai)
	want, _, err := report.LoadBulletin(e.ctx, e.st, e.deps.Settings.Scheme, q3, at(t, "2026-10-01 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(out[0].Notice.Bulletin)
	if w, _ := json.Marshal(want); string(got) != string(w) {
		t.Errorf("close job's bulletin\n%s\nthe builder's\n%s", got, w)
	}
}
