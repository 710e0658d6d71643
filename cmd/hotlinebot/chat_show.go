package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-telegram/bot/models"

	"hotlinebot/internal/fakebot"
)

// keyboard is a message's inline buttons, in the order they are numbered.
type keyboard struct {
	messageID int
	buttons   []models.InlineKeyboardButton
}

// show prints what the bot has sent the console's people since the last
// time: the current person's chat first, then the others' in a fixed order,
// each chat's messages in the order they were sent. The sender writes to
// several chats at once, so the order across chats is not the order of
// arrival but the same on every run.
func (c *console) show() {
	upTo := c.fake.Len()
	byChat := map[int64][]fakebot.Call{}
	for _, call := range c.fake.CallsSince(c.next) {
		switch {
		case call.Seq >= upTo:
		case isToast(call):
			// A press's answer names no chat; the console's presses are
			// answered before the next line is read, so it is the
			// current person's.
			byChat[c.current.user.ID] = append(byChat[c.current.user.ID], call)
		default:
			byChat[call.ChatID] = append(byChat[call.ChatID], call)
		}
	}
	c.next = upTo
	order := []*person{c.current}
	for i := range c.people {
		if &c.people[i] != c.current {
			order = append(order, &c.people[i])
		}
	}
	for _, p := range order {
		for _, call := range byChat[p.user.ID] {
			c.showCall(call)
		}
	}
}

// shown are the methods that put something on a person's screen.
var shown = map[string]bool{"sendMessage": true, "editMessageText": true, "sendDocument": true, "sendPhoto": true}

// isToast reports whether a call answers a button press with a short
// notice, which Telegram shows over the chat for a moment.
func isToast(call fakebot.Call) bool {
	return call.Method == "answerCallbackQuery" && call.OK() && call.Params["text"] != "" && !fakebot.IsSync(call)
}

func (c *console) showCall(call fakebot.Call) {
	if isToast(call) {
		fmt.Fprintf(c.out, "%s\n%s\n\n", c.render.dim(fmt.Sprintf("── 按钮提示 → %s ──", c.current.label)), c.render.text(call.Params["text"], false))
		return
	}
	p := c.person(call.ChatID)
	if p == nil || !shown[call.Method] {
		return
	}
	var b strings.Builder
	b.WriteString(c.render.dim(c.header(call, p)))
	b.WriteByte('\n')
	if !call.OK() {
		fmt.Fprintf(&b, "%s\n%s\n", c.render.warn("⚠ Telegram 拒绝了这条消息："+call.Description), c.render.text(call.Text, false))
		fmt.Fprint(c.out, b.String()+"\n")
		return
	}
	if strings.TrimSpace(call.Text) != "" {
		b.WriteString(c.render.text(call.Text, strings.EqualFold(call.ParseMode, "HTML")))
		b.WriteByte('\n')
	}
	for _, d := range call.Documents {
		b.WriteString(c.saveFile(d))
		b.WriteByte('\n')
	}
	if kb := c.noteKeyboard(call); len(kb) > 0 {
		b.WriteString(kb)
		b.WriteByte('\n')
	}
	if call.ForceReply {
		c.questions[call.ChatID] = call
		b.WriteString("（下一行文字即回复这条消息）\n")
	}
	fmt.Fprint(c.out, b.String()+"\n")
}

// header names who got the message and when, as the chat list would.
func (c *console) header(call fakebot.Call, p *person) string {
	h := fmt.Sprintf("── 机器人 → %s · %s", p.label, call.Time.In(c.loc).Format("01-02 15:04"))
	if call.Method == "editMessageText" {
		h += " · 改写了上面的消息"
	}
	return h + " ──"
}

// noteKeyboard remembers the buttons :press numbers and draws them as
// [1 上一页] [2 下一页], one line per row.
func (c *console) noteKeyboard(call fakebot.Call) string {
	if call.ReplyMarkup == nil || len(call.Buttons()) == 0 {
		if kb, ok := c.keyboards[call.ChatID]; ok && call.Method == "editMessageText" && kb.messageID == call.MessageID {
			delete(c.keyboards, call.ChatID)
		}
		return ""
	}
	c.keyboards[call.ChatID] = keyboard{messageID: call.MessageID, buttons: call.Buttons()}
	var rows []string
	n := 0
	for _, row := range call.ReplyMarkup.InlineKeyboard {
		var labels []string
		for _, btn := range row {
			n++
			label := fmt.Sprintf("[%d %s]", n, btn.Text)
			if btn.URL != "" {
				label = fmt.Sprintf("[%d %s ↗ %s]", n, btn.Text, btn.URL)
			}
			labels = append(labels, label)
		}
		rows = append(rows, strings.Join(labels, " "))
	}
	return strings.Join(rows, "\n")
}

// saveFile writes a document or photo the bot sent into the files folder,
// never over a file saved before, and says where it went.
func (c *console) saveFile(d fakebot.Document) string {
	kind := "文件"
	if d.Field == "photo" {
		kind = "图片"
	}
	path, err := c.freePath(d.Filename)
	if err == nil {
		err = os.WriteFile(path, d.Data, 0o644)
	}
	if err != nil {
		return c.render.warn(fmt.Sprintf("[%s %s] 没能保存：%v", kind, d.Filename, err))
	}
	return fmt.Sprintf("[%s %s · %s] 已存到 %s", kind, d.Filename, byteSize(len(d.Data)), path)
}

// freePath is a path in the files folder for name that holds no file yet:
// name, then "name (2)", "name (3)" ….
func (c *console) freePath(name string) (string, error) {
	if err := os.MkdirAll(c.files, 0o755); err != nil {
		return "", err
	}
	name = filepath.Base(name)
	if name == "." || name == "/" || name == "" {
		name = "file"
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		try := name
		if i > 1 {
			try = fmt.Sprintf("%s (%d)%s", stem, i, ext)
		}
		path := filepath.Join(c.files, try)
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return path, nil
		}
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
