package domain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Category is a ticket's 诉求类型.
type Category string

// The five categories of the hotline's classification.
const (
	Complaint  Category = "complaint"  // 投诉
	Help       Category = "help"       // 求助
	Inquiry    Category = "inquiry"    // 咨询
	Suggestion Category = "suggestion" // 建议
	Praise     Category = "praise"     // 表扬
)

// Categories lists every category in the bulletin's order.
var Categories = []Category{Complaint, Help, Inquiry, Suggestion, Praise}

var categoryZH = map[Category]string{
	Complaint: "投诉", Help: "求助", Inquiry: "咨询", Suggestion: "建议", Praise: "表扬",
}

// ParseCategory accepts the Chinese word or the English key.
func ParseCategory(s string) (Category, error) {
	s = strings.TrimSpace(s)
	for c, zh := range categoryZH {
		if s == zh || strings.EqualFold(s, string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown category %q (want 投诉/求助/咨询/建议/表扬 or complaint/help/inquiry/suggestion/praise)", s)
}

// Label is the category's name in the given language.
func (c Category) Label(lang string) string {
	if lang == "en" {
		return string(c)
	}
	return categoryZH[c]
}

// Callback is the result of the office's return call (回访).
type Callback string

// Callback results; CallbackNone means the ticket was not sampled.
const (
	CallbackNone         Callback = ""
	CallbackSatisfied    Callback = "satisfied"
	CallbackDissatisfied Callback = "dissatisfied"
)

// ParseCallback accepts 满意/不满意, satisfied/dissatisfied or empty.
func ParseCallback(s string) (Callback, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return CallbackNone, nil
	case "满意", "satisfied":
		return CallbackSatisfied, nil
	case "不满意", "dissatisfied":
		return CallbackDissatisfied, nil
	}
	return "", fmt.Errorf("unknown callback %q (want 满意/不满意, satisfied/dissatisfied or empty)", s)
}

// Label is the callback result in the given language.
func (c Callback) Label(lang string) string {
	if lang == "en" {
		if c == CallbackNone {
			return "none"
		}
		return string(c)
	}
	switch c {
	case CallbackSatisfied:
		return "满意"
	case CallbackDissatisfied:
		return "不满意"
	}
	return "未回访"
}

// MaxCellChars bounds every text the service takes in (a cell of a file,
// a field of a push), in characters: Excel's own limit for a cell, so that
// whatever an office's spreadsheet holds fits, and a file or push holding
// one enormous text is refused rather than stored and read back forever.
const MaxCellChars = 32767

// MaxTicketNoLen bounds a ticket number, in characters; a longer one is
// almost always a shifted column.
const MaxTicketNoLen = 100

// CheckTicketNo says what is wrong with no as a ticket number, or returns
// nil: it must be UTF-8 text on one line (no control characters, NUL
// included) of 1 to MaxTicketNoLen characters. Every entry applies it:
// files and pushes before storing, lookups (API, bot) before asking the
// store, which could not even compare such a text on PostgreSQL.
func CheckTicketNo(no string) error {
	switch {
	case no == "":
		return fmt.Errorf("empty; expected the ticket number")
	case !utf8.ValidString(no):
		return fmt.Errorf("contains bytes that are not UTF-8 text")
	}
	for i := 0; i < len(no); i++ {
		if no[i] < ' ' || no[i] == 0x7f {
			return fmt.Errorf("%q contains a line break or control character; expected a ticket number on one line", no)
		}
	}
	if len(no) > MaxTicketNoLen {
		if n := utf8.RuneCountInString(no); n > MaxTicketNoLen {
			return fmt.Errorf("too long (%d characters); expected a ticket number of at most %d", n, MaxTicketNoLen)
		}
	}
	return nil
}

// Ticket is one case (工单) dispatched to a unit.
type Ticket struct {
	No           string
	UnitID       int64
	UnitName     string
	Category     Category
	Topic        string
	Urgent       bool
	DispatchedAt time.Time
	DueAt        time.Time
	CompletedAt  time.Time // zero while the ticket is open
	ReworkCount  int
	Callback     Callback
	Summary      string
}

// Completed reports whether the ticket was completed by instant t.
func (t Ticket) Completed(at time.Time) bool {
	return !t.CompletedAt.IsZero() && !t.CompletedAt.After(at)
}

// Open reports whether the ticket is still open at instant t.
func (t Ticket) Open(at time.Time) bool { return !t.Completed(at) }

// Counts reports whether the ticket counts for scoring at t: it is completed
// by t or its deadline has passed by t.
func (t Ticket) Counts(at time.Time) bool {
	return t.Completed(at) || !t.DueAt.After(at)
}

// Overdue reports whether an open ticket is past its deadline at t.
func (t Ticket) Overdue(at time.Time) bool {
	return t.Open(at) && !t.DueAt.After(at)
}

// CompletedLate reports whether the ticket was completed after its deadline.
func (t Ticket) CompletedLate() bool {
	return !t.CompletedAt.IsZero() && t.CompletedAt.After(t.DueAt)
}

// Validate checks the rules every stored ticket must satisfy and names the
// column at fault.
func (t Ticket) Validate() []FieldError {
	var errs []FieldError
	if strings.TrimSpace(t.No) == "" {
		errs = append(errs, FieldError{"ticket_no", "missing"})
	}
	if t.DispatchedAt.IsZero() {
		errs = append(errs, FieldError{"dispatched_at", "missing"})
	}
	if !t.CompletedAt.IsZero() && !t.DispatchedAt.IsZero() && t.CompletedAt.Before(t.DispatchedAt) {
		errs = append(errs, FieldError{"completed_at", "before dispatched_at"})
	}
	if !t.DueAt.IsZero() && !t.DispatchedAt.IsZero() && t.DueAt.Before(t.DispatchedAt) {
		errs = append(errs, FieldError{"due_at", "before dispatched_at"})
	}
	if t.ReworkCount < 0 {
		errs = append(errs, FieldError{"rework_count", "negative"})
	}
	for _, f := range []struct {
		key string
		at  time.Time
	}{{"dispatched_at", t.DispatchedAt}, {"due_at", t.DueAt}, {"completed_at", t.CompletedAt}} {
		if !f.at.IsZero() {
			if err := CheckTime(f.at); err != nil {
				errs = append(errs, FieldError{f.key, err.Error()})
			}
		}
	}
	return errs
}

// FieldError names the column of a ticket that is wrong and why.
type FieldError struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Problem }
