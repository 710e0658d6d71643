package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoNeedsNoTokenAndShowsGradesAndAlerts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	args := []string{"demo", "--demo-db", db, "--tickets", "6000", "--at", "2026-11-27 09:00"}
	code, out, errOut := runCLI(t, map[string]string{}, args...)
	if code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"90 个责任单位，6000 件工单",
		"2026年第四季度 12345热线工单办理综合评价（截至 2026-11-27 09:00）",
		"综合评价A类单位",
		"将要发出的提醒",
		"── 发给：督查 ──",
		"🚨 超期督办",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	// A second run replaces the database rather than adding to it.
	_, again, _ := runCLI(t, map[string]string{}, args...)
	if again != out {
		t.Errorf("a second demo run with the same seed and time should print the same")
	}
}
