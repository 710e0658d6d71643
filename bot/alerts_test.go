package bot

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
)

var updateAlerts = flag.Bool("update-alerts", false, "rewrite the alerts' golden files")

var alertZone = testkit.Shanghai()

func alertAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, alertZone)
	if err != nil {
		panic(err)
	}
	return t
}

var (
	yueyang  = domain.Unit{ID: 1, Name: "岳阳县政府", Kind: domain.District}
	guihua   = domain.Unit{ID: 2, Name: "市规划局", Kind: domain.Department}
	q4       = domain.NewPeriod(domain.Quarter, 2026, 4, alertZone)
	alertNow = alertAt("2026-11-27 12:00")
)

func line(no string, u domain.Unit, c domain.Category, topic string, due string, urgent bool) domain.TicketLine {
	return domain.TicketLine{No: no, UnitID: u.ID, UnitName: u.Name, Category: c, Topic: topic, DueAt: alertAt(due), Urgent: urgent}
}

func drop(u domain.Unit, from, to domain.Grade, fc, tc float64, steps ...domain.Step) domain.GradeDrop {
	return domain.GradeDrop{Unit: u, Period: q4, From: from, To: to, FromComposite: fc, ToComposite: tc,
		Moved:  domain.RateMove{Rate: domain.RateOnTime, From: 0.9524, To: 0.8219, Points: -3.9},
		Behind: []string{"A-API-00", "A-API-01", "A-API-02", "A-API-03", "A-API-04"}, BehindCount: 10,
		Advice: domain.Advice{Grade: to, Composite: tc, Steps: steps, Best: 75.3, Losses: []domain.Loss{
			{Rate: domain.RateRework, Points: 12.04}, {Rate: domain.RateSatisfaction, Points: 8.5}, {Rate: domain.RateOnTime, Points: 4.2}}}}
}

func withExcerpt(l domain.TicketLine, excerpt string) domain.TicketLine {
	l.Excerpt = excerpt
	return l
}

// alertCases are one notice of every kind, in the shapes that read
// differently.
func alertCases() map[string]domain.Notice {
	soon1 := line("A-SOON-01", yueyang, domain.Inquiry, "咨询社保", "2026-11-27 15:00", false)
	soon1.Before = 4 * time.Hour
	soon2 := line("A-SOON-02", yueyang, domain.Complaint, "<script>&</script>", "2026-11-28 00:00", true)
	soon2.Before = 24 * time.Hour
	overview := domain.GradeOverview{Graded: 4, ByGrade: map[domain.Grade]int{domain.GradeA: 2, domain.GradeB: 1, domain.GradeC: 1}, NoTickets: 1,
		ShareA: 0.5, Compared: true,
		Fell: []domain.GradeShift{{Unit: "市规划局", From: domain.GradeA, To: domain.GradeB, FromComposite: 96, ToComposite: 92.8,
			Moved: domain.RateMove{Rate: domain.RateOnTime, Points: -3.2}}},
		Rose:        []domain.GradeShift{{Unit: "市审计局", From: domain.GradeC, To: domain.GradeA, Moved: domain.RateMove{Rate: domain.RateCompletion, Points: 12}}},
		Low:         []domain.UnitScore{{Unit: "市金融办", Grade: domain.GradeC, Composite: 89.5}},
		WorstOnTime: []domain.UnitScore{{Unit: "市金融办", OnTimeRate: 0.6757}}}
	return map[string]domain.Notice{
		"due_soon": {Kind: domain.NoticeDueSoon, At: alertNow, Unit: yueyang, Tickets: []domain.TicketLine{soon1, soon2}},
		"overdue": {Kind: domain.NoticeOverdue, At: alertNow, Unit: yueyang, Tickets: []domain.TicketLine{
			withExcerpt(line("A-LATE-01", yueyang, domain.Help, "路灯不亮", "2026-11-27 11:00", false), "市民反映荣家湾镇建设路路灯已连续一周不亮，夜间出行不便"),
			line("A-LATE-02", yueyang, domain.Complaint, "噪音扰民", "2026-11-27 11:30", true)}},
		"escalation": {Kind: domain.NoticeEscalation, At: alertNow, Tickets: []domain.TicketLine{
			line("A-OLD-01", yueyang, domain.Help, "路灯不亮", "2026-11-25 09:00", false),
			line("B-OLD-01", guihua, domain.Suggestion, "", "2026-11-26 10:00", false),
			line("A-OLD-02", yueyang, domain.Complaint, "噪音扰民", "2026-11-27 09:30", true)}},
		"grade_drop": {Kind: domain.NoticeGradeDrop, At: alertNow, Unit: yueyang, Period: q4, Drops: []domain.GradeDrop{
			drop(yueyang, domain.GradeA, domain.GradeC, 97.1, 89.3, domain.Step{Target: domain.GradeB, Gap: 0.7, Overdue: 2, Reachable: true},
				domain.Step{Target: domain.GradeA, Gap: 5.7, Overdue: 10, OnTime: 6, By: alertAt("2026-12-01 00:00"), Reachable: true})}},
		"grade_drop_on_time": {Kind: domain.NoticeGradeDrop, At: alertNow, Unit: yueyang, Period: q4, Drops: []domain.GradeDrop{
			drop(yueyang, domain.GradeA, domain.GradeB, 95.3, 94.8, domain.Step{Target: domain.GradeA, Gap: 0.2, OnTime: 4, By: alertAt("2026-11-28 15:00"), Reachable: true})}},
		"grade_drop_impossible": {Kind: domain.NoticeGradeDrop, At: alertNow, Unit: yueyang, Period: q4, Drops: []domain.GradeDrop{
			drop(yueyang, domain.GradeB, domain.GradeD, 90, 70, domain.Step{Target: domain.GradeC, Gap: 10})}},
		"grade_drop_supervisors": {Kind: domain.NoticeGradeDrop, At: alertNow, Period: q4, Drops: []domain.GradeDrop{
			drop(yueyang, domain.GradeA, domain.GradeC, 97.1, 89.3),
			drop(guihua, domain.GradeB, domain.GradeE, 91, 40)}},
		"near_threshold": {Kind: domain.NoticeNearThreshold, At: alertNow, Unit: guihua, Period: q4, Near: &domain.NearWarning{
			Grade: domain.GradeA, Composite: 95.1, Threshold: 95, Margin: 0.1, Overdue: 4,
			Costliest: domain.Loss{Rate: domain.RateOnTime, Points: 2.449},
			Advice:    domain.Advice{Grade: domain.GradeA, Composite: 95.1, Falls: true, Slack: 1, FallsTo: domain.GradeB, FallsBy: alertAt("2026-11-28 15:00")}}},
		"digest": {Kind: domain.NoticeDigest, At: alertAt("2026-11-27 08:30"), Unit: yueyang, Period: q4, Digest: &domain.UnitDigest{
			Open: 3, DueToday: 1, Overdue: 1, Graded: true, Grade: domain.GradeB, Composite: 92.2, Rank: 3, Of: 12,
			Advice: &domain.Advice{Grade: domain.GradeB, Composite: 92.2, Steps: []domain.Step{
				{Target: domain.GradeA, Gap: 2.8, Overdue: 1, OnTime: 1, By: alertAt("2026-11-27 15:00"), Reachable: true}}}}},
		"digest_ungraded": {Kind: domain.NoticeDigest, At: alertAt("2026-11-27 08:30"), Unit: guihua, Period: q4, Digest: &domain.UnitDigest{}},
		"summary": {Kind: domain.NoticeSummary, At: alertAt("2026-11-27 08:30"), Period: q4, Summary: &domain.Summary{
			Period: q4, AsOf: alertAt("2026-11-27 08:30"), Overview: overview, OpenOverdue: 17, NoContacts: []string{"市审计局", "市金融办"}}},
		"bulletin": {Kind: domain.NoticeBulletin, At: alertAt("2027-01-01 09:00"), Period: q4, Bulletin: &domain.Bulletin{
			Period: q4, At: alertAt("2027-01-01 09:00"), Compared: q4.Prev(), Total: 7410, Final: true,
			Should: 7410, Handled: 7400, Overdue: 200, CompletionRate: 7400.0 / 7410, OnTimeRate: 7200.0 / 7410,
			ByCategory:     []domain.CategoryCount{{Category: domain.Complaint, Count: 3000}, {Category: domain.Help, Count: 2500}, {Category: domain.Inquiry, Count: 1500}, {Category: domain.Suggestion, Count: 400}, {Category: domain.Praise, Count: 10}},
			TopDistricts:   []domain.UnitScore{{Unit: "岳阳县政府", Handled: 4194}, {Unit: "临湘市政府", Handled: 3057}},
			TopDepartments: []domain.UnitScore{{Unit: "市规划局", Handled: 153}, {Unit: "市金融办", Handled: 36}},
			Urgent:         120, UrgentOnTime: 113, Satisfied: 900, Dissatisfied: 21, SatisfactionRate: 900.0 / 921,
			Overview:  overview,
			TopTopics: []domain.TopicCount{{Topic: "城市管理类", Count: 1500, Share: 1500.0 / 7410}, {Topic: "社会保障类", Count: 800, Share: 800.0 / 7410}}}},
		"contact_blocked": {Kind: domain.NoticeContactBlocked, At: alertNow, Contact: &domain.BlockedContact{
			ContactID: 7, Name: "张三 <b>", Role: "liaison", UnitName: "岳阳县政府", ChatID: 1001}},
	}
}

func TestAlertsGolden(t *testing.T) {
	for name, n := range alertCases() {
		for _, lang := range []string{domain.LangZH, domain.LangEN} {
			t.Run(name+"."+lang, func(t *testing.T) {
				reader := domain.Contact{Lang: lang, Role: domain.RoleLiaison}
				if n.Kind == domain.NoticeSummary || n.Kind == domain.NoticeContactBlocked {
					reader.Role = domain.RoleAdmin
				}
				got := RenderNotice(n, reader, alertZone)
				visible, err := fakebot.ParseHTML(got)
				if err != nil {
					t.Fatalf("not valid Telegram HTML: %v\n%s", err, got)
				}
				if fakebot.TextLength(visible) > MessageLimit {
					t.Errorf("%d characters", fakebot.TextLength(visible))
				}
				golden(t, filepath.Join("testdata", "alerts_"+name+"."+lang+".golden"), got)
			})
		}
	}
}

func TestAlertsSummaryAdminOnlyLines(t *testing.T) {
	n := alertCases()["summary"]
	sup := RenderNotice(n, domain.Contact{Lang: domain.LangZH, Role: domain.RoleSupervisor}, alertZone)
	admin := RenderNotice(n, domain.Contact{Lang: domain.LangZH, Role: domain.RoleAdmin}, alertZone)
	if strings.Contains(sup, "无联络员") || !strings.Contains(admin, "无联络员") {
		t.Errorf("units without contacts: supervisor sees %v, admin sees %v", strings.Contains(sup, "无联络员"), strings.Contains(admin, "无联络员"))
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *updateAlerts {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-alerts to create it)", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestSplitMessage(t *testing.T) {
	long := strings.Repeat("• A-0001 求助｜路灯不亮 — 已超期 <b>3 小时</b>\n", 400)
	tests := []struct {
		name  string
		text  string
		limit int
		parts int
	}{
		{"short", "一行", 4096, 1},
		{"many lines", strings.TrimSuffix(long, "\n"), 4096, 0},
		{"one long line", strings.Repeat("超期&amp;", 3000), 4096, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := SplitMessage(tt.text, tt.limit)
			if tt.parts > 0 && len(parts) != tt.parts {
				t.Errorf("%d parts, want %d", len(parts), tt.parts)
			}
			if strings.Join(parts, "\n") != tt.text && tt.name != "one long line" {
				t.Error("parts do not join back to the text")
			}
			if tt.name == "one long line" && strings.Join(parts, "") != tt.text {
				t.Error("pieces do not join back to the line")
			}
			for i, p := range parts {
				visible, err := fakebot.ParseHTML(p)
				if err != nil {
					t.Fatalf("part %d: %v", i, err)
				}
				if n := fakebot.TextLength(visible); n > tt.limit {
					t.Errorf("part %d: %d characters", i, n)
				}
			}
		})
	}
}

// TestAlertScreenFits: long unit names, numbers, topics and requests still
// make one screen of 30 tickets, the excerpts giving way first.
func TestAlertScreenFits(t *testing.T) {
	long := domain.Unit{ID: 9, Name: strings.Repeat("超长名称的责任单位", 4)}
	var ts []domain.TicketLine
	for i := range 45 {
		l := line(fmt.Sprintf("YY2026100%021d", i), long, domain.Complaint, strings.Repeat("城市管理类", 5), "2026-11-20 09:00", i%2 == 0)
		ts = append(ts, withExcerpt(l, strings.Repeat("市民反映情况", 10)))
	}
	for _, kind := range []domain.NoticeKind{domain.NoticeOverdue, domain.NoticeEscalation} {
		for _, lang := range []string{domain.LangZH, domain.LangEN} {
			n := domain.Notice{Kind: kind, At: alertNow, Unit: long, Tickets: ts}
			text := RenderNotice(n, domain.Contact{Lang: lang, Role: domain.RoleSupervisor}, alertZone)
			visible, err := fakebot.ParseHTML(text)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(visible, "YY2026100"); fakebot.TextLength(visible) > 3000 || got != 30 {
				t.Errorf("%s %s: %d characters, %d tickets\n%s", kind, lang, fakebot.TextLength(visible), got, visible)
			}
		}
	}
}
