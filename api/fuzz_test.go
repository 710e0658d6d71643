package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzPostTickets sends arbitrary bodies and content types: whatever comes
// in, the answer is never a 5xx and the handler never panics.
func FuzzPostTickets(f *testing.F) {
	for _, seed := range []string{
		ticketJSONText("F1"),
		"[" + ticketJSONText("F1") + "," + ticketJSONText("F2") + "]",
		`[{"ticket_no":1,"urgent":true,"rework_count":-1,"dispatched_at":"2017-04-03 09:15","unit":"楼区","category":"help"}]`,
		`{"ticket_no":"X","due_at":"2017-04-01 00:00","dispatched_at":"2017-04-03 09:15","unit":"岳阳楼区","category":"投诉"}`,
		`{"ticket_no":"X","completed_at":"9999-12-31 23:59","dispatched_at":"0001-01-01 00:00","unit":"岳阳楼区","category":"投诉"}`,
		`{"ticket_no":"X","rework_count":1e400,"urgent":1.5,"dispatched_at":"2017-04-03T09:15:00+14:00","unit":"岳阳楼区","category":"投诉"}`,
		`[null,[],{},"",0,false]`,
		"[\"\xff\"]",
		"",
		"[",
		`{"ticket_no":"\u0000"}`,
	} {
		f.Add(seed, "application/json")
	}
	f.Add("ticket_no\nA", "text/csv")
	hs := newHarness(f, nil)
	f.Fuzz(func(t *testing.T, body, contentType string) {
		req := httptest.NewRequest("POST", "/api/v1/tickets", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		hs.h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for body %q (%s): %s", rec.Code, body, contentType, rec.Body)
		}
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest &&
			rec.Code != http.StatusUnsupportedMediaType && rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("unexpected status %d", rec.Code)
		}
	})
}
