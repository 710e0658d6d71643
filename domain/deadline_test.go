package domain_test

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// Days around the 2026 holidays in lunar-go's data, as the tests below use
// them (weekdays checked against a wall calendar):
//
//	Spring Festival: Sat 02-14 work (调休), 02-15 … 02-23 off, Sat 02-28 work.
//	May Day:         05-01 … 05-05 off, Sat 05-09 work.
//	Mid-Autumn:      Fri 09-25 … Sun 09-27 off; Sun 09-20 work (调休 of National Day).
//	National Day:    10-01 … 10-07 off, Sat 10-10 work.
func TestCalendarIsWorkday(t *testing.T) {
	cal := shippedCalendar(t, nil, nil)
	cases := []struct {
		name string
		at   time.Time
		work bool
	}{
		{"ordinary Monday", inShanghai(t, "2026-03-09 10:00:00"), true},
		{"ordinary Saturday", inShanghai(t, "2026-03-07 10:00:00"), false},
		{"ordinary Sunday", inShanghai(t, "2026-03-08 10:00:00"), false},
		{"make-up Saturday before Spring Festival", inShanghai(t, "2026-02-14 10:00:00"), true},
		{"Spring Festival Tuesday", inShanghai(t, "2026-02-17 10:00:00"), false},
		{"last day of Spring Festival, a Monday", inShanghai(t, "2026-02-23 10:00:00"), false},
		{"make-up Saturday after Spring Festival", inShanghai(t, "2026-02-28 10:00:00"), true},
		{"make-up Sunday before National Day", inShanghai(t, "2026-09-20 10:00:00"), true},
		{"Mid-Autumn Friday", inShanghai(t, "2026-09-25 10:00:00"), false},
		{"last working day before National Day", inShanghai(t, "2026-09-30 23:59:59"), true},
		{"National Day", inShanghai(t, "2026-10-01 00:00:00"), false},
		{"make-up Saturday after National Day", inShanghai(t, "2026-10-10 10:00:00"), true},
		{"2017 National Day Monday", inShanghai(t, "2017-10-02 10:00:00"), false},
		{"2017 make-up Saturday", inShanghai(t, "2017-09-30 10:00:00"), true},
		// 16:30 UTC on Thursday 2026-09-17 is 00:30 on Friday in Shanghai, a
		// working day either way; 16:30 UTC on Saturday 2026-09-19 is Sunday
		// the 20th in Shanghai, a make-up day, while the UTC day is off.
		{"UTC Saturday evening is the Shanghai make-up Sunday", time.Date(2026, 9, 19, 16, 30, 0, 0, time.UTC).In(testkit.Shanghai()), true},
		{"the same instant read in UTC", time.Date(2026, 9, 19, 16, 30, 0, 0, time.UTC), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.IsWorkday(tc.at); got != tc.work {
				t.Errorf("IsWorkday(%v) = %v, want %v", tc.at, got, tc.work)
			}
		})
	}
}

func TestCalendarAdditions(t *testing.T) {
	cal := shippedCalendar(t, []string{"2026-03-09", "2026-10-10"}, []string{"2026-03-14", "2026-10-07"})
	cases := []struct {
		day  string
		work bool
	}{
		{"2026-03-09", false}, // a Monday made a holiday
		{"2026-03-14", true},  // a Saturday made a working day
		{"2026-10-10", false}, // a shipped make-up Saturday cancelled
		{"2026-10-07", true},  // a shipped holiday turned into a working day
		{"2026-10-06", false}, // the rest of the shipped data stays
		{"2026-03-10", true},
	}
	for _, tc := range cases {
		t.Run(tc.day, func(t *testing.T) {
			if got := cal.IsWorkday(inShanghai(t, tc.day+" 12:00:00")); got != tc.work {
				t.Errorf("IsWorkday(%s) = %v, want %v", tc.day, got, tc.work)
			}
		})
	}
}

func TestNewCalendarRefusesBadDates(t *testing.T) {
	cases := []struct {
		name               string
		holidays, workdays []string
		want               string
	}{
		{"holiday", []string{"2026-02-30"}, nil, `invalid date "2026-02-30" (want YYYY-MM-DD)`},
		{"workday", nil, []string{"2026/10/10"}, `invalid date "2026/10/10" (want YYYY-MM-DD)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := domain.NewCalendar(2017, 2027, tc.holidays, tc.workdays)
			if err == nil || err.Error() != tc.want {
				t.Errorf("NewCalendar error = %v, want %s", err, tc.want)
			}
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := shippedCalendar(t, nil, nil)
	cases := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero days is the day itself", "2026-09-25 15:00:00", 0, "2026-09-25 00:00:00"},
		{"one working day over a weekend", "2026-03-06 15:00:00", 1, "2026-03-09 00:00:00"},
		{"over Spring Festival", "2026-02-14 09:00:00", 1, "2026-02-24 00:00:00"},
		{"onto the make-up Sunday", "2026-09-18 09:00:00", 1, "2026-09-20 00:00:00"},
		{"over National Day", "2026-09-30 09:00:00", 3, "2026-10-10 00:00:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := cal.AddWorkdays(inShanghai(t, tc.from), tc.n)
			if want := inShanghai(t, tc.want); !got.Equal(want) {
				t.Errorf("AddWorkdays(%s, %d) = %v, want %v", tc.from, tc.n, got, want)
			}
		})
	}
}

// Due at exact instants: non-urgent tickets are due at 24:00 of the N-th
// working day after the dispatch day (00:00 of the day after it), whatever
// day the dispatch fell on; urgent ones UrgentHours later by the clock.
func TestDue(t *testing.T) {
	sh := testkit.Shanghai()
	policy := domain.DeadlinePolicy{
		UrgentHours: 24,
		WorkingDays: domain.DefaultWorkingDays(),
		Calendar:    shippedCalendar(t, nil, nil),
		Location:    sh,
	}
	short := policy
	short.UrgentHours = 4
	withAdditions := func(holidays, workdays []string) domain.DeadlinePolicy {
		p := policy
		p.Calendar = shippedCalendar(t, holidays, workdays)
		return p
	}
	cases := []struct {
		name       string
		policy     domain.DeadlinePolicy
		category   domain.Category
		urgent     bool
		dispatched time.Time
		want       string
	}{
		// National Day 2026. The Friday before it, 09-25, is Mid-Autumn (off).
		{"complaint on the Mid-Autumn Friday before National Day", policy, domain.Complaint, false,
			inShanghai(t, "2026-09-25 10:00:00"), "2026-10-10 00:00:00"}, // 09-28, 29, 30, 10-08, 09
		{"inquiry on the Mid-Autumn Friday", policy, domain.Inquiry, false,
			inShanghai(t, "2026-09-25 10:00:00"), "2026-10-01 00:00:00"}, // 09-28, 29, 30
		{"suggestion on the Mid-Autumn Friday", policy, domain.Suggestion, false,
			inShanghai(t, "2026-09-25 10:00:00"), "2026-10-16 00:00:00"}, // … 10-09, Sat 10-10, 12, 13, 14, 15
		{"complaint on the last working Friday before National Day", policy, domain.Complaint, false,
			inShanghai(t, "2026-09-18 16:45:00"), "2026-09-25 00:00:00"}, // Sun 09-20, 21, 22, 23, 24
		{"inquiry on the last working Friday", policy, domain.Inquiry, false,
			inShanghai(t, "2026-09-18 16:45:00"), "2026-09-23 00:00:00"}, // Sun 09-20, 21, 22
		{"complaint on the eve of National Day", policy, domain.Complaint, false,
			inShanghai(t, "2026-09-30 17:59:00"), "2026-10-14 00:00:00"}, // 10-08, 09, Sat 10, 12, 13
		{"inquiry on the eve of National Day ends with the make-up Saturday", policy, domain.Inquiry, false,
			inShanghai(t, "2026-09-30 17:59:00"), "2026-10-11 00:00:00"}, // 10-08, 09, Sat 10
		{"complaint dispatched on National Day itself", policy, domain.Complaint, false,
			inShanghai(t, "2026-10-03 11:00:00"), "2026-10-14 00:00:00"},

		// Spring Festival 2026.
		{"complaint on the Friday before Spring Festival", policy, domain.Complaint, false,
			inShanghai(t, "2026-02-13 17:30:00"), "2026-02-28 00:00:00"}, // Sat 02-14, 24, 25, 26, 27
		{"inquiry on the Friday before Spring Festival", policy, domain.Inquiry, false,
			inShanghai(t, "2026-02-13 17:30:00"), "2026-02-26 00:00:00"}, // Sat 02-14, 24, 25
		{"suggestion on the Friday before Spring Festival", policy, domain.Suggestion, false,
			inShanghai(t, "2026-02-13 17:30:00"), "2026-03-06 00:00:00"}, // … 27, Sat 28, 03-02, 03, 04, 05
		{"help during Spring Festival", policy, domain.Help, false,
			inShanghai(t, "2026-02-18 08:00:00"), "2026-03-01 00:00:00"}, // 02-24, 25, 26, 27, Sat 28

		// Make-up working days.
		{"complaint on the make-up Saturday before Spring Festival crosses the month end", policy, domain.Complaint, false,
			inShanghai(t, "2026-02-14 09:00:00"), "2026-03-01 00:00:00"}, // 02-24, 25, 26, 27, Sat 28
		{"inquiry on the make-up Saturday", policy, domain.Inquiry, false,
			inShanghai(t, "2026-02-14 09:00:00"), "2026-02-27 00:00:00"}, // 02-24, 25, 26
		{"complaint on the make-up Saturday after National Day", policy, domain.Complaint, false,
			inShanghai(t, "2026-10-10 09:00:00"), "2026-10-17 00:00:00"}, // 10-12 … 16
		{"help on the make-up Sunday before Mid-Autumn", policy, domain.Help, false,
			inShanghai(t, "2026-09-20 09:00:00"), "2026-09-29 00:00:00"}, // 21, 22, 23, 24, 28

		// Sundays and the edges of a day.
		{"complaint on an ordinary Sunday", policy, domain.Complaint, false,
			inShanghai(t, "2026-03-08 20:00:00"), "2026-03-14 00:00:00"}, // 03-09 … 13
		{"inquiry on a Sunday of Spring Festival", policy, domain.Inquiry, false,
			inShanghai(t, "2026-02-22 20:00:00"), "2026-02-27 00:00:00"},
		{"praise at the first instant of a Monday", policy, domain.Praise, false,
			inShanghai(t, "2026-03-09 00:00:00"), "2026-03-17 00:00:00"}, // 10, 11, 12, 13, 16
		{"complaint at the last second before May Day", policy, domain.Complaint, false,
			inShanghai(t, "2026-04-30 23:59:59"), "2026-05-12 00:00:00"}, // 05-06, 07, 08, Sat 09, 11
		{"the dispatch day is Shanghai's, not UTC's", policy, domain.Complaint, false,
			time.Date(2026, 9, 17, 16, 30, 0, 0, time.UTC), "2026-09-25 00:00:00"}, // Fri 09-18 00:30 in Shanghai
		{"an instant at Shanghai midnight given in UTC", policy, domain.Inquiry, false,
			time.Date(2026, 9, 29, 16, 0, 0, 0, time.UTC), "2026-10-11 00:00:00"}, // Wed 09-30 00:00 in Shanghai

		// Urgent tickets: calendar hours, holidays or not.
		{"urgent across midnight and the month end", policy, domain.Complaint, true,
			inShanghai(t, "2026-01-31 23:30:00"), "2026-02-01 23:30:00"},
		{"urgent across midnight and the year end", short, domain.Help, true,
			inShanghai(t, "2026-12-31 22:00:00"), "2027-01-01 02:00:00"},
		{"urgent on a holiday", policy, domain.Inquiry, true,
			inShanghai(t, "2026-10-01 10:00:00"), "2026-10-02 10:00:00"},
		{"urgent across the quarter end", short, domain.Complaint, true,
			inShanghai(t, "2026-03-31 21:15:00"), "2026-04-01 01:15:00"},

		// The office's additions override the shipped calendar.
		{"an added holiday pushes the deadline", withAdditions([]string{"2026-03-09"}, nil), domain.Complaint, false,
			inShanghai(t, "2026-03-08 20:00:00"), "2026-03-17 00:00:00"}, // 10, 11, 12, 13, 16
		{"an added workday pulls it in", withAdditions(nil, []string{"2026-03-14"}), domain.Inquiry, false,
			inShanghai(t, "2026-03-12 10:00:00"), "2026-03-17 00:00:00"}, // 13, Sat 14, 16
		{"without the added workday", policy, domain.Inquiry, false,
			inShanghai(t, "2026-03-12 10:00:00"), "2026-03-18 00:00:00"}, // 13, 16, 17
		{"a shipped holiday made a workday", withAdditions(nil, []string{"2026-10-07"}), domain.Complaint, false,
			inShanghai(t, "2026-09-30 17:59:00"), "2026-10-13 00:00:00"}, // 10-07, 08, 09, Sat 10, 12
		{"a shipped make-up day cancelled", withAdditions([]string{"2026-10-10"}, nil), domain.Complaint, false,
			inShanghai(t, "2026-09-30 17:59:00"), "2026-10-15 00:00:00"}, // 10-08, 09, 12, 13, 14
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.policy.Due(tc.category, tc.urgent, tc.dispatched)
			if err != nil {
				t.Fatal(err)
			}
			want := inShanghai(t, tc.want)
			if !got.Equal(want) {
				t.Errorf("Due(%s, urgent %v, %v) = %v, want %v", tc.category, tc.urgent, tc.dispatched.In(sh), got.In(sh), want)
			}
		})
	}
}

func TestDueUnknownCategory(t *testing.T) {
	policy := domain.DeadlinePolicy{
		UrgentHours: 24,
		WorkingDays: map[domain.Category]int{domain.Complaint: 5},
		Calendar:    shippedCalendar(t, nil, nil),
		Location:    testkit.Shanghai(),
	}
	_, err := policy.Due(domain.Inquiry, false, inShanghai(t, "2026-03-09 10:00:00"))
	if want := `no working-day limit for category "inquiry"`; err == nil || err.Error() != want {
		t.Errorf("Due error = %v, want %s", err, want)
	}
}
