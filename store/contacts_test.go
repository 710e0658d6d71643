package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

var shanghai = testkit.Shanghai()

// contactFixture opens a store with two units and returns their ids.
func contactFixture(t *testing.T, dsn string) (*store.Store, int64, int64) {
	t.Helper()
	ctx := context.Background()
	s := teststore.Open(t, dsn)
	if _, _, err := s.UpsertUnits(ctx, []domain.Unit{
		{Name: "岳阳县政府", Kind: domain.District},
		{Name: "市金融办", Kind: domain.Department},
	}); err != nil {
		t.Fatal(err)
	}
	a, err := s.UnitByName(ctx, "岳阳县政府")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.UnitByName(ctx, "市金融办")
	if err != nil {
		t.Fatal(err)
	}
	return s, a.ID, b.ID
}

func mustInvite(t *testing.T, s *store.Store, role domain.Role, unitID int64, ttl time.Duration, now time.Time) string {
	t.Helper()
	code, err := s.CreateInvite(context.Background(), role, unitID, ttl, now)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestInviteRedeem(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, unitA, _ := contactFixture(t, dsn)
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai)
		liaison := mustInvite(t, s, domain.RoleLiaison, unitA, domain.DefaultInviteTTL, now)
		expired := mustInvite(t, s, domain.RoleSupervisor, 0, time.Hour, now)
		if len(liaison) != 16 || strings.Trim(liaison, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("code %q is not 16 base32 characters", liaison)
		}
		alice := domain.Chat{ChatID: 1001, UserID: 1001, Name: "Alice"}
		bob := domain.Chat{ChatID: 1002, UserID: 1002, Name: "Bob", Lang: domain.LangEN}
		tests := []struct {
			name    string
			code    string
			chat    domain.Chat
			at      time.Time
			wantErr error
		}{
			{"good, typed loosely", strings.ToLower(liaison[:8]) + " " + liaison[8:], alice, now.Add(time.Minute), nil},
			{"reused", liaison, bob, now.Add(2 * time.Minute), domain.ErrInviteUsed},
			{"expired", expired, bob, now.Add(time.Hour), domain.ErrInviteExpired},
			{"unknown", "AAAAAAAAAAAAAAAA", bob, now.Add(time.Hour), domain.ErrInviteUnknown},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c, err := s.RedeemInvite(ctx, tt.code, tt.chat, tt.at)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Fatalf("RedeemInvite = %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr != nil {
					return
				}
				if c.Role != domain.RoleLiaison || c.UnitID != unitA || c.UnitName != "岳阳县政府" || c.Lang != domain.LangZH ||
					!c.Reachable() || c.Name != "Alice" || !c.BoundAt.Equal(tt.at) {
					t.Fatalf("contact %+v", c)
				}
			})
		}
		if _, err := s.CreateInvite(ctx, domain.RoleLiaison, 0, time.Hour, now); err == nil {
			t.Fatal("a liaison invite without a unit was made")
		}
		if _, err := s.CreateInvite(ctx, domain.RoleLiaison, 99999, time.Hour, now); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("liaison invite for a missing unit: %v", err)
		}
	})
}

func TestInviteBruteForceLock(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _, _ := contactFixture(t, dsn)
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai)
		good := mustInvite(t, s, domain.RoleSupervisor, 0, 3*time.Hour, now)
		mallory := domain.Chat{ChatID: 666, UserID: 666}
		for i := 0; i < domain.BindFailureLimit; i++ {
			_, err := s.RedeemInvite(ctx, "WRONG"+string(rune('A'+i)), mallory, now.Add(time.Duration(i)*10*time.Minute))
			want := domain.ErrInviteUnknown
			if i == domain.BindFailureLimit-1 {
				want = domain.ErrInviteLocked
			}
			if !errors.Is(err, want) {
				t.Fatalf("wrong code %d: %v, want %v", i+1, err, want)
			}
		}
		lockedAt := now.Add(40 * time.Minute)
		_, err := s.RedeemInvite(ctx, good, mallory, lockedAt.Add(59*time.Minute))
		var locked *domain.LockedError
		if !errors.As(err, &locked) || !locked.Until.Equal(lockedAt.Add(domain.BindLockout)) {
			t.Fatalf("good code while locked: %v", err)
		}
		other := domain.Chat{ChatID: 777, UserID: 777}
		if _, err := s.RedeemInvite(ctx, "WRONGZ", other, lockedAt); !errors.Is(err, domain.ErrInviteUnknown) {
			t.Fatalf("another user is locked too: %v", err)
		}
		if c, err := s.RedeemInvite(ctx, good, mallory, lockedAt.Add(time.Hour)); err != nil || c.Role != domain.RoleSupervisor {
			t.Fatalf("good code after the lock: %+v %v", c, err)
		}
	})
}

func TestInviteLockRule(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai)
	at := func(mins ...int) []time.Time {
		var out []time.Time
		for _, m := range mins {
			out = append(out, t0.Add(time.Duration(m)*time.Minute))
		}
		return out
	}
	tests := []struct {
		name     string
		failures []time.Time
		now      time.Time
		locked   bool
	}{
		{"four", at(0, 1, 2, 3), t0.Add(4 * time.Minute), false},
		{"five in an hour", at(0, 1, 2, 3, 60), t0.Add(61 * time.Minute), true},
		{"five over more than an hour", at(0, 1, 2, 3, 61), t0.Add(62 * time.Minute), false},
		{"lock over", at(0, 1, 2, 3, 4), t0.Add(64 * time.Minute), false},
		{"later five", at(0, 70, 71, 72, 73, 74), t0.Add(80 * time.Minute), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := store.LockedUntil(tt.failures, tt.now); got != tt.locked {
				t.Fatalf("LockedUntil = %v, want %v", got, tt.locked)
			}
		})
	}
}

func TestInviteConcurrentRedeem(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, unitA, _ := contactFixture(t, dsn)
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai)
		code := mustInvite(t, s, domain.RoleLiaison, unitA, time.Hour, now)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = s.RedeemInvite(ctx, code, domain.Chat{ChatID: int64(2000 + i), UserID: int64(2000 + i)}, now)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, domain.ErrInviteUsed):
				t.Errorf("concurrent redeem: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d redeems succeeded, want 1", ok)
		}
	})
}

func TestContacts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, unitA, unitB := contactFixture(t, dsn)
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, shanghai)
		bind := func(role domain.Role, unit int64, chat domain.Chat) domain.Contact {
			t.Helper()
			c, err := s.RedeemInvite(ctx, mustInvite(t, s, role, unit, time.Hour, now), chat, now)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		liaisonA := bind(domain.RoleLiaison, unitA, domain.Chat{ChatID: 1, UserID: 1, Name: "甲"})
		groupA := bind(domain.RoleLiaison, unitA, domain.Chat{ChatID: -100, UserID: 1, Name: "岳阳县群", IsGroup: true})
		liaisonB := bind(domain.RoleLiaison, unitB, domain.Chat{ChatID: 2, UserID: 2, Name: "乙"})
		sup := bind(domain.RoleSupervisor, 0, domain.Chat{ChatID: 3, UserID: 3, Name: "丙"})
		admin := bind(domain.RoleAdmin, 0, domain.Chat{ChatID: 4, UserID: 4, Name: "丁"})

		chats := func(cs []domain.Contact, err error) []int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, c := range cs {
				out = append(out, c.ChatID)
			}
			return out
		}
		check := func(name string, got, want []int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s = %v, want %v", name, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s = %v, want %v", name, got, want)
				}
			}
		}
		check("Contacts", chats(s.Contacts(ctx)), []int64{4, 3, 1, -100, 2})
		check("ContactsForUnit A", chats(s.ContactsForUnit(ctx, unitA)), []int64{1, -100})
		check("Supervisors", chats(s.Supervisors(ctx)), []int64{4, 3})
		check("Admins", chats(s.Admins(ctx)), []int64{4})

		if err := s.SetInactive(ctx, groupA.ChatID); err != nil {
			t.Fatal(err)
		}
		check("ContactsForUnit A after 403", chats(s.ContactsForUnit(ctx, unitA)), []int64{1})
		if err := s.TouchContact(ctx, groupA.ChatID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		check("ContactsForUnit A after it wrote", chats(s.ContactsForUnit(ctx, unitA)), []int64{1, -100})
		if c, _ := s.Contact(ctx, groupA.ChatID); !c.LastSeenAt.Equal(now.Add(time.Hour)) || !c.IsGroup {
			t.Fatalf("touched contact %+v", c)
		}

		revoked, err := s.RevokeContact(ctx, sup.ID, now.Add(2*time.Hour))
		if err != nil || !revoked.Revoked() || revoked.Reachable() {
			t.Fatalf("RevokeContact = %+v, %v", revoked, err)
		}
		check("Supervisors after revoke", chats(s.Supervisors(ctx)), []int64{4})
		if c, err := s.Contact(ctx, sup.ChatID); err != nil || !c.Revoked() {
			t.Fatalf("revoked contact still found as %+v, %v", c, err)
		}

		if err := s.SetLang(ctx, liaisonB.ChatID, domain.LangEN); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLang(ctx, liaisonB.ChatID, "fr"); err == nil {
			t.Fatal("SetLang accepted fr")
		}
		rebound := bind(domain.RoleLiaison, unitA, domain.Chat{ChatID: 2, UserID: 2, Name: "乙"})
		if rebound.ID != liaisonB.ID || rebound.UnitID != unitA || rebound.Lang != domain.LangEN {
			t.Fatalf("rebound contact %+v", rebound)
		}
		restored := bind(domain.RoleSupervisor, 0, domain.Chat{ChatID: 3, UserID: 3, Name: "丙"})
		if restored.Revoked() || !restored.Reachable() {
			t.Fatalf("re-invited contact still revoked: %+v", restored)
		}

		for _, err := range []error{
			s.SetInactive(ctx, 999), s.TouchContact(ctx, 999, now), s.SetLang(ctx, 999, "en"),
		} {
			if !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("update of a missing contact: %v", err)
			}
		}
		if _, err := s.Contact(ctx, 999); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Contact(999) = %v", err)
		}
		_ = liaisonA
		_ = admin
	})
}
