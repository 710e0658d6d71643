package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/bot"
	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/jobs"
)

// seedAdviceUnits adds 市城管局, whose 152 tickets dispatched in November
// fall overdue between two scorecard runs (A → C), and 市信访局, whose
// reworked, dissatisfying completions cost it points no open ticket can
// win back (A → D).
func (h *harness) seedAdviceUnits(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	units := []domain.Unit{{Name: "市城管局", Kind: domain.Department}, {Name: "市信访局", Kind: domain.Department}}
	if _, _, err := h.st.UpsertUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		got, err := h.st.UnitByName(ctx, u.Name)
		if err != nil {
			t.Fatal(err)
		}
		h.units[u.Name] = got.ID
	}
	cg, xf := h.units["市城管局"], h.units["市信访局"]
	var ts []domain.Ticket
	for i := range 1000 {
		dispatched := day(time.October, 1, 9, 0).Add(time.Duration(i) * 50 * time.Minute)
		tk := domain.Ticket{No: fmt.Sprintf("CG-%04d", i), UnitID: cg, Category: domain.Complaint, Topic: "城市管理类",
			DispatchedAt: dispatched, DueAt: dispatched.AddDate(0, 0, 5), CompletedAt: dispatched.AddDate(0, 0, 1)}
		if i%10 == 0 {
			tk.CompletedAt = dispatched.AddDate(0, 0, 6) // 100 completed late
		}
		if i%100 == 1 {
			tk.ReworkCount = 1
		}
		if i%3 == 0 {
			tk.Callback = domain.CallbackSatisfied
		}
		if i%200 == 2 {
			tk.Callback = domain.CallbackDissatisfied
		}
		ts = append(ts, tk)
	}
	for i := range 152 {
		ts = append(ts, domain.Ticket{No: fmt.Sprintf("CG-LATE-%03d", i), UnitID: cg, Category: domain.Complaint, Topic: "占道经营",
			DispatchedAt: day(time.November, 14, 9, 0), DueAt: day(time.November, 21, 0, 0), Summary: "市民反映夜市摊贩占道经营，影响通行。"})
	}
	for i := range 40 {
		ts = append(ts, domain.Ticket{No: fmt.Sprintf("CG-OPEN-%02d", i), UnitID: cg, Category: domain.Help, Topic: "路灯不亮",
			DispatchedAt: day(time.November, 25, 9, 0), DueAt: day(time.November, 30, 0, 0).Add(time.Duration(i) * 3 * time.Hour)})
	}
	for i := range 30 {
		dispatched := day(time.October, 10, 9, 0).AddDate(0, 0, i)
		tk := domain.Ticket{No: fmt.Sprintf("XF-%02d", i), UnitID: xf, Category: domain.Inquiry, Topic: "信访咨询",
			DispatchedAt: dispatched, DueAt: dispatched.AddDate(0, 0, 3), CompletedAt: dispatched.AddDate(0, 0, 1)}
		if i%3 == 0 {
			tk.Callback = domain.CallbackSatisfied
		}
		ts = append(ts, tk)
	}
	for i := range 20 {
		ts = append(ts, domain.Ticket{No: fmt.Sprintf("XF-RW-%02d", i), UnitID: xf, Category: domain.Complaint, Topic: "信访投诉",
			DispatchedAt: day(time.November, 10, 9, 0), DueAt: day(time.November, 30, 0, 0), CompletedAt: day(time.November, 24, 9, 0),
			ReworkCount: 2, Callback: domain.CallbackDissatisfied})
	}
	if _, err := h.st.UpsertTickets(ctx, ts); err != nil {
		t.Fatal(err)
	}
}

// runScorecards runs the real scorecards job on the harness's store at
// each instant.
func (h *harness) runScorecards(t *testing.T, at ...time.Time) {
	t.Helper()
	ctx := context.Background()
	gen, ok, err := h.st.AcquireLease(ctx, "advice-test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	clock := at[0]
	job := jobs.NewScorecards(h.st, jobs.Deps{Settings: jobs.SettingsFrom(config.Defaults()), Fence: jobs.FixedFence(gen),
		Now: func() time.Time { return clock }})
	for _, a := range at {
		clock = a
		if err := job.Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// unitAlert is the notice of kind queued for the unit, as a reader in lang
// gets it.
func (h *harness) unitAlert(t *testing.T, kind domain.NoticeKind, unit, lang string) string {
	t.Helper()
	entries, err := h.st.Outbox(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Notice.Kind == kind && e.Audience.Kind == domain.AudienceUnit && e.Audience.UnitID == h.units[unit] {
			return bot.RenderNotice(e.Notice, domain.Contact{Lang: lang, Role: domain.RoleLiaison}, shanghai)
		}
	}
	t.Fatalf("no %s notice for %s", kind, unit)
	return ""
}

// adviceOf picks the advice engine's lines out of a text.
func adviceOf(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "距 ") || strings.Contains(l, "points short of grade") {
			out = append(out, l)
		}
	}
	return out
}

// TestAdviceAlertAndGradeAgree: after 152 tickets fell overdue, the
// grade-drop alert and /grade at the same instant give the same advice,
// and it names the overdue tickets to close; a unit whose points went on
// rework and dissatisfaction is told honestly that nothing left reaches
// the grade, with the causes by size.
func TestAdviceAlertAndGradeAgree(t *testing.T) {
	h := newHarness(t)
	h.seedAdviceUnits(t)
	h.runScorecards(t, day(time.November, 20, 9, 0), testNow)
	cg := fakebot.Person(1020, "城管联络员", "cg")
	xf := fakebot.Person(1021, "信访联络员", "xf")
	h.bind(cg, domain.RoleLiaison, h.units["市城管局"])
	h.bind(xf, domain.RoleLiaison, h.units["市信访局"])
	for _, lang := range []string{domain.LangZH, domain.LangEN} {
		t.Run(lang, func(t *testing.T) {
			for _, u := range []models.User{cg, xf} {
				if err := h.st.SetLang(context.Background(), u.ID, lang); err != nil {
					t.Fatal(err)
				}
			}
			alert := h.unitAlert(t, domain.NoticeGradeDrop, "市城管局", lang)
			grade := h.say(t, cg, "/grade").Text
			golden(t, "advice_150_overdue_alert."+lang, alert+"\n")
			golden(t, "advice_150_overdue_grade."+lang, grade+"\n")
			a, g := adviceOf(alert), adviceOf(grade)
			if len(a) == 0 || strings.Join(a, "\n") != strings.Join(g, "\n") {
				t.Fatalf("the alert and /grade disagree:\nalert:\n%s\n/grade:\n%s", strings.Join(a, "\n"), strings.Join(g, "\n"))
			}
			if !strings.Contains(a[0], "超期工单") && !strings.Contains(a[0], "overdue ticket") {
				t.Errorf("the first step does not name the overdue tickets: %s", a[0])
			}
			stuck := h.unitAlert(t, domain.NoticeGradeDrop, "市信访局", lang)
			golden(t, "advice_no_recovery_alert."+lang, stuck+"\n")
			s, sg := adviceOf(stuck), adviceOf(h.say(t, xf, "/grade").Text)
			if len(s) != 1 || s[0] != sg[0] {
				t.Fatalf("no-recovery advice: alert %q, /grade %q", s, sg)
			}
			rework, dissatisfied := strings.Index(s[0], domain.RateRework.Label(lang)), strings.Index(s[0], domain.RateSatisfaction.Label(lang))
			if rework < 0 || dissatisfied < 0 || rework > dissatisfied {
				t.Errorf("the causes are not named by size (rework before satisfaction): %s", s[0])
			}
		})
	}
}
