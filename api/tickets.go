package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"hotlinebot/domain"
	"hotlinebot/importer"
)

// The status of one pushed ticket in the answer.
const (
	statusStored    = "stored"    // new ticket
	statusUpdated   = "updated"   // known ticket, something changed
	statusUnchanged = "unchanged" // known ticket, nothing changed
	statusRefused   = "refused"   // not stored; see errors
)

// itemResult is the answer about one pushed ticket, in the order sent.
type itemResult struct {
	Index    int                 `json:"index"`
	TicketNo string              `json:"ticket_no"`
	Status   string              `json:"status"`
	Errors   []domain.FieldError `json:"errors,omitempty"`
}

// pushResult is the answer of POST /api/v1/tickets.
type pushResult struct {
	Stored    int          `json:"stored"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Refused   int          `json:"refused"`
	Results   []itemResult `json:"results"`
}

// parsed is a ticket that passed validation, with its place in the request.
type parsed struct {
	index  int
	ticket domain.Ticket
}

// postTickets upserts one ticket or a batch: every item is validated as a
// file row is, the good ones are stored even when others are refused, and
// the answer says what became of each.
func (s *server) postTickets(w http.ResponseWriter, r *http.Request) {
	if rerr := checkContentType(r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding")); rerr != nil {
		writeError(w, rerr.status, rerr.msg)
		return
	}
	body, rerr := readBody(w, r, s.opts.MaxBody)
	if rerr != nil {
		writeError(w, rerr.status, rerr.msg)
		return
	}
	items, rerr := splitItems(body, s.opts.MaxBatch)
	if rerr != nil {
		writeError(w, rerr.status, rerr.msg)
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.internalError(w, r, "load units", err)
		return
	}
	results, good := s.parseItems(items, importer.NewUnitIndex(units))
	if err := s.upsert(r, good, results); err != nil {
		s.internalError(w, r, "store tickets", err)
		return
	}
	answer := s.summarize(results)
	status := http.StatusOK
	if answer.Refused > 0 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, answer)
}

// parseItems validates every item through the importer (the one validation
// path for files and pushes) and returns a result per item, refused ones
// filled in, and the tickets to store.
func (s *server) parseItems(items [][]byte, units importer.UnitResolver) ([]itemResult, []parsed) {
	results := make([]itemResult, len(items))
	good := make([]parsed, 0, len(items))
	reader := newItemReader()
	for i, raw := range items {
		fields, typeErrs := reader.read(raw)
		results[i] = itemResult{Index: i, TicketNo: strings.TrimSpace(fields["ticket_no"])}
		if fields == nil {
			results[i].Status, results[i].Errors = statusRefused, typeErrs
			continue
		}
		t, errs := importer.ParseTicket(fields, units, s.opts.Policy, s.opts.Location)
		if len(errs) == 0 {
			errs = domain.CheckNotAhead(t, s.now())
		}
		if errs = mergeFieldErrors(typeErrs, errs); len(errs) > 0 {
			results[i].Status, results[i].Errors = statusRefused, errs
			continue
		}
		results[i].TicketNo = t.No
		good = append(good, parsed{index: i, ticket: t})
	}
	return results, good
}

// mergeFieldErrors reports the type errors first and drops the importer's
// complaints about fields whose value was left out for having a wrong type.
func mergeFieldErrors(typeErrs, parseErrs []domain.FieldError) []domain.FieldError {
	if len(typeErrs) == 0 {
		return parseErrs
	}
	bad := make(map[string]bool, len(typeErrs))
	for _, e := range typeErrs {
		bad[e.Field] = true
	}
	out := typeErrs
	for _, e := range parseErrs {
		if !bad[e.Field] {
			out = append(out, e)
		}
	}
	return out
}

// upsert stores the good tickets in order. A ticket number sent twice in one
// request starts a new store call, so the later item applies over the
// earlier one as if they had come in two requests.
func (s *server) upsert(r *http.Request, good []parsed, results []itemResult) error {
	for start := 0; start < len(good); {
		end := start
		seen := make(map[string]bool)
		for end < len(good) && !seen[good[end].ticket.No] {
			seen[good[end].ticket.No] = true
			end++
		}
		batch := make([]domain.Ticket, end-start)
		for i, p := range good[start:end] {
			batch[i] = p.ticket
		}
		outcomes, err := s.store.UpsertTickets(r.Context(), batch)
		if err != nil {
			return err
		}
		if len(outcomes) != len(batch) {
			return fmt.Errorf("store answered %d outcomes for %d tickets", len(outcomes), len(batch))
		}
		for i, p := range good[start:end] {
			results[p.index].Status = outcomeStatus(outcomes[i])
		}
		start = end
	}
	return nil
}

// outcomeStatus names a store outcome in the API's words.
func outcomeStatus(o domain.Outcome) string {
	switch o {
	case domain.Inserted:
		return statusStored
	case domain.Updated:
		return statusUpdated
	}
	return statusUnchanged
}

// summarize counts the statuses and records them as metrics.
func (s *server) summarize(results []itemResult) pushResult {
	p := pushResult{Results: results}
	for _, r := range results {
		switch r.Status {
		case statusStored:
			p.Stored++
		case statusUpdated:
			p.Updated++
		case statusUnchanged:
			p.Unchanged++
		default:
			p.Refused++
		}
	}
	for status, n := range map[string]int{statusStored: p.Stored, statusUpdated: p.Updated, statusUnchanged: p.Unchanged, statusRefused: p.Refused} {
		s.metrics.tickets.WithLabelValues(status).Add(float64(n))
	}
	return p
}

// internalError logs a failure of the service itself and answers 500
// without internals.
func (s *server) internalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.ErrorContext(r.Context(), "http "+what, slog.Any("err", err), slog.String("request_id", RequestID(r.Context())))
	writeError(w, http.StatusInternalServerError, "internal error: "+what+" failed; see the service log (request id "+RequestID(r.Context())+")")
}
