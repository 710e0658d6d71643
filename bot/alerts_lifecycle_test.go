package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/jobs"
)

// sentTo is the text of every message sent to u since mark.
func (h *harness) sentTo(mark int, u models.User) []string {
	var out []string
	for _, c := range h.fake.CallsSince(mark, "sendMessage") {
		if c.ChatID == u.ID && c.OK() {
			out = append(out, c.Text)
		}
	}
	return out
}

// withPrefix is the one text of texts starting with prefix, or fails.
func withPrefix(t *testing.T, texts []string, prefix string) string {
	t.Helper()
	var found []string
	for _, s := range texts {
		if strings.HasPrefix(s, prefix) {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d messages starting %q, want one; got:\n%s", len(found), prefix, strings.Join(texts, "\n---\n"))
	}
	return found[0]
}

// TestCloseResultsToEveryLiaison: when the quarter closes, each liaison
// gets its unit's final grade, rank in its kind and change from the
// quarter before, in its language.
func TestCloseResultsToEveryLiaison(t *testing.T) {
	for _, lang := range []string{domain.LangZH, domain.LangEN} {
		t.Run(lang, func(t *testing.T) {
			h := newHarness(t, withRefresher())
			h.setLang(lang)
			closing := time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai)
			h.clock.Set(closing)
			mark := h.fake.Len()
			h.runJob(t, closing, func(d jobs.Deps) jobs.Job { return jobs.NewClose(h.st, d) })
			h.send(t)
			prefix := map[string]string{domain.LangZH: "📋 2026年第四季度终评", domain.LangEN: "📋 2026 Q4 final"}[lang]
			yy := withPrefix(t, h.sentTo(mark, alice), prefix)
			jr := withPrefix(t, h.sentTo(mark, bob), prefix)
			golden(t, "final_result_yueyang."+lang, yy+"\n")
			golden(t, "final_result_jinrong."+lang, jr+"\n")
			if !strings.Contains(yy, "岳阳县政府") || !strings.Contains(jr, "市金融办") {
				t.Errorf("a result names the wrong unit:\n%s\n%s", yy, jr)
			}
		})
	}
}

// TestRecoveryNotes: a unit that fell from A to C and came back to B hears
// 等级回升, and so do the supervisors, who were told of the fall; the fall
// itself, no longer true when the sender comes to it, is not sent.
func TestRecoveryNotes(t *testing.T) {
	h := newHarness(t, withRefresher())
	ctx := context.Background()
	before := day(time.November, 20, 9, 0)
	// 市规划局: 23 counting tickets, 3 completed late → 87.0 (C) against
	// its A of a week before, when the late ones did not count yet.
	h.runJob(t, day(time.November, 2, 9, 0), func(d jobs.Deps) jobs.Job { return jobs.NewScorecards(h.st, d) })
	h.runJob(t, before, func(d jobs.Deps) jobs.Job { return jobs.NewScorecards(h.st, d) })
	var late []domain.Ticket
	for _, no := range []string{"GH-L1", "GH-L2", "GH-L3"} {
		tk, err := h.st.Ticket(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		tk.CompletedAt = tk.DueAt.Add(-time.Hour) // corrected in the ticket system: done in time after all
		late = append(late, tk)
	}
	if _, err := h.st.UpsertTickets(ctx, late); err != nil {
		t.Fatal(err)
	}
	h.runJob(t, testNow, func(d jobs.Deps) jobs.Job { return jobs.NewScorecards(h.st, d) })
	gh := fakebot.Person(1040, "规划局联络员", "gh")
	h.bind(gh, domain.RoleLiaison, h.units["市规划局"])
	mark := h.fake.Len()
	h.send(t)
	unit := withPrefix(t, h.sentTo(mark, gh), "📈 等级回升")
	sup := withPrefix(t, h.sentTo(mark, sam), "📈 等级回升")
	golden(t, "recovery_unit.zh", unit+"\n")
	golden(t, "recovery_supervisors.zh", sup+"\n")
	if !strings.Contains(unit, "C → B") || !strings.Contains(sup, "市规划局") {
		t.Errorf("recovery notes:\n%s\n%s", unit, sup)
	}
	for _, s := range h.sentTo(mark, gh) {
		if strings.HasPrefix(s, "📉") {
			t.Errorf("the fall, no longer true when sent, went out:\n%s", s)
		}
	}
}

// TestDigestRenderedAtSendTime: the digest queued at 08:30 and sent at
// 08:35 says what holds at 08:35: the unit that bound a liaison meanwhile
// is no longer listed as unreachable, and the ticket completed meanwhile
// is no longer counted overdue.
func TestDigestRenderedAtSendTime(t *testing.T) {
	h := newHarness(t, withRefresher())
	ctx := context.Background()
	h.runJob(t, testNow, func(d jobs.Deps) jobs.Job { return jobs.NewDigest(h.st, d) })
	hs := fakebot.Person(1050, "海事局联络员", "hs")
	h.bind(hs, domain.RoleLiaison, h.units["岳阳海事局"])
	tk, err := h.st.Ticket(ctx, "A-HOSTILE")
	if err != nil {
		t.Fatal(err)
	}
	tk.CompletedAt = testNow.Add(2 * time.Minute)
	if _, err := h.st.UpsertTickets(ctx, []domain.Ticket{tk}); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(testNow.Add(5 * time.Minute))
	mark := h.fake.Len()
	h.send(t)
	admin := withPrefix(t, h.sentTo(mark, ada), "📊")
	digest := withPrefix(t, h.sentTo(mark, alice), "☀️")
	golden(t, "digest_at_send_time.zh", digest+"\n")
	if strings.Contains(admin, "岳阳海事局") || !strings.Contains(admin, "市审计局") {
		t.Errorf("units without a liaison, as of sending:\n%s", admin)
	}
	if !strings.Contains(digest, "已超期 <b>1</b> 件") {
		t.Errorf("the digest counts A-HOSTILE overdue though it was completed before sending:\n%s", digest)
	}
}
