package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// requestIDHeader carries the request id in and out, so a proxy's id and the
// service's logs line up.
const requestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// RequestID is the id of the request being served, as the access log and the
// X-Request-Id response header show it.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// statusRecorder remembers the status and size of an answer.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	cause  error // why a 5xx was answered, when the handler could not log it
}

// noteCause hands err to the access log of the request w answers, so that
// a 500 from code without a logger (an answer that failed to encode) is
// still logged with its cause.
func noteCause(w http.ResponseWriter, err error) {
	for {
		switch v := w.(type) {
		case *statusRecorder:
			v.cause = err
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return
		}
	}
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection underneath.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe gives each request an id, then logs and counts it by the route
// pattern the mux matched (never by raw path, which would let clients
// create series at will). The Authorization header is never logged.
func (s *server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r.Header.Get(requestIDHeader))
		w.Header().Set(requestIDHeader, id)
		rec := &statusRecorder{ResponseWriter: w}
		req := r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		next.ServeHTTP(rec, req)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		took := time.Since(start)
		route := req.Pattern
		if route == "" || route == "/" {
			route = "unmatched"
		}
		s.metrics.observeRequest(route, rec.status, took)
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.Int64("bytes", rec.bytes),
			slog.String("request_id", id),
			slog.String("remote", r.RemoteAddr),
		}
		if rec.cause != nil {
			attrs = append(attrs, slog.Any("err", rec.cause))
		}
		s.log.LogAttrs(req.Context(), level, "http request", attrs...)
	})
}

// requestID keeps a sane incoming id (printable ASCII, at most 128 bytes)
// and makes a new one otherwise.
func requestID(incoming string) string {
	if n := len(incoming); n > 0 && n <= 128 {
		ok := true
		for i := 0; i < n; i++ {
			if c := incoming[i]; c <= ' ' || c > '~' {
				ok = false
				break
			}
		}
		if ok {
			return incoming
		}
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// recoverPanics turns a handler's panic into a logged 500 so that one bad
// request never stops the process.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "http handler panic",
				slog.Any("panic", v), slog.String("stack", string(debug.Stack())),
				slog.String("request_id", RequestID(r.Context())))
			writeError(w, http.StatusInternalServerError, "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}
