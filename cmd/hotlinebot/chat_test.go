package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotlinebot/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// chatScript is a session as people would type it: a liaison's commands
// and paging and an extension request, which a supervisor approves with
// its button; the supervisor's ranking and paging; a stranger; an admin's
// evaluation table; then the clock moved past a deadline and out of quiet
// hours so that due-soon and overdue alerts arrive.
var chatScript = []string{
	"/grade",
	"/tickets",
	":press 1",
	"/extend YY202610005400 3 需要现场勘查",
	":as supervisor",
	":press 1",
	"/ranking",
	":press 1",
	":press 2",
	":as stranger",
	"/grade",
	":as admin",
	"/report",
	":as liaison",
	":time +10h",
	":time 2026-11-28 08:00",
	"/overdue",
}

// runChatCLI runs the program in-process with input, as a pipe would give it.
func runChatCLI(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	code = runWithInput(context.Background(), append([]string{"hotlinebot"}, args...), getenv, strings.NewReader(input), &out, &errOut)
	return code, out.String(), errOut.String()
}

func demoChatArgs(t *testing.T, files string, extra ...string) []string {
	db := filepath.Join(t.TempDir(), "demo.db")
	return append([]string{"demo", "--chat", "--demo-db", db, "--tickets", "6000", "--at", "2026-11-27 10:00", "--files", files}, extra...)
}

func TestChatTranscript(t *testing.T) {
	files := filepath.Join(t.TempDir(), "files")
	code, out, errOut := runChatCLI(t, strings.Join(chatScript, "\n")+"\n", demoChatArgs(t, files)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	transcript := strings.ReplaceAll(out, files, "FILES")
	golden := filepath.Join("testdata", "chat_session.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(transcript), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if transcript != string(want) {
		t.Errorf("transcript differs from %s (go test ./cmd/hotlinebot -run TestChatTranscript -update rewrites it):\n%s", golden, transcript)
	}
	saved, err := filepath.Glob(filepath.Join(files, "*.xlsx"))
	if err != nil || len(saved) != 1 {
		t.Errorf("the admin's /report should leave one XLSX file in %s, found %v", files, saved)
	}
}

func TestChatRefusesBadLines(t *testing.T) {
	tests := []struct {
		name, input, stderr string
	}{
		{"unknown console command", ":frobnicate\n", "stdin:1: :frobnicate：没有这个控制台命令"},
		{"nobody to be", ":as mayor\n", "stdin:1: :as mayor：没有这个身份"},
		{"no buttons yet", ":press 1\n", "stdin:1: :press：联络员（岳阳楼区政府） 的对话里还没有带按钮的消息"},
		{"button out of range", ":as supervisor\n/ranking\n:press 9\n", "stdin:3: :press 9：按钮编号应为 1 到 1"},
		{"clock backwards", ":time 2026-11-26 10:00\n", "stdin:1: :time 2026-11-26 10:00：时钟只能往前拨"},
		{"clock gibberish", ":time +soon\n", "stdin:1: :time +soon：请写成 +2h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runChatCLI(t, tt.input, demoChatArgs(t, t.TempDir(), "--tickets", "300", "--history", "0")...)
			if code != 1 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errOut, tt.stderr)
			}
		})
	}
}

// TestChatOnCopy runs the console on an office's database, on each engine,
// and checks that the database is left as it was: no console contacts
// bound in it.
func TestChatOnCopy(t *testing.T) {
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := runCLI(t, map[string]string{}, "demo", "--demo-db", demoDB, "--tickets", "300", "--history", "1", "--at", "2026-11-27 10:00"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	storetest.Engines(t, func(t *testing.T, dsn string) {
		if code, _, errOut := runCLI(t, map[string]string{}, "migrate-db", "--db", demoDB, "--to", dsn); code != 0 {
			t.Fatalf("migrate-db: %s", errOut)
		}
		code, out, errOut := runChatCLI(t, "/grade\n", "chat", "--db", dsn, "--unit", "市城管局", "--at", "2026-11-27 10:00", "--files", t.TempDir())
		if code != 0 || !strings.Contains(out, "联络员（市城管局）") || !strings.Contains(out, "📊 市城管局") {
			t.Fatalf("chat on a copy: exit %d\n%s\n%s", code, out, errOut)
		}
		_, contacts, _ := runCLI(t, map[string]string{}, "contacts", "list", "--db", dsn)
		if strings.Contains(contacts, "联络员") || strings.Contains(contacts, "督查") {
			t.Errorf("the console bound its people in the original database:\n%s", contacts)
		}
	})
}

func TestChatUnknownUnit(t *testing.T) {
	code, _, errOut := runChatCLI(t, "", demoChatArgs(t, t.TempDir(), "--tickets", "300", "--history", "0", "--unit", "市不存在局")...)
	if code != 2 || !strings.Contains(errOut, `--unit "市不存在局": no such unit`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestChatAnswersQuestions: a line typed after the bot's question (force
// reply) is the reply to it, as in Telegram: a liaison's extension request
// and a supervisor's rejection reason.
func TestChatAnswersQuestions(t *testing.T) {
	script := strings.Join([]string{
		"/tickets",
		":as supervisor",
		"/requests",
		":as liaison",
		"/extend", // the usage, not a question
	}, "\n") + "\n"
	code, out, errOut := runChatCLI(t, script, demoChatArgs(t, t.TempDir(), "--tickets", "300")...)
	if code != 0 || !strings.Contains(out, "目前没有待审核的申请。") || !strings.Contains(out, "用法：/extend 工单编号 天数 理由") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	no := firstTicketNo(t, out)
	script = strings.Join([]string{
		"/extend " + no,
		"2 需协调市住建局现场核实",
		":as supervisor",
		":press 2",
		"经核实属你单位职责，请按期办理",
		":as liaison",
	}, "\n") + "\n"
	code, out, errOut = runChatCLI(t, script, demoChatArgs(t, t.TempDir(), "--tickets", "300")...)
	for _, want := range []string{"✍️ 申请延期 · " + no, "📨 已提交延期申请 #1", "[1 批准] [2 驳回]", "✍️ 驳回申请 · #1",
		"已驳回申请 #1（工单 " + no + "）", "❌ 延期申请未获批准", "驳回理由：经核实属你单位职责，请按期办理"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("exit %d; want %q in\n%s\n%s", code, want, out, errOut)
		}
	}
}

// firstTicketNo is the first open ticket that /tickets listed and that is
// not yet due (an extension may be asked).
func firstTicketNo(t *testing.T, out string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "• "); ok && strings.Contains(line, "到期") {
			no, _, _ := strings.Cut(rest, " ")
			return no
		}
	}
	t.Fatalf("no open ticket not yet due in\n%s", out)
	return ""
}

// TestChatSavesPhotos: a chart the bot sends lands in the files folder as
// the PNG it is, and the transcript says where (not golden: the picture
// depends on the fonts installed).
func TestChatSavesPhotos(t *testing.T) {
	files := filepath.Join(t.TempDir(), "files")
	code, out, errOut := runChatCLI(t, "/trend\n", demoChatArgs(t, files, "--history", "1")...)
	path := filepath.Join(files, "trend.png")
	if code != 0 || !strings.Contains(out, "[图片 trend.png · ") || !strings.Contains(out, "已存到 "+path) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("%s: %d bytes, %v; want a PNG", path, len(data), err)
	}
}
