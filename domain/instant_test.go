package domain

import (
	"testing"
	"time"

	"hotlinebot/internal/testkit"
)

func TestParseInstant(t *testing.T) {
	sh := testkit.Shanghai()
	want := time.Date(2017, 6, 30, 18, 0, 0, 0, sh)
	for _, s := range []string{"2017-06-30 18:00", "2017-06-30 18:00:00", "2017-06-30T18:00", "2017-06-30T10:00:00Z", "2017-06-30T18:00:00+08:00"} {
		t.Run(s, func(t *testing.T) {
			got, err := ParseInstant(s, sh)
			if err != nil || !got.Equal(want) {
				t.Errorf("ParseInstant(%q) = %v, %v; want %v", s, got, err, want)
			}
		})
	}
	if got, err := ParseInstant("2017-07-01", sh); err != nil || !got.Equal(time.Date(2017, 7, 1, 0, 0, 0, 0, sh)) {
		t.Errorf("a date alone is its midnight: %v, %v", got, err)
	}
	for _, bad := range []string{"", "yesterday", "2017-13-01 00:00", "30/06/2017"} {
		if _, err := ParseInstant(bad, sh); err == nil {
			t.Errorf("ParseInstant(%q) accepted", bad)
		}
	}
}
