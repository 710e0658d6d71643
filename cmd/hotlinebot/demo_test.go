package main

import (
	"bytes"
	"os"
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

func TestBulletinOfTheDemosPreviousQuarter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := runCLI(t, map[string]string{}, "demo", "--demo-db", db, "--tickets", "3000", "--history", "5", "--at", "2026-11-27 09:00"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	vars := map[string]string{"HOTLINE_DB": db}
	t.Run("text of a past quarter is final, with both comparisons", func(t *testing.T) {
		code, out, errOut := runCLI(t, vars, "bulletin", "--period", "2026Q3", "--at", "2026-11-27 09:00")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, want := range []string{"12345热线运行情况通报（2026年第三季度）", "终评 · 截至 2026年11月27日 09:00",
			"一、运行情况", "同比", "环比", "二、部门办理", "三、群众反馈", "四、考核评价", "与2026年第二季度相比",
			"五、热线聚焦", "附件：2026年第三季度12345热线责任单位综合评价表", "综合评价A类单位"} {
			if !strings.Contains(out, want) {
				t.Errorf("bulletin lacks %q", want)
			}
		}
	})
	t.Run("the current quarter is provisional, in the words people use", func(t *testing.T) {
		_, out, _ := runCLI(t, vars, "bulletin", "--period", "本季度", "--at", "2026-11-27 09:00")
		if !strings.Contains(out, "暂定 · 截至 2026年11月27日 09:00") {
			t.Errorf("current quarter not marked 暂定:\n%.300s", out)
		}
	})
	t.Run("files by extension", func(t *testing.T) {
		for _, name := range []string{"b.md", "b.docx"} {
			path := filepath.Join(dir, name)
			if code, _, errOut := runCLI(t, vars, "bulletin", "--period", "2026Q3", "--out", path); code != 0 {
				t.Fatalf("%s: exit %d: %s", name, code, errOut)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
			if isZip != strings.HasSuffix(name, ".docx") || (!isZip && !bytes.Contains(data, []byte("## 一、运行情况"))) {
				t.Errorf("%s: wrong content (%.80q)", name, data)
			}
		}
	})
	t.Run("bad arguments", func(t *testing.T) {
		for _, args := range [][]string{{"--period", "2026Q3", "--format", "pdf"}, {"--period", "xyz"}, {}, {"--period", "2027Q1", "--at", "2026-11-27 09:00"}} {
			code, _, errOut := runCLI(t, vars, append([]string{"bulletin"}, args...)...)
			if code == 0 || errOut == "" || strings.Count(strings.TrimSpace(errOut), "\n") > 3 {
				t.Errorf("%v: exit %d, %q", args, code, errOut)
			}
		}
	})
}
