package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/peterh/liner"

	"hotlinebot/bot"
	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/jobs"
)

// console is the chat console: what a line typed does, and what the bot
// sends back, shown as a phone would show it.
type console struct {
	out, errOut io.Writer
	fake        *fakebot.Server
	clock       *chatClock
	loc         *time.Location
	quiet       config.QuietHours
	sched       *jobs.Scheduler
	sender      *bot.Sender
	people      []person
	current     *person
	files       string
	render      renderer
	interactive bool

	next      int                    // the first call of the fake not yet shown
	keyboards map[int64]keyboard     // per chat, the latest message with buttons
	questions map[int64]fakebot.Call // per chat, the bot's question (force reply) the next text answers
}

// answerTimeout is how long the console waits for the bot to answer a line.
const answerTimeout = time.Minute

// errQuit ends the session as Ctrl-D does.
var errQuit = errors.New("quit")

// run reads lines until the input ends: with line editing and history on a
// terminal, plainly from a pipe. A scripted run that had a bad line exits 1
// after the rest of the script.
func (c *console) run(ctx context.Context, in io.Reader) error {
	if c.interactive {
		return c.runTerminal(ctx)
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	bad := 0
	for n := 1; sc.Scan(); n++ {
		err := c.handle(ctx, sc.Text())
		if errors.Is(err, errQuit) {
			break
		}
		if err != nil {
			fmt.Fprintf(c.errOut, "stdin:%d: %v\n", n, err)
			bad++
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	if bad > 0 {
		return exitError{1}
	}
	return nil
}

func (c *console) runTerminal(ctx context.Context) error {
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetCompleter(complete)
	history := historyPath()
	if f, err := os.Open(history); err == nil {
		_, _ = ln.ReadHistory(f)
		f.Close()
	}
	defer saveHistory(ln, history)
	for ctx.Err() == nil {
		line, err := ln.Prompt(c.current.label + "> ")
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(c.out)
			return nil
		case err != nil:
			return fmt.Errorf("read input: %w", err)
		}
		if strings.TrimSpace(line) != "" {
			ln.AppendHistory(line)
		}
		err = c.handle(ctx, line)
		if errors.Is(err, errQuit) {
			return nil
		}
		if err != nil {
			fmt.Fprintln(c.errOut, c.render.warn(err.Error()))
		}
	}
	return nil
}

// historyPath is where the console keeps its line history between sessions.
func historyPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "hotlinebot", "chat_history")
}

func saveHistory(ln *liner.State, path string) {
	if path == "" || os.MkdirAll(filepath.Dir(path), 0o700) != nil {
		return
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600); err == nil {
		_, _ = ln.WriteHistory(f)
		f.Close()
	}
}

// consoleWords are what Tab completes at the start of a line.
var consoleWords = []string{
	":as liaison", ":as supervisor", ":as admin", ":as stranger", ":press ", ":time +", ":help", ":quit",
	"/grade", "/tickets", "/overdue", "/ticket ", "/summary", "/ranking", "/unit ", "/report", "/overdue_all",
	"/invite ", "/contacts", "/lang ", "/help", "/start ",
}

func complete(line string) []string {
	var out []string
	for _, w := range consoleWords {
		if strings.HasPrefix(w, line) {
			out = append(out, w)
		}
	}
	return out
}

// handle does what one line says: a console command (:as, :press, :time,
// :help, :quit) or a message from the current person to the bot.
func (c *console) handle(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if !strings.HasPrefix(line, ":") {
		if q, ok := c.questions[c.current.user.ID]; ok && !strings.HasPrefix(line, "/") {
			delete(c.questions, c.current.user.ID)
			c.fake.SendReply(c.current.user, line, q)
		} else {
			c.fake.SendText(c.current.user, line)
		}
		return c.settle(ctx)
	}
	word, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch word {
	case ":as":
		return c.switchTo(arg)
	case ":press", ":p":
		return c.press(ctx, arg)
	case ":time", ":t":
		return c.moveClock(ctx, arg)
	case ":help", ":h", ":?":
		c.help()
		return nil
	case ":quit", ":q", ":exit":
		return errQuit
	}
	return fmt.Errorf("%s：没有这个控制台命令，:help 列出全部", word)
}

// settle waits until the bot has answered everything the current person
// sent, delivers what that caused in the outbox, and shows it all.
func (c *console) settle(ctx context.Context) error {
	answered := c.fake.Sync(c.current.user, answerTimeout)
	err := c.deliver(ctx)
	c.show()
	if !answered {
		return fmt.Errorf("机器人 %s 内没有回答", answerTimeout)
	}
	return err
}

// deliver sends every notification due now, as the sender would within a
// second of it being written.
func (c *console) deliver(ctx context.Context) error {
	for {
		n, err := c.sender.Flush(ctx)
		if err != nil {
			return fmt.Errorf("deliver notifications: %w", err)
		}
		if n < 200 { // the sender's batch: a full one means more may wait
			return nil
		}
	}
}

// press presses button N of the latest message with buttons in the
// current person's chat.
func (c *console) press(ctx context.Context, arg string) error {
	kb, ok := c.keyboards[c.current.user.ID]
	if !ok || len(kb.buttons) == 0 {
		return fmt.Errorf(":press：%s 的对话里还没有带按钮的消息", c.current.label)
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > len(kb.buttons) {
		return fmt.Errorf(":press %s：按钮编号应为 1 到 %d", arg, len(kb.buttons))
	}
	b := kb.buttons[n-1]
	if b.CallbackData == "" {
		c.info("按钮 %q 打开链接：%s", b.Text, b.URL)
		return nil
	}
	c.fake.PressButton(fakebot.PrivateChat(c.current.user), c.current.user, kb.messageID, b.CallbackData)
	return c.settle(ctx)
}

// moveClock moves the console's clock forward (+2h, +30m, +1d, +1d2h) or
// to an instant, then runs the jobs whose schedule it passed and delivers
// what they send. Without an argument it says the time.
func (c *console) moveClock(ctx context.Context, arg string) error {
	now := c.clock.Now()
	if arg == "" {
		c.info("时钟：%s", formatClock(now))
		return nil
	}
	to, err := clockTarget(now, arg, c.loc)
	if err != nil {
		return fmt.Errorf(":time %s：%w", arg, err)
	}
	if !to.After(now) {
		return fmt.Errorf(":time %s：时钟只能往前拨（现在是 %s）", arg, formatClock(now))
	}
	c.clock.set(to)
	c.info("时钟拨到 %s", formatClock(to))
	if c.quiet.Quiet(to) {
		c.info("现在是静默时段：非紧急提醒留到 %s 再发。", c.quiet.Until(to).Format("15:04"))
	}
	c.sched.RunDue(ctx)
	err = c.deliver(ctx)
	c.show()
	return err
}

// clockTarget reads :time's argument: a duration with a leading + (days
// as d), or an instant as --at takes it.
func clockTarget(now time.Time, arg string, loc *time.Location) (time.Time, error) {
	if !strings.HasPrefix(arg, "+") {
		return domain.ParseInstant(arg, loc)
	}
	s := arg[1:]
	var days int
	if d, rest, ok := strings.Cut(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return time.Time{}, errDuration
		}
		days, s = n, rest
	}
	var dur time.Duration
	if s != "" {
		var err error
		if dur, err = time.ParseDuration(s); err != nil || dur < 0 {
			return time.Time{}, errDuration
		}
	}
	return now.AddDate(0, 0, days).Add(dur), nil
}

var errDuration = errors.New("请写成 +2h、+30m、+1d、+1d2h，或 2026-11-28 09:00 这样的时刻")

var weekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

func formatClock(t time.Time) string {
	return fmt.Sprintf("%s（周%s）", t.Format("2006-01-02 15:04"), weekdays[t.Weekday()])
}

// info tells the person at the terminal what the console did; a scripted
// run prints only the bot's messages.
func (c *console) info(format string, args ...any) {
	if c.interactive {
		fmt.Fprintln(c.out, c.render.dim(fmt.Sprintf(format, args...)))
	}
}

func (c *console) banner(hidden int) {
	c.info("hotlinebot 对话控制台：机器人、定时任务和模拟的 Telegram 都在本机运行。")
	c.info("时钟 %s，只在 :time 拨动时前进。", formatClock(c.clock.Now()))
	c.info("启动前该发的 %d 条提醒已发出，未显示。", hidden)
	c.info(":as 换人（liaison、supervisor、admin、stranger），:press N 按按钮，")
	c.info(":time +2h 拨快时钟，:help 帮助，Ctrl-D 退出。")
}

func (c *console) help() {
	lines := []string{
		"控制台命令：",
		"  /grade、文字…   以当前身份发给机器人",
		"  :as 身份        liaison 联络员、supervisor 督查、admin 管理员、stranger 陌生人",
		"  :press N        按最近一条带按钮消息的第 N 个按钮，如 [2 下一页]",
		"  :time +2h       时钟拨快（+30m、+1d、+1d2h 或 2026-11-28 09:00），",
		"                  到点的定时任务随之运行；:time 显示时钟",
		"  :quit、Ctrl-D   退出",
		"文件与图片存到 " + c.files + "/。",
	}
	w := c.out
	if !c.interactive {
		w = c.errOut
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
