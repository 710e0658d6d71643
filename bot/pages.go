package bot

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf16"
)

// maxMessage is Telegram's limit on a message's visible text; replies stay
// a little under it.
const maxMessage = 4000

// Page sizes: list lines are clipped so that a full page stays far below
// maxMessage.
const (
	ticketsPerPage  = 10
	rankingPerPage  = 20
	contactsPerPage = 10
)

// pageOf is one page of a list.
type pageOf struct {
	index, count, size, total int
}

// paging clamps the requested page to the list's pages.
func paging(total, size, requested int) pageOf {
	count := max((total+size-1)/size, 1)
	return pageOf{index: min(max(requested, 0), count-1), count: count, size: size, total: total}
}

func (p pageOf) offset() int { return p.index * p.size }

// window is the slice bounds of the page within a list held in memory.
func (p pageOf) window() (int, int) {
	lo := min(p.offset(), p.total)
	return lo, min(lo+p.size, p.total)
}

// countLine says how many items (noun: tickets, units…) and, when there is
// more than one page, which page this is.
func (l locale) countLine(p pageOf, noun string) string {
	if p.count > 1 {
		return fmt.Sprintf(l.p.countPage, p.total, noun, p.index+1, p.count)
	}
	return fmt.Sprintf(l.p.count, p.total, noun)
}

// pageButtons are the ‹ › buttons of a paged list, nil for a single page.
func (l locale) pageButtons(name, arg string, p pageOf) *keyboard {
	if p.count <= 1 {
		return nil
	}
	var row []button
	if p.index > 0 {
		row = append(row, button{Text: l.p.prevPage, CallbackData: callbackData(name, arg, p.index-1)})
	}
	if p.index < p.count-1 {
		row = append(row, button{Text: l.p.nextPage, CallbackData: callbackData(name, arg, p.index+1)})
	}
	return keyboardOf(row)
}

// message joins a reply's head lines, list items and foot lines. Items are
// whole: should they ever overflow the limit, the last ones are left for
// the next page rather than cut.
func message(head []string, items []string, foot []string) string {
	for {
		parts := append(append(append([]string{}, head...), items...), foot...)
		text := strings.Join(nonEmpty(parts), "\n")
		if visibleLen(text) <= maxMessage || len(items) == 0 {
			return text
		}
		items = items[:len(items)-1]
	}
}

func nonEmpty(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// PlainText is a message as its reader sees it: HTML tags removed and
// entities decoded, for a terminal.
func PlainText(htmlText string) string {
	return html.UnescapeString(tagRe.ReplaceAllString(htmlText, ""))
}

// visibleLen is the length Telegram checks: UTF-16 units of the text with
// tags removed and entities decoded.
func visibleLen(htmlText string) int {
	return len(utf16.Encode([]rune(PlainText(htmlText))))
}
