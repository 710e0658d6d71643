package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/width"

	"hotlinebot/domain"
)

// textGap separates the columns of the terminal table.
const textGap = "  "

// textLineWidth is where the list of units without tickets wraps.
const textLineWidth = 100

// Text writes the evaluation table for a terminal: a title with the period
// and the instant (截至), the columns aligned in display cells (a Chinese
// character takes two), graded units under the bulletin's headings, and the
// units with no counting ticket listed apart. lang is "zh" (default) or "en".
func Text(w io.Writer, r domain.Report, lang string) error {
	bw := bufio.NewWriter(w)
	head := headers(lang)
	groups := sections(r, lang)
	widths := columnWidths(head, groups, lang)
	fmt.Fprintln(bw, title(r, lang))
	if len(groups) > 0 {
		fmt.Fprintln(bw)
		writeRow(bw, head, widths)
		fmt.Fprintln(bw, strings.Repeat("-", tableWidth(widths)))
	}
	for _, g := range groups {
		fmt.Fprintln(bw, countedTitle(g.title, len(g.cards), lang))
		for _, sc := range g.cards {
			writeRow(bw, cells(sc, lang), widths)
		}
	}
	writeNoTickets(bw, r.NoTickets, lang)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report text: %w", err)
	}
	return nil
}

func columnWidths(head []string, groups []section, lang string) []int {
	widths := make([]int, len(head))
	grow := func(row []string) {
		for i, c := range row {
			widths[i] = max(widths[i], DisplayWidth(TerminalSafe(c)))
		}
	}
	grow(head)
	for _, g := range groups {
		for _, sc := range g.cards {
			grow(cells(sc, lang))
		}
	}
	return widths
}

func tableWidth(widths []int) int {
	n := len(textGap) * (len(widths) - 1)
	for _, w := range widths {
		n += w
	}
	return n
}

// writeRow left-aligns the text columns (unit, kind, grade) and
// right-aligns the figures, so numbers line up on their last digit.
func writeRow(w io.Writer, row []string, widths []int) {
	var b strings.Builder
	for i, c := range row {
		c = TerminalSafe(c)
		pad := strings.Repeat(" ", widths[i]-DisplayWidth(c))
		left := i < 2 || i == len(row)-1
		if !left {
			b.WriteString(pad)
		}
		b.WriteString(c)
		if left {
			b.WriteString(pad)
		}
		if i < len(row)-1 {
			b.WriteString(textGap)
		}
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
}

func writeNoTickets(w io.Writer, units []domain.Unit, lang string) {
	if len(units) == 0 {
		return
	}
	sep := "、"
	if lang == "en" {
		sep = ", "
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, countedTitle(noTicketTitle(lang), len(units), lang))
	var line strings.Builder
	for i, u := range units {
		item := TerminalSafe(u.Name)
		if i < len(units)-1 {
			item += sep
		}
		if line.Len() > 0 && DisplayWidth(line.String())+DisplayWidth(item) > textLineWidth {
			fmt.Fprintln(w, line.String())
			line.Reset()
		}
		line.WriteString(item)
	}
	fmt.Fprintln(w, line.String())
}

// DisplayWidth is the number of terminal cells s takes: East Asian wide and
// fullwidth characters take two, everything else one. Text tables use it to
// line up columns of Chinese names.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// TerminalSafe is s with every character that would act on a terminal
// instead of showing (domain.IsControlRune: ESC, CR, LF, tab, bidirectional
// overrides) written as a visible escape such as \x1b. Everything printed
// to a terminal that came from outside (unit and contact names, Telegram
// names, import messages) goes through it.
func TerminalSafe(s string) string {
	if !strings.ContainsFunc(s, domain.IsControlRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !domain.IsControlRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
