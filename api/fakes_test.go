package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/fakestore"
)

// fakeStore is the shared fake ticket store with the request endpoints'
// methods, which are tested against the real store instead.
type fakeStore struct{ *fakestore.Store }

func newFakeStore() *fakeStore {
	return &fakeStore{fakestore.New(
		domain.Unit{ID: 1, Name: "岳阳楼区", Kind: domain.District, Aliases: []string{"楼区"}},
		domain.Unit{ID: 2, Name: "市城管局", Kind: domain.Department, Aliases: []string{"城管局"}},
		domain.Unit{ID: 3, Name: "市金融办", Kind: domain.Department},
	)}
}

// Requests, TicketRequests and DecideRequest: the request endpoints are
// tested against the real store (TestRequestsAgainstStore).
func (f *fakeStore) Requests(ctx context.Context, _ domain.RequestFilter) ([]domain.Request, error) {
	return nil, nil
}

func (f *fakeStore) TicketRequests(ctx context.Context, no string) ([]domain.Request, error) {
	return nil, nil
}

func (f *fakeStore) DecideRequest(ctx context.Context, _ int64, d domain.Decision, _ domain.RequestRules) (domain.Request, error) {
	return domain.Request{}, fmt.Errorf("request %d: %w", d.RequestID, domain.ErrNotFound)
}

// fakeReady answers /readyz's questions as told.
type fakeReady struct {
	pingErr error
	current bool
}

func (r fakeReady) Ping(ctx context.Context) error { return r.pingErr }
func (r fakeReady) MigrationsCurrent(ctx context.Context) (bool, error) {
	return r.current, nil
}

// harness is an API over fakes, with its log and metrics at hand.
type harness struct {
	h     http.Handler
	store *fakeStore
	reg   *prometheus.Registry
	logs  *syncBuffer
}

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const testToken = "s3cret-token-1"

// testNow is the pinned instant of every test: 2017-05-10 10:00 in Shanghai.
func testNow(t testing.TB) time.Time {
	return time.Date(2017, 5, 10, 10, 0, 0, 0, testkit.Shanghai())
}

func newHarness(t testing.TB, edit func(*Deps, *Options)) *harness {
	t.Helper()
	hs := &harness{store: newFakeStore(), reg: prometheus.NewRegistry(), logs: &syncBuffer{}}
	now := testNow(t)
	deps := Deps{
		Store: hs.store, Ready: fakeReady{current: true}, Gatherer: hs.reg, Registerer: hs.reg,
		Logger: slog.New(slog.NewJSONHandler(hs.logs, nil)),
		Now:    func() time.Time { return now },
	}
	opts := Options{
		Tokens: []string{testToken}, Location: testkit.Shanghai(), Policy: config.Defaults().Policy,
		Scheme: domain.DefaultScheme(), PeriodKind: domain.Quarter,
	}
	if edit != nil {
		edit(&deps, &opts)
	}
	hs.h = New(deps, opts)
	return hs
}

// do sends a request with the test token (unless headers say otherwise)
// and returns the recorded answer.
func (hs *harness) do(method, path, body string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, req)
	return rec
}

var errDown = errors.New("database is down")
