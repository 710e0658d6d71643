package importer

import (
	"bufio"
	"bytes"
	"io"
	"strconv"

	"golang.org/x/text/transform"
)

// maxRecordBytes bounds one CSV record, so that a file holding one
// enormous cell is refused while being read instead of being buffered
// whole by encoding/csv: eleven known columns at domain.MaxCellChars
// characters of three bytes each fit with room to spare.
const maxRecordBytes = 4 << 20

// crOnly reports whether head breaks its lines with CR alone (Excel for
// Mac's "CSV (Macintosh)"), which encoding/csv would read as one line.
func crOnly(head []byte) bool {
	return bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0
}

// crToLF turns every CR into LF: for files that break lines with CR
// alone, where a CR inside a quoted cell is a line break as well.
type crToLF struct{ transform.NopResetter }

// Transform copies src to dst with CR replaced by LF.
func (crToLF) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	n := copy(dst, src)
	for i, c := range dst[:n] {
		if c == '\r' {
			dst[i] = '\n'
		}
	}
	if n < len(src) {
		err = transform.ErrShortDst
	}
	return n, n, err
}

// RecordTooLongError stops a CSV file whose record (from line Line) grows
// past maxRecordBytes: what follows cannot be told apart from the cell that
// never ends, so the file is refused as a whole.
type RecordTooLongError struct{ Line int }

func (e *RecordTooLongError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ": a row longer than " + strconv.Itoa(maxRecordBytes>>20) +
		" MiB (a cell holds at most 32,767 characters, as in Excel); is a quote left open or a column corrupted?"
}

// recordLimit passes text through while following CSV's quoting as
// encoding/csv does, to count the bytes of the current record, and fails
// with RecordTooLongError once a record passes maxRecordBytes.
type recordLimit struct {
	r     *bufio.Reader
	comma byte
	state csvState
	size  int // bytes of the current record so far
	line  int // the line the current record starts on
	lines int // line breaks seen
}

// csvState is where in a record the last byte left the reader.
type csvState uint8

const (
	fieldStart  csvState = iota // at the start of a field
	unquoted                    // in a field that did not start with a quote
	quoted                      // in a quoted field
	quoteQuoted                 // just after a quote in a quoted field: its end, or the first of ""
)

func newRecordLimit(r io.Reader, comma byte) *recordLimit {
	return &recordLimit{r: bufio.NewReaderSize(r, 64<<10), comma: comma, line: 1}
}

func (l *recordLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if lerr := l.scan(p[:n]); lerr != nil {
		return 0, lerr
	}
	return n, err
}

// scan follows p a line at a time: a line without quotes, outside a quoted
// cell, moves the state without looking at every byte.
func (l *recordLimit) scan(p []byte) error {
	for len(p) > 0 {
		seg := p
		if i := bytes.IndexByte(p, '\n'); i >= 0 {
			seg = p[:i+1]
		}
		p = p[len(seg):]
		if (l.state == fieldStart || l.state == unquoted) && bytes.IndexByte(seg, '"') < 0 {
			if seg[len(seg)-1] == '\n' {
				l.lines++
				l.state, l.size, l.line = fieldStart, 0, l.lines+1
				continue
			}
			l.state = unquoted
			if seg[len(seg)-1] == l.comma {
				l.state = fieldStart
			}
			if l.size += len(seg); l.size > maxRecordBytes {
				return &RecordTooLongError{Line: l.line}
			}
			continue
		}
		for _, c := range seg {
			if c == '\n' {
				l.lines++
			}
			if l.step(c) {
				l.size, l.line = 0, l.lines+1
				continue
			}
			if l.size++; l.size > maxRecordBytes {
				return &RecordTooLongError{Line: l.line}
			}
		}
	}
	return nil
}

// step moves the state past c and reports whether c ended the record. A
// quote that encoding/csv refuses (a bare one, or one followed by text
// inside a quoted field) leaves the rest of the line unquoted, as csv goes
// on at the next line after such an error.
func (l *recordLimit) step(c byte) (recordEnd bool) {
	switch l.state {
	case quoted:
		if c == '"' {
			l.state = quoteQuoted
		}
		return false
	case fieldStart:
		if c == '"' {
			l.state = quoted
			return false
		}
	case quoteQuoted:
		if c == '"' {
			l.state = quoted
			return false
		}
	}
	switch c {
	case l.comma:
		l.state = fieldStart
	case '\n':
		l.state = fieldStart
		return true
	default:
		l.state = unquoted
	}
	return false
}
