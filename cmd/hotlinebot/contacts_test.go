package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit/teststore"
)

func TestInviteAndContacts(t *testing.T) {
	vars := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db")}
	units := writeFile(t, "units.csv", "单位名称,类别,简称\n市城管局,市直单位,城管\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatalf("units import: %s", errOut)
	}
	link := regexp.MustCompile(`https://t\.me/hotline_bot\?start=([A-Z2-7]{16})`)
	code, out, errOut := runCLI(t, vars, "invite", "--role", "liaison", "--unit", "城管", "--bot-name", "@hotline_bot")
	if code != 0 || !link.MatchString(out) || !strings.Contains(out, "市城管局") {
		t.Fatalf("liaison invite: exit %d: %q %q", code, out, errOut)
	}
	second, _, _ := runCLI(t, vars, "invite", "--role", "liaison", "--unit", "城管", "--bot-name", "hotline_bot")
	_, out2, _ := runCLI(t, vars, "invite", "--role", "supervisor", "--bot-name", "hotline_bot")
	if second != 0 || link.FindStringSubmatch(out2)[1] == link.FindStringSubmatch(out)[1] {
		t.Errorf("codes must differ: %q %q", out, out2)
	}
	refusals := []struct {
		name string
		args []string
		want string
	}{
		{"no role", []string{"invite", "--bot-name", "b"}, "--role is required"},
		{"liaison without unit", []string{"invite", "--role", "liaison", "--bot-name", "b"}, "--unit is required"},
		{"unknown unit", []string{"invite", "--role", "liaison", "--unit", "火星局", "--bot-name", "b"}, `no unit named "火星局"`},
		{"unknown role", []string{"invite", "--role", "king", "--bot-name", "b"}, `unknown role "king"`},
		{"no bot name offline", []string{"invite", "--role", "admin"}, "--bot-name"},
		{"revoke unknown contact", []string{"contacts", "revoke", "999"}, "999"},
		{"revoke needs a number", []string{"contacts", "revoke", "abc"}, `"abc" is not a number`},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, vars, tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q, want it to contain %q", code, errOut, tc.want)
			}
		})
	}
	code, out, _ = runCLI(t, vars, "contacts", "list")
	if code != 0 || !strings.HasPrefix(out, "ID") {
		t.Errorf("contacts list: exit %d: %q", code, out)
	}
}

func TestContactsListAndRevokeABoundContact(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	vars := map[string]string{"HOTLINE_DB": db}
	units := writeFile(t, "units.csv", "单位名称,类别,简称\n市城管局,市直单位,城管\n")
	if code, _, errOut := runCLI(t, vars, "units", "import", units); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := runCLI(t, vars, "units", "list")
	if code != 0 || !strings.Contains(out, "市城管局") || !strings.Contains(out, "department") || !strings.Contains(out, "城管") {
		t.Errorf("units list: exit %d: %q", code, out)
	}
	_, out, _ = runCLI(t, vars, "invite", "--role", "liaison", "--unit", "市城管局", "--bot-name", "b")
	code_ := regexp.MustCompile(`start=([A-Z2-7]{16})`).FindStringSubmatch(out)[1]
	st := teststore.Open(t, db)
	c, err := st.RedeemInvite(context.Background(), code_, domain.Chat{ChatID: 4242, UserID: 4242, Name: "张三"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCLI(t, vars, "contacts", "list")
	if !strings.Contains(out, "张三") || !strings.Contains(out, "市城管局") {
		t.Errorf("contacts list lacks the bound liaison: %q", out)
	}
	code, out, errOut := runCLI(t, vars, "contacts", "revoke", strconv.FormatInt(c.ID, 10))
	if code != 0 || !strings.Contains(out, "revoked contact") {
		t.Fatalf("revoke: exit %d: %q %q", code, out, errOut)
	}
	got, err := st.ContactByID(context.Background(), c.ID)
	if err != nil || !got.Revoked() {
		t.Errorf("contact after revoke: %+v, %v", got, err)
	}
}
