package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a CSV file decides its encoding and delimiter.
const sniffSize = 64 << 10

// csvSource reads records from a CSV file in whatever encoding it came in.
type csvSource struct {
	f *os.File
	r *csv.Reader
}

// openCSV opens a CSV file, detects its encoding (UTF-8 with or without
// BOM, UTF-16 with BOM, otherwise GB18030) and its delimiter.
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
	r := csv.NewReader(tb)
	r.Comma = sniffComma(tb)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &csvSource{f: f, r: r}, nil
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
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, csvProblem(pe.Err), nil
		}
		return nil, 0, "", err
	}
	line, _ := s.r.FieldPos(0)
	return rec, line, "", nil
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
