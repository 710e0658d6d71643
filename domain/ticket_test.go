package domain_test

import (
	"reflect"
	"testing"
	"time"

	"hotlinebot/domain"
)

// TestCountsAdd adds tickets one at a time at the evaluation instant T and
// checks the counts each contributes.
func TestCountsAdd(t *testing.T) {
	at := inShanghai(t, "2026-04-10 12:00:00") // T
	before := func(d time.Duration) time.Time { return at.Add(-d) }
	after := func(d time.Duration) time.Time { return at.Add(d) }
	dispatched := inShanghai(t, "2026-04-01 09:00:00")
	cases := []struct {
		name   string
		ticket domain.Ticket
		want   domain.Counts
	}{
		{"open, not yet due: does not count",
			domain.Ticket{DueAt: after(time.Hour), ReworkCount: 1, Callback: domain.CallbackDissatisfied},
			domain.Counts{}},
		{"open, due exactly at T: counts, not handled",
			domain.Ticket{DueAt: at},
			domain.Counts{Should: 1}},
		{"open, past due: counts, not handled, not in the overdue column",
			domain.Ticket{DueAt: before(time.Second)},
			domain.Counts{Should: 1}},
		{"completed on time",
			domain.Ticket{DueAt: before(time.Hour), CompletedAt: before(2 * time.Hour), Callback: domain.CallbackSatisfied},
			domain.Counts{Should: 1, Handled: 1, Satisfied: 1}},
		{"completed early, deadline still ahead: counts",
			domain.Ticket{DueAt: after(48 * time.Hour), CompletedAt: before(time.Hour)},
			domain.Counts{Should: 1, Handled: 1}},
		{"completed exactly at the deadline: on time",
			domain.Ticket{DueAt: before(time.Hour), CompletedAt: before(time.Hour)},
			domain.Counts{Should: 1, Handled: 1}},
		{"completed late: overdue",
			domain.Ticket{DueAt: before(3 * time.Hour), CompletedAt: before(time.Hour), ReworkCount: 2, Callback: domain.CallbackDissatisfied},
			domain.Counts{Should: 1, Handled: 1, Overdue: 1, Rework: 2, Dissatisfied: 1}},
		{"completed exactly at T, due later",
			domain.Ticket{DueAt: after(time.Hour), CompletedAt: at},
			domain.Counts{Should: 1, Handled: 1}},
		{"completed after T, due before T: open at T",
			domain.Ticket{DueAt: before(time.Hour), CompletedAt: after(time.Hour)},
			domain.Counts{Should: 1}},
		{"completed late after T: open at T, not yet in the overdue column",
			domain.Ticket{DueAt: before(24 * time.Hour), CompletedAt: after(time.Hour)},
			domain.Counts{Should: 1}},
		{"completed after T, due after T: does not count",
			domain.Ticket{DueAt: after(time.Hour), CompletedAt: after(2 * time.Hour), ReworkCount: 3},
			domain.Counts{}},
	}
	var total domain.Counts
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := tc.ticket
			tk.DispatchedAt = dispatched
			var c domain.Counts
			c.Add(tk, at)
			if c != tc.want {
				t.Errorf("Add = %+v, want %+v", c, tc.want)
			}
			total.Add(tk, at)
		})
	}
	want := domain.Counts{Should: 9, Handled: 5, Overdue: 1, Rework: 2, Satisfied: 1, Dissatisfied: 1}
	if total != want {
		t.Errorf("all together = %+v, want %+v", total, want)
	}
}

func TestTicketStateAt(t *testing.T) {
	due := inShanghai(t, "2026-10-10 00:00:00")
	open := domain.Ticket{DueAt: due}
	late := domain.Ticket{DueAt: due, CompletedAt: due.Add(time.Minute)}
	cases := []struct {
		name                         string
		ticket                       domain.Ticket
		at                           time.Time
		completed, overdue, lateDone bool
	}{
		{"open before the deadline", open, due.Add(-time.Second), false, false, false},
		{"open at the deadline", open, due, false, true, false},
		{"late, before completion", late, due.Add(30 * time.Second), false, true, true},
		{"late, once completed", late, due.Add(time.Minute), true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := tc.ticket
			if tk.Completed(tc.at) != tc.completed || tk.Open(tc.at) == tc.completed ||
				tk.Overdue(tc.at) != tc.overdue || tk.CompletedLate() != tc.lateDone {
				t.Errorf("at %v: completed %v open %v overdue %v late %v; want completed %v overdue %v late %v",
					tc.at, tk.Completed(tc.at), tk.Open(tc.at), tk.Overdue(tc.at), tk.CompletedLate(),
					tc.completed, tc.overdue, tc.lateDone)
			}
		})
	}
}

func TestTicketValidate(t *testing.T) {
	d := inShanghai(t, "2026-04-01 09:00:00")
	cases := []struct {
		name   string
		ticket domain.Ticket
		want   []domain.FieldError
	}{
		{"valid", domain.Ticket{No: "A-1", DispatchedAt: d, DueAt: d.Add(time.Hour), CompletedAt: d}, nil},
		{"missing number and dispatch", domain.Ticket{No: " "},
			[]domain.FieldError{{Field: "ticket_no", Problem: "missing"}, {Field: "dispatched_at", Problem: "missing"}}},
		{"completed before dispatch", domain.Ticket{No: "A-2", DispatchedAt: d, CompletedAt: d.Add(-time.Minute)},
			[]domain.FieldError{{Field: "completed_at", Problem: "before dispatched_at"}}},
		{"due before dispatch, negative rework", domain.Ticket{No: "A-3", DispatchedAt: d, DueAt: d.Add(-time.Minute), ReworkCount: -1},
			[]domain.FieldError{{Field: "due_at", Problem: "before dispatched_at"}, {Field: "rework_count", Problem: "negative"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ticket.Validate(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Validate() = %v, want %v", got, tc.want)
			}
		})
	}
	if got := (domain.FieldError{Field: "due_at", Problem: "before dispatched_at"}).Error(); got != "due_at: before dispatched_at" {
		t.Errorf("FieldError.Error() = %q", got)
	}
}

func TestParseCategory(t *testing.T) {
	cases := []struct {
		in   string
		want domain.Category
	}{
		{"投诉", domain.Complaint}, {"求助", domain.Help}, {"咨询", domain.Inquiry}, {"建议", domain.Suggestion},
		{"表扬", domain.Praise}, {"complaint", domain.Complaint}, {" Inquiry ", domain.Inquiry}, {"PRAISE", domain.Praise},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := domain.ParseCategory(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseCategory(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	_, err := domain.ParseCategory("举报")
	if want := `unknown category "举报" (want 投诉/求助/咨询/建议/表扬 or complaint/help/inquiry/suggestion/praise)`; err == nil || err.Error() != want {
		t.Errorf("ParseCategory(举报) error = %v, want %s", err, want)
	}
	labels := map[domain.Category][2]string{
		domain.Complaint: {"投诉", "complaint"}, domain.Help: {"求助", "help"}, domain.Inquiry: {"咨询", "inquiry"},
		domain.Suggestion: {"建议", "suggestion"}, domain.Praise: {"表扬", "praise"},
	}
	for c, want := range labels {
		if c.Label("zh") != want[0] || c.Label("en") != want[1] {
			t.Errorf("%s labels %q %q, want %q %q", c, c.Label("zh"), c.Label("en"), want[0], want[1])
		}
	}
}

func TestParseCallback(t *testing.T) {
	cases := []struct {
		in   string
		want domain.Callback
		ok   bool
	}{
		{"", domain.CallbackNone, true}, {" ", domain.CallbackNone, true}, {"满意", domain.CallbackSatisfied, true},
		{"不满意", domain.CallbackDissatisfied, true}, {"Satisfied", domain.CallbackSatisfied, true},
		{"dissatisfied", domain.CallbackDissatisfied, true}, {"基本满意", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := domain.ParseCallback(tc.in)
			if got != tc.want || (err == nil) != tc.ok {
				t.Errorf("ParseCallback(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParseUnitKind(t *testing.T) {
	cases := []struct {
		in   string
		want domain.UnitKind
		ok   bool
	}{
		{"district", domain.District, true}, {"县市区", domain.District, true}, {" Department ", domain.Department, true},
		{"市直单位", domain.Department, true}, {"企业", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := domain.ParseUnitKind(tc.in)
			if got != tc.want || (err == nil) != tc.ok {
				t.Errorf("ParseUnitKind(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestSplitAliases(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"岳阳县、岳县", []string{"岳阳县", "岳县"}},
		{" 规划局 ; 规划；市规划 ,, ", []string{"规划局", "规划", "市规划"}},
		{"", nil},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := domain.SplitAliases(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SplitAliases(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
