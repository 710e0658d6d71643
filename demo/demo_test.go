package demo

import (
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// storedUnits are the demo units with IDs, as the store would return them.
func storedUnits() []domain.Unit {
	units := Units()
	for i := range units {
		units[i].ID = int64(100 + i)
	}
	return units
}

func collect(t testing.TB, n int, p domain.Period, now time.Time, seed uint64) []domain.Ticket {
	t.Helper()
	var out []domain.Ticket
	err := Tickets(n, storedUnits(), p, now, config.Defaults().Policy, seed, func(tk domain.Ticket) error {
		out = append(out, tk)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestUnits(t *testing.T) {
	units := Units()
	if len(units) < 85 || len(units) > 95 {
		t.Errorf("%d units, want about ninety", len(units))
	}
	names := make(map[string]bool)
	kinds := make(map[domain.UnitKind]int)
	for _, u := range units {
		if u.ID != 0 {
			t.Errorf("%s has ID %d; the store assigns IDs", u.Name, u.ID)
		}
		kinds[u.Kind]++
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			if names[n] {
				t.Errorf("name or alias %q used twice", n)
			}
			names[n] = true
		}
	}
	if kinds[domain.District] < 10 || kinds[domain.Department] < 60 {
		t.Errorf("kinds = %v", kinds)
	}
	tests := []struct {
		name  string
		kind  domain.UnitKind
		alias string
	}{
		{"岳阳县政府", domain.District, "岳阳县"},
		{"临湘市政府", domain.District, "临湘市"},
		{"市城管局", domain.Department, "城管"},
		{"国网岳阳供电公司", domain.Department, "供电公司"},
		{"市审计局", domain.Department, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := slices.IndexFunc(units, func(u domain.Unit) bool { return u.Name == tt.name })
			if i < 0 {
				t.Fatal("missing")
			}
			if units[i].Kind != tt.kind || (tt.alias != "" && !slices.Contains(units[i].Aliases, tt.alias)) {
				t.Errorf("got %+v, want kind %s with alias %q", units[i], tt.kind, tt.alias)
			}
		})
	}
}

func TestTicketsDeterministic(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Quarter, 2026, 3, loc)
	now := time.Date(2026, 10, 1, 8, 0, 0, 0, loc)
	a := collect(t, 3000, p, now, 7)
	b := collect(t, 3000, p, now, 7)
	c := collect(t, 3000, p, now, 8)
	if !slices.EqualFunc(a, b, ticketsEqual) {
		t.Error("the same seed gave different tickets")
	}
	if slices.EqualFunc(a, c, ticketsEqual) {
		t.Error("different seeds gave the same tickets")
	}
}

func ticketsEqual(a, b domain.Ticket) bool {
	return a.No == b.No && a.UnitID == b.UnitID && a.UnitName == b.UnitName && a.Category == b.Category &&
		a.Topic == b.Topic && a.Urgent == b.Urgent && a.DispatchedAt.Equal(b.DispatchedAt) &&
		a.DueAt.Equal(b.DueAt) && a.CompletedAt.Equal(b.CompletedAt) && a.ReworkCount == b.ReworkCount &&
		a.Callback == b.Callback && a.Summary == b.Summary
}

func TestTicketsWellFormed(t *testing.T) {
	loc := testkit.Shanghai()
	policy := config.Defaults().Policy
	p := domain.NewPeriod(domain.Quarter, 2026, 4, loc)
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, loc)
	tickets := collect(t, 5000, p, now, DefaultSeed)
	units := storedUnits()
	noRe := regexp.MustCompile(`^YY202610\d{6}$`)
	for i, tk := range tickets {
		switch {
		case !noRe.MatchString(tk.No) || (i > 0 && tk.No <= tickets[i-1].No):
			t.Fatalf("ticket %d: number %q (want YY202610 and a rising sequence)", i, tk.No)
		case i > 0 && tk.DispatchedAt.Before(tickets[i-1].DispatchedAt):
			t.Fatalf("%s: dispatched before the previous ticket", tk.No)
		case !p.Contains(tk.DispatchedAt) || tk.DispatchedAt.After(now):
			t.Fatalf("%s: dispatched %s, outside %s or after now", tk.No, tk.DispatchedAt, p)
		case !tk.CompletedAt.IsZero() && (tk.CompletedAt.After(now) || tk.CompletedAt.Before(tk.DispatchedAt)):
			t.Fatalf("%s: completed %s (dispatched %s, now %s)", tk.No, tk.CompletedAt, tk.DispatchedAt, now)
		case len(tk.Validate()) > 0:
			t.Fatalf("%s: %v", tk.No, tk.Validate())
		case tk.Summary == "" || tk.Topic == "":
			t.Fatalf("%s: no summary or topic", tk.No)
		}
		due, err := policy.Due(tk.Category, tk.Urgent, tk.DispatchedAt)
		if err != nil || !due.Equal(tk.DueAt) {
			t.Fatalf("%s: due %s, policy says %s (%v)", tk.No, tk.DueAt, due, err)
		}
		u := units[slices.IndexFunc(units, func(u domain.Unit) bool { return u.ID == tk.UnitID })]
		if u.Name != tk.UnitName {
			t.Fatalf("%s: unit %d is %s, ticket says %s", tk.No, tk.UnitID, u.Name, tk.UnitName)
		}
	}
}

func TestTicketsErrors(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Quarter, 2026, 4, loc)
	now := time.Date(2026, 11, 27, 8, 30, 0, 0, loc)
	stop := errors.New("stop")
	tests := []struct {
		name   string
		n      int
		units  []domain.Unit
		now    time.Time
		policy domain.DeadlinePolicy
		fn     func(domain.Ticket) error
		want   error
	}{
		{name: "negative count", n: -1, units: storedUnits(), now: now, policy: config.Defaults().Policy},
		{name: "no units", n: 1, now: now, policy: config.Defaults().Policy},
		{name: "period not begun", n: 1, units: storedUnits(), now: p.Start.Add(-time.Hour), policy: config.Defaults().Policy},
		{name: "policy without calendar", n: 1, units: storedUnits(), now: now, policy: domain.DeadlinePolicy{Location: loc}},
		{name: "fn error", n: 10, units: storedUnits(), now: now, policy: config.Defaults().Policy,
			fn: func(domain.Ticket) error { return stop }, want: stop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := tt.fn
			if fn == nil {
				fn = func(domain.Ticket) error { return nil }
			}
			err := Tickets(tt.n, tt.units, p, tt.now, tt.policy, 1, fn)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("err = %v, want an error (%v)", err, tt.want)
			}
		})
	}
	t.Run("zero tickets", func(t *testing.T) {
		err := Tickets(0, storedUnits(), p, now, config.Defaults().Policy, 1, func(domain.Ticket) error {
			return errors.New("called")
		})
		if err != nil {
			t.Error(err)
		}
	})
}
