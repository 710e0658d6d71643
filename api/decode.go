package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"hotlinebot/domain"
)

// ticketKeys are the English column names a pushed ticket may carry; other
// keys are ignored, as unknown file columns are.
var ticketKeys = []string{
	"ticket_no", "unit", "category", "topic", "urgent", "dispatched_at",
	"due_at", "completed_at", "rework_count", "callback", "summary",
}

// requestError is a problem with the request as a whole, answered with its
// status and message.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// checkContentType refuses a declared media type other than JSON, and
// compressed bodies; a request without a media type is judged by its body.
func checkContentType(header, encoding string) *requestError {
	if enc := strings.TrimSpace(encoding); enc != "" && !strings.EqualFold(enc, "identity") {
		return &requestError{http.StatusUnsupportedMediaType, fmt.Sprintf("content encoding %q is not supported (send the JSON uncompressed)", enc)}
	}
	if strings.TrimSpace(header) == "" {
		return nil
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return &requestError{http.StatusUnsupportedMediaType, fmt.Sprintf("content type %q is not JSON (send application/json)", header)}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return &requestError{http.StatusUnsupportedMediaType, fmt.Sprintf("charset %q is not supported (send UTF-8)", cs)}
	}
	return nil
}

// readBody reads at most limit bytes of the request body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *requestError) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf("body is larger than %d bytes; split the push into smaller batches", limit)}
	case err != nil:
		return nil, badRequest("cannot read body: %v", err)
	}
	return body, nil
}

// splitItems checks the body is UTF-8 JSON (a leading byte order mark is
// skipped) holding one ticket object or an array of 1 to max of them, and
// returns each item's raw JSON.
func splitItems(body []byte, max int) ([][]byte, *requestError) {
	// A byte order mark is what Windows tools put before UTF-8 JSON; it
	// says nothing else.
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, badRequest("empty body: send a ticket object or an array of them")
	}
	if !utf8.Valid(body) {
		return nil, badRequest("body is not valid UTF-8 (at byte %d)", invalidUTF8At(body))
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		if !json.Valid(trimmed) {
			return nil, &requestError{http.StatusUnsupportedMediaType, "body is not JSON: send a ticket object or an array of them"}
		}
		return nil, badRequest("body must be a ticket object or an array of them, not a JSON %s", jsonKind(trimmed[0]))
	}
	if !json.Valid(trimmed) {
		var v any
		return nil, badRequest("malformed JSON: %s", syntaxProblem(json.Unmarshal(trimmed, &v)))
	}
	if trimmed[0] == '{' {
		return [][]byte{trimmed}, nil
	}
	var items [][]byte
	if err := eachElement(trimmed, func(v []byte) { items = append(items, v) }); err != nil {
		return nil, badRequest("malformed JSON: %v", err)
	}
	if len(items) == 0 {
		return nil, badRequest("empty array: send at least one ticket")
	}
	if len(items) > max {
		return nil, badRequest("too many tickets: %d in one request, at most %d", len(items), max)
	}
	return items, nil
}

// invalidUTF8At is the offset of the first byte that is not UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// syntaxProblem explains where the JSON breaks.
func syntaxProblem(err error) string {
	if err == nil {
		return "unexpected content"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	return err.Error()
}

func jsonKind(first byte) string {
	switch first {
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// itemReader turns pushed items into the string fields the importer
// parses, as a file row would give them: strings as they are, numbers as
// written, booleans as true/false, null as absent. Values of other types are
// reported by field. One reader serves a whole request, reusing its map.
type itemReader struct {
	fields map[string]string
	values [][]byte // raw value by index in ticketKeys; the last one given wins
}

func newItemReader() *itemReader {
	return &itemReader{fields: make(map[string]string, len(ticketKeys)), values: make([][]byte, len(ticketKeys))}
}

// read returns the item's fields, valid until the next call, or nil with an
// error when the item is not an object. The item is valid UTF-8 JSON.
func (r *itemReader) read(item []byte) (map[string]string, []domain.FieldError) {
	clear(r.fields)
	clear(r.values)
	err := eachMember(item, func(key, value []byte) {
		for i, k := range ticketKeys {
			if string(key) == k {
				r.values[i] = value
				return
			}
		}
	})
	if err != nil {
		return nil, []domain.FieldError{{Field: "", Problem: "not a JSON object: each ticket must be an object with the English column names as keys"}}
	}
	var errs []domain.FieldError
	for i, v := range r.values {
		if v == nil {
			continue
		}
		s, present, problem := scalarString(v)
		switch {
		case problem != "":
			errs = append(errs, domain.FieldError{Field: ticketKeys[i], Problem: problem})
		case present:
			r.fields[ticketKeys[i]] = s
		}
	}
	return r.fields, errs
}

// scalarString renders one JSON value in the form a file cell would hold;
// present is false for null, problem is set for arrays and objects.
func scalarString(v []byte) (s string, present bool, problem string) {
	switch v[0] {
	case '"':
		s, err := unquote(v)
		if err != nil {
			return "", false, "unreadable string: " + err.Error()
		}
		return s, true, ""
	case 't':
		return "true", true, ""
	case 'f':
		return "false", true, ""
	case 'n':
		return "", false, ""
	case '[':
		return "", false, "want a string, number or boolean, not a JSON array"
	case '{':
		return "", false, "want a string, number or boolean, not a JSON object"
	}
	return numberString(json.Number(v)), true, ""
}

// numberString writes integral numbers without a fraction (2.0 → "2", 1e3
// → "1000") and keeps others as sent.
func numberString(n json.Number) string {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		return s
	}
	f, err := n.Float64()
	if err == nil && f == float64(int64(f)) && f > -1e15 && f < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return s
}
