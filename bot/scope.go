package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// unitScope is a liaison's view of the data: every query is fixed to the
// liaison's unit when the middleware builds it, and nothing a liaison types
// can name another unit. Another unit's ticket looks exactly like a missing
// one.
type unitScope struct {
	st     Store
	unitID int64
	name   string
}

func (u unitScope) unit(ctx context.Context) (domain.Unit, error) { return u.st.Unit(ctx, u.unitID) }

func (u unitScope) ticket(ctx context.Context, no string) (domain.Ticket, error) {
	t, err := lookupTicket(ctx, u.st, no)
	if err != nil {
		return domain.Ticket{}, err
	}
	if t.UnitID == 0 && u.returnedIt(ctx, t.No) {
		return t, nil // returned by this unit, awaiting re-dispatch: still its to look at
	}
	if t.UnitID != u.unitID {
		return domain.Ticket{}, fmt.Errorf("ticket %s: %w", no, domain.ErrNotFound)
	}
	return t, nil
}

// returnedIt reports whether the unit's approved return took ticket no out
// of its hands.
func (u unitScope) returnedIt(ctx context.Context, no string) bool {
	qs, err := u.st.TicketRequests(ctx, no)
	if err != nil {
		return false
	}
	for _, q := range qs {
		if q.Kind == domain.RequestReturn && q.Effective && q.UnitID == u.unitID {
			return true
		}
	}
	return false
}

func (u unitScope) openCounts(ctx context.Context, at time.Time) (domain.OpenCounts, error) {
	return u.st.CurrentOpenCounts(ctx, u.unitID, at)
}

func (u unitScope) openPage(ctx context.Context, at time.Time, overdueOnly bool, p pageOf) ([]domain.Ticket, error) {
	return u.st.OpenTicketsPage(ctx, domain.OpenPage{UnitID: u.unitID, At: at, OverdueOnly: overdueOnly, Offset: p.offset(), Limit: p.size})
}

// lookupTicket finds a ticket by what was typed, whatever its case and
// surrounding spaces.
func lookupTicket(ctx context.Context, st Store, typed string) (domain.Ticket, error) {
	for _, no := range domain.TicketNoForms(typed) {
		t, err := st.Ticket(ctx, no)
		if !errors.Is(err, domain.ErrNotFound) {
			return t, err
		}
	}
	return domain.Ticket{}, fmt.Errorf("ticket %q: %w", typed, domain.ErrNotFound)
}

// cityScope is the view of supervisors and admins: every unit. The
// middleware builds it for those roles only.
type cityScope struct {
	st Store
}

func (c cityScope) ticket(ctx context.Context, no string) (domain.Ticket, error) {
	return lookupTicket(ctx, c.st, no)
}

func (c cityScope) openCounts(ctx context.Context, at time.Time) (domain.OpenCounts, error) {
	return c.st.CurrentOpenCounts(ctx, 0, at)
}

func (c cityScope) openPage(ctx context.Context, at time.Time, overdueOnly bool, p pageOf) ([]domain.Ticket, error) {
	return c.st.OpenTicketsPage(ctx, domain.OpenPage{At: at, OverdueOnly: overdueOnly, Offset: p.offset(), Limit: p.size})
}
