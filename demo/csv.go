package demo

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"hotlinebot/domain"
)

// csvHeader is the ticket file's header with the English column names of
// README.md "Import files".
const csvHeader = "ticket_no,unit,category,topic,urgent,dispatched_at,due_at,completed_at,rework_count,callback,summary\n"

// TimeLayout is how the ticket file writes times: wall clock in the
// office's zone, no offset.
const TimeLayout = "2006-01-02 15:04:05"

// WriteCSV writes the same tickets as Tickets would generate, as a ticket
// file: English headers, English category and callback keys, urgent as
// true/false, times as TimeLayout in the period's zone, the deadline given.
// It streams row by row through a buffer, so a million rows take little
// memory.
func WriteCSV(w io.Writer, n int, units []domain.Unit, p domain.Period, now time.Time, policy domain.DeadlinePolicy, seed uint64) error {
	g, err := newGenerator(n, units, p, now, policy, seed)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.WriteString(csvHeader); err != nil {
		return fmt.Errorf("write demo csv: %w", err)
	}
	names := make([][]byte, len(units))
	for i, u := range units {
		names[i] = appendField(nil, u.Name)
	}
	var rec record
	row := make([]byte, 0, 512)
	for i := range n {
		if err := g.next(i, &rec); err != nil {
			return err
		}
		row = g.appendRow(row[:0], &rec, names[rec.unit])
		if _, err := bw.Write(row); err != nil {
			return fmt.Errorf("write demo csv: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write demo csv: %w", err)
	}
	return nil
}

func (g *generator) appendRow(b []byte, rec *record, unit []byte) []byte {
	b = g.appendNo(b, rec.seq)
	b = append(b, ',')
	b = append(b, unit...)
	b = append(b, ',')
	b = append(b, domain.Categories[rec.category]...)
	b = append(b, ',')
	b = append(b, rec.topic...) // the catalog's texts never need quoting (see csvPlain)
	b = append(b, ',')
	b = strconv.AppendBool(b, rec.urgent)
	b = append(b, ',')
	b = appendTime(b, rec.dispatched)
	b = append(b, ',')
	b = appendTime(b, rec.due.In(g.loc))
	b = append(b, ',')
	if !rec.completed.IsZero() {
		b = appendTime(b, rec.completed.In(g.loc))
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(rec.rework), 10)
	b = append(b, ',')
	b = append(b, rec.callback...)
	b = append(b, ',')
	b = append(b, rec.issue.before...)
	if rec.issue.local {
		b = append(b, rec.place...)
		b = append(b, rec.issue.after...)
	}
	return append(b, '\n')
}

// csvPlain reports whether s can stand in a CSV field unquoted; the
// catalog's topics, issues and places all do, which a test checks.
func csvPlain(s string) bool { return !strings.ContainsAny(s, ",\"\r\n") }

// appendField appends s as a CSV field, quoted only when it must be.
func appendField(b []byte, s string) []byte {
	if csvPlain(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// appendTime appends t as TimeLayout, without the cost of time.Format.
func appendTime(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, ' ')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	return append2(b, s)
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
