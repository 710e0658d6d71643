package domain_test

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// inShanghai reads "2026-09-25 10:00:00" as a wall-clock time in Shanghai.
func inShanghai(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, testkit.Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// shippedCalendar is the official calendar as the project ships it, with
// the office's additions.
func shippedCalendar(t *testing.T, holidays, workdays []string) *domain.Calendar {
	t.Helper()
	cal, err := domain.NewCalendar(2017, 2027, holidays, workdays)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}
