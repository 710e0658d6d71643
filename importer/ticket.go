package importer

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotlinebot/domain"
)

// UnitResolver finds the id of a unit by its name or one of its aliases.
type UnitResolver interface {
	UnitID(nameOrAlias string) (int64, bool)
}

// ParseTicket turns one ticket's fields, keyed by the English column keys
// (ticket_no, unit, …), into a ticket. It is the one validation path for
// tickets: file import and the HTTP API both use it. Every problem is
// reported, one FieldError per problem, phrased for an operator: what was
// found and what is expected. Times without an offset are in loc (nil:
// policy.Location); an empty due_at is computed by policy.
func ParseTicket(fields map[string]string, units UnitResolver, policy domain.DeadlinePolicy, loc *time.Location) (domain.Ticket, []domain.FieldError) {
	return parseTicket(fieldMap(fields), units, policy, nil, loc)
}

// fieldSource gives one row's cell by column key: the HTTP API's map, or
// a file's current row (Rows), read without building a map per row.
type fieldSource interface {
	field(key string) string
}

// fieldMap is a fieldSource over a map.
type fieldMap map[string]string

func (m fieldMap) field(key string) string { return m[key] }

// deadlines computes a deadline: domain.DeadlinePolicy, or a dueCache in
// front of it.
type deadlines interface {
	Due(category domain.Category, urgent bool, dispatched time.Time) (time.Time, error)
}

// parseTicket is ParseTicket with the deadline computation given apart, so
// a bulk import can cache it; nil uses policy itself.
func parseTicket(fields fieldSource, units UnitResolver, policy domain.DeadlinePolicy, dl deadlines, loc *time.Location) (domain.Ticket, []domain.FieldError) {
	if loc == nil {
		loc = policy.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	p := rowParser{fields: fields, loc: loc}
	var t domain.Ticket
	t.No = p.ticketNo()
	t.UnitName, t.UnitID = p.unit(units)
	category, categoryOK := p.category()
	t.Category = category
	t.Topic, _ = p.get(KeyTopic)
	t.Urgent = p.urgent()
	t.DispatchedAt = p.requiredTime(KeyDispatchedAt)
	due, dueGiven := p.optionalTime(KeyDueAt, t.DispatchedAt)
	t.DueAt = due
	t.CompletedAt, _ = p.optionalTime(KeyCompletedAt, t.DispatchedAt)
	t.ReworkCount = p.reworkCount()
	t.Callback = p.callback()
	t.Summary, _ = p.get(KeySummary)
	if !dueGiven && categoryOK && !t.DispatchedAt.IsZero() {
		t.DueAt = p.due(policy, dl, t)
	}
	return t, p.errs
}

// rowParser reads one row's fields and collects its problems.
type rowParser struct {
	fields fieldSource
	loc    *time.Location
	errs   []domain.FieldError
}

func (p *rowParser) fail(key, problem string) {
	p.errs = append(p.errs, domain.FieldError{Field: key, Problem: problem})
}

// get returns the trimmed value; ok is false when the value is not text
// the store can keep (invalid UTF-8, NUL, longer than domain.MaxCellChars),
// which is reported.
func (p *rowParser) get(key string) (string, bool) {
	v := trimSpace(p.fields.field(key))
	if !utf8.ValidString(v) {
		p.fail(key, "contains bytes that are not UTF-8 text; save the file as UTF-8 or GB18030 (Excel: CSV)")
		return "", false
	}
	if strings.IndexByte(v, 0) >= 0 {
		p.fail(key, "contains a NUL character; expected plain text")
		return "", false
	}
	if len(v) > domain.MaxCellChars {
		if n := utf8.RuneCountInString(v); n > domain.MaxCellChars {
			p.fail(key, strconv.Itoa(n)+" characters, more than the "+strconv.Itoa(domain.MaxCellChars)+" a cell may hold (as in Excel)")
			return "", false
		}
	}
	return v, true
}

// required returns the value, reporting it when empty.
func (p *rowParser) required(key, expected string) (string, bool) {
	v, ok := p.get(key)
	if ok && v == "" {
		p.fail(key, "empty; expected "+expected)
		return "", false
	}
	return v, ok
}

func (p *rowParser) ticketNo() string {
	v, ok := p.required(KeyTicketNo, "the ticket number")
	if !ok {
		return ""
	}
	if err := domain.CheckTicketNo(v); err != nil {
		p.fail(KeyTicketNo, err.Error())
		return ""
	}
	return v
}

func (p *rowParser) unit(units UnitResolver) (string, int64) {
	v, ok := p.required(KeyUnit, "the name or alias of a known unit")
	if !ok {
		return "", 0
	}
	if units == nil {
		p.fail(KeyUnit, "unknown unit "+strconv.Quote(v)+"; no units are loaded yet")
		return v, 0
	}
	id, found := units.UnitID(v)
	if !found {
		p.fail(KeyUnit, "unknown unit "+strconv.Quote(v)+"; expected the name or alias of a known unit")
	}
	return v, id
}

const categoriesExpected = "投诉/求助/咨询/建议/表扬 or complaint/help/inquiry/suggestion/praise"

func (p *rowParser) category() (domain.Category, bool) {
	v, ok := p.required(KeyCategory, categoriesExpected)
	if !ok {
		return "", false
	}
	if c, ok := parseCategory(v); ok {
		return c, true
	}
	p.fail(KeyCategory, "unknown category "+strconv.Quote(v)+"; expected "+categoriesExpected)
	return "", false
}

// parseCategory matches the usual spellings without allocating before
// falling back to the domain's case-insensitive parser.
func parseCategory(v string) (domain.Category, bool) {
	switch v {
	case "投诉", "complaint":
		return domain.Complaint, true
	case "求助", "help":
		return domain.Help, true
	case "咨询", "inquiry":
		return domain.Inquiry, true
	case "建议", "suggestion":
		return domain.Suggestion, true
	case "表扬", "praise":
		return domain.Praise, true
	}
	c, err := domain.ParseCategory(v)
	return c, err == nil
}

func (p *rowParser) urgent() bool {
	v, ok := p.get(KeyUrgent)
	if !ok {
		return false
	}
	if b, ok := parseYesNo(v); ok {
		return b
	}
	p.fail(KeyUrgent, strconv.Quote(v)+" is not yes or no; expected 是/否, true/false, 1/0, yes/no or empty (no)")
	return false
}

func parseYesNo(v string) (value, ok bool) {
	switch v {
	case "是", "1", "true", "yes":
		return true, true
	case "否", "0", "false", "no", "":
		return false, true
	}
	switch {
	case strings.EqualFold(v, "true"), strings.EqualFold(v, "yes"):
		return true, true
	case strings.EqualFold(v, "false"), strings.EqualFold(v, "no"):
		return false, true
	}
	return false, false
}

func (p *rowParser) requiredTime(key string) time.Time {
	v, ok := p.required(key, "a time such as 2017-04-03 09:15")
	if !ok {
		return time.Time{}
	}
	return p.parseTime(key, v)
}

// optionalTime reads a time that may be empty and must not precede the
// dispatch time; given reports whether the cell had anything in it.
func (p *rowParser) optionalTime(key string, dispatched time.Time) (t time.Time, given bool) {
	v, ok := p.get(key)
	if !ok {
		return time.Time{}, true
	}
	if v == "" {
		return time.Time{}, false
	}
	t = p.parseTime(key, v)
	if !t.IsZero() && !dispatched.IsZero() && t.Before(dispatched) {
		p.fail(key, "before dispatched_at "+formatTime(dispatched.In(p.loc)))
		return time.Time{}, true
	}
	return t, true
}

func (p *rowParser) parseTime(key, v string) time.Time {
	t, err := ParseTime(v, p.loc)
	var te *TimeError
	switch {
	case errors.As(err, &te) && te.OutOfRange:
		p.fail(key, err.Error())
		return time.Time{}
	case err != nil:
		p.fail(key, err.Error()+"; expected "+TimeLayouts)
		return time.Time{}
	}
	return t
}

// formatTime writes a time the way the office writes it, with seconds only
// when there are any.
func formatTime(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

func (p *rowParser) reworkCount() int {
	v, ok := p.get(KeyReworkCount)
	if !ok || v == "" {
		return 0
	}
	n, problem := parseCount(v)
	if problem != "" {
		p.fail(KeyReworkCount, problem+"; expected a whole number, 0 or more (empty: 0)")
	}
	return n
}

// parseCount reads a non-negative whole number; "2.0" is accepted, as
// spreadsheets write it.
func parseCount(v string) (int, string) {
	digits := v
	if i := strings.IndexByte(v, '.'); i > 0 && strings.Trim(v[i+1:], "0") == "" {
		digits = v[:i]
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case c == '-' && i == 0 && len(digits) > 1:
			if strings.Trim(digits[1:], "0") == "" {
				continue // -0 is 0
			}
			return 0, strconv.Quote(v) + " is negative"
		case !isDigit(c):
			return 0, strconv.Quote(v) + " is not a whole number"
		case n > 100_000_000:
			return 0, strconv.Quote(v) + " is too large"
		}
		n = n*10 + int(c-'0')
	}
	return n, ""
}

const callbacksExpected = "满意/不满意, satisfied/dissatisfied or empty (not sampled)"

func (p *rowParser) callback() domain.Callback {
	v, ok := p.get(KeyCallback)
	if !ok {
		return domain.CallbackNone
	}
	switch v {
	case "满意", "satisfied":
		return domain.CallbackSatisfied
	case "不满意", "dissatisfied":
		return domain.CallbackDissatisfied
	case "", "未回访", "none":
		return domain.CallbackNone
	}
	if c, err := domain.ParseCallback(v); err == nil {
		return c
	}
	p.fail(KeyCallback, "unknown callback result "+strconv.Quote(v)+"; expected "+callbacksExpected)
	return domain.CallbackNone
}

// due computes the deadline the ticket system did not give.
func (p *rowParser) due(policy domain.DeadlinePolicy, dl deadlines, t domain.Ticket) time.Time {
	if !t.Urgent && (policy.Calendar == nil || policy.Location == nil) {
		p.fail(KeyDueAt, "empty, and no deadline policy is configured to compute it; give the deadline")
		return time.Time{}
	}
	var due time.Time
	var err error
	if dl != nil {
		due, err = dl.Due(t.Category, t.Urgent, t.DispatchedAt)
	} else {
		due, err = policy.Due(t.Category, t.Urgent, t.DispatchedAt)
	}
	if err != nil {
		p.fail(KeyDueAt, "empty, and it cannot be computed ("+err.Error()+"); give the deadline")
		return time.Time{}
	}
	return due
}

// trimSpace is strings.TrimSpace with a fast exit for the common cell that
// starts and ends with a character that cannot be white space: TrimSpace
// itself takes its slow path for any text ending in Chinese.
func trimSpace(s string) string {
	if s == "" || maySpaceStart(s) || maySpaceEnd(s) {
		return strings.TrimSpace(s)
	}
	return s
}

// maySpaceStart reports whether s may start with white space: ASCII space
// and control bytes, or the lead byte of U+0085, U+00A0, U+1680,
// U+2000–U+205F or U+3000.
func maySpaceStart(s string) bool {
	c := s[0]
	return c <= ' ' || c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3
}

// maySpaceEnd is maySpaceStart for the last character of s.
func maySpaceEnd(s string) bool {
	n := len(s)
	if c := s[n-1]; c < 0x80 {
		return c <= ' '
	}
	if n >= 2 && s[n-2] == 0xC2 {
		return true
	}
	if n >= 3 {
		c := s[n-3]
		return c == 0xE1 || c == 0xE2 || c == 0xE3
	}
	return false
}
