package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
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

// withRefresher gives the bot the refresher serve wires in, so alert
// buttons are answered from the state when pressed.
func withRefresher() harnessOption {
	return func(_ *bot.Options, d *bot.Deps) {
		d.Refresher = jobs.NewRefresher(d.Store.(jobs.RefreshStore), jobs.Deps{Settings: jobs.SettingsFrom(config.Defaults())})
	}
}

// runJob runs one of the real jobs on the harness's store at at.
func (h *harness) runJob(t *testing.T, at time.Time, build func(jobs.Deps) jobs.Job) {
	t.Helper()
	ctx := context.Background()
	gen, ok, err := h.st.AcquireLease(ctx, "screen-test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	deps := jobs.Deps{Settings: jobs.SettingsFrom(config.Defaults()), Fence: jobs.FixedFence(gen), Now: func() time.Time { return at }}
	if err := build(deps).Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// send runs the sender over the outbox once at the harness's clock, the
// texts refreshed as serve's sender does.
func (h *harness) send(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	gen, ok, err := h.st.AcquireLease(ctx, "screen-test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	settings := jobs.SettingsFrom(config.Defaults())
	tr := bot.NewTransport(bot.TransportDeps{Contacts: h.st, Admins: h.st, Fence: jobs.FixedFence(gen)}, bot.TransportOptions{Location: shanghai, Now: h.clock.Now})
	s := bot.NewSender(bot.SenderDeps{API: h.svc.API(), Outbox: h.st, Recipients: h.st, Transport: tr, Fence: jobs.FixedFence(gen)},
		bot.SenderOptions{Location: shanghai, Now: h.clock.Now, Refresher: jobs.NewRefresher(h.st, jobs.Deps{Settings: settings}),
			Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// addBacklog gives a unit n open tickets, dispatched a fortnight ago and
// overdue for a week, each with its own request text.
func (h *harness) addBacklog(t *testing.T, name string, n int) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := h.st.UpsertUnits(ctx, []domain.Unit{{Name: name, Kind: domain.Department}}); err != nil {
		t.Fatal(err)
	}
	u, err := h.st.UnitByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	h.units[name] = u.ID
	ts := make([]domain.Ticket, n)
	for i := range ts {
		ts[i] = domain.Ticket{No: fmt.Sprintf("JY-%03d", i), UnitID: u.ID, Category: domain.Complaint, Topic: "城市管理类",
			Urgent: i%50 == 0, DispatchedAt: day(time.November, 10, 9, 0), DueAt: day(time.November, 20, 0, 0).Add(time.Duration(i) * time.Minute),
			Summary: fmt.Sprintf("市民反映第%d号路段占道经营严重，影响行人和车辆通行，请尽快处理", i)}
	}
	if _, err := h.st.UpsertTickets(ctx, ts); err != nil {
		t.Fatal(err)
	}
}

var backlogNoRe = regexp.MustCompile(`JY-\d{3}`)

// pageThrough reads an alert and the pages its 下一页 button turns to,
// checking each is one screen, and returns every ticket number listed in
// order and how many pages there were.
func (h *harness) pageThrough(t *testing.T, u models.User, first fakebot.Call) ([]string, int) {
	t.Helper()
	var seen []string
	page, pages := first, 0
	for {
		pages++
		if n := fakebot.TextLength(page.Visible); n > 3000 {
			t.Fatalf("page %d is %d characters, over one screen", pages, n)
		}
		lines := 0
		for _, line := range strings.Split(page.Visible, "\n") {
			if nos := backlogNoRe.FindAllString(line, -1); len(nos) > 0 {
				lines++
				seen = append(seen, nos...)
			}
		}
		if lines > 30 {
			t.Fatalf("page %d lists %d tickets", pages, lines)
		}
		next, all := "", false
		for _, b := range page.Buttons() {
			next = map[bool]string{true: b.CallbackData, false: next}[strings.Contains(b.Text, "下一页")]
			all = all || b.Text == "查看全部"
		}
		if !all {
			t.Fatalf("page %d has no 查看全部 button: %+v", pages, page.Buttons())
		}
		if next == "" {
			return seen, pages
		}
		page = h.press(t, fakebot.PrivateChat(u), u, first.MessageID, next)
		if page.Method != "editMessageText" {
			t.Fatalf("page %d came as %s, want an edit of the alert", pages+1, page.Method)
		}
	}
}

// exactlyOnce fails unless seen lists JY-000 … JY-(n-1), each once.
func exactlyOnce(t *testing.T, seen []string, n int) {
	t.Helper()
	count := map[string]int{}
	for _, no := range seen {
		count[no]++
	}
	for i := range n {
		if no := fmt.Sprintf("JY-%03d", i); count[no] != 1 {
			t.Fatalf("%s listed %d times over the pages", no, count[no])
		}
	}
	if len(count) != n {
		t.Fatalf("%d distinct tickets listed, want %d", len(count), n)
	}
}

// TestBacklogAlertIsOneScreen: 500 tickets fall overdue at once. The
// liaison gets one overdue message and the supervisors one escalation,
// each one screen with the counts first, and their buttons page through
// all 500 exactly once; a ticket completed meanwhile is gone from the
// page pressed after.
func TestBacklogAlertIsOneScreen(t *testing.T) {
	h := newHarness(t, withRefresher())
	h.addBacklog(t, "市城市管理行政执法支队", 500)
	jy := fakebot.Person(1030, "支队联络员", "jy")
	h.bind(jy, domain.RoleLiaison, h.units["市城市管理行政执法支队"])
	mark := h.fake.Len()
	h.runJob(t, testNow, func(d jobs.Deps) jobs.Job { return jobs.NewDeadlines(h.st, d) })
	h.send(t)
	for _, who := range []struct {
		name  string
		user  models.User
		count string
	}{{"liaison", jy, "<b>500</b> 件工单已超过办理时限"}, {"supervisor", sam, "• 市城市管理行政执法支队 <b>500</b> 件"}} {
		t.Run(who.name, func(t *testing.T) {
			var alerts []fakebot.Call
			for _, c := range h.fake.CallsSince(mark, "sendMessage") {
				if c.ChatID == who.user.ID && backlogNoRe.MatchString(c.Text) {
					alerts = append(alerts, c)
				}
			}
			if len(alerts) != 1 || !alerts[0].OK() {
				t.Fatalf("%d messages about the backlog, want one", len(alerts))
			}
			first := alerts[0]
			if !strings.Contains(first.Text, who.count) || strings.Index(first.Text, who.count) > strings.Index(first.Text, "JY-") {
				t.Errorf("the counts do not come first:\n%s", first.Text)
			}
			golden(t, "backlog_alert_"+who.name+".zh", render(first))
			seen, pages := h.pageThrough(t, who.user, first)
			exactlyOnce(t, seen, 500)
			if pages != 17 {
				t.Errorf("%d pages, want 17 of 30", pages)
			}
		})
	}
	t.Run("answered from the state when pressed", func(t *testing.T) {
		first := h.fake.CallsSince(mark, "sendMessage")
		var alert fakebot.Call
		for _, c := range first {
			if c.ChatID == jy.ID && backlogNoRe.MatchString(c.Text) {
				alert = c
			}
		}
		done, err := h.st.Ticket(context.Background(), "JY-001")
		if err != nil {
			t.Fatal(err)
		}
		done.CompletedAt = testNow.Add(-time.Minute)
		if _, err := h.st.UpsertTickets(context.Background(), []domain.Ticket{done}); err != nil {
			t.Fatal(err)
		}
		var data string
		for _, b := range alert.Buttons() {
			if strings.Contains(b.Text, "下一页") {
				data = strings.Replace(b.CallbackData, "|1", "|0", 1)
			}
		}
		page := h.press(t, fakebot.PrivateChat(jy), jy, alert.MessageID, data)
		if strings.Contains(page.Text, "JY-001 ") || !strings.Contains(page.Text, "<b>499</b> 件") {
			t.Errorf("page 1 after JY-001 was completed:\n%s", page.Text)
		}
		other := h.press(t, fakebot.PrivateChat(bob), bob, alert.MessageID, data)
		if backlogNoRe.MatchString(other.Text) {
			t.Errorf("another unit's liaison paged the alert:\n%s", other.Text)
		}
	})
}
