package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// objectKeys lists the keys of the JSON object at the decoder's position, in
// the order they appear, skipping their values.
func objectKeys(t *testing.T, dec *json.Decoder) []string {
	t.Helper()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("want an object, got %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestJSONKeyOrder(t *testing.T) {
	b, err := JSON(bulletinReport(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := objectKeys(t, json.NewDecoder(bytes.NewReader(b))), []string{"period", "at", "units", "no_tickets"}; !slices.Equal(got, want) {
		t.Errorf("document keys = %v, want %v", got, want)
	}
	var doc struct{ Units []json.RawMessage }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{"unit", "kind", "should", "handled", "completion_rate", "overdue", "ontime_rate",
		"rework", "rework_rate", "dissatisfied", "satisfaction_rate", "composite", "grade"}
	for _, u := range doc.Units {
		if got := objectKeys(t, json.NewDecoder(bytes.NewReader(u))); !slices.Equal(got, want) {
			t.Errorf("unit keys = %v, want %v", got, want)
		}
	}
}

func TestJSONEmptyLists(t *testing.T) {
	loc := testkit.Shanghai()
	p := domain.NewPeriod(domain.Month, 2026, 11, loc)
	at := time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		r    domain.Report
		want string
	}{
		{"nothing", domain.NewReport(p, at, nil, nil, domain.DefaultScheme()),
			`{"period":"2026-11","at":"2026-11-27T16:30:00+08:00","units":[],"no_tickets":[]}`},
		{"all graded", domain.NewReport(p, at, []domain.Unit{{ID: 1, Name: "市城管局", Kind: domain.Department}},
			map[int64]domain.Counts{1: {Should: 2, Handled: 2}}, domain.DefaultScheme()),
			`"no_tickets":[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := JSON(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(compact.Bytes(), []byte(tt.want)) {
				t.Errorf("json = %s, want it to contain %s", compact.Bytes(), tt.want)
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	r := bulletinReport(t)
	b, err := JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	want := NewDocument(r)
	if doc.Period != want.Period || !doc.At.Equal(r.At) || !slices.Equal(doc.Units, want.Units) || !slices.Equal(doc.NoTickets, want.NoTickets) {
		t.Errorf("round trip:\n got %+v\nwant %+v", doc, want)
	}
	if doc.Units[0].OnTimeRate != 0.9988 || doc.Units[2].Composite != 92.8 {
		t.Errorf("rates not rounded as the spec shows: %+v", doc.Units[0])
	}

	t.Run("null lists", func(t *testing.T) {
		doc, err := ParseJSON([]byte(`{"period":"2017Q2","at":"2017-07-01T00:00:00+08:00","units":null}`))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Units == nil || doc.NoTickets == nil {
			t.Errorf("want empty slices, got %#v", doc)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		if _, err := ParseJSON([]byte(`{"period":`)); err == nil {
			t.Error("want an error")
		}
	})
}
