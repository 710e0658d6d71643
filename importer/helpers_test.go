package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// testUnits are the units the test files name.
func testUnits() []domain.Unit {
	return []domain.Unit{
		{ID: 1, Name: "岳阳县政府", Kind: domain.District, Aliases: []string{"岳阳县"}},
		{ID: 2, Name: "临湘市政府", Kind: domain.District, Aliases: []string{"临湘"}},
		{ID: 3, Name: "市规划局", Kind: domain.Department, Aliases: []string{"规划局"}},
	}
}

// at is an instant in Shanghai.
func at(t testing.TB, y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, testkit.Shanghai())
}

// writeFile writes content into a fresh file named name and returns its path.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeTicketStore keeps tickets in memory and decides outcomes as the real
// store does: by comparing content.
type fakeTicketStore struct {
	mu      sync.Mutex
	units   []domain.Unit
	tickets map[string]domain.Ticket
	calls   int
	failAt  int // UpsertTickets call (1-based) that fails; 0: none
}

func newFakeStore() *fakeTicketStore {
	return &fakeTicketStore{units: testUnits(), tickets: make(map[string]domain.Ticket)}
}

func (f *fakeTicketStore) Units(context.Context) ([]domain.Unit, error) { return f.units, nil }

func (f *fakeTicketStore) UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]domain.Outcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls == f.failAt {
		return nil, errors.New("database is locked")
	}
	out := make([]domain.Outcome, len(tickets))
	for i, t := range tickets {
		if t.No == "" || t.UnitID == 0 || t.DispatchedAt.IsZero() || t.DueAt.IsZero() {
			return nil, errors.New("invalid ticket given to the store")
		}
		old, ok := f.tickets[t.No]
		switch {
		case !ok:
			out[i] = domain.Inserted
		case sameTicket(old, t):
			out[i] = domain.Unchanged
		default:
			out[i] = domain.Updated
		}
		f.tickets[t.No] = t
	}
	return out, nil
}

func sameTicket(a, b domain.Ticket) bool {
	return a.No == b.No && a.UnitID == b.UnitID && a.Category == b.Category && a.Topic == b.Topic &&
		a.Urgent == b.Urgent && a.DispatchedAt.Equal(b.DispatchedAt) && a.DueAt.Equal(b.DueAt) &&
		a.CompletedAt.Equal(b.CompletedAt) && a.ReworkCount == b.ReworkCount &&
		a.Callback == b.Callback && a.Summary == b.Summary
}

// fakeUnitStore records the units it was given.
type fakeUnitStore struct {
	units map[string]domain.Unit
}

func (f *fakeUnitStore) UpsertUnits(_ context.Context, units []domain.Unit) (inserted, updated int, err error) {
	if f.units == nil {
		f.units = make(map[string]domain.Unit)
	}
	for _, u := range units {
		if _, ok := f.units[u.Name]; ok {
			updated++
		} else {
			inserted++
		}
		f.units[u.Name] = u
	}
	return inserted, updated, nil
}
