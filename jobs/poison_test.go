package jobs

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/store/storetest"
)

// TestDeadlinesKeepAlertingPastAPoisonTicket stores, as a database written
// before the time range rule would hold, a ticket due before year 0 in the
// office's zone next to good ones of the same and another unit. Every run
// still announces the good tickets; the poison one is skipped, logged with
// its number and counted.
func TestDeadlinesKeepAlertingPastAPoisonTicket(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		var logs bytes.Buffer
		e.deps.Log = slog.New(slog.NewJSONHandler(&logs, nil))
		reg := prometheus.NewRegistry()
		e.deps.Metrics = NewMetrics(reg)
		poison := e.ticket("POISON", "岳阳县政府", time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 14*3600)), false)
		poison.DispatchedAt = poison.DueAt.Add(-time.Hour)
		e.upsert(poison,
			e.ticket("A-LATE", "岳阳县政府", at(t, "2026-11-26 09:00"), false),
			e.ticket("B-LATE", "市规划局", at(t, "2026-11-26 09:00"), false),
			e.ticket("A-SOON", "岳阳县政府", at(t, "2026-11-27 08:00"), false),
		)
		job := NewDeadlines(e.st, e.deps)
		steps := []struct {
			now  string
			want []string
		}{
			{"2026-11-26 10:00", []string{"due_soon 岳阳县政府 A-SOON", "overdue 岳阳县政府 A-LATE", "overdue 市规划局 B-LATE"}},
			{"2026-11-27 04:00", []string{"due_soon 岳阳县政府 A-SOON"}},
			{"2026-11-27 08:00", []string{"overdue 岳阳县政府 A-SOON"}},
			{"2026-11-27 09:00", []string{"escalation supervisors A-LATE,B-LATE"}},
		}
		for i, s := range steps {
			t.Run(s.now, func(t *testing.T) {
				n := len(e.outbox())
				e.runAt(job, s.now)
				sameList(t, "queued", describeAll(e.newSince(n)), s.want)
				if got := counterValue(t, reg, "hotline_job_skipped_total", "deadlines", "ticket"); got != float64(i+1) {
					t.Errorf("skipped tickets counted %v, want %d", got, i+1)
				}
			})
		}
		if !strings.Contains(logs.String(), `"ticket_no":"POISON"`) {
			t.Errorf("the skipped ticket is not logged by number:\n%s", logs.String())
		}
	})
}

// counterValue reads the counter name{job, what} from reg, as /metrics shows it.
func counterValue(t *testing.T, reg *prometheus.Registry, name, job, what string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["job"] == job && labels["what"] == what {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
