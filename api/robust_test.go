package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/store/storetest"
)

// pushedAt is one ticket of 岳阳楼区 with the given time in one column.
func pushedAt(no, key, value string) string {
	fields := map[string]string{"dispatched_at": "2017-04-03 09:15"}
	fields[key] = value
	s := `{"ticket_no":"` + no + `","unit":"岳阳楼区","category":"投诉"`
	for _, k := range []string{"dispatched_at", "due_at", "completed_at"} {
		if v, ok := fields[k]; ok {
			s += `,"` + k + `":"` + v + `"`
		}
	}
	return s + "}"
}

func TestPushRefusesTimesOutsideTheRange(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		h := realAPI(t, openStore(t, dsn))
		cases := []struct{ name, key, value string }{
			{"before year 0 in the office's zone", "dispatched_at", "0000-01-01T00:00:00+14:00"},
			{"year 0", "dispatched_at", "0000-06-01 00:00"},
			{"year 9999", "completed_at", "9999-12-31 23:59"},
			{"past 9999 once in UTC", "due_at", "9999-12-31T20:00:00-10:00"},
			{"1999", "dispatched_at", "1999-12-31 23:59"},
			{"2100", "due_at", "2100-01-01 00:00"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				no := "R" + string(rune('A'+i))
				rec := call(h, "POST", "/api/v1/tickets", pushedAt(no, c.key, c.value))
				p := decodePush(t, rec.Body.Bytes())
				if rec.Code != http.StatusBadRequest || p.Refused != 1 {
					t.Fatalf("status %d, %d refused; want 400, 1:\n%s", rec.Code, p.Refused, rec.Body)
				}
				e := p.Results[0].Errors
				if len(e) == 0 || e[0].Field != c.key || !strings.Contains(e[0].Problem, domain.TimeRangeText) {
					t.Fatalf("errors %+v, want %s naming the range %s", e, c.key, domain.TimeRangeText)
				}
				if rec := call(h, "GET", "/api/v1/tickets/"+no, ""); rec.Code != http.StatusNotFound {
					t.Fatalf("refused ticket answers %d", rec.Code)
				}
			})
		}
		t.Run("the edges are taken", func(t *testing.T) {
			body := "[" + pushedAt("EDGE1", "dispatched_at", "2000-01-01 00:00") + "," + pushedAt("EDGE2", "due_at", "2099-12-31 23:59") + "]"
			if rec := call(h, "POST", "/api/v1/tickets", body); rec.Code != http.StatusOK {
				t.Fatalf("status %d:\n%s", rec.Code, rec.Body)
			}
		})
	})
}

// TestReadsNeverAnswer5xx reads tickets stored before the range rule
// existed (written to the store directly) and asks for numbers and instants
// no store can hold: the answers are 200, 404 or 400, never 5xx.
func TestReadsNeverAnswer5xx(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn)
		loc := testkit.Shanghai()
		day := time.Date(2017, 4, 3, 9, 15, 0, 0, loc)
		poison := []domain.Ticket{
			{No: "Y9999", UnitID: 1, Category: domain.Complaint, DispatchedAt: day, DueAt: time.Date(9999, 12, 31, 23, 0, 0, 0, loc)},
			{No: "PAST9999", UnitID: 1, Category: domain.Complaint, DispatchedAt: day, DueAt: time.Date(9999, 12, 31, 20, 0, 0, 0, time.FixedZone("", -10*3600))},
			{No: "Y0", UnitID: 1, Category: domain.Complaint, DispatchedAt: time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 14*3600)), DueAt: day},
		}
		if _, err := st.UpsertTickets(context.Background(), poison); err != nil {
			t.Fatal(err)
		}
		h := realAPI(t, st)
		cases := []struct {
			name, path string
			status     int
			contains   string
		}{
			{"due in 9999", "/api/v1/tickets/Y9999", 200, `"due_at":"9999-12-31T23:00:00+08:00"`},
			{"due past 9999 in UTC", "/api/v1/tickets/PAST9999", 200, `"ticket_no":"PAST9999"`},
			{"dispatched before year 0", "/api/v1/tickets/Y0", 200, `"ticket_no":"Y0"`},
			{"NUL in the number", "/api/v1/tickets/A1%00", 404, "no ticket"},
			{"not UTF-8", "/api/v1/tickets/%ff", 404, "no ticket"},
			{"control character", "/api/v1/tickets/A%1b1", 404, "no ticket"},
			{"too long", "/api/v1/tickets/" + strings.Repeat("9", 200), 404, "too long"},
			{"instant in 9999", "/api/v1/scorecards?at=9999-12-31T23:59:59Z", 400, domain.TimeRangeText},
			{"instant in year 1", "/api/v1/scorecards?at=0001-01-01T00:00:00Z", 400, domain.TimeRangeText},
			{"scorecards with poison", "/api/v1/scorecards?period=2017Q2&at=2017-06-30%2018:00", 200, `"period"`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				rec := call(h, "GET", c.path, "")
				if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.contains) {
					t.Fatalf("status %d, want %d with %s:\n%s", rec.Code, c.status, c.contains, rec.Body)
				}
			})
		}
	})
}

func TestFailedEncodingIsLoggedWithItsCause(t *testing.T) {
	hs := newHarness(t, nil)
	s := newServer(Deps{Store: hs.store, Logger: slog.New(slog.NewJSONHandler(hs.logs, nil)), Registerer: hs.reg}, Options{})
	hs.h = s.observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	}))
	rec := hs.do("GET", "/x", "")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	if logs := hs.logs.String(); !strings.Contains(logs, `"status":500`) || !strings.Contains(logs, "year outside of range") {
		t.Fatalf("the 500 is not logged with its cause:\n%s", logs)
	}
}

// TestParallelPushesReportTrueOutcomes sends eight pushes of the same 2,000
// new ticket numbers at once, each with its own content: whatever order the
// database runs them in, each number is stored by exactly one push and
// updated by the seven others.
func TestParallelPushesReportTrueOutcomes(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		h := realAPI(t, openStore(t, dsn))
		const pushes, n = 8, 2000
		answers := make([]pushResult, pushes)
		var wg sync.WaitGroup
		for i := range pushes {
			body := strings.ReplaceAll(batchBody(0, n), "夜间施工噪音扰民", fmt.Sprintf("第 %d 次推送", i))
			wg.Go(func() {
				rec := call(h, "POST", "/api/v1/tickets", body)
				if rec.Code != http.StatusOK {
					t.Errorf("push %d: status %d: %.300s", i, rec.Code, rec.Body)
					return
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &answers[i]); err != nil {
					t.Errorf("push %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		var total pushResult
		storedBy := map[string]int{}
		for _, a := range answers {
			total.Stored += a.Stored
			total.Updated += a.Updated
			total.Unchanged += a.Unchanged
			for _, r := range a.Results {
				if r.Status == statusStored {
					storedBy[r.TicketNo]++
				}
			}
		}
		if total.Stored != n || total.Updated != (pushes-1)*n || total.Unchanged != 0 {
			t.Fatalf("%d stored, %d updated, %d unchanged; want %d, %d, 0", total.Stored, total.Updated, total.Unchanged, n, (pushes-1)*n)
		}
		for no, k := range storedBy {
			if k != 1 {
				t.Errorf("%s reported stored %d times", no, k)
			}
		}
	})
}

func TestPushWithAByteOrderMark(t *testing.T) {
	hs := newHarness(t, nil)
	rec := hs.do("POST", "/api/v1/tickets", "\uFEFF"+ticketJSONText("BOM1"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"stored"`) {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

func TestPushRefusesADispatchInTheFuture(t *testing.T) {
	hs := newHarness(t, nil) // now is 2017-05-10 10:00
	rec := hs.do("POST", "/api/v1/tickets", "["+pushedAt("FUT1", "dispatched_at", "2071-05-10 09:00")+","+pushedAt("FUT2", "dispatched_at", "2017-05-11 09:00")+"]")
	p := decodePush(t, rec.Body.Bytes())
	if rec.Code != http.StatusBadRequest || p.Results[0].Status != statusRefused || p.Results[1].Status != statusStored ||
		!strings.Contains(p.Results[0].Errors[0].Problem, "is in the future") {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}
