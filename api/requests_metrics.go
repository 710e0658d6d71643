package api

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/domain"
)

// RequestCounter counts the stored requests; *store.Store is one.
type RequestCounter interface {
	RequestCounts(ctx context.Context) ([]domain.RequestCount, error)
}

var requestsDesc = prometheus.NewDesc("hotline_requests",
	"Extension and return requests stored, by kind (extend, return) and outcome (pending, approved, rejected).",
	[]string{"kind", "outcome"}, nil)

// requestCollector reads the counts from the database at each scrape, so
// every replica reports the same figures whichever one took the request.
type requestCollector struct{ src RequestCounter }

// NewRequestCollector is the collector of hotline_requests over src.
func NewRequestCollector(src RequestCounter) prometheus.Collector { return requestCollector{src} }

func (c requestCollector) Describe(ch chan<- *prometheus.Desc) { ch <- requestsDesc }

func (c requestCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.src.RequestCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(requestsDesc, err)
		return
	}
	seen := map[[2]string]int{}
	for _, k := range []domain.RequestKind{domain.RequestExtend, domain.RequestReturn} {
		for _, s := range []domain.RequestStatus{domain.RequestPending, domain.RequestApproved, domain.RequestRejected} {
			seen[[2]string{string(k), string(s)}] = 0
		}
	}
	for _, n := range counts {
		seen[[2]string{string(n.Kind), string(n.Status)}] += n.N
	}
	for k, n := range seen {
		ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
}
