package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/importer"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/teststore"
	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

// openStore opens dsn with the test units loaded.
func openStore(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t, dsn)
	if _, _, err := st.UpsertUnits(ctx, newFakeStore().AllUnits); err != nil {
		t.Fatal(err)
	}
	return st
}

// realAPI is the handler over a real store.
func realAPI(t testing.TB, st *store.Store) http.Handler {
	t.Helper()
	now := testNow(t)
	reg := prometheus.NewRegistry()
	return New(Deps{
		Store: st, Ready: st, Gatherer: reg, Registerer: reg,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Now:    func() time.Time { return now },
	}, Options{
		Tokens: []string{testToken}, Location: testkit.Shanghai(), Policy: config.Defaults().Policy,
		Scheme: domain.DefaultScheme(), PeriodKind: domain.Quarter,
		Requests: domain.RequestRules{Calendar: config.Defaults().Policy.Calendar, Location: testkit.Shanghai()},
	})
}

func call(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	hs := &harness{h: h}
	return hs.do(method, path, body)
}

func TestAgainstStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn)
		h := realAPI(t, st)
		mixed := "[" + ticketJSONText("I1") + `,{"ticket_no":"I2","unit":"nowhere","category":"投诉","dispatched_at":"2017-04-03 09:15"},` +
			`{"ticket_no":"I3","unit":"城管局","category":"求助","urgent":true,"dispatched_at":"2017-04-05 10:00","completed_at":"2017-04-05 16:00","callback":"满意"}]`
		steps := []struct {
			name, method, path, body string
			status                   int
			contains                 string
		}{
			{"mixed batch", "POST", "/api/v1/tickets", mixed, 400, `"status":"refused"`},
			{"stored ticket", "GET", "/api/v1/tickets/I3", "", 200, `"completed_at":"2017-04-05T16:00:00+08:00"`},
			{"refused ticket absent", "GET", "/api/v1/tickets/I2", "", 404, "no ticket"},
			{"repeat is unchanged", "POST", "/api/v1/tickets", ticketJSONText("I1"), 200, `"status":"unchanged"`},
			{"change updates", "POST", "/api/v1/tickets", strings.Replace(ticketJSONText("I1"), "噪音", "油烟", 1), 200, `"status":"updated"`},
			{"units", "GET", "/api/v1/units", "", 200, `"aliases":["城管局"]`},
			{"scorecards", "GET", "/api/v1/scorecards?period=2017Q2&at=2017-06-30%2018:00", "", 200, `"unit": "市城管局"`},
			{"ready", "GET", "/readyz", "", 200, `"ok"`},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				rec := call(h, s.method, s.path, s.body)
				if rec.Code != s.status || !strings.Contains(rec.Body.String(), s.contains) {
					t.Fatalf("status %d, want %d with %s:\n%s", rec.Code, s.status, s.contains, rec.Body)
				}
			})
		}
		t.Run("not ready once closed", func(t *testing.T) {
			st.Close()
			if rec := call(h, "GET", "/readyz", ""); rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", rec.Code)
			}
		})
	})
}

// batchBody is a JSON array of n new tickets numbered from first.
func batchBody(first, n int) string {
	var b strings.Builder
	b.WriteByte('[')
	units := []string{"岳阳楼区", "市城管局", "市金融办"}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		no := first + i
		fmt.Fprintf(&b, `{"ticket_no":"B%09d","unit":%q,"category":"投诉","topic":"城市管理类","urgent":%v,`+
			`"dispatched_at":"2017-04-%02d 09:15","rework_count":%d,"callback":"满意","summary":"夜间施工噪音扰民"}`,
			no, units[no%3], no%7 == 0, 1+no%28, no%2)
	}
	b.WriteByte(']')
	return b.String()
}

// BenchmarkPostTickets pushes batches of 1,000 new tickets through the
// handler into each engine and reports tickets per second.
func BenchmarkPostTickets(b *testing.B) {
	const batch = 1000
	engines := []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			h := realAPI(b, openStore(b, e.dsn(b)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				body := batchBody(i*batch, batch)
				b.StartTimer()
				rec := call(h, "POST", "/api/v1/tickets", body)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "tickets/s")
		})
	}
}

// TestBatchBodyIsValid keeps the benchmark's input honest.
func TestBatchBodyIsValid(t *testing.T) {
	var items []map[string]any
	if err := json.Unmarshal([]byte(batchBody(0, 10)), &items); err != nil || len(items) != 10 {
		t.Fatalf("%v, %d items", err, len(items))
	}
}

// BenchmarkParseBatch measures the API's own share of a push: splitting and
// validating 1,000 tickets, without the database.
func BenchmarkParseBatch(b *testing.B) {
	hs := newHarness(b, nil)
	s := newServer(Deps{Store: hs.store}, Options{Location: testkit.Shanghai(), Policy: config.Defaults().Policy})
	body := []byte(batchBody(0, 1000))
	index := importer.NewUnitIndex(hs.store.AllUnits)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items, rerr := splitItems(body, DefaultMaxBatch)
		if rerr != nil {
			b.Fatal(rerr)
		}
		if _, good := s.parseItems(items, index); len(good) != 1000 {
			b.Fatalf("%d good", len(good))
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "tickets/s")
}
