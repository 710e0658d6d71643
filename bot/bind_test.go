package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
)

func (h *harness) invite(t *testing.T, role domain.Role, unit string, ttl time.Duration, at time.Time) string {
	t.Helper()
	code, err := h.st.CreateInvite(context.Background(), role, h.units[unit], ttl, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestBinding(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	liaisonCode := h.invite(t, domain.RoleLiaison, "岳阳县政府", domain.DefaultInviteTTL, testNow)
	dave := fakebot.Person(1007, "Dave", "")

	t.Run("good code binds and sets the menu", func(t *testing.T) {
		got := h.say(t, carol, "/start "+liaisonCode)
		golden(t, "bind_liaison.zh", render(got))
		c, err := h.st.Contact(ctx, carol.ID)
		if err != nil || c.Role != domain.RoleLiaison || c.UnitName != "岳阳县政府" {
			t.Fatalf("contact %+v, %v", c, err)
		}
		menu := h.fake.Commands(fmt.Sprintf("chat:%d", carol.ID), "")
		if names := commandNames(menu); names != "tickets overdue due ticket grade trend export extend return lang help" {
			t.Fatalf("liaison menu %q", names)
		}
	})
	t.Run("reused code", func(t *testing.T) {
		got := h.say(t, dave, "/start "+liaisonCode)
		golden(t, "bind_used.zh", render(got))
	})
	t.Run("expired code", func(t *testing.T) {
		code := h.invite(t, domain.RoleSupervisor, "", time.Hour, testNow.Add(-2*time.Hour))
		got := h.say(t, dave, "/start "+code)
		golden(t, "bind_expired.zh", render(got))
	})
	t.Run("supervisor in English", func(t *testing.T) {
		en := dave
		en.LanguageCode = "en"
		got := h.say(t, en, "/start "+h.invite(t, domain.RoleSupervisor, "", time.Hour, testNow))
		golden(t, "bind_supervisor.en", render(got))
		menu := h.fake.Commands(fmt.Sprintf("chat:%d", dave.ID), "")
		if names := commandNames(menu); names != "summary chart ranking unit trend overdue_all due ticket requests report bulletin export lang help" || menu[0].Description != "grades at a glance" || menu[7].Description != "any unit's ticket in full" {
			t.Fatalf("supervisor menu %+v", menu)
		}
	})
	t.Run("group chat with /start@BotName", func(t *testing.T) {
		code := h.invite(t, domain.RoleLiaison, "岳阳县政府", time.Hour, testNow)
		got := h.sayIn(t, yyGroup, carol, "/start@hotline_test_bot "+code)
		golden(t, "bind_group.zh", render(got))
		c, err := h.st.Contact(ctx, yyGroup.ID)
		if err != nil || !c.IsGroup || c.Name != yyGroup.Title || c.UserID != carol.ID {
			t.Fatalf("group contact %+v, %v", c, err)
		}
		tickets := h.sayIn(t, yyGroup, bob, "/tickets@hotline_test_bot")
		if !strings.Contains(tickets.Text, "岳阳县政府") {
			t.Fatalf("any member of a bound group asks for the group's unit:\n%s", tickets.Text)
		}
	})
}

func TestBindingBruteForce(t *testing.T) {
	h := newHarness(t)
	good := h.invite(t, domain.RoleSupervisor, "", 3*time.Hour, testNow)
	var last fakebot.Call
	for i := 0; i < domain.BindFailureLimit; i++ {
		last = h.say(t, eve, fmt.Sprintf("/start WRONGCODE%d", i))
		if i < domain.BindFailureLimit-1 && !strings.Contains(last.Text, "邀请码无效") {
			t.Fatalf("wrong code %d answered %q", i+1, last.Text)
		}
	}
	golden(t, "bind_locked.zh", render(last))
	if got := h.say(t, eve, "/start "+good); !strings.Contains(got.Text, "错误次数过多") {
		t.Fatalf("a good code during the lock answered %q", got.Text)
	}
	h.clock.Set(testNow.Add(time.Hour + time.Minute))
	if got := h.say(t, eve, "/start "+good); !strings.Contains(got.Text, "绑定成功") {
		t.Fatalf("a good code after the lock answered %q", got.Text)
	}
}

func TestRevokedContactIsAStranger(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	alicesContact, err := h.st.Contact(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := h.say(t, ada, fmt.Sprintf("/contacts revoke %d", alicesContact.ID))
	golden(t, "admin_revoke.zh", render(got))
	cleared := h.fake.Calls("deleteMyCommands")
	if len(cleared) != 1 || !strings.Contains(cleared[0].Params["scope"], fmt.Sprint(alice.ID)) {
		t.Fatalf("menu not cleared: %+v", cleared)
	}
	if got := h.say(t, alice, "/tickets"); !strings.Contains(got.Text, "仅对已绑定") {
		t.Fatalf("revoked liaison got %q", got.Text)
	}
	if got := h.say(t, ada, "/contacts revoke 999"); !strings.Contains(got.Text, "未找到联系人 #999") {
		t.Fatalf("revoking a missing contact answered %q", got.Text)
	}
}

func TestLangSwitchesRepliesAndMenu(t *testing.T) {
	h := newHarness(t)
	got := h.say(t, alice, "/lang en")
	if got.Text != "Language set to English." {
		t.Fatalf("/lang en answered %q", got.Text)
	}
	menu := h.fake.Commands(fmt.Sprintf("chat:%d", alice.ID), "")
	if len(menu) == 0 || menu[0].Description != "your unit's open tickets" {
		t.Fatalf("menu after /lang en: %+v", menu)
	}
	if got := h.say(t, alice, "/overdue"); !strings.HasPrefix(got.Text, "⚠️ Overdue tickets") {
		t.Fatalf("/overdue after /lang en: %q", got.Text)
	}
	if got := h.say(t, alice, "/lang zh"); got.Text != "已切换为中文。" {
		t.Fatalf("/lang zh answered %q", got.Text)
	}
}

func TestCommandMatching(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, text, want string
	}{
		{"addressed to this bot", "/overdue@hotline_test_bot", "超期工单"},
		{"after leading whitespace", "   /overdue", "超期工单"},
		{"after Chinese text", "麻烦看一下 /overdue 谢谢", "超期工单"},
		{"upper case", "/OVERDUE", "超期工单"},
		{"with arguments after the address", "/ticket@hotline_test_bot A-001", "工单 <b>A-001</b>"},
		{"addressed to another bot", "/overdue@other_bot", "请发送命令"},
		{"inside a word", "see a/overdue", "请发送命令"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.say(t, alice, tt.text); !strings.Contains(got.Text, tt.want) {
				t.Fatalf("%q answered %q, want it to contain %q", tt.text, got.Text, tt.want)
			}
		})
	}
}

func TestGroupChatterIgnored(t *testing.T) {
	h := newHarness(t)
	group := fakebot.GroupChat(-3001, "闲聊群")
	mark := h.fake.Len()
	h.fake.Push(fakebot.TextMessage(group, eve, "大家好", testNow))
	h.fake.Push(fakebot.TextMessage(group, eve, "/frobnicate", testNow))
	got := h.sayIn(t, group, eve, "/help")
	if !strings.Contains(got.Text, "仅对已绑定") {
		t.Fatalf("a stranger group's /help answered %q", got.Text)
	}
	if n := len(replies(h.fake.CallsSince(mark), group.ID)); n != 1 {
		t.Fatalf("%d replies in a stranger group, want 1 (to /help only)", n)
	}
}

func commandNames(cmds []models.BotCommand) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.Command)
	}
	return strings.Join(names, " ")
}

func TestWriteContacts(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	group := fakebot.GroupChat(-2002, "金融办群")
	code := h.invite(t, domain.RoleLiaison, "市金融办", time.Hour, testNow)
	if _, err := h.st.RedeemInvite(ctx, code, domain.Chat{ChatID: group.ID, UserID: bob.ID, Name: group.Title, IsGroup: true}, testNow); err != nil {
		t.Fatal(err)
	}
	if err := h.st.SetInactive(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.RevokeContact(ctx, 3, testNow); err != nil {
		t.Fatal(err)
	}
	cs, err := h.st.Contacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := bot.WriteContacts(&b, cs, shanghai); err != nil {
		t.Fatal(err)
	}
	golden(t, "contacts_list.txt", b.String())
}

// TestBindingForgivesSpacesInTheCode pastes a code split by spaces (an
// ordinary one and an ideographic one, as a Chinese keyboard types): it
// binds, and the paste never counted toward the lockout.
func TestBindingForgivesSpacesInTheCode(t *testing.T) {
	h := newHarness(t)
	for i, sep := range []string{" ", "\u3000"} {
		code := h.invite(t, domain.RoleSupervisor, "", time.Hour, testNow)
		user := fakebot.Person(int64(2001+i), "Frank", "")
		for range domain.BindFailureLimit - 1 {
			h.say(t, user, "/start WRONGCODE")
		}
		got := h.say(t, user, "/start "+strings.ToLower(code[:8])+sep+code[8:])
		if !strings.Contains(got.Text, "绑定成功") {
			t.Fatalf("code split by %q answered %q", sep, got.Text)
		}
	}
}
