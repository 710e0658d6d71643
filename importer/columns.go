package importer

import (
	"fmt"
	"strings"
)

// Column is one column a ticket or unit file may carry.
type Column struct {
	Key      string // English header and the HTTP API's JSON key
	Chinese  string // the header the office's own files use
	Required bool
	Time     bool // a date and time; XLSX date cells are converted to text
}

// label names the column for an operator: 工单编号 (ticket_no).
func (c Column) label() string { return c.Chinese + " (" + c.Key + ")" }

// The ticket columns' keys, as ParseTicket's fields map and the HTTP API
// name them.
const (
	KeyTicketNo     = "ticket_no"
	KeyUnit         = "unit"
	KeyCategory     = "category"
	KeyTopic        = "topic"
	KeyUrgent       = "urgent"
	KeyDispatchedAt = "dispatched_at"
	KeyDueAt        = "due_at"
	KeyCompletedAt  = "completed_at"
	KeyReworkCount  = "rework_count"
	KeyCallback     = "callback"
	KeySummary      = "summary"
)

// The unit columns' keys.
const (
	KeyName    = "name"
	KeyKind    = "kind"
	KeyAliases = "aliases"
)

// TicketColumns lists the columns of a ticket file in the spec's order.
func TicketColumns() []Column {
	return []Column{
		{Key: KeyTicketNo, Chinese: "工单编号", Required: true},
		{Key: KeyUnit, Chinese: "责任单位", Required: true},
		{Key: KeyCategory, Chinese: "诉求类型", Required: true},
		{Key: KeyTopic, Chinese: "诉求分类"},
		{Key: KeyUrgent, Chinese: "是否急办"},
		{Key: KeyDispatchedAt, Chinese: "派单时间", Required: true, Time: true},
		{Key: KeyDueAt, Chinese: "办理时限", Time: true},
		{Key: KeyCompletedAt, Chinese: "办结时间", Time: true},
		{Key: KeyReworkCount, Chinese: "返工次数"},
		{Key: KeyCallback, Chinese: "回访结果"},
		{Key: KeySummary, Chinese: "诉求内容"},
	}
}

// UnitColumns lists the columns of a unit file.
func UnitColumns() []Column {
	return []Column{
		{Key: KeyName, Chinese: "单位名称", Required: true},
		{Key: KeyKind, Chinese: "类别", Required: true},
		{Key: KeyAliases, Chinese: "简称"},
	}
}

// slotCount is how many column keys there are, of ticket and unit files
// together: a row's cells are kept in an array of that size, by slot.
const slotCount = 14

// slot is the key's place among a row's cells, or -1 for an unknown key. A
// switch rather than a map: an import looks up eleven keys a row.
func slot(key string) int {
	switch key {
	case KeyTicketNo:
		return 0
	case KeyUnit:
		return 1
	case KeyCategory:
		return 2
	case KeyTopic:
		return 3
	case KeyUrgent:
		return 4
	case KeyDispatchedAt:
		return 5
	case KeyDueAt:
		return 6
	case KeyCompletedAt:
		return 7
	case KeyReworkCount:
		return 8
	case KeyCallback:
		return 9
	case KeySummary:
		return 10
	case KeyName:
		return 11
	case KeyKind:
		return 12
	case KeyAliases:
		return 13
	}
	return -1
}

// header is a file's header row mapped onto known columns.
type header struct {
	keys  []string // by field index; "" for an ignored column
	slots []int    // by field index: slot of the key, -1 for an ignored column
	times []bool   // by field index: the column holds times
	found int      // how many known columns the row names
}

// normalizeHeader folds a header cell so that " Ticket No ", "ticket-no"
// and "TICKET_NO" all read as ticket_no.
func normalizeHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
	s = strings.ToLower(s)
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// mapHeader maps a header row onto columns. Unknown cells are ignored; a
// known column named twice is an error.
func mapHeader(record []string, columns []Column) (header, error) {
	byName := make(map[string]int, 2*len(columns))
	for i, c := range columns {
		byName[c.Key] = i
		byName[normalizeHeader(c.Chinese)] = i
	}
	h := header{keys: make([]string, len(record)), slots: make([]int, len(record)), times: make([]bool, len(record))}
	for i := range h.slots {
		h.slots[i] = -1
	}
	seenAt := make(map[int]int, len(columns)) // column index → 1-based field position
	for pos, cell := range record {
		ci, ok := byName[normalizeHeader(cell)]
		if !ok {
			continue
		}
		if prev, dup := seenAt[ci]; dup {
			return h, fmt.Errorf("column %s appears twice (columns %d and %d)", columns[ci].label(), prev, pos+1)
		}
		seenAt[ci] = pos + 1
		h.keys[pos], h.slots[pos], h.times[pos] = columns[ci].Key, slot(columns[ci].Key), columns[ci].Time
		h.found++
	}
	var missing []string
	for i, c := range columns {
		if _, ok := seenAt[i]; c.Required && !ok {
			missing = append(missing, c.label())
		}
	}
	switch len(missing) {
	case 0:
		return h, nil
	case 1:
		return h, fmt.Errorf("missing required column %s", missing[0])
	}
	return h, fmt.Errorf("missing required columns %s", strings.Join(missing, ", "))
}
