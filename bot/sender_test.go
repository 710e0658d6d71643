package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

// fixedGen is a leader generation that never changes.
type fixedGen int64

func (g fixedGen) Generation() int64 { return int64(g) }

// senderEnv is a SQLite store holding the leader lease, a unit, and a fake
// Bot API.
type senderEnv struct {
	t    *testing.T
	ctx  context.Context
	st   *store.Store
	fake *fakebot.Server
	gen  int64
	unit domain.Unit
	logs *bytes.Buffer
}

func newSenderEnv(t *testing.T, opts ...fakebot.Option) *senderEnv {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t, storetest.SQLite(t))
	if _, _, err := st.UpsertUnits(ctx, []domain.Unit{{Name: "岳阳县政府", Kind: domain.District}}); err != nil {
		t.Fatal(err)
	}
	u, err := st.UnitByName(ctx, "岳阳县政府")
	if err != nil {
		t.Fatal(err)
	}
	gen, ok, err := st.AcquireLease(ctx, "test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	return &senderEnv{t: t, ctx: ctx, st: st, fake: fakebot.New(t, opts...), gen: gen, unit: u, logs: &bytes.Buffer{}}
}

// bind makes chat a contact: a liaison of the unit, or a supervisor/admin.
func (e *senderEnv) bind(role domain.Role, chat int64, lang string) domain.Contact {
	e.t.Helper()
	unitID := int64(0)
	if role == domain.RoleLiaison {
		unitID = e.unit.ID
	}
	code, err := e.st.CreateInvite(e.ctx, role, unitID, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.st.RedeemInvite(e.ctx, code, domain.Chat{ChatID: chat, UserID: chat, Name: fmt.Sprintf("chat %d", chat),
		IsGroup: chat < 0, Lang: lang}, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// sender builds a sender talking to the fake through the bot's own client.
func (e *senderEnv) sender(limiter Limiter, opts SenderOptions) *Sender {
	e.t.Helper()
	api, err := NewClient(ClientConfig{Token: e.fake.Token(), APIURL: e.fake.URL()})
	if err != nil {
		e.t.Fatal(err)
	}
	opts.Log = slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs}, nil))
	if opts.Poll == 0 {
		opts.Poll = 10 * time.Millisecond
	}
	tr := NewTransport(TransportDeps{Limiter: limiter, Contacts: e.st, Admins: e.st, Fence: fixedGen(e.gen)},
		TransportOptions{Now: opts.Now, Log: opts.Log})
	return NewSender(SenderDeps{API: api, Outbox: e.st, Recipients: e.st, Transport: tr, Fence: fixedGen(e.gen)}, opts)
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// enqueue queues n overdue alerts for the audience, created at at.
func (e *senderEnv) enqueue(a domain.Audience, n int, at time.Time) {
	e.t.Helper()
	var notes []domain.Notification
	for i := range n {
		notice := domain.Notice{Kind: domain.NoticeOverdue, At: at, Unit: e.unit, Tickets: []domain.TicketLine{{
			No: fmt.Sprintf("A-%03d", i), UnitID: e.unit.ID, UnitName: e.unit.Name, Category: domain.Help,
			Topic: "路灯不亮", DueAt: at.Add(-time.Hour)}}}
		notes = append(notes, domain.Notification{Key: fmt.Sprintf("test:%d:%d", a.UnitID, i), Audience: a,
			NotBefore: at, CreatedAt: at, Notice: notice})
	}
	if _, err := e.st.Enqueue(e.ctx, e.gen, notes); err != nil {
		e.t.Fatal(err)
	}
}

// runSender runs s until the test ends.
func runSender(t *testing.T, s *Sender) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		_ = s.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func (e *senderEnv) depth() int {
	e.t.Helper()
	n, err := e.st.OutboxDepth(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// sentTo counts the successful sends per chat.
func sentTo(calls []fakebot.Call) map[int64]int {
	out := map[int64]int{}
	for _, c := range calls {
		if c.Method == "sendMessage" && c.OK() {
			out[c.ChatID]++
		}
	}
	return out
}

func okSends(calls []fakebot.Call) []fakebot.Call {
	var out []fakebot.Call
	for _, c := range calls {
		if c.Method == "sendMessage" && c.OK() {
			out = append(out, c)
		}
	}
	return out
}

var supervisorsAudience = domain.Audience{Kind: domain.AudienceSupervisors}

// A burst to 200 chats (five of them groups) plus three alerts each to five
// liaisons of one unit, on the limiter with windows scaled down (a
// "second" of 100 ms): measured where Telegram would count, at the fake
// server's arrival times, no window holds more than 30 and no chat gets
// two messages within its gap.
func TestSendBurstWithinLimits(t *testing.T) {
	e := newSenderEnv(t)
	const chats = 200
	for i := range chats {
		chat := int64(5000 + i)
		if i%40 == 0 {
			chat = -chat // a few group chats among them
		}
		e.bind(domain.RoleSupervisor, chat, domain.LangZH)
	}
	for i := range 5 {
		e.bind(domain.RoleLiaison, int64(9000+i), domain.LangEN)
	}
	e.enqueue(supervisorsAudience, 1, time.Now())
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 3, time.Now())
	want := chats + 5*3
	lim := scaledLimits()
	lim.PerChat = 100 * time.Millisecond
	s := e.sender(NewLimiter(lim), SenderOptions{Workers: 16})
	start := time.Now()
	runSender(t, s)
	calls, ok := e.fake.WaitSince(0, 20*time.Second, fakebot.Count("sendMessage", want))
	sends := okSends(calls)
	if !ok {
		t.Fatalf("only %d of %d messages sent", len(sends), want)
	}
	peakPerWindow := fakebot.MaxWithin(sends, lim.Second)
	t.Logf("%d messages in %v; peak %d per %v window (limit %d)", len(sends), time.Since(start).Round(time.Millisecond), peakPerWindow, lim.Second, lim.PerSecond)
	if peakPerWindow > lim.PerSecond {
		t.Errorf("peak %d messages within %v, limit %d", peakPerWindow, lim.Second, lim.PerSecond)
	}
	byChat := map[int64][]fakebot.Call{}
	for _, c := range sends {
		byChat[c.ChatID] = append(byChat[c.ChatID], c)
	}
	for chat, cs := range byChat {
		if n := len(cs); (chat >= 9000 && n != 3) || (chat < 9000 && n != 1) {
			t.Errorf("chat %d got %d messages", chat, n)
		}
		if n := fakebot.MaxWithin(cs, lim.PerChat); n > 1 {
			t.Errorf("chat %d: %d messages within %v", chat, n, lim.PerChat)
		}
	}
	waitDepth(t, e, 0)
}

func waitDepth(t *testing.T, e *senderEnv, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for e.depth() != want {
		if time.Now().After(deadline) {
			t.Fatalf("outbox depth %d, want %d", e.depth(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSendHonoursRetryAfter(t *testing.T) {
	e := newSenderEnv(t)
	e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	e.fake.RateLimit(1, 1)
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 1, time.Now())
	runSender(t, e.sender(NewLimiter(scaledLimits()), SenderOptions{}))
	calls, ok := e.fake.WaitSince(0, 5*time.Second, fakebot.Count("sendMessage", 2))
	if !ok || len(calls) < 2 {
		t.Fatalf("calls %d", len(calls))
	}
	if calls[0].Status != 429 || !calls[1].OK() {
		t.Fatalf("statuses %d, %d", calls[0].Status, calls[1].Status)
	}
	if gap := calls[1].Time.Sub(calls[0].Time); gap < time.Second {
		t.Errorf("retried %v after a 429 with retry_after 1", gap)
	}
	waitDepth(t, e, 0)
}

// A 30-second outage on a fake clock: the fake Bot API answers 502 for 30
// of its seconds, while the sender (on the same clock, with its real backoff
// of 2 s doubling to 30 s) keeps the notifications and retries. The clock
// runs 100 times faster than real time, so the outage takes 0.3 s.
func TestSendSurvivesOutage(t *testing.T) {
	clk := testkit.NewFastClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC), 100)
	e := newSenderEnv(t, fakebot.WithClock(clk.Now))
	for i := range 5 {
		e.bind(domain.RoleSupervisor, int64(2000+i), domain.LangZH)
	}
	e.fake.Outage(30*time.Second, 502)
	e.enqueue(supervisorsAudience, 3, clk.Now())
	runSender(t, e.sender(NoLimit{}, SenderOptions{Now: clk.Now}))
	calls, ok := e.fake.WaitSince(0, 10*time.Second, func(cs []fakebot.Call) bool { return len(okSends(cs)) >= 15 })
	if !ok {
		t.Fatalf("%d of 15 messages delivered after the outage", len(okSends(calls)))
	}
	failed := 0
	for _, c := range calls {
		if c.Status == 502 {
			failed++
		}
	}
	if failed == 0 {
		t.Error("no send met the outage")
	}
	for chat, n := range sentTo(calls) {
		if n != 3 {
			t.Errorf("chat %d got %d messages, want 3 (none lost, none twice)", chat, n)
		}
	}
	waitDepth(t, e, 0)
	t.Logf("%d sends refused during the outage; all 15 delivered after it", failed)
}

func TestSendBlockedContactIsDeactivated(t *testing.T) {
	e := newSenderEnv(t)
	blockedC := e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	e.bind(domain.RoleLiaison, 1002, domain.LangEN)
	e.bind(domain.RoleAdmin, 1003, domain.LangZH)
	e.fake.Block(1001)
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 2, time.Now())
	runSender(t, e.sender(NewLimiter(scaledLimits()), SenderOptions{}))
	calls, ok := e.fake.WaitSince(0, 5*time.Second, func(cs []fakebot.Call) bool { return sentTo(cs)[1003] == 1 && sentTo(cs)[1002] == 2 })
	if !ok {
		t.Fatalf("sent %v", sentTo(calls))
	}
	c, err := e.st.ContactByID(e.ctx, blockedC.ID)
	if err != nil || c.Active {
		t.Errorf("blocked contact still active: %+v %v", c, err)
	}
	attempts := 0
	for _, call := range calls {
		if call.ChatID == 1001 {
			attempts++
		}
	}
	if attempts != 1 {
		t.Errorf("%d sends to the blocked chat, want 1", attempts)
	}
	for _, call := range okSends(calls) {
		if call.ChatID == 1003 && !bytes.Contains([]byte(call.Text), []byte("联系人已停用")) {
			t.Errorf("admin told %q", call.Text)
		}
	}
	waitDepth(t, e, 0)
}

func TestSendBadRequestIsNotRetried(t *testing.T) {
	e := newSenderEnv(t)
	e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	e.fake.FailNext("sendMessage", 400, "Bad Request: can't parse entities")
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 2, time.Now())
	m := NewSenderMetrics(prometheus.NewRegistry())
	runSender(t, e.sender(NewLimiter(scaledLimits()), SenderOptions{Metrics: m}))
	waitDepth(t, e, 0) // both closed: nothing is left to retry
	if sent, failed := counterValue(t, m.sentTotal), counterValue(t, m.failedTotal.WithLabelValues("bad_request")); sent != 1 || failed != 1 {
		t.Errorf("metrics: sent %v, failed %v", sent, failed)
	}
	calls := e.fake.Calls("sendMessage")
	if len(calls) != 2 || calls[0].Status != 400 || !calls[1].OK() {
		t.Errorf("calls %d", len(calls))
	}
	if !bytes.Contains(e.logs.Bytes(), []byte("can't parse entities")) || !bytes.Contains(e.logs.Bytes(), []byte("A-000")) {
		t.Errorf("the refusal was not logged with its message:\n%s", e.logs)
	}
}

func TestSendWaitsForAContact(t *testing.T) {
	e := newSenderEnv(t)
	clk := testkit.NewClock(time.Now())
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 1, clk.Now())
	s := e.sender(NoLimit{}, SenderOptions{Now: clk.Now})
	if _, err := s.Flush(e.ctx); err != nil {
		t.Fatal(err)
	}
	if e.depth() != 1 || len(e.fake.Calls("sendMessage")) != 0 {
		t.Fatalf("a notification to a unit without contacts was dropped or sent")
	}
	e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	clk.Add(noContactRetry)
	if _, err := s.Flush(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got := sentTo(e.fake.Calls("sendMessage"))[1001]; got != 1 || e.depth() != 0 {
		t.Errorf("after binding: %d sent, depth %d", got, e.depth())
	}
}

func TestSendSplitsLongMessages(t *testing.T) {
	e := newSenderEnv(t)
	e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	at := time.Now()
	// Alerts are one screen each; a text longer than a message (here a
	// contact's absurdly long name) still goes out whole, in parts.
	note := domain.Notification{Key: "long", Audience: domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID},
		NotBefore: at, CreatedAt: at, Notice: domain.Notice{Kind: domain.NoticeContactBlocked, At: at, Contact: &domain.BlockedContact{
			ContactID: 9, Name: strings.Repeat("很长的名字", 1000), Role: "liaison", UnitName: e.unit.Name, ChatID: 9}}}
	if _, err := e.st.Enqueue(e.ctx, e.gen, []domain.Notification{note}); err != nil {
		t.Fatal(err)
	}
	s := e.sender(NoLimit{}, SenderOptions{})
	if _, err := s.Flush(e.ctx); err != nil {
		t.Fatal(err)
	}
	calls := e.fake.Calls("sendMessage")
	if len(calls) < 2 {
		t.Fatalf("%d messages, want the alert split", len(calls))
	}
	for i, c := range calls {
		if !c.OK() {
			t.Errorf("part %d refused: %s", i, c.Description)
		}
	}
}

func TestSendFencedLeaderSendsNothing(t *testing.T) {
	e := newSenderEnv(t)
	e.bind(domain.RoleLiaison, 1001, domain.LangZH)
	e.enqueue(domain.Audience{Kind: domain.AudienceUnit, UnitID: e.unit.ID}, 1, time.Now())
	if _, ok, err := e.st.AcquireLease(e.ctx, "other", time.Hour, time.Now(), true); err != nil || !ok {
		t.Fatal(err)
	}
	s := e.sender(NoLimit{}, SenderOptions{})
	if _, err := s.Flush(e.ctx); err == nil {
		t.Error("a fenced pass reported no error")
	}
	if n := len(e.fake.Calls("sendMessage")); n != 0 || e.depth() != 1 {
		t.Errorf("fenced sender sent %d messages; depth %d", n, e.depth())
	}
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
