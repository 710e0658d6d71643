package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/store"
)

// unitChats is a unit and the liaison chats bound to it.
type unitChats struct {
	unit  domain.Unit
	chats []int64
}

// seedContacts stores units 单位01… and binds perUnit liaison chats to each
// by redeeming an invite, as /start CODE does.
func seedContacts(t *testing.T, st *store.Store, units, perUnit int) []unitChats {
	t.Helper()
	ctx := context.Background()
	in := make([]domain.Unit, units)
	for i := range in {
		in[i] = domain.Unit{Name: fmt.Sprintf("单位%02d", i+1), Kind: domain.Department}
	}
	if _, _, err := st.UpsertUnits(ctx, in); err != nil {
		t.Fatal(err)
	}
	stored, err := st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(stored, func(a, b int) bool { return stored[a].Name < stored[b].Name })
	now := time.Now()
	out := make([]unitChats, len(stored))
	for i, u := range stored {
		out[i].unit = u
		for j := range perUnit {
			code, err := st.CreateInvite(ctx, domain.RoleLiaison, u.ID, time.Hour, now)
			if err != nil {
				t.Fatal(err)
			}
			chat := int64(100_000 + 1000*i + j)
			if _, err := st.RedeemInvite(ctx, code, domain.Chat{ChatID: chat, UserID: chat, Name: fmt.Sprintf("联络员%d", chat)}, now); err != nil {
				t.Fatal(err)
			}
			out[i].chats = append(out[i].chats, chat)
		}
	}
	return out
}

// overdueAlerts are the answered overdue alerts among calls, by chat.
func overdueAlerts(calls []fakebot.Call) map[int64][]fakebot.Call {
	out := map[int64][]fakebot.Call{}
	for _, c := range calls {
		if c.Method == "sendMessage" && c.OK() && strings.Contains(c.Visible, "超期提醒") {
			out[c.ChatID] = append(out[c.ChatID], c)
		}
	}
	return out
}

// alertsFor counts, per chat, the answered overdue alerts naming ticket no.
func alertsFor(calls []fakebot.Call, no string) map[int64]int {
	out := map[int64]int{}
	for chat, cs := range overdueAlerts(calls) {
		for _, c := range cs {
			if strings.Contains(c.Visible, no) {
				out[chat]++
			}
		}
	}
	return out
}

// everyChatAlerted is a WaitSince predicate: each chat has an overdue
// alert naming its unit's ticket.
func everyChatAlerted(units []unitChats, ticketOf func(unitChats) string) func([]fakebot.Call) bool {
	return func(calls []fakebot.Call) bool {
		for _, u := range units {
			got := alertsFor(calls, ticketOf(u))
			for _, chat := range u.chats {
				if got[chat] == 0 {
					return false
				}
			}
		}
		return true
	}
}

func flatten(m map[int64][]fakebot.Call) []fakebot.Call {
	var out []fakebot.Call
	for _, cs := range m {
		out = append(out, cs...)
	}
	return out
}

// settledCalls waits until the fake has answered every call it received
// (a killed client's last request is still answered) and returns them.
func settledCalls(t *testing.T, fake *fakebot.Server) []fakebot.Call {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		n := fake.Len()
		if calls := fake.Calls(); len(calls) == n {
			return calls
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the fake Bot API did not settle")
	return nil
}

// recordedChats are the chats whose overdue alert the outbox records as
// sent.
func recordedChats(t *testing.T, st *store.Store) map[int64]bool {
	t.Helper()
	ctx := context.Background()
	entries, err := st.Outbox(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range entries {
		if e.Notice.Kind == domain.NoticeOverdue {
			ids = append(ids, e.ID)
		}
	}
	dels, err := st.Deliveries(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := st.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chatOf := map[int64]int64{}
	for _, c := range contacts {
		chatOf[c.ID] = c.ChatID
	}
	out := map[int64]bool{}
	for _, d := range dels {
		if d.State == domain.DeliverySent {
			out[chatOf[d.ContactID]] = true
		}
	}
	return out
}

// waitSettled waits until the deadlines job has run again a second or more
// after since and the outbox holds nothing pending: from then on nothing
// more can be sent, so any duplicate would already have shown.
func waitSettled(t *testing.T, st *store.Store, since time.Time) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		last, ran, err := st.LastRun(ctx, "deadlines")
		if err != nil {
			t.Fatal(err)
		}
		n, err := st.OutboxDepth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ran && last.After(since.Add(time.Second)) && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not settled 30s on: deadlines last ran %s, %d notifications pending", last, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// noRepeats requires that no chat got the same message twice, whatever its
// kind (a grade drop or a digest included), and logs what was sent.
func noRepeats(t *testing.T, calls []fakebot.Call) {
	t.Helper()
	seen := map[string]bool{}
	kinds := map[string]int{}
	for _, c := range calls {
		if c.Method != "sendMessage" || !c.OK() {
			continue
		}
		title, _, _ := strings.Cut(c.Visible, "\n")
		kinds[strings.Fields(title + " ?")[0]]++
		key := fmt.Sprint(c.ChatID, "\x00", c.Text)
		if seen[key] {
			t.Errorf("chat %d got this twice:\n%s", c.ChatID, c.Visible)
		}
		seen[key] = true
	}
	t.Logf("messages sent, by their title's first word: %v", kinds)
}

// whoLeads waits until one of the replicas leads and returns it first.
func whoLeads(t *testing.T, a, b *serveProc) (leader, standby *serveProc) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		switch {
		case a.leading() && b.leading():
			t.Fatal("both replicas lead")
		case a.leading():
			return a, b
		case b.leading():
			return b, a
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no replica took the lease within 30s")
	return nil, nil
}

// exactlyOnce requires each unit's chats to have exactly one alert naming
// the unit's ticket.
func exactlyOnce(t *testing.T, calls []fakebot.Call, units []unitChats, ticketOf func(unitChats) string) {
	t.Helper()
	for _, u := range units {
		got := alertsFor(calls, ticketOf(u))
		for _, chat := range u.chats {
			if got[chat] != 1 {
				t.Errorf("chat %d (%s): %d alerts for %s, want exactly 1", chat, u.unit.Name, got[chat], ticketOf(u))
			}
		}
	}
}
