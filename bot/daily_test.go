package bot_test

import (
	"bytes"
	"context"
	"fmt"
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

// TestDailyCommandsGolden asks the daily-work commands with each argument
// form, in Chinese and English, and compares the replies with golden files.
func TestDailyCommandsGolden(t *testing.T) {
	h := newHarness(t)
	h.addTickets(t, domain.Ticket{No: "YY202611300001", UnitID: h.units["岳阳县政府"], Category: domain.Help, Topic: "供水中断",
		DispatchedAt: day(time.November, 25, 9, 0), DueAt: day(time.November, 30, 15, 0)},
		domain.Ticket{No: "YY202612010001", UnitID: h.units["岳阳县政府"], Category: domain.Help, Topic: "不在窗口内",
			DispatchedAt: day(time.November, 25, 9, 0), DueAt: day(time.December, 1, 15, 0)},
		domain.Ticket{No: "GH202611300002", UnitID: h.units["市规划局"], Category: domain.Inquiry, Topic: "规划咨询",
			DispatchedAt: day(time.November, 26, 9, 0), DueAt: day(time.December, 1, 0, 0)})
	cases := []struct {
		name string
		user models.User
		text string
	}{
		{"liaison_due", alice, "/due"},
		{"liaison_due_polite", alice, "麻烦看一下 /due 谢谢"},
		{"liaison_ticket_lower_case", alice, "/ticket  a-001 "},
		{"liaison_grade_past", alice, "/grade 上季度"},
		{"liaison_grade_future", alice, "/grade 2027年第一季度"},
		{"liaison_grade_bad", alice, "/grade xyz"},
		{"supervisor_due", sam, "/due"},
		{"supervisor_ticket_other_unit", sam, "/ticket jr-4"},
		{"supervisor_ticket_missing", sam, "/ticket YY202610006786"},
		{"supervisor_ticket_usage", sam, "/ticket"},
		{"supervisor_unit_period", sam, "/unit 临湘 2026年三季度"},
		{"supervisor_unit_bad_period", sam, "/unit 临湘 2026Q9"},
		{"supervisor_unit_usage", sam, "/unit"},
		{"supervisor_overdue_unit", sam, "/overdue_all 岳阳县"},
		{"supervisor_overdue_ambiguous", sam, "/overdue_all 岳阳"},
		{"supervisor_overdue_missing", sam, "/overdue_all 市房产服务中心"},
		{"supervisor_ranking_district", sam, "/ranking 县市区"},
		{"supervisor_ranking_department_past", sam, "/ranking 市直单位 上季度"},
		{"supervisor_ranking_empty_period", sam, "/ranking 2026年1月"},
		{"supervisor_ranking_bad", sam, "/ranking 县市区 2026Q3 多余"},
		{"supervisor_export_future", sam, "/export 2027-01"},
		{"supervisor_export_bad", sam, "/export 金融办 2026Q9"},
		{"supervisor_export_ambiguous", sam, "/export 岳阳 上季度"},
		{"liaison_export_empty", alice, "/export 2026-01"},
	}
	for _, lang := range []string{domain.LangZH, domain.LangEN} {
		h.setLang(lang)
		for _, tc := range cases {
			t.Run(tc.name+"_"+lang, func(t *testing.T) {
				golden(t, tc.name+"."+lang, render(h.say(t, tc.user, tc.text)))
			})
		}
	}
}

// document sends text from user and returns the document the bot sends
// back, after any messages before it.
func (h *harness) document(t *testing.T, u models.User, text string) fakebot.Call {
	t.Helper()
	mark := h.fake.Len()
	h.fake.Push(fakebot.TextMessage(fakebot.PrivateChat(u), u, text, h.clock.Now()))
	calls, ok := h.fake.WaitSince(mark, 10*time.Second, func(calls []fakebot.Call) bool {
		return len(documentsTo(calls, u.ID)) > 0
	})
	if !ok {
		t.Fatalf("no document for %s; calls: %+v", text, calls)
	}
	return documentsTo(calls, u.ID)[0]
}

func documentsTo(calls []fakebot.Call, chatID int64) []fakebot.Call {
	var out []fakebot.Call
	for _, c := range calls {
		if c.Method == "sendDocument" && c.ChatID == chatID && c.OK() {
			out = append(out, c)
		}
	}
	return out
}

// addTickets stores tickets besides the fixture's.
func (h *harness) addTickets(t *testing.T, ts ...domain.Ticket) {
	t.Helper()
	if _, err := h.st.UpsertTickets(context.Background(), ts); err != nil {
		t.Fatal(err)
	}
}

// TestSupervisorOpensAnotherUnitsTicket: supervisors and admins see any
// unit's ticket whatever the case and spaces typed; a liaison still sees
// only its own.
func TestSupervisorOpensAnotherUnitsTicket(t *testing.T) {
	h := newHarness(t)
	want := h.say(t, sam, "/ticket JR-4").Text
	if !strings.Contains(want, "工单 <b>JR-4</b> · 市金融办") || !strings.Contains(want, "他单位的工单。") {
		t.Fatalf("supervisor's /ticket JR-4:\n%s", want)
	}
	cases := []struct {
		name string
		user models.User
		text string
		same bool
	}{
		{"supervisor, lower case", sam, "/ticket jr-4", true},
		{"supervisor, spaces", sam, "/ticket \u3000 JR-4  ", true},
		{"supervisor, full-width", sam, "/ticket ＪＲ－４", true},
		{"admin", ada, "/ticket Jr-4", true},
		{"liaison of the unit", bob, "/ticket jr-4", true},
		{"liaison of another unit", alice, "/ticket jr-4", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := h.say(t, tc.user, tc.text).Text
			if (got == want) != tc.same {
				t.Errorf("%s answered (same as the supervisor's: %v, want %v):\n%s", tc.text, got == want, tc.same, got)
			}
		})
	}
}

// TestUnitDrillDown follows /unit's buttons to the unit's overdue and open
// tickets and opens one of them below the list.
func TestUnitDrillDown(t *testing.T) {
	h := newHarness(t)
	chat := fakebot.PrivateChat(sam)
	yy := fmt.Sprintf("#%d", h.units["岳阳县政府"])
	card := h.say(t, sam, "/unit 岳阳县政府")
	golden(t, "supervisor_unit_buttons.zh", render(card))
	if !hasButton(card, "overdue_all|"+yy+"|0") || !hasButton(card, "unit_open|"+yy+"|0") {
		t.Fatalf("/unit lacks the list buttons:\n%s", render(card))
	}
	overdue := h.press(t, chat, sam, card.MessageID, "overdue_all|"+yy+"|0")
	if overdue.Method != "editMessageText" || !strings.Contains(overdue.Text, "超期工单 · 岳阳县政府") || !hasButton(overdue, "ticket|A-002|0") {
		t.Fatalf("the overdue button answered:\n%s", render(overdue))
	}
	open := h.press(t, chat, sam, card.MessageID, "unit_open|"+yy+"|0")
	golden(t, "supervisor_unit_open.zh", render(open))
	ticket := h.press(t, chat, sam, card.MessageID, "ticket|A-003|0")
	if ticket.Method != "sendMessage" || !strings.Contains(ticket.Text, "工单 <b>A-003</b> · 岳阳县政府") {
		t.Fatalf("the ticket button answered with %s:\n%s", ticket.Method, ticket.Text)
	}
	t.Run("a liaison pressing a crafted list button", func(t *testing.T) {
		got := h.press(t, fakebot.PrivateChat(bob), bob, 1, "unit_open|"+yy+"|0")
		if strings.Contains(got.Text, "A-00") {
			t.Fatalf("a liaison reached another unit's list:\n%s", got.Text)
		}
	})
}

func hasButton(c fakebot.Call, data string) bool {
	for _, b := range c.Buttons() {
		if b.CallbackData == data {
			return true
		}
	}
	return false
}

// TestOverdueAllGroupsByUnit: the city's overdue tickets are counted per
// unit first, each unit a button to its own list.
func TestOverdueAllGroupsByUnit(t *testing.T) {
	h := newHarness(t)
	got := h.say(t, sam, "/overdue_all")
	yy, jr := h.units["岳阳县政府"], h.units["市金融办"]
	for _, want := range []string{fmt.Sprintf("overdue_all|#%d|0", yy), fmt.Sprintf("overdue_all|#%d|0", jr)} {
		if !hasButton(got, want) {
			t.Fatalf("/overdue_all lacks the button %s:\n%s", want, render(got))
		}
	}
	list := h.press(t, fakebot.PrivateChat(sam), sam, got.MessageID, fmt.Sprintf("overdue_all|#%d|0", jr))
	if !strings.Contains(list.Text, "超期工单 · 市金融办") || strings.Contains(list.Text, "A-002") || !strings.Contains(list.Text, "JR-4") {
		t.Fatalf("市金融办's overdue list:\n%s", list.Text)
	}
}

// TestRankingMinimum: the minimum number of counting tickets to be ranked
// is configurable; zero ranks every unit.
func TestRankingMinimum(t *testing.T) {
	cases := []struct {
		min        int
		ranked     string
		notRanked  string
		fewHeading bool
	}{
		{10, "1. 市规划局 · C", "— 岳阳海事局 · A", true},
		{4, "1. 岳阳海事局 · A", "", false},
		{0, "1. 岳阳海事局 · A", "", false},
		{50, "", "— 岳阳县政府 · B", true},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.min), func(t *testing.T) {
			h := newHarness(t, func(c *bot.Options, _ *bot.Deps) { c.RankMinTickets = tc.min })
			got := h.say(t, sam, "/ranking").Text
			if tc.ranked != "" && !strings.Contains(got, tc.ranked) {
				t.Errorf("want %q ranked:\n%s", tc.ranked, got)
			}
			if tc.notRanked != "" && !strings.Contains(got, tc.notRanked) {
				t.Errorf("want %q listed apart:\n%s", tc.notRanked, got)
			}
			if strings.Contains(got, "不排名") != tc.fewHeading {
				t.Errorf("heading of the unranked shown: %v, want %v:\n%s", !tc.fewHeading, tc.fewHeading, got)
			}
		})
	}
}

// TestDueNextWorkingDay: /due's second day is the next working day on the
// official calendar, holidays skipped and make-up Saturdays included.
func TestDueNextWorkingDay(t *testing.T) {
	cases := []struct {
		name     string
		now      time.Time
		due      time.Time
		wantHead string
	}{
		{"Friday: Monday", day(time.November, 27, 8, 30), day(time.November, 30, 12, 0), "下一个工作日 11月30日（周一）到期 1 件"},
		{"before the National Day holiday: October 8", day(time.September, 30, 10, 0), day(time.October, 8, 12, 0), "下一个工作日 10月8日（周四）到期 1 件"},
		{"Friday before a make-up Saturday: the Saturday", day(time.October, 9, 10, 0), day(time.October, 10, 12, 0), "下一个工作日 10月10日（周六）到期 1 件"},
		{"a deadline at 24:00 today is today's", day(time.November, 27, 8, 30), day(time.November, 28, 0, 0), "今天到期"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.clock.Set(tc.now)
			h.addTickets(t, domain.Ticket{No: "YY-DUE", UnitID: h.units["岳阳海事局"], Category: domain.Help,
				DispatchedAt: tc.now.Add(-48 * time.Hour), DueAt: tc.due})
			h.bind(carol, domain.RoleLiaison, h.units["岳阳海事局"])
			got := h.say(t, carol, "/due").Text
			if !strings.Contains(got, tc.wantHead) || !strings.Contains(got, "YY-DUE") {
				t.Fatalf("/due:\n%s", got)
			}
		})
	}
}

// TestExportWorkbooks opens each /export document with excelize and checks
// that it holds exactly the tickets asked for.
func TestExportWorkbooks(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name   string
		user   models.User
		text   string
		sheets []string
		rows   int    // tickets in the tickets sheet
		must   string // a ticket number it holds
		never  string // a ticket number it must not hold
	}{
		{"liaison, this quarter", alice, "/export", []string{report.TicketSheetName}, 47, "A-HOSTILE", "JR-4"},
		{"liaison, last quarter", alice, "/export 上季度", []string{report.TicketSheetName}, 10, "YY-Q3-10", "YY-001"},
		{"liaison, a month", alice, "/export 2026年11月", []string{report.TicketSheetName}, 16 + 3 + 4, "A-001", "YY-001"},
		{"supervisor, the city", sam, "/export", []string{report.SheetName, report.TicketSheetName}, 47 + 20 + 13 + 5 + 4, "JR-4", "YY-Q3-01"},
		{"supervisor, the city last quarter", sam, "/export 2026年第三季度", []string{report.SheetName, report.TicketSheetName}, 27, "LX-Q3-01", "A-001"},
		{"supervisor, one unit", sam, "/export 金融办", []string{report.TicketSheetName}, 5, "JR-4", "A-001"},
		{"admin, one unit and period", ada, "/export 市金融办 2026Q3", []string{report.TicketSheetName}, 2, "JR-Q3-1", "JR-4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := h.document(t, tc.user, tc.text)
			if len(got.Documents) != 1 || !strings.HasSuffix(got.Documents[0].Filename, ".xlsx") {
				t.Fatalf("no workbook: %s", render(got))
			}
			f, err := excelize.OpenReader(bytes.NewReader(got.Documents[0].Data))
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			defer f.Close()
			if sheets := f.GetSheetList(); strings.Join(sheets, ",") != strings.Join(tc.sheets, ",") {
				t.Fatalf("sheets %q, want %q", sheets, tc.sheets)
			}
			rows, err := f.GetRows(report.TicketSheetName)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-2 != tc.rows || rows[1][0] != "工单编号" || rows[1][11] != "状态" {
				t.Fatalf("%d tickets under %q, want %d", len(rows)-2, rows[1], tc.rows)
			}
			nos := map[string]bool{}
			for _, r := range rows[2:] {
				nos[r[0]] = true
			}
			if !nos[tc.must] || nos[tc.never] {
				t.Errorf("holds %s: %v (want true), %s: %v (want false)", tc.must, nos[tc.must], tc.never, nos[tc.never])
			}
			if !strings.Contains(got.Text, fmt.Sprintf("<b>%d</b>", tc.rows)) {
				t.Errorf("caption does not count the tickets: %s", got.Text)
			}
		})
	}
}

// TestStartOfPeriod: on the first day of a quarter (and of a month, for an
// office that evaluates monthly) nothing counts yet, and /grade and /unit
// say so and show last period's result and the tickets open now.
func TestStartOfPeriod(t *testing.T) {
	cases := []struct {
		name string
		kind domain.PeriodKind
		now  time.Time
		user models.User
		text string
	}{
		{"quarter_liaison", domain.Quarter, time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai), alice, "/grade"},
		{"quarter_supervisor", domain.Quarter, time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai), sam, "/unit 岳阳县政府"},
		{"month_liaison", domain.Month, day(time.December, 1, 0, 5), alice, "/grade"},
		{"month_low_liaison", domain.Month, day(time.December, 1, 0, 5), bob, "/grade 本月"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(c *bot.Options, _ *bot.Deps) { c.PeriodKind = tc.kind })
			h.clock.Set(tc.now)
			got := h.say(t, tc.user, tc.text)
			golden(t, "start_of_period_"+tc.name+".zh", render(got))
			if strings.Contains(got.Text, "无工单办理单位") {
				t.Errorf("the start of a period is labelled as a unit without tickets:\n%s", got.Text)
			}
		})
	}
}

// TestDuePages: a long /due is paged, and a day that continues onto the
// next page keeps its heading there.
func TestDuePages(t *testing.T) {
	h := newHarness(t)
	var ts []domain.Ticket
	for i := range 20 {
		ts = append(ts, domain.Ticket{No: fmt.Sprintf("HS2026113%04d", i), UnitID: h.units["岳阳海事局"], Category: domain.Help,
			DispatchedAt: day(time.November, 25, 9, 0), DueAt: day(time.November, 30, 9, i)})
	}
	h.addTickets(t, ts...)
	h.bind(carol, domain.RoleLiaison, h.units["岳阳海事局"])
	first := h.say(t, carol, "/due")
	if !strings.Contains(first.Text, "第 1/2 页") || !hasButton(first, "due||1") {
		t.Fatalf("page 1:\n%s", render(first))
	}
	second := h.press(t, fakebot.PrivateChat(carol), carol, first.MessageID, "due||1")
	golden(t, "liaison_due_page2.zh", render(second))
	if !strings.Contains(second.Text, "下一个工作日 11月30日（周一）到期 20 件") || !strings.Contains(second.Text, "HS20261130019") {
		t.Fatalf("page 2 lacks its day's heading or its last ticket:\n%s", second.Text)
	}
}

// TestCityExportSaysItIsPreparing: the city's export, which takes a while,
// is announced before the workbook comes; a unit's is not.
func TestCityExportSaysItIsPreparing(t *testing.T) {
	h := newHarness(t)
	mark := h.fake.Len()
	doc := h.document(t, sam, "/export 上季度")
	var got []string
	for _, c := range replies(h.fake.CallsSince(mark), sam.ID) {
		got = append(got, c.Method+": "+c.Text)
	}
	want := []string{
		"sendMessage: ⏳ 正在生成2026年第三季度的评价表和全市工单明细，工单多时需要几十秒，请稍候。",
		"sendDocument: " + doc.Text,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("replies:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	mark = h.fake.Len()
	unit := h.document(t, sam, "/export 金融办")
	if n := len(replies(h.fake.CallsSince(mark), sam.ID)); n != 1 || !strings.Contains(unit.Documents[0].Filename, "市金融办") {
		t.Fatalf("a unit's export: %d replies, %s", n, unit.Documents[0].Filename)
	}
}
