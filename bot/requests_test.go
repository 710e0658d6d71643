package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/xuri/excelize/v2"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/report"
)

// withRequests gives the bot the shipped calendar's request rules.
func withRequests(t *testing.T) harnessOption {
	cal, err := domain.NewCalendar(2017, 2027, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return func(c *bot.Options, _ *bot.Deps) {
		c.Requests = domain.RequestRules{MaxDays: 10, MaxExtensions: 1, Calendar: cal, Location: shanghai}
	}
}

type leaseGen int64

func (g leaseGen) Generation() int64 { return int64(g) }

// deliver runs one pass of the sender over the outbox and returns the
// messages it sent, by chat.
func (h *harness) deliver(t *testing.T) map[int64][]fakebot.Call {
	t.Helper()
	ctx := context.Background()
	gen, ok, err := h.st.AcquireLease(ctx, "test", time.Hour, h.clock.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	mark := h.fake.Len()
	tr := bot.NewTransport(bot.TransportDeps{Contacts: h.st, Admins: h.st, Fence: leaseGen(gen)}, bot.TransportOptions{Location: shanghai, Now: h.clock.Now})
	sender := bot.NewSender(bot.SenderDeps{API: h.svc.API(), Outbox: h.st, Recipients: h.st, Transport: tr, Fence: leaseGen(gen)},
		bot.SenderOptions{Location: shanghai, Now: h.clock.Now})
	if _, err := sender.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	out := map[int64][]fakebot.Call{}
	for _, c := range h.fake.CallsSince(mark, "sendMessage") {
		if !c.OK() {
			t.Fatalf("sender's message refused: %s\n%s", c.Description, c.Text)
		}
		assertOneAction(t, c)
		out[c.ChatID] = append(out[c.ChatID], c)
	}
	return out
}

// replyTo answers the bot's question q from user, as a Telegram reply.
func (h *harness) replyTo(t *testing.T, u models.User, q fakebot.Call, text string) fakebot.Call {
	t.Helper()
	mark := h.fake.Len()
	up := fakebot.TextMessage(fakebot.PrivateChat(u), u, text, h.clock.Now())
	up.Message.ReplyToMessage = &models.Message{ID: q.MessageID, Chat: fakebot.PrivateChat(u), Text: q.Visible,
		From: &models.User{ID: 42, IsBot: true, FirstName: "hotline", Username: "hotline_test_bot"}}
	h.fake.Push(up)
	return h.replyAfter(t, mark, u.ID)
}

// callbackText is what the bot answered to the latest button press.
func (h *harness) callbackText(t *testing.T, since int) string {
	t.Helper()
	calls := h.fake.CallsSince(since, "answerCallbackQuery")
	if len(calls) != 1 {
		t.Fatalf("%d answers to one press, want 1", len(calls))
	}
	return calls[0].Params["text"]
}

func onlyOne(t *testing.T, calls []fakebot.Call) fakebot.Call {
	t.Helper()
	if len(calls) != 1 {
		t.Fatalf("%d messages, want 1: %+v", len(calls), calls)
	}
	return calls[0]
}

// TestExtensionConversation is the whole exchange: the liaison asks, both
// supervisors receive the request, the first to press 批准 decides, the
// other is told who did, and the liaison learns the new deadline.
func TestExtensionConversation(t *testing.T) {
	h := newHarness(t, withRequests(t))
	ctx := context.Background()
	// A-003 is due at 24:00 on Friday 2026-11-27; two working days more:
	// 24:00 on Tuesday 12-01.
	got := h.say(t, alice, "/extend A-003 2 需协调市社保局核实参保记录")
	golden(t, "request_extend_submitted.zh", render(got))

	sent := h.deliver(t)
	card := onlyOne(t, sent[sam.ID])
	golden(t, "request_card.zh", render(card))
	adaCard := onlyOne(t, sent[ada.ID])
	if len(sent[alice.ID]) != 0 {
		t.Errorf("the liaison was sent %d messages", len(sent[alice.ID]))
	}

	h.clock.Add(30 * time.Minute)
	mark := h.fake.Len()
	got = h.press(t, fakebot.PrivateChat(sam), sam, card.MessageID, "approve|1|0")
	golden(t, "request_approved_card.zh", render(got))
	if text := h.callbackText(t, mark); text != "批准 #1" {
		t.Errorf("sam's press answered %q", text)
	}
	// The sender updates Ada's card in place: who decided, no buttons.
	sent = h.deliver(t)
	decided := onlyOne(t, sent[alice.ID])
	golden(t, "request_decided.zh", render(decided))
	var adaEdit *fakebot.Call
	for _, c := range h.fake.CallsSince(mark, "editMessageText") {
		if c.ChatID == ada.ID {
			adaEdit = &c
		}
	}
	if adaEdit == nil || adaEdit.MessageID != adaCard.MessageID || !strings.Contains(adaEdit.Text, "✅ 已由 Sam 于 11月27日 09:00 批准") || len(adaEdit.Buttons()) != 0 {
		t.Fatalf("ada's card was not updated in place: %+v", adaEdit)
	}
	// Ada presses 驳回 on her (already updated, or stale) card: she is told
	// who decided first.
	mark = h.fake.Len()
	h.fake.Push(fakebot.CallbackQuery(fakebot.PrivateChat(ada), ada, adaCard.MessageID, "reject|1|0", h.clock.Now()))
	answers, ok := h.fake.WaitSince(mark, 10*time.Second, func(calls []fakebot.Call) bool {
		for _, c := range calls {
			if c.Method == "answerCallbackQuery" {
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatal("ada's press was not answered")
	}
	for _, c := range answers {
		if c.Method == "answerCallbackQuery" && c.Params["text"] != "该申请已由 Sam 于 11月27日 09:00 批准。" {
			t.Errorf("ada's press answered %q", c.Params["text"])
		}
	}
	tk, err := h.st.Ticket(ctx, "A-003")
	if err != nil || !tk.DueAt.Equal(day(time.December, 2, 0, 0)) {
		t.Fatalf("A-003 due %v, %v", tk.DueAt, err)
	}
	got = h.say(t, alice, "/ticket A-003")
	golden(t, "request_ticket_record.zh", render(got))
}

// TestReturnConversation: the buttons of the ticket view, questions
// answered by replies, and a rejection with its reason.
func TestReturnConversation(t *testing.T) {
	h := newHarness(t, withRequests(t))
	view := h.say(t, alice, "/ticket A-001")
	mark := h.fake.Len()
	h.fake.Push(fakebot.CallbackQuery(fakebot.PrivateChat(alice), alice, view.MessageID, "return|A-001|0", h.clock.Now()))
	question := h.replyAfter(t, mark, alice.ID)
	golden(t, "request_return_question.zh", render(question))

	got := h.replyTo(t, alice, question, "该路段路灯由市城管局管理，非本单位职责")
	if !strings.Contains(got.Text, "已提交退单申请 #1") {
		t.Fatalf("reply to the question:\n%s", got.Text)
	}
	h.deliver(t)
	list := h.say(t, sam, "/requests")
	golden(t, "request_list.zh", render(list))
	card := h.press(t, fakebot.PrivateChat(sam), sam, list.MessageID, "requests|1|0")
	mark = h.fake.Len()
	h.fake.Push(fakebot.CallbackQuery(fakebot.PrivateChat(sam), sam, card.MessageID, "reject|1|0", h.clock.Now()))
	ask := h.replyAfter(t, mark, sam.ID)
	golden(t, "request_reject_question.zh", render(ask))
	if got := h.replyTo(t, sam, ask, "   "); !strings.Contains(got.Text, "驳回理由不能为空") {
		t.Errorf("an empty reason: %s", got.Text)
	}
	got = h.replyTo(t, sam, ask, "经核实该路段属你单位辖区，请按期办理")
	if got.Text != "已驳回申请 #1（工单 A-001），已通知岳阳县政府。" {
		t.Errorf("after the reason: %q", got.Text)
	}
	golden(t, "request_rejected.zh", render(onlyOne(t, h.deliver(t)[alice.ID])))
	if tk, _ := h.st.Ticket(context.Background(), "A-001"); tk.UnitID != h.units["岳阳县政府"] {
		t.Errorf("a rejected return moved the ticket: %+v", tk)
	}
}

func TestRequestRefusals(t *testing.T) {
	h := newHarness(t, withRequests(t))
	h.say(t, alice, "/extend A-003 1 需补充材料")
	cases := []struct {
		name, text, want string
	}{
		{"usage", "/extend", "用法：/extend 工单编号 天数 理由"},
		{"days not a number", "/extend A-001 三 理由", "用法：/extend"},
		{"no reason", "/extend A-001 2", "请写明申请理由。"},
		{"too many days", "/extend A-001 11 理由", "延期天数须为 1 至 <b>10</b> 个工作日。"},
		{"zero days", "/extend A-001 0 理由", "延期天数须为 1 至 <b>10</b> 个工作日。"},
		{"another unit's ticket", "/extend JR-4 2 理由", "未找到本单位的工单 <b>JR-4</b>"},
		{"no such ticket", "/return NOPE 理由", "未找到本单位的工单 <b>NOPE</b>"},
		{"completed", "/return YY-001 理由", "工单 <b>YY-001</b> 已办结"},
		{"after the deadline", "/extend A-HOSTILE 2 理由", "已于 11月16日 24:00 超过办理时限"},
		{"a second pending request", "/return A-003 理由", "已有一项待审核的延期申请（#1"},
		{"supervisors do not ask", "/extend A-001 2 理由", "此命令供单位联络员"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			who := alice
			if c.name == "supervisors do not ask" {
				who = sam
			}
			if got := h.say(t, who, c.text); !strings.Contains(got.Text, c.want) {
				t.Errorf("%s:\n%s\nwant it to contain %s", c.text, got.Text, c.want)
			}
		})
	}
	t.Run("more extensions than allowed", func(t *testing.T) {
		h.say(t, sam, "/approve 1")
		if got := h.say(t, alice, "/extend A-003 1 还需时间"); !strings.Contains(got.Text, "已获批延期 <b>1</b> 次，已达上限") {
			t.Errorf("%s", got.Text)
		}
	})
	t.Run("liaisons do not decide", func(t *testing.T) {
		if got := h.say(t, alice, "/approve 1"); !strings.Contains(got.Text, "督查") {
			t.Errorf("%s", got.Text)
		}
	})
}

// TestApprovedReturn: the ticket leaves the unit's lists, its view says it
// awaits re-dispatch, and the unit's export carries the request record.
func TestApprovedReturn(t *testing.T) {
	h := newHarness(t, withRequests(t))
	h.say(t, alice, "/return A-001 该路段路灯由市城管局管理")
	h.say(t, sam, "/approve 1")
	if got := h.say(t, alice, "/tickets"); strings.Contains(got.Text, "A-001") {
		t.Errorf("a returned ticket is still listed:\n%s", got.Text)
	}
	view := h.say(t, alice, "/ticket A-001")
	if !strings.Contains(view.Text, "已退回热线办，待改派") || !strings.Contains(view.Text, "退单申请") || len(view.Buttons()) != 0 {
		t.Errorf("the returned ticket's view:\n%s", render(view))
	}
	if got := h.say(t, bob, "/ticket A-001"); !strings.Contains(got.Text, "未找到工单") {
		t.Errorf("another unit's liaison sees the returned ticket:\n%s", got.Text)
	}
	if got := h.say(t, sam, "/ticket A-001"); !strings.Contains(got.Text, "已批准（Sam") || len(got.Buttons()) != 0 {
		t.Errorf("the supervisor's view:\n%s", render(got))
	}
	doc := h.say(t, alice, "/export")
	if len(doc.Documents) != 1 {
		t.Fatalf("/export sent no document:\n%s", render(doc))
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc.Documents[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(report.RequestSheetName)
	if err != nil || len(rows) != 2 || rows[1][1] != "A-001" || rows[1][3] != "退单" || rows[1][10] != "批准" {
		t.Errorf("the export's request sheet: %q, %v", rows, err)
	}
}

// TestRequestNoticesInEnglish: the card and the decision as an English
// reader gets them (the buttons stay 批准 / 驳回, as the office names them).
func TestRequestNoticesInEnglish(t *testing.T) {
	q := domain.Request{ID: 7, TicketNo: "A-003", UnitName: "岳阳县政府", Kind: domain.RequestExtend, Days: 2,
		Reason: "needs the social security bureau's records", RequestedBy: "Alice", RequestedAt: day(time.November, 27, 8, 30),
		Dispatched: day(time.November, 24, 9, 0), DueBefore: day(time.November, 28, 0, 0), DueAfter: day(time.December, 2, 0, 0),
		Status: domain.RequestPending}
	line := domain.TicketLine{No: "A-003", UnitName: "岳阳县政府", Category: domain.Inquiry, Topic: "咨询社保", DueAt: q.DueBefore}
	en := domain.Contact{Lang: domain.LangEN, Role: domain.RoleSupervisor}
	card := bot.RenderNotice(domain.Notice{Kind: domain.NoticeRequest, At: q.RequestedAt, Tickets: []domain.TicketLine{line}, Request: &q}, en, shanghai)
	decided := q
	decided.Status, decided.DecidedBy, decided.DecidedAt, decided.DecisionReason = domain.RequestRejected, "Sam", day(time.November, 27, 9, 0), "please finish on time"
	rejected := bot.RenderNotice(domain.Notice{Kind: domain.NoticeDecision, At: decided.DecidedAt, Tickets: []domain.TicketLine{line}, Request: &decided},
		domain.Contact{Lang: domain.LangEN, Role: domain.RoleLiaison}, shanghai)
	golden(t, "request_notices.en", card+"\n\n"+rejected)
}
