package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
)

// TestSummaryComparesWithThePreviousFinal: /summary's rises and falls are
// against the previous period's final table, the one the weekly summary
// uses (the close job's snapshot, else scored at the period's end), not
// that period rescored now with the tickets completed since.
func TestSummaryComparesWithThePreviousFinal(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	hs := h.units["岳阳海事局"]
	// A Q3 ticket still open when Q3 ended, completed late in October.
	late := domain.Ticket{No: "HS-Q3-LATE", UnitID: hs, Category: domain.Help, Topic: "航道",
		DispatchedAt: day(time.September, 20, 9, 0), DueAt: day(time.September, 25, 9, 0),
		CompletedAt: day(time.October, 10, 9, 0)}
	if _, err := h.st.UpsertTickets(ctx, []domain.Ticket{late}); err != nil {
		t.Fatal(err)
	}
	scheme := domain.DefaultScheme()
	q3 := domain.PeriodAt(domain.Quarter, day(time.September, 1, 0, 0), shanghai)
	grade := func(at time.Time) domain.Grade {
		t.Helper()
		r, err := h.st.Report(ctx, scheme, q3, at)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := r.Card(hs)
		if !ok {
			t.Fatalf("no Q3 scorecard of 岳阳海事局 at %v", at)
		}
		return c.Grade
	}
	final, now := grade(q3.End), grade(h.clock.Now())
	if final == now {
		t.Fatalf("precondition: Q3 grade %s at its end and now alike", final)
	}
	q4 := h.say(t, sam, "/summary").Visible
	var line string
	for _, l := range strings.Split(q4, "\n") {
		if strings.Contains(l, "岳阳海事局") && strings.Contains(l, "→") {
			line = l
		}
	}
	if want := "岳阳海事局 " + string(final) + "→"; !strings.Contains(line, want) {
		t.Fatalf("/summary compares 岳阳海事局 as %q, want from the final grade (%q; rescored now it is %s):\n%s", line, want, now, q4)
	}
}
