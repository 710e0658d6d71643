package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// tokenSet holds the accepted bearer tokens as SHA-256 digests, so that
// comparing takes the same time whatever the token's length or content.
type tokenSet [][sha256.Size]byte

func newTokenSet(tokens []string) tokenSet {
	var ts tokenSet
	for _, t := range tokens {
		if t = strings.TrimSpace(t); t != "" {
			ts = append(ts, sha256.Sum256([]byte(t)))
		}
	}
	return ts
}

// accepts compares the given token with every accepted one, without
// stopping early, so timing tells nothing about which or how much matched.
func (ts tokenSet) accepts(token string) bool {
	got := sha256.Sum256([]byte(token))
	ok := 0
	for _, want := range ts {
		ok |= subtle.ConstantTimeCompare(got[:], want[:])
	}
	return ok == 1 && token != ""
}

// requireToken answers 503 while no token is configured and 401 unless the
// request carries one of the configured bearer tokens.
func (s *server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(s.tokens) == 0 {
			writeError(w, http.StatusServiceUnavailable, "the API is disabled: no token is configured (set HOTLINE_API_TOKEN)")
			return
		}
		token, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok || !s.tokens.accepts(token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="hotlinebot"`)
			writeError(w, http.StatusUnauthorized, "missing or invalid bearer token")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken takes the token out of an Authorization header value; the
// scheme name is case-insensitive (RFC 7235).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
