package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// Document is the report as README.md "Report JSON" fixes it; the field order
// is the key order of the JSON.
type Document struct {
	Period    string    `json:"period"`
	At        time.Time `json:"at"`
	Units     []UnitRow `json:"units"`
	NoTickets []string  `json:"no_tickets"`
}

// UnitRow is one graded unit of a Document: counts as integers, rates as
// fractions rounded to four decimals, the composite to one decimal.
type UnitRow struct {
	Unit             string          `json:"unit"`
	Kind             domain.UnitKind `json:"kind"`
	Should           int             `json:"should"`
	Handled          int             `json:"handled"`
	CompletionRate   float64         `json:"completion_rate"`
	Overdue          int             `json:"overdue"`
	OnTimeRate       float64         `json:"ontime_rate"`
	Rework           int             `json:"rework"`
	ReworkRate       float64         `json:"rework_rate"`
	Dissatisfied     int             `json:"dissatisfied"`
	SatisfactionRate float64         `json:"satisfaction_rate"`
	Composite        float64         `json:"composite"`
	Grade            domain.Grade    `json:"grade"`
}

// rateDecimals is how many decimals a rate keeps as a fraction (0.9988).
const rateDecimals = 4

// NewDocument converts a report, keeping its order. The instant is shown in
// the period's zone (the office's), to the second.
func NewDocument(r domain.Report) Document {
	d := Document{
		Period:    r.Period.String(),
		At:        reportTime(r),
		Units:     make([]UnitRow, 0, len(r.Units)),
		NoTickets: make([]string, 0, len(r.NoTickets)),
	}
	for _, sc := range r.Units {
		d.Units = append(d.Units, newUnitRow(sc))
	}
	for _, u := range r.NoTickets {
		d.NoTickets = append(d.NoTickets, u.Name)
	}
	return d
}

func newUnitRow(sc domain.Scorecard) UnitRow {
	return UnitRow{
		Unit:             sc.Unit.Name,
		Kind:             sc.Unit.Kind,
		Should:           sc.Should,
		Handled:          sc.Handled,
		CompletionRate:   domain.RoundTo(sc.CompletionRate, rateDecimals),
		Overdue:          sc.Overdue,
		OnTimeRate:       domain.RoundTo(sc.OnTimeRate, rateDecimals),
		Rework:           sc.Rework,
		ReworkRate:       domain.RoundTo(sc.ReworkRate, rateDecimals),
		Dissatisfied:     sc.Dissatisfied,
		SatisfactionRate: domain.RoundTo(sc.SatisfactionRate, rateDecimals),
		Composite:        domain.RoundTo(sc.Composite, 1),
		Grade:            sc.Grade,
	}
}

// reportTime is the report's instant in the office's zone (the period's),
// without sub-second digits so that "at" is plain RFC 3339.
func reportTime(r domain.Report) time.Time {
	at := r.At.Truncate(time.Second)
	if loc := r.Period.Start.Location(); !r.Period.Start.IsZero() && loc != nil {
		at = at.In(loc)
	}
	return at
}

// JSON renders the report as README.md "Report JSON", indented, with a final
// newline.
func JSON(r domain.Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(NewDocument(r)); err != nil {
		return nil, fmt.Errorf("encode report json: %w", err)
	}
	return buf.Bytes(), nil
}

// ParseJSON reads a report document; a null or missing no_tickets or units
// comes back as an empty slice.
func ParseJSON(b []byte) (Document, error) {
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return Document{}, fmt.Errorf("parse report json: %w", err)
	}
	if d.Units == nil {
		d.Units = []UnitRow{}
	}
	if d.NoTickets == nil {
		d.NoTickets = []string{}
	}
	return d, nil
}
