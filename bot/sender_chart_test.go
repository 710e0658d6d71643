package bot

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"log/slog"
	"strings"
	"testing"
	"time"

	"hotlinebot/chart"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// chartSender is e.sender with a city chart to carry.
func (e *senderEnv) chartSender(city func(context.Context, domain.Period, time.Time) (chart.City, error)) *Sender {
	e.t.Helper()
	api, err := NewClient(ClientConfig{Token: e.fake.Token(), APIURL: e.fake.URL()})
	if err != nil {
		e.t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs}, nil))
	tr := NewTransport(TransportDeps{Contacts: e.st, Admins: e.st, Fence: fixedGen(e.gen)}, TransportOptions{Log: log})
	return NewSender(SenderDeps{API: api, Outbox: e.st, Recipients: e.st, Transport: tr, Fence: fixedGen(e.gen), CityChart: city},
		SenderOptions{Log: log, Location: testkit.Shanghai()})
}

func (e *senderEnv) enqueueSummary(withChart bool) domain.Period {
	e.t.Helper()
	at := time.Date(2026, 11, 30, 8, 30, 0, 0, testkit.Shanghai())
	p := domain.PeriodAt(domain.Quarter, at, testkit.Shanghai())
	n := domain.Notification{Key: "summary:test", Audience: supervisorsAudience, NotBefore: at, CreatedAt: at,
		Notice: domain.Notice{Kind: domain.NoticeSummary, At: at, Period: p, Summary: &domain.Summary{Period: p, AsOf: at,
			Overview: domain.GradeOverview{Graded: 1, ByGrade: map[domain.Grade]int{domain.GradeA: 1}}, Chart: withChart}}}
	if _, err := e.st.Enqueue(e.ctx, e.gen, []domain.Notification{n}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func TestSendDigestWithCityChart(t *testing.T) {
	city := func(_ context.Context, p domain.Period, at time.Time) (chart.City, error) {
		u := domain.Unit{ID: 1, Name: "岳阳县政府", Kind: domain.District}
		s := domain.DefaultScheme()
		cur := domain.NewReport(p, at, []domain.Unit{u}, map[int64]domain.Counts{1: {Should: 10, Handled: 10}}, s)
		return chart.NewCity(s, cur, domain.Report{}, false), nil
	}
	tests := []struct {
		name      string
		withChart bool
		city      func(context.Context, domain.Period, time.Time) (chart.City, error)
		photos    int
	}{
		{"the week's first digest: text, then the chart", true, city, 1},
		{"other days: text only", false, city, 0},
		{"a chart that cannot be drawn: the text still goes", true, func(context.Context, domain.Period, time.Time) (chart.City, error) {
			return chart.City{}, errors.New("database is locked")
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newSenderEnv(t)
			e.bind(domain.RoleSupervisor, 2001, domain.LangZH)
			e.enqueueSummary(tc.withChart)
			if _, err := e.chartSender(tc.city).Flush(e.ctx); err != nil {
				t.Fatal(err)
			}
			calls := e.fake.Calls("sendMessage", "sendPhoto")
			if len(calls) != 1+tc.photos || calls[0].Method != "sendMessage" {
				t.Fatalf("calls %d, want the text then %d photo(s)", len(calls), tc.photos)
			}
			if tc.photos == 1 {
				c := calls[1]
				if !c.OK() || c.Method != "sendPhoto" || len(c.Documents) != 1 || !strings.Contains(c.Visible, "等级分布") {
					t.Fatalf("photo call %s %d %q", c.Method, c.Status, c.Visible)
				}
				img, err := png.Decode(bytes.NewReader(c.Documents[0].Data))
				if err != nil || img.Bounds().Dx() != chart.Width {
					t.Errorf("photo: %v", err)
				}
			}
			if d := e.depth(); d != 0 {
				t.Errorf("outbox depth %d after delivery, want 0", d)
			}
		})
	}
}
