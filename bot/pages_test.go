package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/report"
)

// addBusyUnit adds a unit with n open tickets, long and hostile texts
// among them, and binds liaison to it.
func (h *harness) addBusyUnit(t *testing.T, name string, n int) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := h.st.UpsertUnits(ctx, []domain.Unit{{Name: name, Kind: domain.District}}); err != nil {
		t.Fatal(err)
	}
	u, err := h.st.UnitByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	h.units[name] = u.ID
	ts := make([]domain.Ticket, n)
	for i := range ts {
		ts[i] = domain.Ticket{
			No: fmt.Sprintf("BUSY-%04d", i), UnitID: u.ID, Category: domain.Complaint, Urgent: i%7 == 0,
			Topic:        strings.Repeat("<script>&</script>很长的诉求分类", 1+i%3),
			DispatchedAt: testNow.Add(-time.Duration(200-i) * time.Hour),
			DueAt:        testNow.Add(time.Duration(i-60) * time.Hour),
			Summary:      strings.Repeat("市民反映情况，", 500),
		}
	}
	if _, err := h.st.UpsertTickets(ctx, ts); err != nil {
		t.Fatal(err)
	}
}

var busyNoRe = regexp.MustCompile(`BUSY-\d{4}`)

// TestLongListPages pages through a unit's 125 open tickets with the
// buttons: every ticket appears once, in due order, and no message is over
// Telegram's limit.
func TestLongListPages(t *testing.T) {
	h := newHarness(t)
	h.addBusyUnit(t, "繁忙单位", 125)
	busy := fakebot.Person(1010, "Busy", "busy")
	h.bind(busy, domain.RoleLiaison, h.units["繁忙单位"])
	chat := fakebot.PrivateChat(busy)

	first := h.say(t, busy, "/tickets")
	golden(t, "tickets_page1.zh", render(first))
	seen := map[string]int{}
	var order []string
	page, pages := first, 0
	for {
		pages++
		if n := fakebot.TextLength(page.Visible); n > fakebot.MaxMessageLength {
			t.Fatalf("page %d is %d long", pages, n)
		}
		for _, no := range busyNoRe.FindAllString(page.Text, -1) {
			seen[no]++
			order = append(order, no)
		}
		next := ""
		for _, b := range page.Buttons() {
			if len(b.CallbackData) > 64 {
				t.Fatalf("callback data %q over 64 bytes", b.CallbackData)
			}
			if strings.Contains(b.Text, "下一页") {
				next = b.CallbackData
			}
		}
		if next == "" {
			break
		}
		page = h.press(t, chat, busy, first.MessageID, next)
		if page.Method != "editMessageText" || page.MessageID != first.MessageID {
			t.Fatalf("page %d came as %s of message %d, want an edit of %d", pages+1, page.Method, page.MessageID, first.MessageID)
		}
	}
	if pages != 13 || len(seen) != 125 {
		t.Fatalf("%d pages, %d distinct tickets; want 13 and 125", pages, len(seen))
	}
	for i, no := range order {
		if want := fmt.Sprintf("BUSY-%04d", i); no != want || seen[no] != 1 {
			t.Fatalf("ticket %d is %s (seen %d times), want %s once", i, no, seen[no], want)
		}
	}
	golden(t, "tickets_page13.zh", render(page))

	back := h.press(t, chat, busy, first.MessageID, "tickets||11")
	if !strings.Contains(back.Text, "第 12/13 页") {
		t.Fatalf("going back answered %q", back.Text)
	}
	beyond := h.press(t, chat, busy, first.MessageID, "tickets||99")
	if !strings.Contains(beyond.Text, "第 13/13 页") {
		t.Fatalf("a page past the end answered %q", beyond.Text)
	}
	detail := h.say(t, busy, "/ticket BUSY-0001")
	if n := fakebot.TextLength(detail.Visible); n > fakebot.MaxMessageLength || !strings.Contains(detail.Text, "…</blockquote>") {
		t.Fatalf("a ticket with a long summary: %d long\n%s", n, detail.Text)
	}
}

// TestRankingPages pages the ranking of many units, hostile names among
// them, and shows a hostile name in the summary escaped.
func TestRankingPages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var units []domain.Unit
	for i := 0; i < 45; i++ {
		units = append(units, domain.Unit{Name: fmt.Sprintf("<script>&</script>单位%02d", i), Kind: domain.Department})
	}
	if _, _, err := h.st.UpsertUnits(ctx, units); err != nil {
		t.Fatal(err)
	}
	for i := range units {
		u, err := h.st.UnitByName(ctx, units[i].Name)
		if err != nil {
			t.Fatal(err)
		}
		late := 6 * 24 * time.Hour
		if i > 0 {
			late = time.Duration(i) * time.Hour
		}
		if _, err := h.st.UpsertTickets(ctx, completed(u.ID, fmt.Sprintf("HX%02d-", i)+"%02d", 10, day(time.October, 10, 9, 0), late)); err != nil {
			t.Fatal(err)
		}
	}
	first := h.say(t, sam, "/ranking")
	if !strings.Contains(first.Text, "共 <b>51</b> 家，第 1/3 页") {
		t.Fatalf("ranking page 1:\n%s", first.Text)
	}
	last := h.press(t, fakebot.PrivateChat(sam), sam, first.MessageID, "ranking|2026Q4|2")
	golden(t, "ranking_page3.zh", render(last))

	summary := h.say(t, sam, "/summary")
	golden(t, "summary_hostile.zh", render(summary))
	if !strings.Contains(summary.Visible, "<script>&</script>单位00") {
		t.Fatalf("the hostile name is not shown as text:\n%s", summary.Visible)
	}
}

// TestReportIsARealWorkbook opens the /report document with excelize.
func TestReportIsARealWorkbook(t *testing.T) {
	h := newHarness(t)
	got := h.say(t, sam, "/report 2026Q4")
	if got.Method != "sendDocument" || len(got.Documents) != 1 {
		t.Fatalf("reply %+v", got)
	}
	f, err := excelize.OpenReader(bytes.NewReader(got.Documents[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(report.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"综合评价A类单位", "无工单办理单位", "岳阳县政府", "市审计局", "等级评价"} {
		if !strings.Contains(text, want) {
			t.Errorf("workbook lacks %q:\n%s", want, text)
		}
	}
	if bad := h.say(t, sam, "/report Q3"); !strings.Contains(bad.Text, "无法识别“Q3”") || !strings.Contains(bad.Text, "用法：/report") {
		t.Fatalf("/report Q3 answered %q", bad.Text)
	}
}

// TestSummaryReadsSnapshot checks city-wide answers read the latest
// snapshot and say its time, and compute live when it is stale.
func TestSummaryReadsSnapshot(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	units, err := h.st.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := domain.PeriodAt(domain.Quarter, testNow, shanghai)
	counts := map[int64]domain.Counts{h.units["市审计局"]: {Should: 10, Handled: 10}}
	h.snaps.put(domain.NewReport(p, testNow.Add(-30*time.Minute), units, counts, domain.DefaultScheme()))

	got := h.say(t, sam, "/summary")
	if !strings.Contains(got.Text, "截至 11月27日 08:00") || !strings.Contains(got.Text, "无工单 5") {
		t.Fatalf("summary from the snapshot:\n%s", got.Text)
	}
	ranking := h.say(t, sam, "/ranking")
	if !strings.Contains(ranking.Text, "1. 市审计局 · A") {
		t.Fatalf("ranking from the snapshot:\n%s", ranking.Text)
	}
	h.clock.Set(testNow.Add(3 * time.Hour))
	if got := h.say(t, sam, "/summary"); !strings.Contains(got.Text, "截至 11月27日 11:30") {
		t.Fatalf("a stale snapshot was used:\n%s", got.Text)
	}
}
