package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the API's own series: requests by route pattern and status,
// and tickets pushed by outcome.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	tickets  *prometheus.CounterVec
}

// newMetrics creates the series and registers them on reg when it is not
// nil; a series already registered (a second handler on the same registry)
// is shared rather than refused.
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hotline_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		tickets: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_api_tickets_total",
			Help: "Tickets pushed through POST /api/v1/tickets, by outcome (stored, updated, unchanged, refused).",
		}, []string{"outcome"}),
	}
	if reg != nil {
		m.requests = register(reg, m.requests)
		m.duration = register(reg, m.duration)
		m.tickets = register(reg, m.tickets)
	}
	for _, o := range []string{statusStored, statusUpdated, statusUnchanged, statusRefused} {
		m.tickets.WithLabelValues(o)
	}
	return m
}

// register adds c to reg, or returns the equal collector registered before.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		if are, ok := err.(prometheus.AlreadyRegisteredError); ok {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
	}
	return c
}

// observeRequest records one answered request.
func (m *metrics) observeRequest(route string, code int, took time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route).Observe(took.Seconds())
}

// metricsHandler serves the gatherer in the Prometheus text format.
func metricsHandler(g prometheus.Gatherer) http.HandlerFunc {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{}).ServeHTTP
}
