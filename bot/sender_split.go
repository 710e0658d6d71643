package bot

import (
	"strings"
	"unicode/utf8"
)

// MessageLimit is Telegram's limit on a message's visible text, in UTF-16
// code units.
const MessageLimit = 4096

// SplitMessage cuts an HTML text into parts of at most limit visible
// characters each, at line boundaries; a single line longer than limit is
// cut between characters, never inside a tag or an entity. Tags do not span
// lines in the texts this package writes, so every part is valid HTML.
func SplitMessage(text string, limit int) []string {
	if visibleLen(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur []string
	curLen := 0
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, strings.Join(cur, "\n"))
			cur, curLen = nil, 0
		}
	}
	for _, line := range strings.Split(text, "\n") {
		n := visibleLen(line)
		if n > limit {
			flush()
			parts = append(parts, cutLine(line, limit)...)
			continue
		}
		if len(cur) > 0 && curLen+1+n > limit {
			flush()
		}
		if len(cur) > 0 {
			curLen++
		}
		cur = append(cur, line)
		curLen += n
	}
	flush()
	return parts
}

// cutLine cuts one over-long line into pieces of at most limit visible
// characters, keeping tags and entities whole.
func cutLine(line string, limit int) []string {
	var out []string
	start, visible := 0, 0
	for i := 0; i < len(line); {
		width, step := tokenAt(line, i)
		if visible+width > limit && i > start {
			out = append(out, line[start:i])
			start, visible = i, 0
		}
		visible += width
		i += step
	}
	return append(out, line[start:])
}

// tokenAt measures the token at byte i: a tag (no visible width), an
// entity (one character) or one character (two UTF-16 units beyond the
// Basic Multilingual Plane).
func tokenAt(s string, i int) (width, bytes int) {
	switch s[i] {
	case '<':
		if end := strings.IndexByte(s[i:], '>'); end > 0 {
			return 0, end + 1
		}
	case '&':
		if end := strings.IndexByte(s[i:], ';'); end > 0 && end < 10 {
			return 1, end + 1
		}
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r > 0xFFFF {
		return 2, n
	}
	return 1, n
}
