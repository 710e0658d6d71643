package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"

	"hotlinebot/domain"
)

// A load of a large file differs from a push of a few tickets in ways the
// store can use (measured by bench/compare.sh on 1,000,000 tickets):
//
//   - Into an empty tickets table, the covering index tickets_unit_dispatched
//     (see coreSchema) would be written in the file's order: unit by unit for
//     a file in dispatch order, all over the index for a file sorted any
//     other way. Built once at the end instead, it is one sorted pass (CREATE
//     INDEX), and the load costs the same whatever the file's order.
//   - On SQLite, every commit writes each page the transaction touched to
//     the WAL. A file not in ticket-number order touches most of the
//     ticket_no index in every batch, so a load commits every
//     loadCommitRows tickets rather than every batch: the importer's batches
//     stay small (its memory does not grow) while the index pages are
//     written a twentieth as often (200,000 rather than 50,000 a commit
//     took a shuffled file's load from 5.9 s to 5.4 s). A transaction then
//     holds the write lock for about a second, well inside the busy
//     timeout another writer waits.
//   - On SQLite, into an empty table, each number the load has not written
//     yet is new: it needs no lookup in the ticket_no index (see
//     loadNumbers), which for a file in random order is a probe at a random
//     place per row (a shuffled file's load went from 7.6 s to 6.1 s).
//   - On PostgreSQL, each batch commits asynchronously (no wait for the WAL
//     to reach the disk, about 10 ms a commit on a busy disk) and Finish
//     commits synchronously, which makes every earlier commit durable: once
//     the import reports, its tickets are on disk, as before. A batch of
//     new numbers goes straight into tickets by binary COPY (copyNew), a
//     third of the staging table's cost; from the first batch that meets
//     stored numbers on, the load goes by the staging table.

// loadCommitRows is how many tickets a SQLite load writes per transaction.
const loadCommitRows = 200_000

// deferredIndexes are the indexes BeginTicketLoad drops (dropIndexes),
// as statements that build each again when it is missing; they must stay
// as coreSchema defines them. On PostgreSQL that includes the primary key
// of tickets.id: ids come from the identity sequence, so they stay unique
// without it, and without it a COPY of 1,000,000 tickets took 2.5–2.8 s
// rather than 3.5–3.7 s (plus 0.4 s to build it at the end).
var deferredIndexes = map[string][]string{
	DialectSQLite: {`CREATE INDEX IF NOT EXISTS tickets_unit_dispatched ON tickets
			(unit_id, dispatched_at, due_at, completed_at, rework_count, callback)`},
	DialectPostgres: {
		`CREATE INDEX IF NOT EXISTS tickets_unit_dispatched ON tickets (unit_id, dispatched_at)
			INCLUDE (due_at, completed_at, rework_count, callback)`,
		`DO $$ BEGIN
			IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'tickets'::regclass AND contype = 'p') THEN
				ALTER TABLE tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);
			END IF;
		END $$`,
	},
}

// dropIndexes are the statements BeginTicketLoad drops deferredIndexes
// with.
var dropIndexes = map[string][]string{
	DialectSQLite:   {`DROP INDEX IF EXISTS tickets_unit_dispatched`},
	DialectPostgres: {`DROP INDEX IF EXISTS tickets_unit_dispatched`, `ALTER TABLE tickets DROP CONSTRAINT IF EXISTS tickets_pkey`},
}

// TicketLoad is a load of many tickets, as from a file: UpsertTickets as
// the store's, then Finish. Not for concurrent use.
type TicketLoad struct {
	s          *Store
	rebuild    bool // the deferred indexes were dropped
	commitRows int  // loadCommitRows; tests take fewer

	// SQLite: the connection and the transaction left open across calls,
	// and the tickets it has written.
	conn    *sql.Conn
	tx      driver.Tx
	pending int
	// SQLite, a load into an empty table: the numbers it wrote, while
	// they are all the table holds, and the largest row id it left, which
	// tells at the start of each transaction whether another writer
	// stored tickets in between (tickets are never deleted).
	written *loadNumbers
	lastID  int64

	// PostgreSQL: a batch met numbers already stored, so the next ones
	// go by the staging table at once rather than try COPY first.
	stored bool
}

// BeginTicketLoad starts a load of many tickets. When no ticket is stored
// yet it drops the covering index of tickets by unit (and on PostgreSQL the
// primary key), which Finish builds again in one pass. Meanwhile every
// query still answers rightly, only without that index, and Open builds a
// missing index again, so a load killed half-way leaves nothing wrong
// behind.
func (s *Store) BeginTicketLoad(ctx context.Context) (*TicketLoad, error) {
	l := &TicketLoad{s: s, commitRows: loadCommitRows}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var stored bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tickets)`).Scan(&stored); err != nil || stored {
			return err
		}
		for _, stmt := range dropIndexes[s.dialect] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		l.rebuild = true
		var err error
		if s.dialect == DialectSQLite {
			l.written = &loadNumbers{}
			err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM tickets`).Scan(&l.lastID)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin ticket load: %w", err)
	}
	return l, nil
}

// Units lists the units, as Store.Units.
func (l *TicketLoad) Units(ctx context.Context) ([]domain.Unit, error) { return l.s.Units(ctx) }

// UpsertTickets stores tickets as Store.UpsertTickets does and answers the
// same outcomes. On SQLite the transaction stays open until
// loadCommitRows tickets are written or Finish. A call refused before it
// writes (a bad item, a cancelled context) leaves the transaction as it
// was; one that fails while writing rolls back what the open transaction
// held, so the load keeps what it committed before.
func (l *TicketLoad) UpsertTickets(ctx context.Context, tickets []domain.Ticket) ([]domain.Outcome, error) {
	if len(tickets) == 0 {
		return nil, nil
	}
	// Refused before anything is written: the open transaction is good.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := ticketRows(tickets)
	if err != nil {
		return nil, err
	}
	if l.s.dialect == DialectPostgres {
		outcomes, copied, err := l.s.upsertPostgresTx(ctx, rows, pgUpsertOptions{async: true, direct: !l.stored})
		if err != nil {
			return nil, fmt.Errorf("upsert tickets: %w", err)
		}
		l.stored = l.stored || !copied
		l.pending += len(rows)
		return outcomes, nil
	}
	outcomes, err := l.upsertSQLite(ctx, rows)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("upsert tickets: %w", err), l.end(false))
	}
	if l.pending += len(rows); l.pending >= l.commitRows {
		if err := l.end(true); err != nil {
			return nil, fmt.Errorf("upsert tickets: %w", err)
		}
	}
	return outcomes, nil
}

func (l *TicketLoad) upsertSQLite(ctx context.Context, rows []ticketRow) ([]domain.Outcome, error) {
	if l.conn == nil {
		conn, err := l.s.sql.Conn(ctx)
		if err != nil {
			return nil, err
		}
		l.conn = conn
	}
	var outcomes []domain.Outcome
	err := l.conn.Raw(func(dc any) error {
		b, err := l.s.bulkFor(ctx, dc)
		if err != nil {
			return err
		}
		if l.tx == nil {
			if l.tx, err = b.c.BeginTx(ctx, driver.TxOptions{}); err != nil {
				return err
			}
			if err := l.checkWritten(ctx, b.c); err != nil {
				return err
			}
		}
		if outcomes, err = b.upsert(ctx, rows, l.s.now().Unix(), l.written); err != nil || l.written == nil {
			return err
		}
		l.lastID, err = maxTicketID(ctx, b.c)
		return err
	})
	return outcomes, err
}

// checkWritten stops looking numbers up in l.written once another writer
// has stored tickets since the load's last transaction.
func (l *TicketLoad) checkWritten(ctx context.Context, c driver.QueryerContext) error {
	if l.written == nil {
		return nil
	}
	id, err := maxTicketID(ctx, c)
	if err != nil {
		return err
	}
	if id != l.lastID {
		l.written = nil
	}
	return nil
}

func maxTicketID(ctx context.Context, c driver.QueryerContext) (int64, error) {
	rs, err := c.QueryContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM tickets`, nil)
	if err != nil {
		return 0, err
	}
	defer rs.Close()
	dest := make([]driver.Value, 1)
	if err := rs.Next(dest); err != nil {
		return 0, err
	}
	id, _ := dest[0].(int64)
	return id, nil
}

// end commits (or rolls back) the open transaction and gives the
// connection back.
func (l *TicketLoad) end(commit bool) error {
	var err error
	if l.tx != nil {
		if commit {
			err = l.tx.Commit()
		} else {
			err = l.tx.Rollback()
		}
		l.tx = nil
	}
	l.pending = 0
	if l.conn != nil {
		err = errors.Join(err, l.conn.Close())
		l.conn = nil
	}
	return err
}

// Finish commits what the load wrote and builds the indexes it dropped;
// call it when the load ends, also when it failed or was interrupted (the
// tickets loaded stay, and queries need the index).
func (l *TicketLoad) Finish(ctx context.Context) error {
	var err error
	if l.s.dialect == DialectPostgres && l.pending > 0 {
		err = l.s.flushCommits(ctx)
	}
	err = errors.Join(err, l.end(true))
	if l.rebuild {
		err = errors.Join(err, l.s.buildDeferredIndexes(ctx))
	}
	if err != nil {
		return fmt.Errorf("finish ticket load: %w", err)
	}
	return nil
}

// flushCommits makes a PostgreSQL load's asynchronous commits durable: a
// synchronous commit flushes the WAL up to its own record, so every commit
// before it. It needs a write to commit; ticket_stats' one row is at hand.
func (s *Store) flushCommits(ctx context.Context) error {
	if _, err := s.sql.ExecContext(ctx, `UPDATE ticket_stats SET id = id WHERE id = 1`); err != nil {
		return fmt.Errorf("flush commits: %w", err)
	}
	return nil
}

// buildDeferredIndexes creates the indexes a load dropped, if missing. On
// PostgreSQL two sessions creating the same index IF NOT EXISTS at once can
// both try, and one fail, so they take turns under the migrations' lock.
//
// On SQLite, CREATE INDEX sorts in as much memory as its connection's page
// cache allows, and a load's connection has 64 MiB (bulkPragmas): built
// there, the index took the import's peak memory from 145 MB to 203 MB at
// 2,000,000 tickets. With SQLite's default cache (2 MB) the sort spills to
// a temporary file and is no slower (0.8-0.9 s rather than 1.0 s for
// 1,000,000 tickets, 8 MB rather than 111 MB in the sqlite3 shell).
func (s *Store) buildDeferredIndexes(ctx context.Context) error {
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	defer conn.Close()
	if s.dialect == DialectSQLite {
		var pages int64
		if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&pages); err != nil {
			return fmt.Errorf("build index: %w", err)
		}
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -2000"); err != nil {
			return fmt.Errorf("build index: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = "+strconv.FormatInt(pages, 10))
	}
	err = inTxOf(ctx, conn, func(tx *sql.Tx) error {
		if s.dialect == DialectPostgres {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7283451)"); err != nil {
				return err
			}
			// Room to sort a million rows' entries in memory (the
			// default, 64 MB, is just short of it).
			if _, err := tx.ExecContext(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
				return err
			}
		}
		for _, stmt := range deferredIndexes[s.dialect] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	return nil
}
