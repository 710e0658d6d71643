package bot_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"hotlinebot/internal/fakebot"
)

// bulletinCalls sends /bulletin args as sam and returns the bot's calls to
// that chat up to and including the document.
func bulletinCalls(t *testing.T, h *harness, text string) []fakebot.Call {
	t.Helper()
	chat := fakebot.PrivateChat(sam)
	mark := h.fake.Len()
	h.fake.Push(fakebot.TextMessage(chat, sam, text, h.clock.Now()))
	calls, ok := h.fake.WaitSince(mark, 10*time.Second, func(calls []fakebot.Call) bool {
		for _, c := range replies(calls, chat.ID) {
			if c.Method == "sendDocument" {
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("no document after %s: %+v", text, calls)
	}
	return replies(calls, chat.ID)
}

func TestBulletinCommand(t *testing.T) {
	h := newHarness(t)
	t.Run("figures as messages, then the Word document", func(t *testing.T) {
		calls := bulletinCalls(t, h, "/bulletin 本季度")
		var text strings.Builder
		for _, c := range calls[:len(calls)-1] {
			if c.Method != "sendMessage" || !c.OK() {
				t.Fatalf("call %s %d %s", c.Method, c.Status, c.Description)
			}
			text.WriteString(c.Text)
		}
		for _, want := range []string{"<b>12345热线运行情况通报（2026年第四季度）</b>", "暂定 · 截至", "<b>一、运行情况</b>",
			"<b>四、考核评价</b>", "参与考核的责任单位"} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("figures lack %q:\n%s", want, text.String())
			}
		}
		doc := calls[len(calls)-1]
		if !doc.OK() || len(doc.Documents) != 1 || doc.Documents[0].Filename != "12345热线运行情况通报-2026Q4.docx" {
			t.Fatalf("document call %+v", doc)
		}
		if !strings.Contains(doc.Text, "运行情况通报") {
			t.Errorf("caption %q", doc.Text)
		}
		if body := docxDocument(t, doc.Documents[0].Data); !bytes.Contains(body, []byte("12345热线运行情况通报（2026年第四季度）")) ||
			!bytes.Contains(body, []byte("<w:tbl>")) {
			t.Errorf("the document lacks the title or the table")
		}
	})
	t.Run("a period not understood gets the usage", func(t *testing.T) {
		got := h.say(t, sam, "/bulletin Q3")
		if !strings.Contains(got.Text, "用法：/bulletin") || len(got.Documents) > 0 {
			t.Errorf("/bulletin Q3 answered %q", got.Text)
		}
	})
	t.Run("a future period is refused", func(t *testing.T) {
		if got := h.say(t, sam, "/bulletin 2027Q2"); len(got.Documents) > 0 || strings.Contains(got.Text, "运行情况通报（2027") {
			t.Errorf("/bulletin 2027Q2 answered %q", got.Text)
		}
	})
	t.Run("liaisons are refused", func(t *testing.T) {
		if got := h.say(t, alice, "/bulletin"); len(got.Documents) > 0 || strings.Contains(got.Text, "运行情况") {
			t.Errorf("liaison got %q", got.Text)
		}
	})
}

// docxDocument is the word/document.xml part of a DOCX.
func docxDocument(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return body
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
