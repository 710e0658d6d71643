package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
