package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotlinebot/bot"
	"hotlinebot/chart"
	"hotlinebot/domain"
	"hotlinebot/internal/fakebot"
	"hotlinebot/report"
)

// withCharts draws with the machine's CJK font when it has one (CI
// installs Noto Sans CJK), else with the English fallback.
func withCharts(cfg *bot.Options, deps *bot.Deps) {
	if f, ok, err := chart.FindFont("", chart.FontCandidates); err == nil && ok {
		deps.Charts = chart.NewRenderer(f)
	}
}

// photoOf checks a reply is a photo uploaded with sendPhoto as multipart
// (the fake refuses anything else) and decodes it.
func photoOf(t *testing.T, c fakebot.Call) image.Image {
	t.Helper()
	if c.Method != "sendPhoto" || len(c.Documents) != 1 || c.Documents[0].Field != "photo" {
		t.Fatalf("want one photo uploaded with sendPhoto, got %s with %d files: %s", c.Method, len(c.Documents), c.Text)
	}
	img, err := png.Decode(bytes.NewReader(c.Documents[0].Data))
	if err != nil {
		t.Fatalf("photo is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != chart.Width || b.Dy() < 200 {
		t.Errorf("photo is %dx%d, want %d wide", b.Dx(), b.Dy(), chart.Width)
	}
	return img
}

// renderPhoto is a photo reply as its golden file holds it: the caption and
// the picture's name and size.
func renderPhoto(c fakebot.Call) string {
	s := c.Text + "\n"
	for _, d := range c.Documents {
		cfg, _, _ := image.DecodeConfig(bytes.NewReader(d.Data))
		s += fmt.Sprintf("--- photo %s %dx%d\n", d.Filename, cfg.Width, cfg.Height)
	}
	return s
}

func TestTrend(t *testing.T) {
	h := newHarness(t, withCharts)
	t.Run("a liaison gets its own unit's trend as a photo", func(t *testing.T) {
		got := h.say(t, alice, "/trend")
		photoOf(t, got)
		golden(t, "trend_liaison.zh", renderPhoto(got))
		// The caption's composite is the unit's live one, as /grade shows it.
		c, err := h.st.UnitCounts(context.Background(), h.units["岳阳县政府"], domain.PeriodAt(domain.Quarter, testNow, shanghai), testNow)
		if err != nil {
			t.Fatal(err)
		}
		sc := domain.DefaultScheme().Score(domain.Unit{}, c)
		if want := "综合指标值 " + domain.FormatComposite(sc.Composite); !strings.Contains(got.Visible, want) {
			t.Errorf("caption %q lacks %q", got.Visible, want)
		}
	})
	t.Run("a liaison naming another unit still gets only its own", func(t *testing.T) {
		got := h.say(t, alice, "/trend 市金融办")
		photoOf(t, got)
		if !strings.Contains(got.Visible, "岳阳县政府") || strings.Contains(got.Visible, "市金融办") {
			t.Errorf("caption %q: want 岳阳县政府's trend only", got.Visible)
		}
	})
	t.Run("a supervisor names the unit", func(t *testing.T) {
		got := h.say(t, sam, "/trend 岳阳县")
		photoOf(t, got)
		if !strings.HasPrefix(got.Visible, "📈 岳阳县政府 · 2026年第四季度（暂定）") {
			t.Errorf("caption %q", got.Visible)
		}
	})
	t.Run("a supervisor without a unit gets the usage", func(t *testing.T) {
		golden(t, "trend_usage.zh", render(h.say(t, sam, "/trend")))
	})
	t.Run("an ambiguous name offers buttons that draw the trend", func(t *testing.T) {
		got := h.say(t, sam, "/trend 市")
		golden(t, "trend_choose.zh", render(got))
		var data string
		for _, b := range got.Buttons() {
			if b.Text == "市规划局" {
				data = b.CallbackData
			}
		}
		photo := h.press(t, fakebot.PrivateChat(sam), sam, got.MessageID, data)
		photoOf(t, photo)
		if !strings.Contains(photo.Visible, "市规划局") {
			t.Errorf("caption %q", photo.Visible)
		}
	})
	t.Run("in English", func(t *testing.T) {
		h.setLang(domain.LangEN)
		defer h.setLang(domain.LangZH)
		got := h.say(t, alice, "/trend")
		photoOf(t, got)
		golden(t, "trend_liaison.en", renderPhoto(got))
	})
}

func TestChart(t *testing.T) {
	h := newHarness(t, withCharts)
	t.Run("liaisons may not", func(t *testing.T) {
		got := h.say(t, bob, "/chart")
		if got.Method != "sendMessage" || len(h.fake.Calls("sendPhoto")) != 0 {
			t.Errorf("a liaison got %s %q", got.Method, got.Text)
		}
	})
	t.Run("grade distribution, then each kind's ranking", func(t *testing.T) {
		mark := h.fake.Len()
		h.fake.Push(fakebot.TextMessage(fakebot.PrivateChat(sam), sam, "/chart", h.clock.Now()))
		calls, ok := h.fake.WaitSince(mark, 10*time.Second, fakebot.Count("sendPhoto", 3))
		if !ok {
			t.Fatalf("want 3 photos, got %+v", calls)
		}
		var got []string
		for _, c := range calls {
			if c.Method == "sendPhoto" && c.OK() {
				photoOf(t, c)
				got = append(got, renderPhoto(c))
			}
		}
		golden(t, "chart_city.zh", strings.Join(got, "===\n"))
	})
	t.Run("overdue tickets per unit", func(t *testing.T) {
		got := h.say(t, sam, "/chart overdue")
		photoOf(t, got)
		golden(t, "chart_overdue.zh", renderPhoto(got))
	})
	t.Run("anything else is the usage", func(t *testing.T) {
		golden(t, "chart_usage.zh", render(h.say(t, sam, "/chart 饼图")))
	})
}

// TestReportCarriesTheTrendSheet: /report's workbook has a 趋势 sheet with
// the weekly points the scorecards job kept.
func TestReportCarriesTheTrendSheet(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	gen, ok, err := h.st.AcquireLease(ctx, "test", time.Hour, time.Now(), true)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	q4 := domain.PeriodAt(domain.Quarter, testNow, shanghai)
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, shanghai)
	counts := map[int64]domain.Counts{h.units["岳阳县政府"]: {Should: 40, Handled: 40, Overdue: 2}}
	if err := h.st.SaveTrendPoint(ctx, gen, q4, monday, monday, counts); err != nil {
		t.Fatal(err)
	}
	got := h.say(t, sam, "/report")
	f, err := excelize.OpenReader(bytes.NewReader(got.Documents[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(report.TrendSheetName)
	if err != nil {
		t.Fatalf("sheets %v: %v", f.GetSheetList(), err)
	}
	var yy []string
	for _, r := range rows {
		if len(r) > 3 && r[0] == "岳阳县政府" && r[2] == "按期办结率" {
			yy = r
		}
	}
	if len(yy) < 5 || yy[3] != "95.00%" || rows[1][3] != "11/23" {
		t.Errorf("header %q, 岳阳县政府's on-time row %q: want 95.00%% at 11/23", rows[1], yy)
	}
}

// TestSummaryButtonsDrawTheCharts: the buttons under the current period's
// /summary send the charts below it and leave the summary as it was.
func TestSummaryButtonsDrawTheCharts(t *testing.T) {
	h := newHarness(t, withCharts)
	summary := h.say(t, sam, "/summary")
	var data []string
	for _, b := range summary.Buttons() {
		data = append(data, b.CallbackData)
	}
	if strings.Join(data, " ") != "chart||0 chart|overdue|0" {
		t.Fatalf("buttons under /summary: %q", data)
	}
	mark := h.fake.Len()
	h.fake.Push(fakebot.CallbackQuery(fakebot.PrivateChat(sam), sam, summary.MessageID, data[1], h.clock.Now()))
	calls, ok := h.fake.WaitSince(mark, 10*time.Second, fakebot.Count("sendPhoto", 1))
	if !ok {
		t.Fatalf("no photo after pressing %s: %+v", data[1], calls)
	}
	for _, c := range calls {
		if c.Method == "editMessageText" {
			t.Errorf("the summary was edited: %q", c.Text)
		}
	}
	if past := h.say(t, sam, "/summary 2026Q3"); len(past.Buttons()) != 0 {
		t.Errorf("a past period's summary offers charts of the current one: %v", past.Buttons())
	}
}
