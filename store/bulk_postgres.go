package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"hotlinebot/domain"
)

// On PostgreSQL the upsert is set-based: the call's tickets go into a
// temporary staging table by binary COPY, then one INSERT … SELECT … ON
// CONFLICT moves them into tickets and returns which rows it inserted and
// which it updated; a row it neither inserted nor updated was stored with
// the same content hash, so unchanged. The outcomes are the database's own
// answer for each row, so they stay true when another import or API push
// stores the same numbers at the same time: ON CONFLICT waits for the other
// transaction and then sees its row.

// ticketStage is the session's staging table: temporary (no WAL, private
// to the connection), emptied at every commit, created on a connection's
// first upsert.
const ticketStageDDL = `CREATE TEMP TABLE IF NOT EXISTS ticket_stage (
	ticket_no     TEXT     NOT NULL,
	unit_id       BIGINT   NOT NULL,
	category      TEXT     NOT NULL,
	topic         TEXT     NOT NULL,
	urgent        BOOLEAN  NOT NULL,
	dispatched_at BIGINT   NOT NULL,
	due_at        BIGINT   NOT NULL,
	completed_at  BIGINT,
	rework_count  INTEGER  NOT NULL,
	callback      SMALLINT NOT NULL,
	summary       TEXT     NOT NULL,
	content_hash  BIGINT   NOT NULL
) ON COMMIT DELETE ROWS`

// stageColumns are ticket_stage's columns, in the order pgCopyRows gives
// them: every written column of tickets but updated_at.
var stageColumns = ticketColumns[:len(ticketColumns)-1]

// pgUpsertSQL moves the staged rows into tickets. Rows go in ticket-number
// order, so two imports storing overlapping numbers take the index's locks
// in the same order and wait for each other rather than deadlock. The WHERE
// keeps an unchanged row untouched (no new row version, updated_at kept).
// A freshly inserted row version has no xmax; an updated one carries this
// transaction's.
var pgUpsertSQL = func() string {
	cols := strings.Join(stageColumns, ", ")
	set := make([]string, 0, len(ticketColumns)-1)
	for _, c := range ticketColumns[1:] {
		set = append(set, c+" = excluded."+c)
	}
	return "INSERT INTO tickets (" + cols + ", updated_at) SELECT " + cols + ", $1 FROM ticket_stage ORDER BY ticket_no" +
		" ON CONFLICT (ticket_no) DO UPDATE SET " + strings.Join(set, ", ") +
		" WHERE tickets.content_hash <> excluded.content_hash" +
		" RETURNING ticket_no, xmax = 0"
}()

// pgStoredSQL reads, and locks until the transaction ends, the stored
// hashes of the numbers a call gives more than once: their earlier items'
// outcomes are decided against them (see planUpsert).
const pgStoredSQL = `SELECT ticket_no, content_hash FROM tickets WHERE ticket_no = ANY($1) FOR UPDATE`

// upsertPostgres is UpsertTickets' transaction on PostgreSQL, on the
// connection's pgx connection below database/sql (COPY has no
// database/sql form).
func (s *Store) upsertPostgres(ctx context.Context, rows []ticketRow) ([]domain.Outcome, error) {
	outcomes, _, err := s.upsertPostgresTx(ctx, rows, pgUpsertOptions{})
	return outcomes, err
}

// pgUpsertOptions tune a PostgreSQL upsert for a load (TicketLoad).
type pgUpsertOptions struct {
	async  bool // commit without waiting for the WAL flush
	direct bool // first try COPY straight into tickets (copyNew)
}

// upsertPostgresTx is upsertPostgres under opts; copied reports that the
// rows went straight into tickets.
func (s *Store) upsertPostgresTx(ctx context.Context, rows []ticketRow, opts pgUpsertOptions) (outcomes []domain.Outcome, copied bool, err error) {
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected PostgreSQL driver connection %T", dc)
		}
		return pgx.BeginFunc(ctx, sc.Conn(), func(tx pgx.Tx) error {
			if opts.async {
				if _, err := tx.Exec(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
					return err
				}
			}
			outcomes, copied, err = s.upsertStaged(ctx, tx, rows, opts.direct)
			return err
		})
	})
	return outcomes, copied, err
}

func (s *Store) upsertStaged(ctx context.Context, tx pgx.Tx, rows []ticketRow, direct bool) ([]domain.Outcome, bool, error) {
	ids, err := pgUnitIDs(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	if err := checkUnits(rows, ids); err != nil {
		return nil, false, err
	}
	last, repeated := lastItems(rows)
	staged := make([]*ticketRow, 0, len(last))
	for i := range rows {
		if last[rows[i].no] == i {
			staged = append(staged, &rows[i])
		}
	}
	now := s.now().Unix()
	if direct && len(repeated) == 0 {
		copied, err := copyNew(ctx, tx, staged, now)
		if err != nil || copied {
			return allInserted(len(rows)), copied, errors.Join(err, s.pgRaiseStats(ctx, tx, staged))
		}
	}
	outcomes, err := s.moveStaged(ctx, tx, rows, staged, repeated, now)
	return outcomes, false, err
}

// pgUniqueViolation is PostgreSQL's SQLSTATE unique_violation.
const pgUniqueViolation = "23505"

func allInserted(n int) []domain.Outcome {
	out := make([]domain.Outcome, n)
	for i := range out {
		out[i] = domain.Inserted
	}
	return out
}

// copyNew stores rows straight into tickets by binary COPY, in number
// order, when none of their numbers is stored: the unique index refuses the
// COPY otherwise, and then copyNew undoes it (a savepoint) and reports
// false. Each row is then truly inserted, also when another writer races:
// the COPY waits for a transaction holding one of its numbers and fails if
// that one commits.
func copyNew(ctx context.Context, tx pgx.Tx, rows []*ticketRow, now int64) (bool, error) {
	byNo := func(a, b *ticketRow) int { return strings.Compare(a.no, b.no) }
	if !slices.IsSortedFunc(rows, byNo) {
		slices.SortFunc(rows, byNo)
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, err
	}
	if _, err := pgCopyRows(ctx, sp.Conn().PgConn(), "tickets", rows, &now); err != nil {
		var pgErr *pgconn.PgError
		if rerr := sp.Rollback(ctx); rerr != nil {
			return false, errors.Join(err, rerr)
		}
		if errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation {
			return false, nil
		}
		return false, fmt.Errorf("copy tickets: %w", err)
	}
	return true, sp.Commit(ctx)
}

// moveStaged is the general upsert: rows by way of the staging table,
// staged being the last item of each number.
func (s *Store) moveStaged(ctx context.Context, tx pgx.Tx, rows []ticketRow, staged []*ticketRow, repeated map[string]bool, now int64) ([]domain.Outcome, error) {
	stored := map[string]int64{}
	if len(repeated) > 0 {
		var err error
		if stored, err = pgStored(ctx, tx, slices.Collect(maps.Keys(repeated))); err != nil {
			return nil, err
		}
	}
	if _, err := tx.Exec(ctx, ticketStageDDL); err != nil {
		return nil, fmt.Errorf("staging table: %w", err)
	}
	if _, err := pgCopyRows(ctx, tx.Conn().PgConn(), "ticket_stage", staged, nil); err != nil {
		return nil, fmt.Errorf("copy to staging table: %w", err)
	}
	written, err := pgMove(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	if err := s.meetDecisionsPgx(ctx, tx, updatedRows(staged, written), now); err != nil {
		return nil, err
	}
	return pgOutcomes(rows, repeated, stored, written), s.pgRaiseStats(ctx, tx, staged)
}

// pgRaiseStats raises ticket_stats' latest times to cover rows.
func (s *Store) pgRaiseStats(ctx context.Context, tx pgx.Tx, rows []*ticketRow) error {
	for query, t := range statsRaises(rows) {
		if _, err := tx.Exec(ctx, s.rebind(query), t, t); err != nil {
			return err
		}
	}
	return nil
}

// lastItems maps each number to its last item, and lists the numbers given
// more than once.
func lastItems(rows []ticketRow) (map[string]int, map[string]bool) {
	last := make(map[string]int, len(rows))
	repeated := map[string]bool{}
	for i := range rows {
		if _, seen := last[rows[i].no]; seen {
			repeated[rows[i].no] = true
		}
		last[rows[i].no] = i
	}
	return last, repeated
}

// pgMove runs pgUpsertSQL and returns, per written number, whether it was
// inserted (true) or updated (false).
func pgMove(ctx context.Context, tx pgx.Tx, now int64) (map[string]bool, error) {
	rs, err := tx.Query(ctx, pgUpsertSQL, now)
	if err != nil {
		return nil, err
	}
	written := map[string]bool{}
	var no string
	var inserted bool
	_, err = pgx.ForEachRow(rs, []any{&no, &inserted}, func() error {
		written[no] = inserted
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("move staged tickets: %w", err)
	}
	return written, nil
}

// pgOutcomes is each item's outcome. A number given once has the
// database's: inserted, updated, or neither (unchanged). A number given
// more than once is judged item by item as planUpsert does, against the
// hash stored before the call, locked since.
func pgOutcomes(rows []ticketRow, repeated map[string]bool, stored map[string]int64, written map[string]bool) []domain.Outcome {
	var planned []domain.Outcome
	if len(repeated) > 0 {
		planned, _ = planUpsert(rows, stored)
	}
	outcomes := make([]domain.Outcome, len(rows))
	for i := range rows {
		no := rows[i].no
		if repeated[no] {
			outcomes[i] = planned[i]
			continue
		}
		inserted, ok := written[no]
		switch {
		case !ok:
			outcomes[i] = domain.Unchanged
		case inserted:
			outcomes[i] = domain.Inserted
		default:
			outcomes[i] = domain.Updated
		}
	}
	return outcomes
}

func pgStored(ctx context.Context, tx pgx.Tx, nos []string) (map[string]int64, error) {
	rs, err := tx.Query(ctx, pgStoredSQL, nos)
	if err != nil {
		return nil, err
	}
	stored := map[string]int64{}
	var no string
	var hash int64
	_, err = pgx.ForEachRow(rs, []any{&no, &hash}, func() error {
		stored[no] = hash
		return nil
	})
	return stored, err
}

func pgUnitIDs(ctx context.Context, tx pgx.Tx) (map[int64]bool, error) {
	rs, err := tx.Query(ctx, "SELECT id FROM units")
	if err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	var id int64
	_, err = pgx.ForEachRow(rs, []any{&id}, func() error {
		ids[id] = true
		return nil
	})
	return ids, err
}
