package domain_test

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestTrendPoints(t *testing.T) {
	loc := testkit.Shanghai()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	q4 := domain.NewPeriod(domain.Quarter, 2026, 4, loc) // starts Thursday 1 October
	q2 := domain.NewPeriod(domain.Quarter, 2024, 2, loc) // starts Monday 1 April
	tests := []struct {
		name  string
		p     domain.Period
		now   time.Time
		first string
		last  string
		n     int
	}{
		{"before the first Monday", q4, at("2026-10-04 23:59"), "", "", 0},
		{"at the first Monday's midnight", q4, at("2026-10-05 00:00"), "2026-10-05 00:00", "2026-10-05 00:00", 1},
		{"mid-period", q4, at("2026-11-30 10:00"), "2026-10-05 00:00", "2026-11-30 00:00", 9},
		{"closed period ends with its end", q4, at("2027-01-10 09:00"), "2026-10-05 00:00", "2027-01-01 00:00", 14},
		{"a period starting on a Monday skips its start", q2, at("2024-07-02 00:00"), "2024-04-08 00:00", "2024-07-01 00:00", 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.p.TrendPoints(tc.now)
			if len(got) != tc.n {
				t.Fatalf("got %d points %v, want %d", len(got), got, tc.n)
			}
			if tc.n == 0 {
				return
			}
			if f := got[0].Format("2006-01-02 15:04"); f != tc.first {
				t.Errorf("first = %s, want %s", f, tc.first)
			}
			if l := got[len(got)-1].Format("2006-01-02 15:04"); l != tc.last {
				t.Errorf("last = %s, want %s", l, tc.last)
			}
		})
	}
}

func TestFirstWorkdayOfWeek(t *testing.T) {
	loc := testkit.Shanghai()
	cal, err := domain.NewCalendar(2026, 2026, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		at   string
		want bool
	}{
		{"an ordinary Monday", "2026-11-30 08:30", true},
		{"an ordinary Tuesday", "2026-12-01 08:30", false},
		{"National Day took Monday to Wednesday: Thursday is first", "2026-10-08 08:30", true},
		{"and the Friday after it is not", "2026-10-09 08:30", false},
		{"nor the make-up Saturday", "2026-10-10 08:30", false},
		{"a Sunday off", "2026-11-29 08:30", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.FirstWorkdayOfWeek(cal, day(tc.at)); got != tc.want {
				t.Errorf("FirstWorkdayOfWeek(%s) = %v, want %v", tc.at, got, tc.want)
			}
		})
	}
}
