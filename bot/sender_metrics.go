package bot

import "github.com/prometheus/client_golang/prometheus"

// SenderMetrics count the sender's deliveries for /metrics.
type SenderMetrics struct {
	sentTotal    prometheus.Counter
	retriedTotal *prometheus.CounterVec
	failedTotal  *prometheus.CounterVec
	expiredTotal prometheus.Counter
	depth        prometheus.Gauge
}

// NewSenderMetrics creates the sender's collectors and registers them on
// reg (nil: not registered, as in tests).
func NewSenderMetrics(reg prometheus.Registerer) *SenderMetrics {
	m := &SenderMetrics{
		sentTotal: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hotline_notifications_sent_total",
			Help: "Notification messages (parts) Telegram accepted.",
		}),
		retriedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_notifications_retried_total",
			Help: "Notification sends to be retried, by reason (rate_limited, transient, other).",
		}, []string{"reason"}),
		failedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_notifications_failed_total",
			Help: "Notification sends given up, by reason (bad_request, forbidden).",
		}, []string{"reason"}),
		expiredTotal: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hotline_notifications_expired_total",
			Help: "Notifications dropped undelivered after their expiry (nobody to send them to).",
		}),
		depth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "hotline_outbox_depth",
			Help: "Notifications waiting in the outbox.",
		}),
	}
	if reg != nil {
		reg.MustRegister(m.sentTotal, m.retriedTotal, m.failedTotal, m.expiredTotal, m.depth)
	}
	return m
}

func (m *SenderMetrics) sent() {
	if m != nil {
		m.sentTotal.Inc()
	}
}

func (m *SenderMetrics) retried(reason string) {
	if m != nil {
		m.retriedTotal.WithLabelValues(reason).Inc()
	}
}

func (m *SenderMetrics) failed(reason string) {
	if m != nil {
		m.failedTotal.WithLabelValues(reason).Inc()
	}
}

func (m *SenderMetrics) expired() {
	if m != nil {
		m.expiredTotal.Inc()
	}
}
