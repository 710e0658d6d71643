package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/store/storetest"
)

// seedUnits stores testUnits and returns their ids by name.
func seedUnits(t testing.TB, s *Store) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	if _, _, err := s.UpsertUnits(ctx, testUnits()); err != nil {
		t.Fatal(err)
	}
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, u := range units {
		ids[u.Name] = u.ID
	}
	return ids
}

func ticketNos(ts []domain.Ticket) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.No)
	}
	return out
}

func TestUpsertTickets(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		clock := sh(t, "2017-05-01 10:00")
		s.now = func() time.Time { return clock }

		a := domain.Ticket{
			No: "A-1", UnitID: ids["岳阳县政府"], Category: domain.Complaint, Topic: "城市管理类",
			Urgent: true, DispatchedAt: sh(t, "2017-04-03 09:15"), DueAt: sh(t, "2017-04-04 09:15"),
			CompletedAt: sh(t, "2017-04-03 18:00"), ReworkCount: 1, Callback: domain.CallbackDissatisfied,
			Summary: "路灯不亮，请尽快修复",
		}
		b := domain.Ticket{No: "B-1", UnitID: ids["市规划局"], Category: domain.Inquiry,
			DispatchedAt: sh(t, "2017-04-05 08:00"), DueAt: sh(t, "2017-04-10 00:00")}

		got, err := s.UpsertTickets(ctx, []domain.Ticket{a, b})
		if err != nil || !slices.Equal(got, []domain.Outcome{domain.Inserted, domain.Inserted}) {
			t.Fatalf("insert = %v, %v", got, err)
		}
		stored, err := s.Ticket(ctx, "A-1")
		if err != nil {
			t.Fatal(err)
		}
		a.UnitName = "岳阳县政府"
		if !sameTicket(stored, a) {
			t.Fatalf("Ticket(A-1) = %+v\nwant %+v", stored, a)
		}

		clock = clock.Add(time.Hour)
		got, err = s.UpsertTickets(ctx, []domain.Ticket{a, b})
		if err != nil || !slices.Equal(got, []domain.Outcome{domain.Unchanged, domain.Unchanged}) {
			t.Fatalf("re-import = %v, %v", got, err)
		}
		if u := updatedAt(t, s, "A-1"); u != sh(t, "2017-05-01 10:00").Unix() {
			t.Fatalf("unchanged row rewritten: updated_at = %d", u)
		}

		moved := b
		moved.UnitID = ids["市金融办"]
		moved.CompletedAt = sh(t, "2017-04-06 12:00")
		c := domain.Ticket{No: "C-1", UnitID: ids["市审计局"], Category: domain.Help,
			DispatchedAt: sh(t, "2017-04-05 08:00"), DueAt: sh(t, "2017-04-06 08:00")}
		c2 := c
		c2.Summary = "second version"
		got, err = s.UpsertTickets(ctx, []domain.Ticket{a, moved, c, c2, c2})
		want := []domain.Outcome{domain.Unchanged, domain.Updated, domain.Inserted, domain.Updated, domain.Unchanged}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("mixed = %v, %v; want %v", got, err, want)
		}
		if u := updatedAt(t, s, "B-1"); u != clock.Unix() {
			t.Fatalf("updated row: updated_at = %d, want %d", u, clock.Unix())
		}
		byNo, err := s.TicketsByNos(ctx, []string{"A-1", "B-1", "C-1", "Z-9"})
		if err != nil || len(byNo) != 3 {
			t.Fatalf("TicketsByNos = %v, %v", byNo, err)
		}
		if byNo["B-1"].UnitName != "市金融办" || !byNo["B-1"].CompletedAt.Equal(moved.CompletedAt) {
			t.Fatalf("moved ticket = %+v", byNo["B-1"])
		}
		if byNo["C-1"].Summary != "second version" {
			t.Fatalf("duplicate in one call kept %q, want the later one", byNo["C-1"].Summary)
		}
		if n, _ := s.TicketCount(ctx); n != 3 {
			t.Fatalf("TicketCount = %d", n)
		}
		if _, err := s.Ticket(ctx, "Z-9"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Ticket(Z-9) err = %v", err)
		}
	})
}

func TestUpsertTicketsRefusesInvalid(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		ok := domain.Ticket{No: "OK-1", UnitID: ids["市审计局"], Category: domain.Help,
			DispatchedAt: sh(t, "2017-04-05 08:00"), DueAt: sh(t, "2017-04-06 08:00")}
		bad := map[string]func(*domain.Ticket){
			"no number":    func(t *domain.Ticket) { t.No = " " },
			"no unit":      func(t *domain.Ticket) { t.UnitID = 0 },
			"unknown unit": func(t *domain.Ticket) { t.UnitID = 99999 },
			"no dispatch":  func(t *domain.Ticket) { t.DispatchedAt = time.Time{} },
			"no due":       func(t *domain.Ticket) { t.DueAt = time.Time{} },
		}
		for name, spoil := range bad {
			t.Run(name, func(t *testing.T) {
				b := ok
				b.No = "BAD-1"
				spoil(&b)
				if _, err := s.UpsertTickets(ctx, []domain.Ticket{ok, b}); err == nil {
					t.Fatal("UpsertTickets succeeded")
				}
				if n, _ := s.TicketCount(ctx); n != 0 {
					t.Fatalf("a refused call stored %d tickets", n)
				}
			})
		}
	})
}

func TestUpsertTicketsManyBatches(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		ts := genTickets([]int64{ids["岳阳县政府"], ids["市规划局"]}, 0, 2345, sh(t, "2017-04-01 08:00"))
		got, err := s.UpsertTickets(ctx, ts)
		if err != nil || len(got) != len(ts) || got[0] != domain.Inserted || got[len(got)-1] != domain.Inserted {
			t.Fatalf("UpsertTickets = %d outcomes, %v", len(got), err)
		}
		ts[1500].ReworkCount++
		got, err = s.UpsertTickets(ctx, ts)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[domain.Outcome]int{}
		for _, o := range got {
			counts[o]++
		}
		if counts[domain.Updated] != 1 || counts[domain.Unchanged] != len(ts)-1 || got[1500] != domain.Updated {
			t.Fatalf("second pass outcomes = %v", counts)
		}
	})
}

func sameTicket(a, b domain.Ticket) bool {
	return a.No == b.No && a.UnitID == b.UnitID && a.UnitName == b.UnitName && a.Category == b.Category &&
		a.Topic == b.Topic && a.Urgent == b.Urgent && a.DispatchedAt.Equal(b.DispatchedAt) &&
		a.DueAt.Equal(b.DueAt) && a.CompletedAt.Equal(b.CompletedAt) && a.ReworkCount == b.ReworkCount &&
		a.Callback == b.Callback && a.Summary == b.Summary
}

func updatedAt(t *testing.T, s *Store, no string) int64 {
	t.Helper()
	var u int64
	if err := s.sql.QueryRow(s.rebind("SELECT updated_at FROM tickets WHERE ticket_no = ?"), no).Scan(&u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUpsertTicketsAwkwardText(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		ids := seedUnits(t, s)
		base := domain.Ticket{UnitID: ids["市审计局"], Category: domain.Help,
			DispatchedAt: sh(t, "2017-04-05 08:00"), DueAt: sh(t, "2017-04-06 08:00")}
		texts := []struct{ no, topic, summary string }{
			{`Q"1\`, "", ""},
			{"Q 2\t", "城管\n类", "line one\nline two\r\n\"quoted\" \\ back"},
			{"Q-3", "emoji 🚦", "控制符\x01\x1f结束"},
			{"工单-4", "'single'", strings.Repeat("长", 2000)},
		}
		var ts []domain.Ticket
		for _, tx := range texts {
			tk := base
			tk.No, tk.Topic, tk.Summary = tx.no, tx.topic, tx.summary
			ts = append(ts, tk)
		}
		if _, err := s.UpsertTickets(ctx, ts); err != nil {
			t.Fatal(err)
		}
		again, err := s.UpsertTickets(ctx, ts)
		if err != nil || !slices.Equal(again, []domain.Outcome{domain.Unchanged, domain.Unchanged, domain.Unchanged, domain.Unchanged}) {
			t.Fatalf("re-upsert = %v, %v", again, err)
		}
		for _, want := range ts {
			got, err := s.Ticket(ctx, want.No)
			if err != nil || got.Topic != want.Topic || got.Summary != want.Summary {
				t.Errorf("Ticket(%q) = %q %q, %v", want.No, got.Topic, got.Summary, err)
			}
		}
	})
}

func TestAppendJSONString(t *testing.T) {
	tests := map[string]string{
		"":            `""`,
		"abc":         `"abc"`,
		`a"b\c`:       `"a\"b\\c"`,
		"x\ny\x01":    `"x\u000ay\u0001"`,
		"工单🚦":         `"工单🚦"`,
		"bad\xffutf8": "\"bad\ufffdutf8\"",
	}
	for in, want := range tests {
		if got := string(appendJSONString(nil, in)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}
