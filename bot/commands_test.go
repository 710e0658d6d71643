package bot_test

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"hotlinebot/domain"
)

// TestCommandsGolden asks every command of every role, and the refusals,
// in Chinese and in English, and compares each reply with its golden file.
func TestCommandsGolden(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name string
		user models.User
		text string
	}{
		{"stranger_hello", eve, "你好"},
		{"stranger_start", eve, "/start"},
		{"stranger_tickets", eve, "/tickets"},
		{"liaison_help", alice, "/help"},
		{"liaison_start", alice, "/start"},
		{"liaison_tickets", alice, "/tickets"},
		{"liaison_overdue", alice, "/overdue"},
		{"liaison_ticket", alice, "/ticket A-001"},
		{"liaison_ticket_hostile", alice, "/ticket A-HOSTILE"},
		{"liaison_ticket_other_unit", alice, "/ticket JR-4"},
		{"liaison_ticket_missing", alice, "/ticket NOPE-1"},
		{"liaison_ticket_usage", alice, "/ticket"},
		{"liaison_grade", alice, "/grade"},
		{"liaison_summary_refused", alice, "/summary"},
		{"liaison_invite_refused", alice, "/invite supervisor"},
		{"liaison_unknown", alice, "/frobnicate"},
		{"liaison_text", alice, "请问怎么用"},
		{"liaison_lang_usage", alice, "/lang"},
		{"low_liaison_grade", bob, "/grade"},
		{"low_liaison_overdue", bob, "/overdue"},
		{"supervisor_help", sam, "/help"},
		{"supervisor_summary", sam, "/summary"},
		{"supervisor_summary_q3", sam, "/summary 2026Q3"},
		{"supervisor_summary_bad_period", sam, "/summary 2026Q9"},
		{"supervisor_ranking", sam, "/ranking"},
		{"supervisor_unit", sam, "/unit 临湘"},
		{"supervisor_unit_ambiguous", sam, "/unit 岳阳"},
		{"supervisor_unit_none", sam, "/unit 不存在"},
		{"supervisor_unit_no_tickets", sam, "/unit 市审计局"},
		{"supervisor_overdue_all", sam, "/overdue_all"},
		{"supervisor_tickets_refused", sam, "/tickets"},
		{"supervisor_invite_refused", sam, "/invite admin"},
		{"supervisor_report", sam, "/report"},
		{"admin_help", ada, "/help"},
		{"admin_invite_liaison", ada, "/invite liaison 金融办"},
		{"admin_invite_supervisor", ada, "/invite supervisor"},
		{"admin_invite_ambiguous", ada, "/invite liaison 岳阳"},
		{"admin_invite_usage", ada, "/invite"},
		{"admin_summary", ada, "/summary"},
		{"admin_contacts", ada, "/contacts"},
	}
	for _, lang := range []string{domain.LangZH, domain.LangEN} {
		h.setLang(lang)
		for _, tc := range cases {
			t.Run(tc.name+"_"+lang, func(t *testing.T) {
				user := tc.user
				if user.ID == eve.ID && lang == domain.LangEN {
					user.LanguageCode = "en-US"
				}
				got := h.say(t, user, tc.text)
				golden(t, tc.name+"."+lang, render(got))
			})
		}
	}
}

// TestRefusalsNeverLeak checks that what a liaison types cannot reach
// another unit: another unit's ticket answers exactly like a missing one.
func TestRefusalsNeverLeak(t *testing.T) {
	h := newHarness(t)
	other := h.say(t, alice, "/ticket JR-4")
	missing := h.say(t, alice, "/ticket JR-404")
	if strings.ReplaceAll(other.Text, "JR-4", "X") != strings.ReplaceAll(missing.Text, "JR-404", "X") {
		t.Fatalf("another unit's ticket answers differently from a missing one:\n%s\n%s", other.Text, missing.Text)
	}
	for _, text := range []string{"/summary", "/ranking", "/unit 市金融办", "/report", "/overdue_all", "/invite admin", "/contacts"} {
		t.Run(text, func(t *testing.T) {
			got := h.say(t, alice, text)
			if strings.Contains(got.Text, "市金融办") || strings.Contains(got.Text, "临湘") || len(got.Documents) > 0 {
				t.Fatalf("liaison got other units' data for %s:\n%s", text, got.Text)
			}
		})
	}
	t.Run("button of another command", func(t *testing.T) {
		got := h.press(t, fakebot_private(alice), alice, 1, "ranking|2026Q4|0")
		if strings.Contains(got.Text, "临湘") {
			t.Fatalf("a crafted button reached the ranking:\n%s", got.Text)
		}
	})
}

func fakebot_private(u models.User) models.Chat {
	return models.Chat{ID: u.ID, Type: models.ChatTypePrivate, FirstName: u.FirstName}
}
