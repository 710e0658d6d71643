package bot_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var shanghai = testkit.Shanghai()

// testNow is the instant every bot test is pinned to: a Friday morning in
// the fourth quarter of 2026.
var testNow = time.Date(2026, 11, 27, 8, 30, 0, 0, shanghai)

// The people and chats of the tests.
var (
	alice   = fakebot.Person(1001, "Alice", "alice") // liaison of 岳阳县政府
	sam     = fakebot.Person(1002, "Sam", "sam")     // supervisor
	ada     = fakebot.Person(1003, "Ada", "ada")     // admin
	eve     = fakebot.Person(1004, "Eve", "eve")     // stranger
	bob     = fakebot.Person(1005, "Bob", "bob")     // liaison of 市金融办
	carol   = fakebot.Person(1006, "Carol", "carol") // binds during tests
	yyGroup = fakebot.GroupChat(-2001, "岳阳县政府工单群")   // bound by Carol in a test
)

// harness is a running bot against the fake Bot API and a real SQLite
// store.
type harness struct {
	t     *testing.T
	fake  *fakebot.Server
	st    *store.Store
	svc   *bot.Service
	units map[string]int64
	snaps *fakeSnapshots

	clock *testkit.Clock

	stopOnce sync.Once
	cancel   context.CancelFunc
	done     chan struct{}
}

// fakeSnapshots is a hand-written Snapshots: the latest report per period.
type fakeSnapshots struct {
	mu      sync.Mutex
	reports map[string]domain.Report
}

func (f *fakeSnapshots) LatestSnapshot(_ context.Context, p domain.Period) (domain.Report, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.reports[p.String()]
	return r, ok, nil
}

func (f *fakeSnapshots) put(r domain.Report) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports[r.Period.String()] = r
}

type harnessOption func(*bot.Options, *bot.Deps)

// officialCalendar is the shipped calendar of working days.
func officialCalendar(t *testing.T) *domain.Calendar {
	t.Helper()
	cal, err := domain.NewCalendar(2017, 2027, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// newHarness starts the bot on a fresh store holding the fixture (units,
// tickets, and the bound contacts of alice, sam, ada and bob).
func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	return newHarnessWith(t, nil, opts...)
}

// newHarnessWith is newHarness with options for the fake Bot API.
func newHarnessWith(t *testing.T, fakeOpts []fakebot.Option, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t, storetest.SQLite(t))
	fake := fakebot.New(t, append([]fakebot.Option{fakebot.WithUsername("hotline_test_bot")}, fakeOpts...)...)
	h := &harness{t: t, fake: fake, st: st, clock: testkit.NewClock(testNow),
		snaps: &fakeSnapshots{reports: map[string]domain.Report{}}}
	h.units = loadFixture(t, st)
	h.bindFixture()
	cfg := bot.Options{
		Token: h.fake.Token(), APIURL: h.fake.URL(), Location: shanghai,
		Scheme: domain.DefaultScheme(), PeriodKind: domain.Quarter, HandlerTimeout: 10 * time.Second,
		Calendar: officialCalendar(t), RankMinTickets: 10,
	}
	deps := bot.Deps{Store: st, Snapshots: h.snaps, Now: h.clock.Now,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	for _, o := range opts {
		o(&cfg, &deps)
	}
	svc, err := bot.New(deps, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	runCtx, cancel := context.WithCancel(ctx)
	h.cancel, h.done = cancel, make(chan struct{})
	go func() { svc.Run(runCtx); close(h.done) }()
	t.Cleanup(h.stop)
	h.ready(t)
	return h
}

// ready waits until the bot has finished starting: the strangers' menus
// (zh, en) and each bound contact's menu are set.
func (h *harness) ready(t *testing.T) {
	t.Helper()
	cs, err := h.st.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.fake.WaitSince(0, 5*time.Second, fakebot.Count("setMyCommands", 2+len(cs))); !ok {
		t.Fatal("the bot did not finish starting")
	}
}

// stop ends Run and waits for it to return.
func (h *harness) stop() {
	h.stopOnce.Do(func() {
		h.cancel()
		<-h.done
	})
}

// testWriter sends the bot's warnings to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// bindFixture binds the standing contacts straight through the store.
func (h *harness) bindFixture() {
	h.bind(alice, domain.RoleLiaison, h.units["岳阳县政府"])
	h.bind(bob, domain.RoleLiaison, h.units["市金融办"])
	h.bind(sam, domain.RoleSupervisor, 0)
	h.bind(ada, domain.RoleAdmin, 0)
}

func (h *harness) bind(u models.User, role domain.Role, unitID int64) {
	h.t.Helper()
	ctx := context.Background()
	code, err := h.st.CreateInvite(ctx, role, unitID, time.Hour, testNow.Add(-time.Hour))
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.st.RedeemInvite(ctx, code, domain.Chat{ChatID: u.ID, UserID: u.ID, Name: u.FirstName}, testNow.Add(-time.Hour)); err != nil {
		h.t.Fatal(err)
	}
}

// setLang switches the standing contacts' language.
func (h *harness) setLang(lang string) {
	for _, u := range []models.User{alice, bob, sam, ada} {
		if err := h.st.SetLang(context.Background(), u.ID, lang); err != nil {
			h.t.Fatal(err)
		}
	}
}

// replyMethods are the calls that show the user something.
var replyMethods = []string{"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}

// say sends text from user in the user's private chat and returns the
// bot's reply.
func (h *harness) say(t testing.TB, u models.User, text string) fakebot.Call {
	t.Helper()
	return h.sayIn(t, fakebot.PrivateChat(u), u, text)
}

// sayIn sends text from user in chat and returns the bot's reply there.
func (h *harness) sayIn(t testing.TB, chat models.Chat, u models.User, text string) fakebot.Call {
	t.Helper()
	mark := h.fake.Len()
	h.fake.Push(fakebot.TextMessage(chat, u, text, h.clock.Now()))
	return h.replyAfter(t, mark, chat.ID)
}

// press presses the inline button with data under the message messageID.
func (h *harness) press(t testing.TB, chat models.Chat, u models.User, messageID int, data string) fakebot.Call {
	t.Helper()
	mark := h.fake.Len()
	h.fake.Push(fakebot.CallbackQuery(chat, u, messageID, data, h.clock.Now()))
	return h.replyAfter(t, mark, chat.ID)
}

func (h *harness) replyAfter(t testing.TB, mark int, chatID int64) fakebot.Call {
	t.Helper()
	calls, ok := h.fake.WaitSince(mark, 10*time.Second, func(calls []fakebot.Call) bool {
		for _, c := range replies(calls, chatID) {
			if c.OK() {
				return true
			}
		}
		return false
	})
	for _, c := range replies(calls, chatID) {
		if c.Status == http.StatusBadRequest && !strings.Contains(c.Description, "message to edit not found") {
			t.Fatalf("Telegram refused a reply: %d %s\n%s", c.Status, c.Description, c.Text)
		}
	}
	if !ok {
		t.Fatalf("no reply in chat %d; calls since: %+v", chatID, calls)
	}
	for _, c := range replies(calls, chatID) {
		if c.OK() {
			assertOneAction(t, c)
			return c
		}
	}
	panic("unreachable")
}

// assertOneAction fails unless every inline button of c, as it went over
// the wire, carries exactly one action field (callback_data).
func assertOneAction(t testing.TB, c fakebot.Call) {
	t.Helper()
	raw := c.Params["reply_markup"]
	if raw == "" {
		return
	}
	var m struct {
		InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reply_markup %s: %v", raw, err)
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if _, ok := b["callback_data"]; !ok || len(b) != 2 {
				t.Fatalf("button %s: want text and callback_data only", raw)
			}
		}
	}
}

func replies(calls []fakebot.Call, chatID int64) []fakebot.Call {
	var out []fakebot.Call
	for _, c := range calls {
		for _, m := range replyMethods {
			if c.Method == m && c.ChatID == chatID {
				out = append(out, c)
			}
		}
	}
	return out
}

// codeRe finds invite codes, which are random, so golden files hold CODE.
var codeRe = regexp.MustCompile(`\b[A-Z2-7]{16}\b`)

// render is a reply as its golden file holds it: the text, then the
// buttons with their callback data.
func render(c fakebot.Call) string {
	var b strings.Builder
	b.WriteString(codeRe.ReplaceAllString(c.Text, "CODE"))
	if c.ReplyMarkup != nil {
		b.WriteString("\n---")
		for _, row := range c.ReplyMarkup.InlineKeyboard {
			b.WriteString("\n")
			for i, btn := range row {
				if i > 0 {
					b.WriteString("  ")
				}
				fmt.Fprintf(&b, "[%s → %s]", btn.Text, btn.CallbackData)
			}
		}
	}
	if c.ForceReply {
		b.WriteString("\n--- force_reply")
	}
	for _, d := range c.Documents {
		fmt.Fprintf(&b, "\n--- document %s (%d bytes)", d.Filename, len(d.Data))
	}
	return b.String() + "\n"
}

// golden compares got with testdata/name.golden, or rewrites it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/ -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file\n--- got\n%s--- want\n%s", path, got, want)
	}
}
