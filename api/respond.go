package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// errorBody is the answer of every failed request as a whole.
type errorBody struct {
	Error string `json:"error"`
}

// writeJSON answers v as JSON with the given status; v must be encodable
// (the API's own types are), so an encoding failure is a 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		noteCause(w, fmt.Errorf("encode answer: %w", err))
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error: encode answer"}` + "\n")
	}
	writeBytes(w, status, "application/json; charset=utf-8", buf.Bytes())
}

// writeBytes answers a body that is already encoded.
func writeBytes(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError answers {"error": msg} with the given status.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// jsonMuxErrors makes the mux's own 404 and 405 answers JSON like every
// other error of the API.
func jsonMuxErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(&muxErrorWriter{ResponseWriter: w, r: r}, r)
	})
}

// muxErrorWriter replaces the plain-text body of a 404 or 405 with JSON.
type muxErrorWriter struct {
	http.ResponseWriter
	r       *http.Request
	swallow bool
}

func (w *muxErrorWriter) WriteHeader(code int) {
	var msg string
	switch code {
	case http.StatusNotFound:
		msg = "no such endpoint: " + w.r.Method + " " + w.r.URL.Path
	case http.StatusMethodNotAllowed:
		msg = "method " + w.r.Method + " is not allowed on " + w.r.URL.Path + " (allowed: " + w.Header().Get("Allow") + ")"
	default:
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.swallow = true
	body, _ := json.Marshal(errorBody{Error: msg})
	writeBytes(w.ResponseWriter, code, "application/json; charset=utf-8", append(body, '\n'))
}

func (w *muxErrorWriter) Write(b []byte) (int, error) {
	if w.swallow {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}
