package importer

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// headerSearchRows is how many non-blank rows may precede the header (a
// title row such as "2017年第二季度工单明细" above the table is common).
const headerSearchRows = 10

// source yields the records of one file in order.
type source interface {
	// next returns the next record and the line it starts on. problem is
	// set when that record could not be read but the file goes on; err is
	// io.EOF at the end and any other error is fatal.
	next() (record []string, line int, problem string, err error)
	// timeCell turns a time cell's stored value into text ParseTime reads
	// (XLSX keeps dates as serial numbers); CSV returns it unchanged.
	timeCell(v string) string
	close() error
}

// Rows is a cursor over the data rows of a ticket or unit file. It holds one
// row at a time, so a file of any size can be read.
type Rows struct {
	path    string
	src     source
	hdr     header
	cells   [slotCount]string // the current row's cells, by slot
	line    int
	problem string
	err     error
}

// Open opens a CSV or XLSX file (chosen by extension), finds its header row
// and maps it onto columns. Its errors are one line for the operator, such
// as "tickets.csv: header: missing required column 工单编号 (ticket_no)".
func Open(path string, columns []Column) (*Rows, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if info.IsDir() {
		return nil, &FileError{Path: path, Problem: "is a directory, not a file"}
	}
	if info.Size() == 0 {
		return nil, &FileError{Path: path, Problem: "empty file"}
	}
	var src source
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv":
		src, err = openCSV(path)
	case ".xlsx", ".xlsm":
		src, err = openXLSX(path)
	case ".xls":
		return nil, &FileError{Path: path, Problem: "Excel 97-2003 (.xls) files are not supported; save it as .xlsx or CSV"}
	default:
		return nil, &FileError{Path: path, Problem: "unsupported file type " + quoteExt(ext) + "; expected .csv or .xlsx"}
	}
	if err != nil {
		return nil, err
	}
	r := &Rows{path: path, src: src}
	if err := r.readHeader(columns); err != nil {
		src.close()
		return nil, err
	}
	return r, nil
}

func quoteExt(ext string) string {
	if ext == "" {
		return "(no extension)"
	}
	return ext
}

// readHeader takes the first row that names a known column as the header.
func (r *Rows) readHeader(columns []Column) error {
	var firstErr error
	for seen := 0; seen < headerSearchRows; {
		rec, line, problem, err := r.src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return r.fatal(err)
		}
		if problem != "" {
			return &FileError{Path: r.path, Problem: "header: line " + strconv.Itoa(line) + ": " + problem}
		}
		if blank(rec) {
			continue
		}
		seen++
		h, err := mapHeader(rec, columns)
		if h.found > 0 {
			if err != nil {
				return &FileError{Path: r.path, Problem: "header: " + err.Error()}
			}
			r.hdr, r.line = h, line
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		return &FileError{Path: r.path, Problem: "empty file"}
	}
	return &FileError{Path: r.path, Problem: "header: " + firstErr.Error()}
}

// Next advances to the next data row, skipping blank rows. It returns false
// at the end of the file or on a fatal error (see Err).
func (r *Rows) Next() bool {
	if r.err != nil {
		return false
	}
	for {
		rec, line, problem, err := r.src.next()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			r.err = r.fatal(err)
			return false
		}
		r.line, r.problem = line, problem
		if problem != "" {
			return true
		}
		if blank(rec) {
			continue
		}
		r.fill(rec)
		return true
	}
}

// fill maps a record onto the column slots; short rows read as empty
// cells.
func (r *Rows) fill(rec []string) {
	for i, s := range r.hdr.slots {
		if s < 0 {
			continue
		}
		v := ""
		if i < len(rec) {
			v = rec[i]
			if r.hdr.times[i] {
				v = r.src.timeCell(v)
			}
		}
		r.cells[s] = v
	}
}

// field is the current row's cell of the column key ("" when the file has
// no such column).
func (r *Rows) field(key string) string {
	if s := slot(key); s >= 0 {
		return r.cells[s]
	}
	return ""
}

// Line is the current row's line in the file (its row number in XLSX).
func (r *Rows) Line() int { return r.line }

// Problem is set when the current row could not be read at all (malformed
// CSV quoting); Fields is then stale and the row must be refused.
func (r *Rows) Problem() string { return r.problem }

// Fields maps the current row's cells by the keys of the file's columns,
// in a new map.
func (r *Rows) Fields() map[string]string {
	fields := make(map[string]string, len(r.hdr.keys))
	for i, s := range r.hdr.slots {
		if s >= 0 {
			fields[r.hdr.keys[i]] = r.cells[s]
		}
	}
	return fields
}

// Err is the fatal error that stopped Next, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the file.
func (r *Rows) Close() error { return r.src.close() }

func (r *Rows) fatal(err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	return fileError(r.path, err)
}

// blank reports whether every cell is empty or white space (Excel writes
// such rows as ",,,,").
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
