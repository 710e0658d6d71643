package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/fakestore"
)

// ticketJSONText is a good ticket of unit 岳阳楼区 with the given number.
func ticketJSONText(no string) string {
	return fmt.Sprintf(`{"ticket_no":%q,"unit":"岳阳楼区","category":"投诉","topic":"城市管理类","dispatched_at":"2017-04-03 09:15","summary":"噪音"}`, no)
}

func decodePush(t *testing.T, body []byte) pushResult {
	t.Helper()
	var p pushResult
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("answer is not a push result: %v\n%s", err, body)
	}
	return p
}

func TestPostTicketsStores(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		statuses []string
	}{
		{"single object", ticketJSONText("A1"), []string{"stored"}},
		{"batch", "[" + ticketJSONText("A1") + "," + ticketJSONText("A2") + "," + ticketJSONText("A3") + "]", []string{"stored", "stored", "stored"}},
		{"one-item array", "[" + ticketJSONText("A1") + "]", []string{"stored"}},
		{"same number twice applies in order", "[" + ticketJSONText("A1") + "," +
			strings.Replace(ticketJSONText("A1"), "噪音", "噪音扰民", 1) + "]", []string{"stored", "updated"}},
		{"natural JSON types", `{"ticket_no":20170403001,"unit":"城管局","category":"complaint","urgent":true,` +
			`"rework_count":2,"dispatched_at":"2017-04-03T09:15:00+08:00","completed_at":null,"callback":"满意"}`, []string{"stored"}},
		{"Chinese urgent and integral float", `{"ticket_no":"B1","unit":"市金融办","category":"求助","urgent":"是",` +
			`"rework_count":2.0,"dispatched_at":"2017/4/3 9:15"}`, []string{"stored"}},
		{"unknown keys ignored", `{"ticket_no":"C1","unit":"岳阳楼区","category":"咨询","dispatched_at":"2017-04-03 09:15",` +
			`"extra":[1,{"x":null}],"工单编号":"ignored"}`, []string{"stored"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, nil)
			rec := hs.do("POST", "/api/v1/tickets", tt.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", rec.Code, rec.Body)
			}
			p := decodePush(t, rec.Body.Bytes())
			if len(p.Results) != len(tt.statuses) {
				t.Fatalf("%d results, want %d: %s", len(p.Results), len(tt.statuses), rec.Body)
			}
			for i, want := range tt.statuses {
				if r := p.Results[i]; r.Status != want || r.Index != i || r.TicketNo == "" {
					t.Errorf("result %d = %+v, want status %s", i, r, want)
				}
			}
		})
	}
}

func TestPostTicketsConvertsValues(t *testing.T) {
	hs := newHarness(t, nil)
	body := `{"ticket_no":20170403001,"unit":"城管局","category":"complaint","urgent":true,"rework_count":2,` +
		`"dispatched_at":"2017-04-03 09:15","completed_at":"2017-04-03 18:00","callback":"不满意"}`
	if rec := hs.do("POST", "/api/v1/tickets", body); rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	got := hs.store.Tickets["20170403001"]
	loc := testkit.Shanghai()
	want := domain.Ticket{
		No: "20170403001", UnitID: 2, UnitName: "市城管局", Category: domain.Complaint, Urgent: true,
		DispatchedAt: time.Date(2017, 4, 3, 9, 15, 0, 0, loc), DueAt: time.Date(2017, 4, 4, 9, 15, 0, 0, loc),
		CompletedAt: time.Date(2017, 4, 3, 18, 0, 0, 0, loc), ReworkCount: 2, Callback: domain.CallbackDissatisfied,
	}
	if !fakestore.SameTicket(got, want) {
		t.Errorf("stored %+v\nwant   %+v", got, want)
	}
}

func TestPostTicketsOutcomesOnRepeat(t *testing.T) {
	hs := newHarness(t, nil)
	steps := []struct {
		name, body, want string
	}{
		{"first push stores", ticketJSONText("R1"), "stored"},
		{"same push is unchanged", ticketJSONText("R1"), "unchanged"},
		{"changed push updates", strings.Replace(ticketJSONText("R1"), "投诉", "建议", 1), "updated"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			rec := hs.do("POST", "/api/v1/tickets", st.body)
			p := decodePush(t, rec.Body.Bytes())
			if rec.Code != http.StatusOK || p.Results[0].Status != st.want {
				t.Fatalf("status %d, result %+v; want 200 %s", rec.Code, p.Results, st.want)
			}
		})
	}
}

func TestPostTicketsMixedBatch(t *testing.T) {
	hs := newHarness(t, nil)
	body := "[" + strings.Join([]string{
		ticketJSONText("G1"),
		`{"ticket_no":"BAD1","unit":"不存在的单位","category":"投诉","dispatched_at":"2017-04-03 09:15"}`,
		`{"ticket_no":"BAD2","unit":"岳阳楼区","category":"投诉","dispatched_at":"2017-04-03 09:15","completed_at":"2017-04-01 09:00"}`,
		`{"ticket_no":"BAD3","unit":"岳阳楼区","category":"投诉","dispatched_at":"2017-04-03 09:15","urgent":[true],"rework_count":{"n":1}}`,
		`{"unit":"岳阳楼区","category":"投诉","dispatched_at":"2017-04-03 09:15"}`,
		`42`,
		`{"ticket_no":"BAD6","unit":"岳阳楼区","category":"投诉","dispatched_at":"yesterday"}`,
		ticketJSONText("G2"),
	}, ",") + "]"
	rec := hs.do("POST", "/api/v1/tickets", body)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", rec.Code, rec.Body)
	}
	p := decodePush(t, rec.Body.Bytes())
	want := []struct {
		no, status string
		fields     []string
	}{
		{"G1", "stored", nil},
		{"BAD1", "refused", []string{"unit"}},
		{"BAD2", "refused", []string{"completed_at"}},
		{"BAD3", "refused", []string{"urgent", "rework_count"}},
		{"", "refused", []string{"ticket_no"}},
		{"", "refused", []string{""}},
		{"BAD6", "refused", []string{"dispatched_at"}},
		{"G2", "stored", nil},
	}
	if len(p.Results) != len(want) {
		t.Fatalf("%d results, want %d", len(p.Results), len(want))
	}
	for i, w := range want {
		t.Run(fmt.Sprintf("item %d", i), func(t *testing.T) {
			r := p.Results[i]
			if r.TicketNo != w.no || r.Status != w.status || r.Index != i {
				t.Fatalf("result %+v, want ticket_no %q status %s", r, w.no, w.status)
			}
			var fields []string
			for _, e := range r.Errors {
				fields = append(fields, e.Field)
				if e.Problem == "" {
					t.Errorf("field %q has no problem text", e.Field)
				}
			}
			if strings.Join(fields, ",") != strings.Join(w.fields, ",") {
				t.Errorf("error fields %q, want %q (%+v)", fields, w.fields, r.Errors)
			}
		})
	}
	if p.Stored != 2 || p.Refused != 6 {
		t.Errorf("summary stored %d refused %d, want 2 and 6", p.Stored, p.Refused)
	}
	if hs.store.Stored() != 2 {
		t.Errorf("%d tickets stored, want the 2 good ones", hs.store.Stored())
	}
}

func TestPostTicketsBrokenBodies(t *testing.T) {
	var many strings.Builder
	many.WriteString("[")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString(`{"ticket_no":"x"}`)
	}
	many.WriteString("]")
	huge := `[` + strings.Repeat(`{"summary":"`+strings.Repeat("填", 1000)+`"},`, 6000) + `{}]` // about 17 MiB
	tests := []struct {
		name        string
		body        string
		contentType string
		status      int
		message     string
		encoding    string
	}{
		{"not JSON", "ticket_no,unit\nA1,岳阳楼区\n", "application/json", 415, "not JSON", ""},
		{"CSV content type", ticketJSONText("A1"), "text/csv", 415, "not JSON", ""},
		{"form content type", "a=b", "application/x-www-form-urlencoded", 415, "not JSON", ""},
		{"non-UTF-8 charset", ticketJSONText("A1"), "application/json; charset=gbk", 415, "UTF-8", ""},
		{"no content type, JSON body", ticketJSONText("A1"), "-", 200, "", ""},
		{"no content type, text body", "hello", "-", 415, "not JSON", ""},
		{"empty body", "", "application/json", 400, "empty body", ""},
		{"blank body", " \n\t ", "application/json", 400, "empty body", ""},
		{"empty array", "[]", "application/json", 400, "empty array", ""},
		{"invalid UTF-8", "{\"ticket_no\":\"A\xff\xfe1\"}", "application/json", 400, "UTF-8 (at byte 15)", ""},
		{"malformed JSON", `[{"ticket_no":"A1",}]`, "application/json", 400, "malformed JSON", ""},
		{"truncated JSON", `[{"ticket_no":"A1"`, "application/json", 400, "malformed JSON", ""},
		{"two documents", `{"ticket_no":"A1"}{"ticket_no":"A2"}`, "application/json", 400, "malformed JSON", ""},
		{"top-level string", `"A1"`, "application/json", 400, "not a JSON string", ""},
		{"top-level number", `12`, "application/json", 400, "not a JSON number", ""},
		{"top-level null", `null`, "application/json", 400, "not a JSON null", ""},
		{"top-level boolean", `true`, "application/json", 400, "not a JSON boolean", ""},
		{"deep nesting", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), "application/json", 400, "malformed JSON", ""},
		{"20,000 items", many.String(), "application/json", 400, "at most 10000", ""},
		{"17 MiB", huge, "application/json", 413, "larger than", ""},
		{"gzip encoding", "\x1f\x8b\x08\x00", "application/json", 415, "content encoding", "gzip"},
		{"identity encoding", ticketJSONText("A1"), "application/json", 200, "", "identity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, nil)
			ct := tt.contentType
			if ct == "-" {
				ct = ""
			}
			rec := hs.do("POST", "/api/v1/tickets", tt.body, "Content-Type", ct, "Content-Encoding", tt.encoding)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body)
			}
			if tt.message != "" {
				var e errorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || !strings.Contains(e.Error, tt.message) {
					t.Errorf("answer %.300s, want an error mentioning %q", rec.Body, tt.message)
				}
				if hs.store.Stored() != 0 {
					t.Errorf("%d tickets stored from a refused request", hs.store.Stored())
				}
			}
		})
	}
}

func TestPostTicketsAuth(t *testing.T) {
	tests := []struct {
		name   string
		tokens []string
		header string
		status int
	}{
		{"no header", []string{testToken}, "", 401},
		{"wrong token", []string{testToken}, "Bearer nope", 401},
		{"token prefix", []string{testToken}, "Bearer " + testToken[:5], 401},
		{"token with suffix", []string{testToken}, "Bearer " + testToken + "x", 401},
		{"basic scheme", []string{testToken}, "Basic " + testToken, 401},
		{"bearer without token", []string{testToken}, "Bearer ", 401},
		{"good token", []string{testToken}, "Bearer " + testToken, 200},
		{"lowercase scheme", []string{testToken}, "bearer " + testToken, 200},
		{"rotation: old token", []string{"old-token", "new-token"}, "Bearer old-token", 200},
		{"rotation: new token", []string{"old-token", "new-token"}, "Bearer new-token", 200},
		{"rotation: neither", []string{"old-token", "new-token"}, "Bearer other", 401},
		{"no token configured", nil, "Bearer " + testToken, 503},
		{"only blank tokens configured", []string{" ", ""}, "Bearer ", 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, func(_ *Deps, o *Options) { o.Tokens = tt.tokens })
			rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("A1"), "Authorization", tt.header)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a Bearer challenge")
			}
			if tt.status != 200 && hs.store.Stored() != 0 {
				t.Errorf("stored a ticket without a valid token")
			}
		})
	}
}

func TestPostTicketsStoreFailure(t *testing.T) {
	hs := newHarness(t, nil)
	hs.store.FailAll = errDown
	rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("A1"))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), errDown.Error()) {
		t.Errorf("answer leaks the internal error: %s", rec.Body)
	}
	if !strings.Contains(hs.logs.String(), errDown.Error()) {
		t.Errorf("the log lacks the cause: %s", hs.logs)
	}
}

func TestPostTicketsPanicIsRecovered(t *testing.T) {
	hs := newHarness(t, nil)
	hs.store.Panics = true
	rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("A1"))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if !strings.Contains(hs.logs.String(), "fake store: boom") {
		t.Errorf("the panic is not logged: %s", hs.logs)
	}
	hs.store.Panics = false
	if rec := hs.do("POST", "/api/v1/tickets", ticketJSONText("A1")); rec.Code != http.StatusOK {
		t.Errorf("after a panic: status %d, want 200", rec.Code)
	}
}
