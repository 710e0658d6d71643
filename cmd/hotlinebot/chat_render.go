package main

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"hotlinebot/report"
)

// renderer shows a Telegram message in the terminal: HTML parse mode as
// bold, italic, underlined and struck text (ANSI) or plain text, wrapped
// at a phone's width in terminal cells (a Chinese character takes two).
type renderer struct {
	width int
	ansi  bool
}

// style is a set of text attributes from the HTML tags around a character.
type style uint8

const (
	bold style = 1 << iota
	italic
	underline
	strike
	code
	spoiler
	quote // inside <blockquote>: the line is drawn with a bar
)

// cell is one character and its style.
type cell struct {
	r  rune
	st style
}

var tagStyles = map[string]style{
	"b": bold, "strong": bold, "i": italic, "em": italic, "u": underline, "ins": underline,
	"s": strike, "strike": strike, "del": strike, "code": code, "pre": code,
	"tg-spoiler": spoiler, "span": spoiler, "a": underline, "blockquote": quote,
}

// text renders a message's text or caption; html says whether it is in
// HTML parse mode.
func (r renderer) text(s string, isHTML bool) string {
	var cells []cell
	if isHTML {
		cells = parseCells(s)
	} else {
		for _, ch := range s {
			cells = append(cells, cell{r: ch})
		}
	}
	var b strings.Builder
	for i, line := range splitCells(cells) {
		if i > 0 {
			b.WriteByte('\n')
		}
		r.writeLine(&b, line)
	}
	return b.String()
}

// parseCells reads Telegram HTML into styled characters; a link whose text
// is not its address is followed by the address in brackets.
func parseCells(s string) []cell {
	z := html.NewTokenizer(strings.NewReader(s))
	var cells []cell
	var stack []style
	var hrefs []string
	cur := func() style {
		var st style
		for _, x := range stack {
			st |= x
		}
		return st
	}
	linkStart := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			// The end of the text; the fake Bot API has already refused
			// malformed HTML, so nothing else ends it.
			return cells
		case html.TextToken:
			for _, ch := range string(z.Text()) {
				cells = append(cells, cell{r: ch, st: cur()})
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			stack = append(stack, tagStyles[string(name)])
			if string(name) == "a" {
				hrefs = append(hrefs, attr(z, "href"))
				linkStart = len(cells)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if string(name) == "a" && len(hrefs) > 0 {
				href := hrefs[len(hrefs)-1]
				hrefs = hrefs[:len(hrefs)-1]
				if href != "" && cellText(cells[linkStart:]) != href {
					for _, ch := range " (" + href + ")" {
						cells = append(cells, cell{r: ch, st: cur()})
					}
				}
			}
		}
	}
}

func attr(z *html.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

func cellText(cells []cell) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteRune(c.r)
	}
	return b.String()
}

// splitCells cuts at line breaks.
func splitCells(cells []cell) [][]cell {
	var lines [][]cell
	start := 0
	for i, c := range cells {
		if c.r == '\n' {
			lines = append(lines, cells[start:i])
			start = i + 1
		}
	}
	return append(lines, cells[start:])
}

// runeWidth is a character's width in terminal cells, by the rule the
// report's text table pads with; marks and joiners take none.
func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || (r >= 0xFE00 && r <= 0xFE0F) {
		return 0
	}
	return report.DisplayWidth(string(r))
}

// cellWidth is the width of line[i]: a symbol followed by the emoji
// variation selector (⚠️) is drawn as wide as a Chinese character.
func cellWidth(line []cell, i int) int {
	if i+1 < len(line) && line[i+1].r == 0xFE0F {
		return 2
	}
	return runeWidth(line[i].r)
}

// wrap breaks a line to the width as a phone does: Latin text at spaces,
// Chinese between any two characters, a word longer than the line where
// it must.
func wrap(line []cell, width int) [][]cell {
	var out [][]cell
	for {
		w, brk, cut := 0, -1, len(line)
		for i, c := range line {
			cw := cellWidth(line, i)
			if w+cw > width && i > 0 {
				cut = i
				break
			}
			w += cw
			if c.r == ' ' || cw == 2 || (i+1 < len(line) && cellWidth(line, i+1) == 2) {
				brk = i + 1
			}
		}
		if cut == len(line) {
			return append(out, line)
		}
		if brk > 0 && line[cut].r != ' ' {
			cut = brk
		}
		out = append(out, trimRight(line[:cut]))
		line = trimLeft(line[cut:])
	}
}

func trimRight(cs []cell) []cell {
	for len(cs) > 0 && cs[len(cs)-1].r == ' ' {
		cs = cs[:len(cs)-1]
	}
	return cs
}

func trimLeft(cs []cell) []cell {
	for len(cs) > 0 && cs[0].r == ' ' {
		cs = cs[1:]
	}
	return cs
}

// quoteBar marks the lines of a <blockquote>, as Telegram draws a bar.
const quoteBar = "▎"

func (r renderer) writeLine(b *strings.Builder, line []cell) {
	width, prefix := r.width, ""
	if len(line) > 0 && line[0].st&quote != 0 {
		width, prefix = width-2, quoteBar+" "
	}
	for i, part := range wrap(line, width) {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(prefix)
		r.writeCells(b, part)
	}
}

func (r renderer) writeCells(b *strings.Builder, cells []cell) {
	var on style
	for _, c := range cells {
		if r.ansi && c.st&^quote != on {
			on = c.st &^ quote
			b.WriteString(sgr(on))
		}
		b.WriteRune(c.r)
	}
	if r.ansi && on != 0 {
		b.WriteString("\x1b[0m")
	}
}

// sgr is the ANSI sequence that resets and then sets st.
func sgr(st style) string {
	codes := "\x1b[0"
	for _, a := range []struct {
		st   style
		code string
	}{{bold, "1"}, {italic, "3"}, {underline, "4"}, {strike, "9"}, {code, "36"}, {spoiler, "2"}} {
		if st&a.st != 0 {
			codes += ";" + a.code
		}
	}
	return codes + "m"
}

// dim is the console's own voice: grey on a colour terminal.
func (r renderer) dim(s string) string {
	if !r.ansi {
		return s
	}
	return "\x1b[2m" + s + "\x1b[0m"
}

// warn is a console error: red on a colour terminal.
func (r renderer) warn(s string) string {
	if !r.ansi {
		return s
	}
	return "\x1b[31m" + s + "\x1b[0m"
}
