package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a CSV file decides its encoding and delimiter.
const sniffSize = 64 << 10

// csvSource reads records from a CSV file in whatever encoding it came in.
type csvSource struct {
	path string
	f    *os.File
	r    *csv.Reader
	// queue holds what was read but not yet returned: after a quoting
	// error the next record is read ahead, to tell whether the error ran to
	// the end of the file. (With ReuseRecord a record stays valid only until
	// the next Read, so only an error is ever read past.)
	queue []csvRead
}

// csvRead is one record or one unreadable row, as next returns it.
type csvRead struct {
	rec      []string
	line     int
	problem  string
	openedAt int // a quoting error's first line: the file must go on after it
}

// openCSV opens a CSV file, detects its encoding (UTF-8 with or without
// BOM, UTF-16 with BOM, otherwise GB18030), its line breaks (CR alone is
// taken as a line break when the file has no LF) and its delimiter. A
// record longer than maxRecordBytes stops the file, so memory stays
// bounded whatever it holds.
func openCSV(path string) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	text, err := decodeText(path, bufio.NewReaderSize(f, sniffSize))
	if err != nil {
		f.Close()
		return nil, err
	}
	tb := bufio.NewReaderSize(text, sniffSize)
	var in io.Reader = tb
	if head, _ := tb.Peek(sniffSize); crOnly(head) {
		in = transform.NewReader(tb, crToLF{})
	}
	comma := sniffComma(tb)
	r := csv.NewReader(newRecordLimit(in, byte(comma)))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &csvSource{path: path, f: f, r: r}, nil
}

// Signatures at the start of a file.
const (
	utf8BOM    = "\xEF\xBB\xBF"
	utf16LEBOM = "\xFF\xFE"
	utf16BEBOM = "\xFE\xFF"
	zipMagic   = "PK\x03\x04"
	oleMagic   = "\xD0\xCF\x11\xE0"
)

// decodeText returns the file's text as UTF-8. The first chunk decides:
// valid UTF-8 is taken as UTF-8, anything else as GB18030, which is what
// Chinese Excel writes for "CSV (逗号分隔)".
func decodeText(path string, br *bufio.Reader) (io.Reader, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fileError(path, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte(utf8BOM)):
		br.Discard(len(utf8BOM))
		return br, nil
	case bytes.HasPrefix(head, []byte(utf16LEBOM)):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), nil
	case bytes.HasPrefix(head, []byte(utf16BEBOM)):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), nil
	case bytes.HasPrefix(head, []byte(zipMagic)):
		return nil, &FileError{Path: path, Problem: "is an Excel workbook, not CSV; name it .xlsx"}
	case bytes.HasPrefix(head, []byte(oleMagic)):
		return nil, &FileError{Path: path, Problem: "is an Excel 97-2003 (.xls) workbook, not CSV; save it as .xlsx or CSV"}
	case validUTF8Prefix(head, len(head) == sniffSize):
		return br, nil
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), nil
}

// validUTF8Prefix reports whether b is valid UTF-8, forgiving a rune cut
// off at the end of a truncated chunk.
func validUTF8Prefix(b []byte, truncated bool) bool {
	if truncated {
		i := len(b) - 1
		for i > 0 && i > len(b)-utf8.UTFMax && !utf8.RuneStart(b[i]) {
			i--
		}
		if i >= 0 && !utf8.FullRune(b[i:]) {
			b = b[:i]
		}
	}
	return utf8.Valid(b)
}

// sniffComma picks the delimiter of the first line: a comma unless tabs
// (Excel's "Unicode text") or semicolons outnumber commas.
func sniffComma(br *bufio.Reader) rune {
	head, _ := br.Peek(sniffSize)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	var counts [256]int
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
		} else if !quoted {
			counts[c]++
		}
	}
	comma, tab, semi := counts[','], counts['\t'], counts[';']
	switch {
	case tab > comma && tab >= semi:
		return '\t'
	case semi > comma && semi > tab:
		return ';'
	}
	return ','
}

func (s *csvSource) next() ([]string, int, string, error) {
	if len(s.queue) == 0 {
		r, err := s.read()
		if err != nil {
			return nil, 0, "", err
		}
		if r.openedAt == 0 {
			return r.rec, r.line, r.problem, nil
		}
		s.queue = append(s.queue[:0], r)
	}
	head := s.queue[0]
	if head.openedAt > 0 && len(s.queue) == 1 {
		r, err := s.read()
		switch {
		case errors.Is(err, io.EOF):
			return nil, 0, "", &FileError{Path: s.path, Problem: "line " + strconv.Itoa(head.openedAt) +
				`: a quoted cell is never closed, so every line after it would be read as part of it; close the quote (a " inside a quoted cell must be doubled "") and import again`}
		case err != nil:
			return nil, 0, "", err
		}
		s.queue = append(s.queue, r)
	}
	s.queue = s.queue[1:]
	return head.rec, head.line, head.problem, nil
}

// read reads one record. A row that cannot be read is returned as a
// problem; a record past maxRecordBytes ends the file, as it cannot be told
// from a cell that never ends.
func (s *csvSource) read() (csvRead, error) {
	rec, err := s.r.Read()
	if err == nil {
		line, _ := s.r.FieldPos(0)
		return csvRead{rec: rec, line: line}, nil
	}
	var tooLong *RecordTooLongError
	if errors.As(err, &tooLong) {
		return csvRead{}, &FileError{Path: s.path, Problem: tooLong.Error(), Err: err}
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return csvRead{}, err
	}
	r := csvRead{line: pe.StartLine, problem: csvProblem(pe.Err)}
	if pe.Line > pe.StartLine {
		r.problem += " (the row runs from line " + strconv.Itoa(pe.StartLine) + " to line " + strconv.Itoa(pe.Line) + ")"
	}
	if errors.Is(pe.Err, csv.ErrQuote) {
		r.openedAt = pe.StartLine
	}
	return r, nil
}

// csvProblem explains a quoting error in an operator's words.
func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `malformed CSV: a " inside an unquoted cell; quote the whole cell and double the " ("")`
	case errors.Is(err, csv.ErrQuote):
		return `malformed CSV: a quoted cell is not closed properly; a " inside a quoted cell must be doubled ("")`
	}
	return "malformed CSV: " + err.Error()
}

func (s *csvSource) timeCell(v string) string { return v }

func (s *csvSource) close() error { return s.f.Close() }
