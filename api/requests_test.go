package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/store/storetest"
)

func TestRequestsAgainstStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := openStore(t, dsn)
		h := realAPI(t, st)
		// Dispatched Monday 2017-05-08, due at 24:00 on Thursday 05-11.
		ticket := `{"ticket_no":"R1","unit":"岳阳楼区","category":"咨询","dispatched_at":"2017-05-08 09:00"}`
		if rec := call(h, "POST", "/api/v1/tickets", ticket); rec.Code != 200 {
			t.Fatalf("push: %d %s", rec.Code, rec.Body)
		}
		units, _ := st.Units(ctx)
		rules := domain.RequestRules{Calendar: config.Defaults().Policy.Calendar, Location: testkit.Shanghai()}
		liaison := domain.Contact{ID: 5, Name: "张三", UnitID: units[0].ID}
		for _, u := range units {
			if u.Name == "岳阳楼区" {
				liaison.UnitID = u.ID
			}
		}
		q, err := st.SubmitRequest(ctx, 0, domain.RequestDraft{TicketNo: "R1", Kind: domain.RequestExtend, Days: 2,
			Reason: "需现场核实", Contact: liaison}, rules, testNow(t).Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		decide := "/api/v1/requests/" + strconv.FormatInt(q.ID, 10) + "/decision"
		steps := []struct {
			name, method, path, body string
			status                   int
			contains                 string
		}{
			{"pending listed", "GET", "/api/v1/requests?status=pending", "", 200, `"reason":"需现场核实"`},
			{"nothing approved yet", "GET", "/api/v1/requests?status=approved", "", 200, "[]"},
			{"unknown status", "GET", "/api/v1/requests?status=done", "", 400, "status: unknown status"},
			{"since not RFC 3339", "GET", "/api/v1/requests?since=yesterday", "", 400, "since: invalid time"},
			{"reject without reason", "POST", decide, `{"decision":"reject"}`, 400, "reason: required"},
			{"unknown decision", "POST", decide, `{"decision":"maybe"}`, 400, `is not approve or reject`},
			{"unknown field", "POST", decide, `{"decision":"approve","color":"red"}`, 400, "unknown field"},
			{"no such request", "POST", "/api/v1/requests/999/decision", `{"decision":"approve"}`, 404, "no request 999"},
			{"approve", "POST", decide, `{"decision":"approve","by":"工单系统 王五"}`, 200, `"due_after":"2017-05-16T00:00:00+08:00"`},
			{"second decision conflicts", "POST", decide, `{"decision":"reject","reason":"晚了"}`, 409, "already approved by 工单系统 王五"},
			{"approved since", "GET", "/api/v1/requests?status=approved&since=2017-05-10T10:00:00+08:00", "", 200, `"decided_via":"api"`},
			{"none since later", "GET", "/api/v1/requests?since=2017-05-10T10:00:01%2B08:00", "", 200, "[]"},
			{"ticket shows the extension", "GET", "/api/v1/tickets/R1", "", 200, `"due_at":"2017-05-16T00:00:00+08:00"`},
			{"ticket carries its requests", "GET", "/api/v1/tickets/R1", "", 200, `"requests":[{"id":`},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				rec := call(h, s.method, s.path, s.body)
				if rec.Code != s.status || !strings.Contains(rec.Body.String(), s.contains) {
					t.Errorf("%s %s = %d %s, want %d containing %s", s.method, s.path, rec.Code, rec.Body, s.status, s.contains)
				}
			})
		}
		var list []requestJSON
		rec := call(h, "GET", "/api/v1/requests", "")
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0].Status != domain.RequestApproved {
			t.Errorf("list %s: %v", rec.Body, err)
		}
		if rec := (&harness{h: h}).do("GET", "/api/v1/requests", "", "Authorization", ""); rec.Code != 401 {
			t.Errorf("without a token: %d", rec.Code)
		}
	})
}

func TestRequestMetrics(t *testing.T) {
	st := openStore(t, storetest.SQLite(t))
	ctx := context.Background()
	if rec := call(realAPI(t, st), "POST", "/api/v1/tickets", `{"ticket_no":"M1","unit":"市城管局","category":"投诉","dispatched_at":"2017-05-08 09:00"}`); rec.Code != 200 {
		t.Fatalf("push: %s", rec.Body)
	}
	t1, _ := st.Ticket(ctx, "M1")
	rules := domain.RequestRules{Calendar: config.Defaults().Policy.Calendar, Location: testkit.Shanghai()}
	if _, err := st.SubmitRequest(ctx, 0, domain.RequestDraft{TicketNo: "M1", Kind: domain.RequestReturn, Reason: "非本单位职责",
		Contact: domain.Contact{UnitID: t1.UnitID}}, rules, testNow(t)); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewRequestCollector(st))
	families, err := reg.Gather()
	if err != nil || len(families) != 1 {
		t.Fatalf("gather: %v %v", families, err)
	}
	values := map[string]float64{}
	for _, m := range families[0].GetMetric() {
		l := m.GetLabel()
		values[l[0].GetValue()+"/"+l[1].GetValue()] = m.GetGauge().GetValue()
	}
	if len(values) != 6 || values["return/pending"] != 1 || values["extend/approved"] != 0 {
		t.Errorf("hotline_requests %v, want 6 series, return/pending 1", values)
	}
}
