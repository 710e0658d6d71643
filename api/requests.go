package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// requestJSON is an extension or return request and its decision as
// GET /api/v1/requests shows it; times in the office's zone, null when not
// (yet) set.
type requestJSON struct {
	ID             int64                `json:"id"`
	TicketNo       string               `json:"ticket_no"`
	Unit           string               `json:"unit"`
	Kind           domain.RequestKind   `json:"kind"`
	Days           int                  `json:"days,omitempty"`
	Reason         string               `json:"reason"`
	RequestedBy    string               `json:"requested_by"`
	RequestedAt    time.Time            `json:"requested_at"`
	DueBefore      time.Time            `json:"due_before"`
	DueAfter       *time.Time           `json:"due_after"`
	Status         domain.RequestStatus `json:"status"`
	DecidedBy      string               `json:"decided_by,omitempty"`
	DecidedVia     string               `json:"decided_via,omitempty"`
	DecidedAt      *time.Time           `json:"decided_at"`
	DecisionReason string               `json:"decision_reason,omitempty"`
	Effective      bool                 `json:"effective"`
	EndedAt        *time.Time           `json:"ended_at"`
	EndedBy        string               `json:"ended_by,omitempty"`
	UpdatedAt      time.Time            `json:"updated_at"`
}

func (s *server) requestJSON(q domain.Request) requestJSON {
	loc := s.opts.Location
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		v := t.In(loc)
		return &v
	}
	return requestJSON{
		ID: q.ID, TicketNo: q.TicketNo, Unit: q.UnitName, Kind: q.Kind, Days: q.Days, Reason: q.Reason,
		RequestedBy: q.RequestedBy, RequestedAt: q.RequestedAt.In(loc), DueBefore: q.DueBefore.In(loc),
		DueAfter: opt(q.DueAfter), Status: q.Status, DecidedBy: q.DecidedBy, DecidedVia: q.DecidedVia,
		DecidedAt: opt(q.DecidedAt), DecisionReason: q.DecisionReason, Effective: q.Effective,
		EndedAt: opt(q.EndedAt), EndedBy: q.EndedBy, UpdatedAt: q.UpdatedAt.In(loc),
	}
}

func (s *server) requestsJSON(qs []domain.Request) []requestJSON {
	out := make([]requestJSON, 0, len(qs))
	for _, q := range qs {
		out = append(out, s.requestJSON(q))
	}
	return out
}

// getRequests lists requests by ?status= and ?since= (RFC 3339: those
// asked, decided or ended at or after it), oldest change first, so the
// ticket system can pick up what changed since it last asked.
func (s *server) getRequests(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var f domain.RequestFilter
	if v := strings.TrimSpace(q.Get("status")); v != "" {
		st, err := domain.ParseRequestStatus(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "status: "+err.Error())
			return
		}
		f.Status = st
	}
	if v := strings.TrimSpace(q.Get("since")); v != "" {
		// An unescaped "+" of the offset arrives as a space.
		t, err := time.Parse(time.RFC3339, strings.Replace(v, " ", "+", 1))
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("since: invalid time %q (want RFC 3339 such as 2026-11-27T08:00:00+08:00)", v))
			return
		}
		f.Since = t
	}
	qs, err := s.store.Requests(r.Context(), f)
	if err != nil {
		s.internalError(w, r, "load requests", err)
		return
	}
	writeJSON(w, http.StatusOK, s.requestsJSON(qs))
}

// decisionBody is the body of POST /api/v1/requests/{id}/decision.
type decisionBody struct {
	Decision string `json:"decision"` // approve or reject
	Reason   string `json:"reason"`   // required to reject
	By       string `json:"by"`       // optional: who decided in the ticket system
}

// postDecision decides a pending request from the ticket system: 200 with
// the decided request, 409 with the earlier decision when someone decided
// first.
func (s *server) postDecision(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid request id %q (want a positive integer)", r.PathValue("id")))
		return
	}
	d, rerr := s.readDecision(w, r)
	if rerr != nil {
		writeError(w, rerr.status, rerr.msg)
		return
	}
	d.RequestID, d.At = id, s.now()
	q, err := s.store.DecideRequest(r.Context(), 0, d, s.opts.Requests)
	var already *domain.AlreadyDecided
	switch {
	case errors.As(err, &already):
		writeJSON(w, http.StatusConflict, conflictBody{
			Error:   fmt.Sprintf("request %d was already %s by %s", id, already.Request.Status, already.Request.DecidedBy),
			Request: s.requestJSON(already.Request)})
	case errors.Is(err, domain.ErrDecisionReason):
		writeError(w, http.StatusBadRequest, "reason: required to reject")
	case isNotFound(err):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no request %d", id))
	case err != nil:
		s.internalError(w, r, "decide request", err)
	default:
		s.log.Info("request decided", "request_id", id, "ticket_no", q.TicketNo, "status", string(q.Status), "via", "api")
		writeJSON(w, http.StatusOK, s.requestJSON(q))
	}
}

// conflictBody answers a decision that came second.
type conflictBody struct {
	Error   string      `json:"error"`
	Request requestJSON `json:"request"`
}

func (s *server) readDecision(w http.ResponseWriter, r *http.Request) (domain.Decision, *requestError) {
	if rerr := checkContentType(r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding")); rerr != nil {
		return domain.Decision{}, rerr
	}
	body, rerr := readBody(w, r, 64<<10)
	if rerr != nil {
		return domain.Decision{}, rerr
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var b decisionBody
	if err := dec.Decode(&b); err != nil {
		return domain.Decision{}, badRequest("body: %v (want {\"decision\": \"approve\"|\"reject\", \"reason\": \"…\"})", err)
	}
	d := domain.Decision{Reason: strings.TrimSpace(b.Reason), By: strings.TrimSpace(b.By), Via: "api"}
	switch strings.ToLower(strings.TrimSpace(b.Decision)) {
	case "approve":
		d.Approve = true
	case "reject":
		if d.Reason == "" {
			return d, badRequest("reason: required to reject")
		}
	default:
		return d, badRequest("decision: %q is not approve or reject", b.Decision)
	}
	if d.By == "" {
		d.By = "ticket system"
	}
	return d, nil
}
