package jobs

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count the scheduled jobs' runs and time them, for /metrics.
type Metrics struct {
	runs     *prometheus.CounterVec
	duration *prometheus.HistogramVec
	leader   prometheus.Gauge
	skipped  *prometheus.CounterVec
}

// NewMetrics creates the jobs' collectors and registers them on reg (nil:
// not registered, as in tests).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_job_runs_total",
			Help: "Scheduled job runs, by job and result (ok, error).",
		}, []string{"job", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hotline_job_duration_seconds",
			Help:    "How long scheduled job runs take, by job.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"job"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_job_skipped_total",
			Help: "Records a job could not process and skipped (each logged with its key) so that the rest still went out, by job and what (ticket, notification).",
		}, []string{"job", "what"}),
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "hotline_leader",
			Help: "1 while this replica holds the leader lease and runs the jobs, the sender and long polling.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.runs, m.duration, m.leader, m.skipped)
	}
	return m
}

func (m *Metrics) observeRun(job string, took time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.runs.WithLabelValues(job, result).Inc()
	m.duration.WithLabelValues(job).Observe(took.Seconds())
}

func (m *Metrics) setLeader(on bool) {
	if m == nil {
		return
	}
	if on {
		m.leader.Set(1)
	} else {
		m.leader.Set(0)
	}
}

func (m *Metrics) countSkipped(job, what string) {
	if m == nil {
		return
	}
	m.skipped.WithLabelValues(job, what).Inc()
}
