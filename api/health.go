package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// readyTimeout bounds /readyz so a hung database fails the probe instead of
// stalling it.
const readyTimeout = 3 * time.Second

// healthz answers 200 while the process serves HTTP at all.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers and its schema is current, so
// a load balancer sends traffic only to replicas that can serve it.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.ready == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.ready.Ping(ctx); err != nil {
		s.notReady(w, r, "database unreachable", err)
		return
	}
	current, err := s.ready.MigrationsCurrent(ctx)
	if err != nil {
		s.notReady(w, r, "cannot read schema version", err)
		return
	}
	if !current {
		s.notReady(w, r, "database schema is not current", nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) notReady(w http.ResponseWriter, r *http.Request, why string, err error) {
	s.log.WarnContext(r.Context(), "not ready", slog.String("reason", why), slog.Any("err", err),
		slog.String("request_id", RequestID(r.Context())))
	writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": why})
}
