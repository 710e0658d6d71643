package config

import (
	"testing"
	"time"

	"hotlinebot/internal/testkit"
)

func TestQuietHours(t *testing.T) {
	sh := testkit.Shanghai()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, sh)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	overnight := QuietHours{Start: 22 * time.Hour, End: 7*time.Hour + 30*time.Minute, Location: sh}
	daytime := QuietHours{Start: 12 * time.Hour, End: 14 * time.Hour, Location: sh}
	none := QuietHours{Start: 8 * time.Hour, End: 8 * time.Hour, Location: sh}
	cases := []struct {
		name  string
		q     QuietHours
		t     time.Time
		quiet bool
		until time.Time
	}{
		{"evening before start", overnight, at("2026-03-31 21:59:59"), false, at("2026-03-31 21:59:59")},
		{"at start", overnight, at("2026-03-31 22:00:00"), true, at("2026-04-01 07:30:00")},
		{"before midnight at month end", overnight, at("2026-03-31 23:59:59"), true, at("2026-04-01 07:30:00")},
		{"at midnight", overnight, at("2026-04-01 00:00:00"), true, at("2026-04-01 07:30:00")},
		{"early morning", overnight, at("2026-04-01 07:29:59"), true, at("2026-04-01 07:30:00")},
		{"at end", overnight, at("2026-04-01 07:30:00"), false, at("2026-04-01 07:30:00")},
		{"over the year end", overnight, at("2026-12-31 23:00:00"), true, at("2027-01-01 07:30:00")},
		{"instant given in UTC", overnight, time.Date(2026, 4, 1, 14, 30, 0, 0, time.UTC), true, at("2026-04-02 07:30:00")},
		{"UTC morning is Shanghai afternoon", overnight, time.Date(2026, 4, 1, 7, 0, 0, 0, time.UTC), false, time.Date(2026, 4, 1, 7, 0, 0, 0, time.UTC)},
		{"daytime span inside", daytime, at("2026-04-01 13:00:00"), true, at("2026-04-01 14:00:00")},
		{"daytime span after", daytime, at("2026-04-01 14:00:00"), false, at("2026-04-01 14:00:00")},
		{"daytime span before", daytime, at("2026-04-01 11:59:59"), false, at("2026-04-01 11:59:59")},
		{"equal start and end", none, at("2026-04-01 08:00:00"), false, at("2026-04-01 08:00:00")},
		{"equal start and end at night", none, at("2026-04-01 03:00:00"), false, at("2026-04-01 03:00:00")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.Quiet(tc.t); got != tc.quiet {
				t.Errorf("Quiet(%v) = %v, want %v", tc.t, got, tc.quiet)
			}
			if got := tc.q.Until(tc.t); !got.Equal(tc.until) {
				t.Errorf("Until(%v) = %v, want %v", tc.t, got, tc.until)
			}
		})
	}
}

func TestQuietHoursString(t *testing.T) {
	cases := []struct {
		q    QuietHours
		want string
	}{
		{QuietHours{Start: 22 * time.Hour, End: 7*time.Hour + 30*time.Minute}, "22:00–07:30"},
		{QuietHours{Start: 9 * time.Hour, End: 9 * time.Hour}, "none"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.q.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

// Without a location, an instant's own zone decides.
func TestQuietHoursWithoutLocation(t *testing.T) {
	q := QuietHours{Start: 22 * time.Hour, End: 7 * time.Hour}
	utc := time.Date(2026, 4, 1, 23, 0, 0, 0, time.UTC)
	if !q.Quiet(utc) {
		t.Errorf("Quiet(%v) = false, want true", utc)
	}
	if got, want := q.Until(utc), time.Date(2026, 4, 2, 7, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Until(%v) = %v, want %v", utc, got, want)
	}
}
