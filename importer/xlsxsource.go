package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxExcelSerial is 9999-12-31, the last date Excel knows.
const maxExcelSerial = 2958466

// xlsxSource streams the first sheet of a workbook with excelize's Rows
// iterator. Cells are read as stored rather than as displayed: a date
// cell's display text depends on its number format (the built-in
// "m/d/yy h:mm" drops the century and the seconds), while the stored serial
// number is exact and is converted by timeCell.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	line     int
	date1904 bool
}

// openXLSX opens a workbook and positions on its first sheet.
func openXLSX(path string) (source, error) {
	if err := checkZip(path); err != nil {
		return nil, err
	}
	if err := checkWorkbook(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, &FileError{Path: path, Problem: "cannot read the workbook: " + err.Error(), Err: err}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, &FileError{Path: path, Problem: "the workbook has no sheet"}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, &FileError{Path: path, Problem: "cannot read sheet " + strconv.Quote(sheets[0]) + ": " + err.Error(), Err: err}
	}
	s := &xlsxSource{f: f, rows: rows}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	return s, nil
}

// checkZip refuses files that are not zip archives before excelize sees
// them, with a message that says what the file probably is.
func checkZip(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return fileError(path, err)
	}
	defer fh.Close()
	head := make([]byte, 8)
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fileError(path, err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte(zipMagic)):
		return nil
	case bytes.HasPrefix(head, []byte(oleMagic)):
		return &FileError{Path: path, Problem: "is password-protected or an Excel 97-2003 workbook; save it as .xlsx without a password, or as CSV"}
	}
	return &FileError{Path: path, Problem: "is not an .xlsx workbook; if it is CSV, name it .csv"}
}

func (s *xlsxSource) next() ([]string, int, string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, s.line, "", err
		}
		return nil, s.line, "", io.EOF
	}
	// Next visits every row number, empty rows included, so counting calls
	// gives the sheet's row number.
	s.line++
	cols, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, s.line, "cannot read this row of the workbook: " + err.Error(), nil
	}
	return cols, s.line, "", nil
}

// timeCell turns an Excel serial date (days since 1899-12-30, the fraction
// being the time of day) into "2006-01-02 15:04:05", rounded to the second.
// Text cells pass through for ParseTime.
func (s *xlsxSource) timeCell(v string) string {
	if !looksNumeric(v) {
		return v
	}
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial <= 0 || serial >= maxExcelSerial {
		return v
	}
	t, err := excelize.ExcelDateToTime(serial, s.date1904)
	if err != nil {
		return v
	}
	return t.Round(time.Second).Format("2006-01-02 15:04:05")
}

// looksNumeric reports whether v is written as a decimal number, as Excel
// stores numeric cells.
func looksNumeric(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < '0' || c > '9') && c != '.' && c != 'E' && c != 'e' && c != '-' && c != '+' {
			return false
		}
	}
	return true
}

func (s *xlsxSource) close() error {
	err := s.rows.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
