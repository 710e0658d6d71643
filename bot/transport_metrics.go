package bot

import "github.com/prometheus/client_golang/prometheus"

// TransportMetrics count what the transport did about Telegram's answers,
// for /metrics.
type TransportMetrics struct {
	retriesTotal *prometheus.CounterVec
	droppedTotal *prometheus.CounterVec
}

// NewTransportMetrics creates the transport's collectors and registers
// them on reg (nil: not registered, as in tests).
func NewTransportMetrics(reg prometheus.Registerer) *TransportMetrics {
	m := &TransportMetrics{
		retriesTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_telegram_retries_total",
			Help: "Bot API calls tried again, replies and notifications, by reason (rate_limited, transient).",
		}, []string{"reason"}),
		droppedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hotline_replies_dropped_total",
			Help: "Replies to commands given up, by reason (transient: Telegram unreachable for the whole patience; forbidden, bad_request, other).",
		}, []string{"reason"}),
	}
	if reg != nil {
		reg.MustRegister(m.retriesTotal, m.droppedTotal)
	}
	return m
}

func (m *TransportMetrics) waited(k ErrKind) {
	if m != nil {
		m.retriesTotal.WithLabelValues(k.String()).Inc()
	}
}

func (m *TransportMetrics) dropped(k ErrKind) {
	if m != nil {
		m.droppedTotal.WithLabelValues(k.String()).Inc()
	}
}
