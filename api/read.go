package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// unitJSON is a unit as GET /api/v1/units shows it.
type unitJSON struct {
	ID      int64           `json:"id"`
	Name    string          `json:"name"`
	Kind    domain.UnitKind `json:"kind"`
	Aliases []string        `json:"aliases"`
}

// ticketJSON is a ticket as GET /api/v1/tickets/{no} shows it: the keys of
// the push, times in the office's zone, completed_at null while open.
type ticketJSON struct {
	TicketNo     string          `json:"ticket_no"`
	Unit         string          `json:"unit"`
	Category     domain.Category `json:"category"`
	Topic        string          `json:"topic"`
	Urgent       bool            `json:"urgent"`
	DispatchedAt jsonTime        `json:"dispatched_at"`
	DueAt        jsonTime        `json:"due_at"`
	CompletedAt  *jsonTime       `json:"completed_at"`
	ReworkCount  int             `json:"rework_count"`
	Callback     domain.Callback `json:"callback"`
	Summary      string          `json:"summary"`
	Overdue      bool            `json:"overdue"`
	Returned     bool            `json:"returned,omitempty"` // returned by its unit, awaiting re-dispatch
	Requests     []requestJSON   `json:"requests"`           // the units' extension and return requests, oldest first
}

func (s *server) getUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.internalError(w, r, "load units", err)
		return
	}
	out := make([]unitJSON, 0, len(units))
	for _, u := range units {
		aliases := u.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out = append(out, unitJSON{ID: u.ID, Name: u.Name, Kind: u.Kind, Aliases: aliases})
	}
	writeJSON(w, http.StatusOK, out)
}

// jsonTime is a time in RFC 3339, as time.Time encodes it, except that it
// never fails: a year outside 0–9999 stored before the range rule existed
// is written as it is rather than turning the read into a 500.
type jsonTime time.Time

// MarshalJSON writes the time in RFC 3339.
func (t jsonTime) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(time.RFC3339)+2)
	b = append(b, '"')
	b = time.Time(t).AppendFormat(b, time.RFC3339)
	return append(b, '"'), nil
}

func (s *server) getTicket(w http.ResponseWriter, r *http.Request) {
	no := strings.TrimSpace(r.PathValue("no"))
	if err := domain.CheckTicketNo(no); err != nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q: %v", no, err))
		return
	}
	t, err := s.store.Ticket(r.Context(), no)
	switch {
	case isNotFound(err):
		writeError(w, http.StatusNotFound, fmt.Sprintf("no ticket %q", no))
		return
	case err != nil:
		s.internalError(w, r, "load ticket", err)
		return
	}
	qs, err := s.store.TicketRequests(r.Context(), t.No)
	if err != nil {
		s.internalError(w, r, "load requests", err)
		return
	}
	out := s.ticketJSON(t)
	out.Returned = t.UnitID == 0
	out.Requests = s.requestsJSON(qs)
	writeJSON(w, http.StatusOK, out)
}

func (s *server) ticketJSON(t domain.Ticket) ticketJSON {
	loc := s.opts.Location
	out := ticketJSON{
		TicketNo: t.No, Unit: t.UnitName, Category: t.Category, Topic: t.Topic,
		Urgent: t.Urgent, DispatchedAt: jsonTime(t.DispatchedAt.In(loc)), DueAt: jsonTime(t.DueAt.In(loc)),
		ReworkCount: t.ReworkCount, Callback: t.Callback, Summary: t.Summary,
		Overdue: t.Overdue(s.now()),
	}
	if !t.CompletedAt.IsZero() {
		c := jsonTime(t.CompletedAt.In(loc))
		out.CompletedAt = &c
	}
	return out
}

// getScorecards answers the report JSON of ?period= (default: the current
// period) as of ?at= (default: now).
func (s *server) getScorecards(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	at := s.now()
	if v := strings.TrimSpace(q.Get("at")); v != "" {
		t, err := parseInstant(v, s.opts.Location)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		at = t
	}
	p := domain.PeriodAt(s.opts.PeriodKind, at, s.opts.Location)
	if v := strings.TrimSpace(q.Get("period")); v != "" {
		var err error
		if p, err = domain.ParsePeriodAt(v, s.opts.PeriodKind, at, s.opts.Location); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	rep, err := s.store.Report(r.Context(), s.opts.Scheme, p, at)
	if err != nil {
		s.internalError(w, r, "compute report", err)
		return
	}
	body, err := report.JSON(rep)
	if err != nil {
		s.internalError(w, r, "encode report", err)
		return
	}
	writeBytes(w, http.StatusOK, "application/json; charset=utf-8", body)
}

// parseInstant reads ?at=: RFC 3339 or a local time in loc.
func parseInstant(v string, loc *time.Location) (time.Time, error) {
	// An unescaped "+" of the offset arrives as a space.
	if _, err := time.Parse(time.RFC3339, strings.Replace(v, " ", "+", 1)); err == nil {
		v = strings.Replace(v, " ", "+", 1)
	}
	t, err := domain.ParseInstant(v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("at: %w", err)
	}
	return t, nil
}
