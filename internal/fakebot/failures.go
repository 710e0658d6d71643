package fakebot

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// faults are the failures a test has asked for.
type faults struct {
	rateLimited int // how many more calls answer 429
	retryAfter  int
	outageUntil time.Time
	outageCode  int
	blocked     map[int64]bool
	failNext    []injected
}

type injected struct {
	method      string
	status      int
	description string
}

// sendMethods are the methods that put something in front of a user, the
// ones a blocked chat refuses.
var sendMethods = map[string]bool{
	"sendmessage": true, "senddocument": true, "sendphoto": true, "editmessagetext": true,
}

// RateLimit makes the next n calls (any method but getUpdates) answer 429
// with the given retry_after in seconds.
func (s *Server) RateLimit(n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rateLimited = n
	s.faults.retryAfter = retryAfter
}

// Outage makes every call, getUpdates included, answer the given 5xx status
// for the duration d from now; Outage(0, 0) ends one early.
func (s *Server) Outage(d time.Duration, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.outageUntil = s.now().Add(d)
	s.faults.outageCode = status
}

// Block makes sends to the chats answer 403 "Forbidden: bot was blocked by
// the user"; Unblock lifts it.
func (s *Server) Block(chatIDs ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range chatIDs {
		s.faults.blocked[id] = true
	}
}

// Unblock lets sends to the chats through again.
func (s *Server) Unblock(chatIDs ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range chatIDs {
		delete(s.faults.blocked, id)
	}
}

// FailNext makes the next call of method answer the given status and
// description (e.g. 400 "Bad Request: chat not found"), once per FailNext.
func (s *Server) FailNext(method string, status int, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.failNext = append(s.faults.failNext, injected{strings.ToLower(method), status, description})
}

// injectedFault answers the call with a fault the test asked for, if any.
func (s *Server) injectedFault(c *Call) (answer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	method := strings.ToLower(c.Method)
	f := &s.faults
	if s.now().Before(f.outageUntil) {
		return fail(f.outageCode, http.StatusText(f.outageCode)), true
	}
	for i, inj := range f.failNext {
		if inj.method == method {
			f.failNext = append(f.failNext[:i], f.failNext[i+1:]...)
			return fail(inj.status, inj.description), true
		}
	}
	if f.rateLimited > 0 && method != "getupdates" {
		f.rateLimited--
		a := fail(http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", f.retryAfter))
		a.retryAfter = f.retryAfter
		return a, true
	}
	if sendMethods[method] && f.blocked[c.ChatID] {
		return fail(http.StatusForbidden, "Forbidden: bot was blocked by the user"), true
	}
	return answer{}, false
}
