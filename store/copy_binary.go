package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgCopyRows writes rows into table (tickets or ticket_stage) by COPY in
// PostgreSQL's binary format, each row in ticketColumns order, with
// updated_at last when updatedAt is given (tickets) and without it when
// not (ticket_stage, whose columns are stageColumns). The rows are encoded
// here rather than by pgx's CopyFrom, which looks up an encode plan for
// every value, twelve a row: that was 0.96 s of a 1,000,000-ticket load's
// 4.3 s of client CPU. The columns' types are fixed by the schema (TEXT,
// BIGINT, BOOLEAN, INTEGER rework_count, SMALLINT callback), so a row is a
// few appends; a type that ever changes makes the COPY fail, not store
// wrong values (the server checks every field's length).
func pgCopyRows(ctx context.Context, conn *pgconn.PgConn, table string, rows []*ticketRow, updatedAt *int64) (int64, error) {
	cols := stageColumns
	if updatedAt != nil {
		cols = ticketColumns
	}
	b := make([]byte, 0, 19+len(rows)*(2+len(cols)*4+128)+2)
	b = append(b, "PGCOPY\n\xff\r\n\x00"...)
	b = binary.BigEndian.AppendUint32(b, 0) // flags
	b = binary.BigEndian.AppendUint32(b, 0) // header extension length
	for _, r := range rows {
		b = binary.BigEndian.AppendUint16(b, uint16(len(cols)))
		b = appendCopyText(b, r.no)
		b = appendCopyInt64(b, r.unitID)
		b = appendCopyText(b, r.category)
		b = appendCopyText(b, r.topic)
		b = binary.BigEndian.AppendUint32(b, 1)
		if r.urgent {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = appendCopyInt64(b, r.dispatched)
		b = appendCopyInt64(b, r.due)
		if r.completed.Valid {
			b = appendCopyInt64(b, r.completed.Int64)
		} else {
			b = binary.BigEndian.AppendUint32(b, 0xFFFFFFFF) // NULL
		}
		b = binary.BigEndian.AppendUint32(b, 4)
		b = binary.BigEndian.AppendUint32(b, uint32(int32(r.rework)))
		b = binary.BigEndian.AppendUint32(b, 2)
		b = binary.BigEndian.AppendUint16(b, uint16(int16(r.callback)))
		b = appendCopyText(b, r.summary)
		b = appendCopyInt64(b, r.hash)
		if updatedAt != nil {
			b = appendCopyInt64(b, *updatedAt)
		}
	}
	b = binary.BigEndian.AppendUint16(b, 0xFFFF) // trailer
	tag, err := conn.CopyFrom(ctx, bytes.NewReader(b), "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN (FORMAT binary)")
	return tag.RowsAffected(), err
}

func appendCopyText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendCopyInt64(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}
