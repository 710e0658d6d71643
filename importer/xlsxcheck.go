package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxXMLText bounds one run of text in a workbook's XML: a cell of
// domain.MaxCellChars characters, written with entities, fits well within
// it. A longer run is refused before excelize, which keeps every shared
// string in memory, ever sees it.
const maxXMLText = 1 << 20

// maxXMLTag bounds one tag (a row's or cell's, with its attributes).
const maxXMLTag = 64 << 10

// checkWorkbook reads every worksheet and the shared strings of an .xlsx
// once, in bounded memory, before excelize opens it, and refuses the file
// as a whole when excelize would silently lose rows or take unbounded
// memory: XML that breaks off (excelize stops at the break without an
// error), rows out of order or repeated (excelize merges or drops them),
// a cell outside its row, or a text run past maxXMLText.
func checkWorkbook(path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return &FileError{Path: path, Problem: "cannot read the workbook: " + err.Error(), Err: err}
	}
	defer z.Close()
	for _, f := range z.File {
		sheet := strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml")
		if !sheet && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		if err := checkPart(f, sheet); err != nil {
			return &FileError{Path: path, Problem: "the workbook is damaged: " + f.Name[strings.LastIndexByte(f.Name, '/')+1:] +
				": " + err.Error() + "; nothing was loaded (open it in Excel and save it again, or export CSV)", Err: err}
		}
	}
	return nil
}

func checkPart(f *zip.File, sheet bool) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return (&xmlCheck{sheet: sheet}).run(bufio.NewReaderSize(rc, maxXMLTag))
}

// xmlCheck follows the nesting of one XML part, and a worksheet's row
// numbers, without building anything.
type xmlCheck struct {
	sheet bool
	stack []string // open elements
	root  bool     // the root element was seen
	row   int      // the last row number
}

func (c *xmlCheck) where() string {
	if c.sheet && c.row > 0 {
		return "after row " + strconv.Itoa(c.row) + ": "
	}
	return ""
}

func (c *xmlCheck) run(br *bufio.Reader) error {
	text := 0
	for {
		chunk, err := br.ReadSlice('<')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if text += len(chunk); text > maxXMLText {
				return fmt.Errorf("%sa text longer than %d MiB (a cell holds at most 32,767 characters)", c.where(), maxXMLText>>20)
			}
			continue
		case errors.Is(err, io.EOF):
			if len(c.stack) > 0 || !c.root {
				return fmt.Errorf("%sthe XML ends abruptly", c.where())
			}
			return nil
		case err != nil:
			return fmt.Errorf("%s%w", c.where(), err)
		}
		if text += len(chunk) - 1; text > maxXMLText {
			return fmt.Errorf("%sa text longer than %d MiB (a cell holds at most 32,767 characters)", c.where(), maxXMLText>>20)
		}
		if text, err = c.markup(br); err != nil {
			return err
		}
	}
}

// markup reads what follows a '<' and returns the length of text it holds
// (a CDATA section's).
func (c *xmlCheck) markup(br *bufio.Reader) (int, error) {
	head, _ := br.Peek(8)
	switch {
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		n, err := c.skipTo(br, "]]>", maxXMLText)
		return n, err
	case bytes.HasPrefix(head, []byte("!--")):
		_, err := c.skipTo(br, "-->", maxXMLText)
		return 0, err
	case bytes.HasPrefix(head, []byte("?")), bytes.HasPrefix(head, []byte("!")):
		_, err := c.skipTo(br, ">", maxXMLTag)
		return 0, err
	}
	tag, err := c.readTag(br)
	if err != nil {
		return 0, err
	}
	return 0, c.element(tag)
}

// skipTo reads past the next end, at most limit bytes.
func (c *xmlCheck) skipTo(br *bufio.Reader, end string, limit int) (int, error) {
	n := 0
	last := end[len(end)-1]
	var tail []byte
	for {
		chunk, err := br.ReadSlice(last)
		n += len(chunk)
		if n > limit {
			return n, fmt.Errorf("%sa section longer than %d KiB", c.where(), limit>>10)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			tail = append(tail[:0], chunk[max(0, len(chunk)-len(end)):]...)
			continue
		}
		if err != nil {
			return n, fmt.Errorf("%sthe XML ends abruptly", c.where())
		}
		tail = append(tail, chunk...)
		if bytes.HasSuffix(tail, []byte(end)) {
			return n, nil
		}
		tail = tail[max(0, len(tail)-len(end)):]
	}
}

// readTag reads a tag up to its '>' (one inside a quoted attribute value
// does not end it), without the '>'.
func (c *xmlCheck) readTag(br *bufio.Reader) ([]byte, error) {
	var tag []byte
	for {
		chunk, err := br.ReadSlice('>')
		if err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				return nil, fmt.Errorf("%sa tag longer than %d KiB", c.where(), maxXMLTag>>10)
			}
			return nil, fmt.Errorf("%sthe XML ends abruptly", c.where())
		}
		tag = append(tag, chunk...)
		if len(tag) > maxXMLTag {
			return nil, fmt.Errorf("%sa tag longer than %d KiB", c.where(), maxXMLTag>>10)
		}
		if bytes.Count(tag, []byte{'"'})%2 == 0 && bytes.Count(tag, []byte{'\''})%2 == 0 {
			return tag[:len(tag)-1], nil
		}
	}
}

// element follows one start, end or empty-element tag.
func (c *xmlCheck) element(tag []byte) error {
	end := bytes.HasPrefix(tag, []byte("/"))
	empty := bytes.HasSuffix(tag, []byte("/"))
	name := tag
	if end {
		name = name[1:]
	}
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	if len(name) == 0 {
		return fmt.Errorf("%sa tag without a name", c.where())
	}
	local := name[bytes.LastIndexByte(name, ':')+1:]
	if end {
		if n := len(c.stack); n == 0 || c.stack[n-1] != string(name) {
			return fmt.Errorf("%sthe XML is broken (</%s> closes nothing open)", c.where(), name)
		}
		c.stack = c.stack[:len(c.stack)-1]
		return nil
	}
	if len(c.stack) == 0 {
		if c.root {
			return fmt.Errorf("%sthe XML goes on after its end", c.where())
		}
		c.root = true
	}
	if c.sheet {
		if err := c.position(local, tag); err != nil {
			return err
		}
	}
	if !empty {
		if len(c.stack) >= 64 {
			return fmt.Errorf("%sthe XML nests too deep", c.where())
		}
		c.stack = append(c.stack, string(name))
	}
	return nil
}

// position checks that rows come in increasing order and cells sit in
// their row.
func (c *xmlCheck) position(local, tag []byte) error {
	switch string(local) {
	case "row":
		n := c.row + 1
		if r, ok := attr(tag, "r"); ok {
			v, err := strconv.Atoi(r)
			if err != nil || v < 1 {
				return fmt.Errorf("%sa row numbered %q", c.where(), r)
			}
			n = v
		}
		if n <= c.row {
			return fmt.Errorf("row %d comes after row %d (rows out of order or repeated)", n, c.row)
		}
		c.row = n
	case "c":
		ref, ok := attr(tag, "r")
		if !ok {
			return nil
		}
		digits := strings.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
		if v, err := strconv.Atoi(strings.TrimPrefix(digits, "$")); err != nil || v != c.row {
			return fmt.Errorf("cell %s is inside row %d", ref, c.row)
		}
	}
	return nil
}

// attr finds the value of the attribute name in tag.
func attr(tag []byte, name string) (string, bool) {
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], []byte(name+"="))
		if j < 0 {
			return "", false
		}
		j += i
		after := j + len(name) + 1
		if j > 0 && isXMLSpace(tag[j-1]) && after < len(tag) && (tag[after] == '"' || tag[after] == '\'') {
			q := tag[after]
			k := bytes.IndexByte(tag[after+1:], q)
			if k < 0 {
				return "", false
			}
			return string(tag[after+1 : after+1+k]), true
		}
		i = j + 1
	}
	return "", false
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }
