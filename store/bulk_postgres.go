package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"hotlinebot/domain"
)

// On PostgreSQL the upsert sends a whole call as one typed array per
// column: one lookup and one INSERT … SELECT FROM unnest(…) ON CONFLICT per
// 10,000 tickets, with no per-row round trip.

const pgLookupSQL = `SELECT ticket_no, content_hash FROM tickets WHERE ticket_no = ANY($1::text[])`

var pgArrayTypes = []string{"text", "bigint", "text", "text", "boolean", "bigint", "bigint",
	"bigint", "integer", "smallint", "text", "bigint", "bigint"}

// pgUpsertSQL's WHERE keeps an unchanged row untouched even if another
// writer stored it between the lookup and the write.
func pgUpsertSQL() string {
	var b strings.Builder
	b.WriteString("INSERT INTO tickets (" + strings.Join(ticketColumns, ", ") + ") SELECT * FROM unnest(")
	for i, typ := range pgArrayTypes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1) + "::" + typ + "[]")
	}
	b.WriteString(") ON CONFLICT (ticket_no) DO UPDATE SET ")
	for i, c := range ticketColumns[1:] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = excluded." + c)
	}
	b.WriteString(" WHERE tickets.content_hash <> excluded.content_hash")
	return b.String()
}

const pgChunk = 10000

// upsertPostgres is UpsertTickets' transaction on PostgreSQL.
func (s *Store) upsertPostgres(ctx context.Context, rows []ticketRow) ([]domain.Outcome, error) {
	var outcomes []domain.Outcome
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := s.unitIDs(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkUnits(rows, ids); err != nil {
			return err
		}
		stored, err := lookupPostgres(ctx, tx, rows)
		if err != nil {
			return err
		}
		var writes []*ticketRow
		outcomes, writes = planUpsert(rows, stored)
		now := s.now().Unix()
		for start := 0; start < len(writes); start += pgChunk {
			chunk := writes[start:min(start+pgChunk, len(writes))]
			if _, err := tx.ExecContext(ctx, pgUpsertSQL(), pgUpsertArgs(chunk, now)...); err != nil {
				return err
			}
		}
		for query, t := range statsRaises(writes) {
			if _, err := tx.ExecContext(ctx, s.rebind(query), t, t); err != nil {
				return err
			}
		}
		return nil
	})
	return outcomes, err
}

func (s *Store) unitIDs(ctx context.Context, tx *sql.Tx) (map[int64]bool, error) {
	rs, err := tx.QueryContext(ctx, "SELECT id FROM units")
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	ids := map[int64]bool{}
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rs.Err()
}

func lookupPostgres(ctx context.Context, tx *sql.Tx, rows []ticketRow) (map[string]int64, error) {
	stored := make(map[string]int64)
	for start := 0; start < len(rows); start += pgChunk {
		chunk := rows[start:min(start+pgChunk, len(rows))]
		nos := make([]string, len(chunk))
		for i := range chunk {
			nos[i] = chunk[i].no
		}
		rs, err := tx.QueryContext(ctx, pgLookupSQL, nos)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var no string
			var hash int64
			if err := rs.Scan(&no, &hash); err != nil {
				rs.Close()
				return nil, err
			}
			stored[no] = hash
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// pgUpsertArgs is rows as one typed array per column, for unnest.
func pgUpsertArgs(rows []*ticketRow, now int64) []any {
	n := len(rows)
	nos, cats, topics, sums := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	units, disp, due, hash, upd := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	rework, cb := make([]int32, n), make([]int16, n)
	urgent := make([]bool, n)
	completed := make([]*int64, n)
	for i, r := range rows {
		nos[i], units[i], cats[i], topics[i], urgent[i] = r.no, r.unitID, r.category, r.topic, r.urgent
		disp[i], due[i], rework[i], cb[i], sums[i] = r.dispatched, r.due, int32(r.rework), int16(r.callback), r.summary
		hash[i], upd[i] = r.hash, now
		if r.completed.Valid {
			completed[i] = &r.completed.Int64
		}
	}
	return []any{nos, units, cats, topics, urgent, disp, due, completed, rework, cb, sums, hash, upd}
}
