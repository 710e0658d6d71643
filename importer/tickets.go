package importer

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/sync/errgroup"

	"hotlinebot/domain"
)

// Defaults of Options. A batch is one store transaction: at 10,000 tickets
// a million-row SQLite load rewrites its hot index pages to the WAL half as
// often as at 5,000 (about 10% less CPU, 15% less time, measured by
// bench/compare.sh), while three batches in flight keep the import near
// 130 MB whatever the file's size.
const (
	DefaultBatchSize = 10_000
	ProgressEvery    = 50_000 // rows between Progress calls
	MaxErrors        = 1000   // RowErrors kept in Summary.Errors; all are counted
)

// TicketStore is what a ticket import needs from the store. UpsertTickets
// must not keep the slice after it returns.
type TicketStore interface {
	Units(ctx context.Context) ([]domain.Unit, error)
	UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]domain.Outcome, error)
}

// Options tune a ticket import.
type Options struct {
	// Strict validates the whole file first and loads nothing if any row
	// is bad; a clean file is then read a second time and loaded.
	Strict bool
	// Progress, if set, is called with the rows read so far every
	// ProgressEvery rows and at the end of each pass (in strict mode the
	// count starts again for the loading pass).
	Progress func(rowsDone int64)
	// Policy computes deadlines the file leaves empty.
	Policy domain.DeadlinePolicy
	// Location is the zone of times written without an offset (nil:
	// Policy.Location).
	Location *time.Location
	// BatchSize is how many tickets go to the store at once (0:
	// DefaultBatchSize).
	BatchSize int
	// Now is the clock a ticket's dispatch and completion must not lie
	// ahead of (domain.CheckNotAhead); nil: not checked.
	Now func() time.Time
}

// Summary is what an import did.
type Summary struct {
	Rows       int        // data rows read (blank rows are skipped)
	Loaded     int        // new tickets (for units: new units)
	Updated    int        // existing ones whose content changed
	Unchanged  int        // existing ones given exactly as stored
	Refused    int        // bad rows, not loaded
	Superseded int        // rows replaced by a later row with the same key
	Held       int        // good rows not loaded because Strict found a bad one
	Problems   int        // every problem found, kept in Errors or not
	Errors     []RowError // the first MaxErrors problems, in file order
}

// String is the summary line an operator reads after an import.
func (s Summary) String() string {
	line := fmt.Sprintf("%d rows: %d loaded, %d updated, %d unchanged, %d refused",
		s.Rows, s.Loaded, s.Updated, s.Unchanged, s.Refused)
	if s.Superseded > 0 {
		line += ", " + strconv.Itoa(s.Superseded) + " replaced by a later row"
	}
	if s.Held > 0 {
		line += ", " + strconv.Itoa(s.Held) + " good ones not loaded (--strict)"
	}
	return line
}

func (s *Summary) addError(e RowError) {
	s.Problems++
	if len(s.Errors) < MaxErrors {
		s.Errors = append(s.Errors, e)
	}
}

// ImportTickets loads a ticket file into the store, upserting by ticket
// number in batches: bad rows are reported and refused, good rows load
// (with Strict, nothing loads when any row is bad). A row repeating an
// earlier row's ticket number wins over it; within one batch the earlier
// row is dropped and counted as Superseded, across batches both are
// written in file order. The error is for the file as a whole (missing,
// unreadable, bad header) or the store failing; refused rows are in the
// Summary.
func ImportTickets(ctx context.Context, path string, opts Options, st TicketStore) (Summary, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Location == nil {
		opts.Location = opts.Policy.Location
	}
	rows, err := Open(path, TicketColumns())
	if err != nil {
		return Summary{}, err
	}
	units, err := st.Units(ctx)
	if err != nil {
		rows.Close()
		return Summary{}, fmt.Errorf("import %s: load units: %w", path, err)
	}
	if len(units) == 0 {
		rows.Close()
		return Summary{}, &FileError{Path: path, Problem: `no units are loaded yet, so no ticket can be filed; load them first with "units import"`}
	}
	idx := NewUnitIndex(units)
	if opts.Strict {
		sum, err := ticketPass{path: path, opts: opts, units: idx}.run(ctx, rows)
		if err != nil || sum.Refused > 0 {
			sum.Held = sum.Rows - sum.Refused - sum.Superseded
			return sum, err
		}
		if rows, err = Open(path, TicketColumns()); err != nil {
			return Summary{}, err
		}
	}
	return ticketPass{path: path, opts: opts, units: idx, st: st}.run(ctx, rows)
}

// ticketPass reads a file once; with a nil store it only validates.
type ticketPass struct {
	path  string
	opts  Options
	units UnitResolver
	st    TicketStore
}

// run parses rows on this goroutine while a second one upserts the
// previous batch, so parsing and the database overlap.
func (p ticketPass) run(ctx context.Context, rows *Rows) (Summary, error) {
	defer rows.Close()
	g, gctx := errgroup.WithContext(ctx)
	full := make(chan []domain.Ticket, 1)
	free := make(chan []domain.Ticket, 2)
	var loaded Summary
	g.Go(func() error { return p.load(gctx, full, free, &loaded) })
	sum, err := p.read(gctx, rows, full, free)
	close(full)
	if werr := g.Wait(); werr != nil {
		err = werr
	}
	if err == nil {
		err = ctx.Err()
	}
	sum.Loaded, sum.Updated, sum.Unchanged = loaded.Loaded, loaded.Updated, loaded.Unchanged
	return sum, err
}

// read parses every row and sends full batches to the loader.
func (p ticketPass) read(ctx context.Context, rows *Rows, full chan<- []domain.Ticket, free <-chan []domain.Ticket) (Summary, error) {
	var sum Summary
	b := newBatch(p.opts.BatchSize)
	due := newDueCache(p.opts.Policy)
	send := func() error {
		if len(b.tickets) == 0 || p.st == nil {
			b.reset(nil)
			return nil
		}
		select {
		case full <- b.tickets:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case reuse := <-free:
			b.reset(reuse)
		default:
			b.reset(make([]domain.Ticket, 0, p.opts.BatchSize))
		}
		return nil
	}
	for rows.Next() {
		sum.Rows++
		if sum.Rows%1024 == 0 && ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if p.opts.Progress != nil && sum.Rows%ProgressEvery == 0 {
			p.opts.Progress(int64(sum.Rows))
		}
		if problem := rows.Problem(); problem != "" {
			sum.Refused++
			sum.addError(RowError{File: p.path, Line: rows.Line(), Problem: problem})
			continue
		}
		t, errs := parseTicket(rows, p.units, p.opts.Policy, due, p.opts.Location)
		if len(errs) == 0 && p.opts.Now != nil {
			errs = domain.CheckNotAhead(t, p.opts.Now())
		}
		if len(errs) > 0 {
			sum.Refused++
			for _, e := range errs {
				sum.addError(RowError{File: p.path, Line: rows.Line(), Field: e.Field, Problem: e.Problem})
			}
			continue
		}
		if b.add(t) {
			sum.Superseded++
		}
		if len(b.tickets) >= p.opts.BatchSize {
			if err := send(); err != nil {
				return sum, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	if p.opts.Progress != nil {
		p.opts.Progress(int64(sum.Rows))
	}
	return sum, send()
}

// load upserts batches as they come and counts the outcomes.
func (p ticketPass) load(ctx context.Context, full <-chan []domain.Ticket, free chan<- []domain.Ticket, sum *Summary) error {
	for tickets := range full {
		outcomes, err := p.st.UpsertTickets(ctx, tickets)
		if err != nil {
			return fmt.Errorf("import %s: %w", p.path, err)
		}
		for _, o := range outcomes {
			switch o {
			case domain.Inserted:
				sum.Loaded++
			case domain.Updated:
				sum.Updated++
			case domain.Unchanged:
				sum.Unchanged++
			}
		}
		clear(tickets)
		select {
		case free <- tickets[:0]:
		default:
		}
	}
	return nil
}

// batch collects tickets for one upsert, keeping one per ticket number.
type batch struct {
	tickets []domain.Ticket
	at      map[string]int
}

func newBatch(size int) *batch {
	return &batch{tickets: make([]domain.Ticket, 0, size), at: make(map[string]int, size)}
}

// add appends t, or replaces the earlier ticket with its number and
// reports that it did.
func (b *batch) add(t domain.Ticket) (replaced bool) {
	if i, ok := b.at[t.No]; ok {
		b.tickets[i] = t
		return true
	}
	b.at[t.No] = len(b.tickets)
	b.tickets = append(b.tickets, t)
	return false
}

func (b *batch) reset(tickets []domain.Ticket) {
	if tickets == nil {
		tickets = b.tickets[:0]
	}
	b.tickets = tickets
	clear(b.at)
}
