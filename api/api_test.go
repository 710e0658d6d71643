package api

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	"hotlinebot/domain"
)

func TestScorecards(t *testing.T) {
	hs := newHarness(t, nil)
	body := "[" + ticketJSONText("S1") + "," +
		`{"ticket_no":"S2","unit":"市城管局","category":"投诉","dispatched_at":"2017-04-03 09:15","completed_at":"2017-04-20 09:00","callback":"不满意"}` + "]"
	if rec := hs.do("POST", "/api/v1/tickets", body); rec.Code != 200 {
		t.Fatalf("push: %d %s", rec.Code, rec.Body)
	}
	tests := []struct {
		name, query string
		status      int
		period, at  string
	}{
		{"period and at", "?period=2017Q2&at=2017-06-30%2018:00", 200, "2017Q2", "2017-06-30T18:00:00+08:00"},
		{"RFC 3339 at", "?period=2017Q2&at=2017-06-30T10:00:00Z", 200, "2017Q2", "2017-06-30T18:00:00+08:00"},
		{"unescaped plus in at", "?period=2017Q2&at=2017-06-30T18:00:00+08:00", 200, "2017Q2", "2017-06-30T18:00:00+08:00"},
		{"default period and at", "", 200, "2017Q2", "2017-05-10T10:00:00+08:00"},
		{"month", "?period=2017-04&at=2017-05-01", 200, "2017-04", "2017-05-01T00:00:00+08:00"},
		{"bad period", "?period=2017Q5", 400, "", ""},
		{"bad at", "?period=2017Q2&at=tomorrow", 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := hs.do("GET", "/api/v1/scorecards"+tt.query, "")
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				return
			}
			var doc struct {
				Period    string           `json:"period"`
				At        string           `json:"at"`
				Units     []map[string]any `json:"units"`
				NoTickets []string         `json:"no_tickets"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Period != tt.period || doc.At != tt.at {
				t.Errorf("period %s at %s, want %s at %s", doc.Period, doc.At, tt.period, tt.at)
			}
			if len(doc.Units)+len(doc.NoTickets) != 3 {
				t.Errorf("%d graded + %d without tickets, want 3 units in all", len(doc.Units), len(doc.NoTickets))
			}
		})
	}
	t.Run("unit row keys", func(t *testing.T) {
		rec := hs.do("GET", "/api/v1/scorecards?period=2017Q2&at=2017-06-30%2018:00", "")
		var doc struct {
			Units []map[string]any `json:"units"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Units) != 2 {
			t.Fatalf("want 2 graded units: %v %s", err, rec.Body)
		}
		var keys []string
		for k := range doc.Units[0] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		want := "completion_rate composite dissatisfied grade handled kind ontime_rate overdue rework rework_rate satisfaction_rate should unit"
		if strings.Join(keys, " ") != want {
			t.Errorf("keys %v, want %s", keys, want)
		}
	})
}

func TestUnitsAndTicket(t *testing.T) {
	hs := newHarness(t, nil)
	if rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("T1")); rec.Code != 200 {
		t.Fatalf("push: %d %s", rec.Code, rec.Body)
	}
	t.Run("units", func(t *testing.T) {
		rec := hs.do("GET", "/api/v1/units", "")
		var units []unitJSON
		if err := json.Unmarshal(rec.Body.Bytes(), &units); err != nil || rec.Code != 200 {
			t.Fatalf("status %d: %v %s", rec.Code, err, rec.Body)
		}
		if len(units) != 3 || units[0].Name != "岳阳楼区" || units[0].Aliases[0] != "楼区" || units[2].Aliases == nil {
			t.Errorf("units %+v", units)
		}
	})
	t.Run("ticket", func(t *testing.T) {
		rec := hs.do("GET", "/api/v1/tickets/T1", "")
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var got map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{
			"ticket_no": "T1", "unit": "岳阳楼区", "category": "complaint", "topic": "城市管理类",
			"urgent": false, "dispatched_at": "2017-04-03T09:15:00+08:00", "due_at": "2017-04-12T00:00:00+08:00",
			"completed_at": nil, "rework_count": 0.0, "callback": "", "summary": "噪音", "overdue": true,
		}
		if rs, ok := got["requests"].([]any); !ok || len(rs) != 0 {
			t.Errorf("requests = %v, want []", got["requests"])
		}
		delete(got, "requests")
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("keys %v, want those of %v", got, want)
		}
	})
	t.Run("unknown ticket", func(t *testing.T) {
		if rec := hs.do("GET", "/api/v1/tickets/NOPE", ""); rec.Code != 404 {
			t.Errorf("status %d, want 404", rec.Code)
		}
	})
	t.Run("needs token", func(t *testing.T) {
		for _, path := range []string{"/api/v1/units", "/api/v1/tickets/T1", "/api/v1/scorecards"} {
			if rec := hs.do("GET", path, "", "Authorization", ""); rec.Code != 401 {
				t.Errorf("GET %s without token: %d, want 401", path, rec.Code)
			}
		}
	})
}

func TestHealth(t *testing.T) {
	tests := []struct {
		name   string
		ready  Readiness
		path   string
		status int
	}{
		{"healthz", fakeReady{current: true}, "/healthz", 200},
		{"healthz with database down", fakeReady{pingErr: errDown}, "/healthz", 200},
		{"readyz", fakeReady{current: true}, "/readyz", 200},
		{"readyz with database down", fakeReady{pingErr: errDown}, "/readyz", 503},
		{"readyz with migrations pending", fakeReady{current: false}, "/readyz", 503},
		{"openapi without token", fakeReady{current: true}, "/api/v1/openapi.yaml", 200},
		{"unknown path", fakeReady{current: true}, "/nope", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, func(d *Deps, o *Options) { d.Ready = tt.ready; o.Tokens = nil })
			if rec := hs.do("GET", tt.path, "", "Authorization", ""); rec.Code != tt.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
		})
	}
	t.Run("wrong method", func(t *testing.T) {
		hs := newHarness(t, nil)
		rec := hs.do("DELETE", "/api/v1/tickets", "")
		var e errorBody
		if rec.Code != http.StatusMethodNotAllowed || json.Unmarshal(rec.Body.Bytes(), &e) != nil || !strings.Contains(e.Error, "allowed: POST") {
			t.Errorf("status %d body %s, want 405 with a JSON error naming POST", rec.Code, rec.Body)
		}
	})
	t.Run("unknown path answers JSON", func(t *testing.T) {
		hs := newHarness(t, nil)
		rec := hs.do("GET", "/api/v2/nothing", "")
		var e errorBody
		if rec.Code != http.StatusNotFound || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error == "" {
			t.Errorf("status %d body %s, want 404 with a JSON error", rec.Code, rec.Body)
		}
	})
}

func TestMetrics(t *testing.T) {
	hs := newHarness(t, nil)
	hs.do("POST", "/api/v1/tickets", "["+ticketJSONText("M1")+`,{"ticket_no":"M2"}]`)
	hs.do("POST", "/api/v1/tickets", ticketJSONText("M1"))
	hs.do("GET", "/api/v1/tickets/M1", "")
	hs.do("GET", "/no/such/path", "")
	rec := hs.do("GET", "/metrics", "")
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	text := rec.Body.String()
	for _, want := range []string{
		`hotline_http_requests_total{code="400",route="POST /api/v1/tickets"} 1`,
		`hotline_http_requests_total{code="200",route="POST /api/v1/tickets"} 1`,
		`hotline_http_requests_total{code="200",route="GET /api/v1/tickets/{no}"} 1`,
		`hotline_http_requests_total{code="404",route="unmatched"} 1`,
		`hotline_http_request_duration_seconds_count{route="POST /api/v1/tickets"} 2`,
		`hotline_api_tickets_total{outcome="stored"} 1`,
		`hotline_api_tickets_total{outcome="unchanged"} 1`,
		`hotline_api_tickets_total{outcome="refused"} 1`,
		`hotline_api_tickets_total{outcome="updated"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMetricsRegisterTwice(t *testing.T) {
	hs := newHarness(t, nil)
	second := New(Deps{Store: hs.store, Registerer: hs.reg, Gatherer: hs.reg}, Options{Tokens: []string{testToken}})
	if second == nil {
		t.Fatal("no handler")
	}
	if _, err := hs.reg.Gather(); err != nil {
		t.Errorf("gather after a second registration: %v", err)
	}
}

func TestAccessLog(t *testing.T) {
	hs := newHarness(t, nil)
	rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("L1"), "X-Request-Id", "req-42")
	if got := rec.Header().Get("X-Request-Id"); got != "req-42" {
		t.Errorf("X-Request-Id %q, want the caller's", got)
	}
	rec = hs.do("GET", "/api/v1/units", "", "X-Request-Id", "bad id\x01")
	generated := rec.Header().Get("X-Request-Id")
	if len(generated) != 24 {
		t.Errorf("generated id %q, want 24 hex digits", generated)
	}
	logs := hs.logs.String()
	if strings.Contains(logs, testToken) {
		t.Fatalf("the log holds the token:\n%s", logs)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", sc.Text())
		}
		if m["msg"] == "http request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d access log lines, want 2:\n%s", len(lines), logs)
	}
	first := lines[0]
	for key, want := range map[string]any{"method": "POST", "route": "POST /api/v1/tickets", "status": 200.0, "request_id": "req-42"} {
		if first[key] != want {
			t.Errorf("%s = %v, want %v", key, first[key], want)
		}
	}
	if _, ok := first["duration_ms"].(float64); !ok {
		t.Errorf("duration_ms missing: %v", first)
	}
	if lines[1]["request_id"] != generated {
		t.Errorf("logged id %v, answered %s", lines[1]["request_id"], generated)
	}
}

func TestWebhookMounted(t *testing.T) {
	called := false
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true })
	hs := newHarness(t, func(d *Deps, _ *Options) { d.Webhook = hook })
	if rec := hs.do("POST", "/telegram/webhook", `{"update_id":1}`, "Authorization", ""); rec.Code != 200 || !called {
		t.Errorf("status %d, called %v", rec.Code, called)
	}
	without := newHarness(t, nil)
	if rec := without.do("POST", "/telegram/webhook", `{}`); rec.Code != 404 {
		t.Errorf("without a webhook: status %d, want 404", rec.Code)
	}
}

func TestReadErrors(t *testing.T) {
	hs := newHarness(t, nil)
	hs.store.FailAll = errors.New("disk on fire")
	for _, path := range []string{"/api/v1/units", "/api/v1/tickets/X", "/api/v1/scorecards?period=2017Q2"} {
		t.Run(path, func(t *testing.T) {
			rec := hs.do("GET", path, "")
			if rec.Code != 500 || strings.Contains(rec.Body.String(), "disk on fire") {
				t.Errorf("status %d body %s, want 500 without internals", rec.Code, rec.Body)
			}
		})
	}
}

// The default scheme must apply when Options leave it out.
func TestDefaultOptions(t *testing.T) {
	s := newServer(Deps{}, Options{})
	if s.opts.Scheme != domain.DefaultScheme() || s.opts.MaxBatch != DefaultMaxBatch || s.opts.MaxBody != DefaultMaxBody {
		t.Errorf("defaults not applied: %+v", s.opts)
	}
}
