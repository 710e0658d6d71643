package importer

import (
	"encoding/json"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestParseTime(t *testing.T) {
	loc := testkit.Shanghai()
	want := at(t, 2017, 4, 3, 9, 15, 0)
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"dashes minutes", "2017-04-03 09:15", want},
		{"dashes seconds", "2017-04-03 09:15:00", want},
		{"dashes seconds nonzero", "2017-04-03 09:15:42", want.Add(42 * time.Second)},
		{"slashes single digits", "2017/4/3 9:15", want},
		{"slashes single digits seconds", "2017/4/3 9:15:07", want.Add(7 * time.Second)},
		{"slashes padded", "2017/04/03 09:15", want},
		{"dashes single digits", "2017-4-3 9:15", want},
		{"surrounding space", "  2017-04-03 09:15 ", want},
		{"two spaces", "2017-04-03  09:15", want},
		{"rfc3339 offset", "2017-04-03T09:15:00+08:00", want},
		{"rfc3339 utc", "2017-04-03T01:15:00Z", want},
		{"rfc3339 negative offset", "2017-04-02T20:15:00-05:00", want},
		{"rfc3339 fraction dropped", "2017-04-03T09:15:00.999+08:00", want},
		{"rfc3339 lower t and z", "2017-04-03t01:15:00z", want},
		{"T without offset is local", "2017-04-03T09:15:00", want},
		{"space with offset", "2017-04-03 09:15:00+08:00", want},
		{"24:00 is the end of the day", "2017-04-02 24:00", at(t, 2017, 4, 3, 0, 0, 0)},
		{"leap day", "2016-02-29 12:00", at(t, 2016, 2, 29, 12, 0, 0)},
		{"new year's eve", "2017/12/31 23:59:59", at(t, 2017, 12, 31, 23, 59, 59)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in, loc)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) || got.Location() != loc {
				t.Errorf("ParseTime(%q) = %v, want %v in %v", tt.in, got, tt.want, loc)
			}
		})
	}
}

func TestParseTimeErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", `cannot read "" as a time (not a date and time)`},
		{"yesterday", `cannot read "yesterday" as a time (not a date and time)`},
		{"2017-04-03", `cannot read "2017-04-03" as a time (a date without a time of day)`},
		{"2017-13-01 09:15", `cannot read "2017-13-01 09:15" as a time (there is no month 13)`},
		{"2017-00-01 09:15", `cannot read "2017-00-01 09:15" as a time (there is no month 0)`},
		{"2017-02-29 09:15", `cannot read "2017-02-29 09:15" as a time (February 2017 has no day 29)`},
		{"2017-04-31 09:15", `cannot read "2017-04-31 09:15" as a time (April 2017 has no day 31)`},
		{"2017-04-03 25:00", `cannot read "2017-04-03 25:00" as a time (there is no hour 25)`},
		{"2017-04-03 24:01", `cannot read "2017-04-03 24:01" as a time (there is no hour 24)`},
		{"2017-04-03 09:60", `cannot read "2017-04-03 09:60" as a time (there is no minute 60)`},
		{"2017-04-03 09:15:61", `cannot read "2017-04-03 09:15:61" as a time (there is no second 61)`},
		{"2017-04/03 09:15", `cannot read "2017-04/03 09:15" as a time (not a date and time)`},
		{"17-04-03 09:15", `cannot read "17-04-03 09:15" as a time (not a date and time)`},
		{"2017-04-03 9:5", `cannot read "2017-04-03 9:5" as a time (not a date and time)`},
		{"2017-04-03 09:15 pm", `cannot read "2017-04-03 09:15 pm" as a time (not a date and time)`},
		{"2017-04-03T09:15:00+8", `cannot read "2017-04-03T09:15:00+8" as a time (bad UTC offset; expected +08:00)`},
		{"2017-04-03T09:15:00+24:00", `cannot read "2017-04-03T09:15:00+24:00" as a time (bad UTC offset; expected +08:00)`},
		{"2017-04-03T09:15:00.+08:00", `cannot read "2017-04-03T09:15:00.+08:00" as a time (not a date and time)`},
		{"42828.385", `cannot read "42828.385" as a time (not a date and time)`},
		{"0000-01-01T00:00:00+14:00", `"0000-01-01T00:00:00+14:00" is outside the accepted range 2000-01-01 to 2099-12-31`},
		{"9999-12-31 23:59", `"9999-12-31 23:59" is outside the accepted range 2000-01-01 to 2099-12-31`},
		{"2099-12-31T20:00:00-10:00", `"2099-12-31T20:00:00-10:00" is outside the accepted range 2000-01-01 to 2099-12-31`},
		{"1999-12-31 23:59:59", `"1999-12-31 23:59:59" is outside the accepted range 2000-01-01 to 2099-12-31`},
		{"2099-12-31 24:00", `"2099-12-31 24:00" is outside the accepted range 2000-01-01 to 2099-12-31`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseTime(tt.in, testkit.Shanghai())
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseTime(%q) error = %v, want %s", tt.in, err, tt.want)
			}
		})
	}
}

// FuzzParseTime checks the hand parser never panics, agrees with the
// standard library on the layouts both read, and never accepts a time the
// rest of the service cannot carry (outside the range, or one JSON cannot
// encode). Its seed corpus is testdata/fuzz/FuzzParseTime; .ci/run fuzzes
// it for a few seconds.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2017-04-03 09:15", "2017/4/3 9:15:00", "2017-04-03T09:15:00+08:00", "2017-04-02 24:00", "9999-12-31 23:59"} {
		f.Add(s)
	}
	loc := testkit.Shanghai()
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, loc)
		if err == nil {
			if rerr := domain.CheckTime(got); rerr != nil {
				t.Errorf("ParseTime(%q) accepted %v: %v", s, got, rerr)
			}
			if _, merr := json.Marshal(got); merr != nil {
				t.Errorf("ParseTime(%q) accepted %v, which JSON cannot encode: %v", s, got, merr)
			}
			if got.Location() != loc {
				t.Errorf("ParseTime(%q) in %v, want %v", s, got.Location(), loc)
			}
		}
		if std, serr := time.ParseInLocation("2006-01-02 15:04:05", s, loc); serr == nil {
			if domain.CheckTime(std) == nil && (err != nil || !got.Equal(std.Truncate(time.Second))) {
				t.Errorf("ParseTime(%q) = %v, %v; time.Parse says %v", s, got, err, std)
			}
		}
	})
}

func BenchmarkParseTime(b *testing.B) {
	loc := testkit.Shanghai()
	for _, in := range []string{"2017-04-03 09:15:00", "2017/4/3 9:15", "2017-04-03T09:15:00+08:00"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseTime(in, loc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("time.ParseInLocation", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := time.ParseInLocation("2006-01-02 15:04:05", "2017-04-03 09:15:00", loc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
