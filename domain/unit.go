package domain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnitKind tells a county/district government from a city department.
type UnitKind string

// The two kinds of responsible unit the bulletin ranks separately.
const (
	District   UnitKind = "district"   // 县市区
	Department UnitKind = "department" // 市直单位, including utilities and enterprises
)

// ParseUnitKind accepts the English key or the bulletin's Chinese word.
func ParseUnitKind(s string) (UnitKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "district", "县市区", "县区", "区县":
		return District, nil
	case "department", "市直单位", "市直", "部门":
		return Department, nil
	}
	return "", fmt.Errorf("unknown unit kind %q (want district/县市区 or department/市直单位)", s)
}

// Label is the kind's name in the given language.
func (k UnitKind) Label(lang string) string {
	if lang == "en" {
		return string(k)
	}
	if k == District {
		return "县市区"
	}
	return "市直单位"
}

// Unit is a responsible unit (责任单位) that tickets are dispatched to.
type Unit struct {
	ID      int64
	Name    string
	Kind    UnitKind
	Aliases []string
}

// SplitAliases splits an alias cell written with 、 ; ； or commas.
func SplitAliases(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ';' || r == '；' || r == ',' || r == '，'
	})
	var out []string
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// MaxNameChars bounds a unit's name or alias, in characters: the longest
// real unit names are about 20, and every table, chart and message that
// shows one must stay readable.
const MaxNameChars = 60

// CheckName says what is wrong with s as a unit's name or alias, or returns
// nil: it must be one line of printable text (no control characters such
// as ESC, CR, LF or tab, no bidirectional overrides) of 1 to MaxNameChars
// characters. Unit files are checked with it before anything is stored.
func CheckName(s string) error {
	if s == "" {
		return fmt.Errorf("empty")
	}
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || IsControlRune(r) {
			return fmt.Errorf("%q contains a control character; expected a name on one line of plain text", s)
		}
		n++
	}
	if n > MaxNameChars {
		return fmt.Errorf("too long (%d characters); expected at most %d", n, MaxNameChars)
	}
	return nil
}

// IsControlRune reports whether r changes how a terminal or a line of text
// is shown instead of being shown itself: C0 and C1 controls, DEL, and the
// bidirectional marks and overrides.
func IsControlRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u200e', r == '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
