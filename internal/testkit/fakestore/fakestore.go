// Package fakestore is the one hand-written fake of the ticket store that
// the packages taking tickets in (api, importer) test against.
package fakestore

import (
	"context"
	"errors"
	"sync"
	"time"

	"hotlinebot/domain"
)

// Store is the fake ticket store: units and tickets in memory, each
// upsert's outcome decided as the store decides it (by content), and
// faults on demand. Tests read and set its fields directly between calls.
type Store struct {
	mu       sync.Mutex
	AllUnits []domain.Unit
	Tickets  map[string]domain.Ticket // by ticket number
	Calls    int                      // UpsertTickets calls so far
	FailAll  error                    // returned by every method when set
	FailAt   int                      // the UpsertTickets call (1-based) that fails with ErrLocked; 0: none
	Panics   bool                     // UpsertTickets panics
}

// ErrLocked is the error of the UpsertTickets call FailAt names.
var ErrLocked = errors.New("database is locked")

// New is a store holding units and no tickets.
func New(units ...domain.Unit) *Store {
	return &Store{AllUnits: units, Tickets: map[string]domain.Ticket{}}
}

// Units returns the units.
func (f *Store) Units(context.Context) ([]domain.Unit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailAll != nil {
		return nil, f.FailAll
	}
	return append([]domain.Unit(nil), f.AllUnits...), nil
}

// UpsertTickets stores the tickets and says, per ticket, whether it was
// new, changed or the same. A ticket the store could not hold (no number,
// unit, dispatch or deadline) fails the whole call, as a constraint would.
func (f *Store) UpsertTickets(_ context.Context, tickets []domain.Ticket) ([]domain.Outcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Panics {
		panic("fake store: boom")
	}
	if f.FailAll != nil {
		return nil, f.FailAll
	}
	f.Calls++
	if f.Calls == f.FailAt {
		return nil, ErrLocked
	}
	out := make([]domain.Outcome, len(tickets))
	for i, t := range tickets {
		if t.No == "" || t.UnitID == 0 || t.DispatchedAt.IsZero() || t.DueAt.IsZero() {
			return nil, errors.New("invalid ticket given to the store")
		}
		old, ok := f.Tickets[t.No]
		switch {
		case !ok:
			out[i] = domain.Inserted
		case SameTicket(old, t):
			out[i] = domain.Unchanged
		default:
			out[i] = domain.Updated
		}
		t.UnitName = f.unitName(t.UnitID)
		f.Tickets[t.No] = t
	}
	return out, nil
}

func (f *Store) unitName(id int64) string {
	for _, u := range f.AllUnits {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// SameTicket compares what the store compares: the stored content, not the
// unit's name it joins in.
func SameTicket(a, b domain.Ticket) bool {
	return a.No == b.No && a.UnitID == b.UnitID && a.Category == b.Category && a.Topic == b.Topic &&
		a.Urgent == b.Urgent && a.DispatchedAt.Equal(b.DispatchedAt) && a.DueAt.Equal(b.DueAt) &&
		a.CompletedAt.Equal(b.CompletedAt) && a.ReworkCount == b.ReworkCount &&
		a.Callback == b.Callback && a.Summary == b.Summary
}

// Ticket returns the ticket numbered no, or domain.ErrNotFound.
func (f *Store) Ticket(_ context.Context, no string) (domain.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailAll != nil {
		return domain.Ticket{}, f.FailAll
	}
	t, ok := f.Tickets[no]
	if !ok {
		return domain.Ticket{}, domain.ErrNotFound
	}
	return t, nil
}

// Report computes the evaluation table of the stored tickets by the
// domain's rules.
func (f *Store) Report(_ context.Context, s domain.Scheme, p domain.Period, at time.Time) (domain.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.FailAll != nil {
		return domain.Report{}, f.FailAll
	}
	counts := map[int64]domain.Counts{}
	for _, t := range f.Tickets {
		if !p.Contains(t.DispatchedAt) {
			continue
		}
		c := counts[t.UnitID]
		c.Add(t, at)
		counts[t.UnitID] = c
	}
	return domain.NewReport(p, at, f.AllUnits, counts, s), nil
}

// Stored is how many tickets the store holds.
func (f *Store) Stored() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.Tickets)
}
