package fakebot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// MaxMessageLength is Telegram's limit on a message's text after entity
// parsing. The fake counts UTF-16 code units, which is at least as strict as
// counting characters: an emoji outside the Basic Multilingual Plane counts
// twice.
const MaxMessageLength = 4096

// MaxCaptionLength is Telegram's limit on a document caption after entity
// parsing.
const MaxCaptionLength = 1024

// htmlTags are the tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "code": true, "pre": true, "blockquote": true, "tg-emoji": true,
}

// ParseHTML checks text the way Telegram's HTML parse mode does and returns
// the visible text (tags removed, entities decoded). Unknown or unbalanced
// tags, a bare '<' and a '&' that does not start one of the supported
// entities (&lt; &gt; &amp; &quot; &#N; &#xH;) are errors, described as
// Telegram describes them after "Bad Request: can't parse entities: ".
func ParseHTML(text string) (string, error) {
	var out strings.Builder
	var open []string
	for i := 0; i < len(text); {
		switch text[i] {
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			name, closing, err := parseTag(text[i+1:i+end], i)
			if err != nil {
				return "", err
			}
			if closing {
				if len(open) == 0 || open[len(open)-1] != name {
					return "", fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, last(open), name)
				}
				open = open[:len(open)-1]
			} else {
				open = append(open, name)
			}
			i += end + 1
		case '&':
			s, n, err := parseEntity(text[i:], i)
			if err != nil {
				return "", err
			}
			out.WriteString(s)
			i += n
		default:
			out.WriteByte(text[i])
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", open[len(open)-1])
	}
	return out.String(), nil
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// parseTag reads the inside of <…>: its name and whether it closes.
func parseTag(inner string, at int) (name string, closing bool, err error) {
	if strings.HasPrefix(inner, "/") {
		closing = true
		inner = inner[1:]
	}
	name = inner
	if sp := strings.IndexAny(inner, " \t\n"); sp >= 0 {
		name = inner[:sp]
		if closing {
			return "", false, fmt.Errorf("Unexpected end tag attributes at byte offset %d", at)
		}
	}
	name = strings.ToLower(name)
	if !htmlTags[name] {
		if closing {
			return "", false, fmt.Errorf("Unexpected end tag at byte offset %d", at)
		}
		return "", false, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, at)
	}
	if name == "span" && !closing && !strings.Contains(inner, "tg-spoiler") {
		return "", false, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", at)
	}
	return name, closing, nil
}

var namedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`}

// parseEntity decodes the entity at the start of s and says how many bytes
// it took.
func parseEntity(s string, at int) (string, int, error) {
	semi := strings.IndexByte(s, ';')
	if semi < 2 || semi > 10 {
		return "", 0, fmt.Errorf("Character '&' at byte offset %d must be escaped as &amp;", at)
	}
	body := s[1:semi]
	if v, ok := namedEntities[body]; ok {
		return v, semi + 1, nil
	}
	if body[0] == '#' {
		base, digits := 10, body[1:]
		if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
			base, digits = 16, digits[1:]
		}
		if n, err := strconv.ParseUint(digits, base, 32); err == nil && n > 0 && n <= 0x10FFFF {
			return string(rune(n)), semi + 1, nil
		}
	}
	return "", 0, fmt.Errorf("Unsupported HTML entity \"&%s;\" at byte offset %d", body, at)
}

// TextLength is the length Telegram checks against its limits: UTF-16 code
// units of the visible text.
func TextLength(visible string) int { return len(utf16.Encode([]rune(visible))) }
