package domain_test

import (
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestPeriodAt(t *testing.T) {
	sh := testkit.Shanghai()
	cases := []struct {
		name       string
		kind       domain.PeriodKind
		at         time.Time
		loc        *time.Location
		want       string
		start, end time.Time
	}{
		{"last second of Q1 in Shanghai", domain.Quarter, inShanghai(t, "2026-03-31 23:59:59"), sh,
			"2026Q1", inShanghai(t, "2026-01-01 00:00:00"), inShanghai(t, "2026-04-01 00:00:00")},
		{"first instant of Q2 in Shanghai", domain.Quarter, inShanghai(t, "2026-04-01 00:00:00"), sh,
			"2026Q2", inShanghai(t, "2026-04-01 00:00:00"), inShanghai(t, "2026-07-01 00:00:00")},
		{"UTC 16:00 on 03-31 is already Q2 in Shanghai", domain.Quarter, time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), sh,
			"2026Q2", inShanghai(t, "2026-04-01 00:00:00"), inShanghai(t, "2026-07-01 00:00:00")},
		{"the same instant is still Q1 in UTC", domain.Quarter, time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), time.UTC,
			"2026Q1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
		{"UTC 15:59:59 on 03-31 is Q1 in Shanghai", domain.Quarter, time.Date(2026, 3, 31, 15, 59, 59, 0, time.UTC), sh,
			"2026Q1", inShanghai(t, "2026-01-01 00:00:00"), inShanghai(t, "2026-04-01 00:00:00")},
		{"Q4 to the year end", domain.Quarter, inShanghai(t, "2026-12-31 23:59:59"), sh,
			"2026Q4", inShanghai(t, "2026-10-01 00:00:00"), inShanghai(t, "2027-01-01 00:00:00")},
		{"bulletin quarter", domain.Quarter, inShanghai(t, "2017-05-15 12:00:00"), sh,
			"2017Q2", inShanghai(t, "2017-04-01 00:00:00"), inShanghai(t, "2017-07-01 00:00:00")},
		{"last second of March", domain.Month, inShanghai(t, "2026-03-31 23:59:59"), sh,
			"2026-03", inShanghai(t, "2026-03-01 00:00:00"), inShanghai(t, "2026-04-01 00:00:00")},
		{"first instant of April", domain.Month, inShanghai(t, "2026-04-01 00:00:00"), sh,
			"2026-04", inShanghai(t, "2026-04-01 00:00:00"), inShanghai(t, "2026-05-01 00:00:00")},
		{"UTC 16:00 on 01-31 is February in Shanghai", domain.Month, time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC), sh,
			"2026-02", inShanghai(t, "2026-02-01 00:00:00"), inShanghai(t, "2026-03-01 00:00:00")},
		{"the same instant is January in UTC", domain.Month, time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC), time.UTC,
			"2026-01", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := domain.PeriodAt(tc.kind, tc.at, tc.loc)
			if p.String() != tc.want || !p.Start.Equal(tc.start) || !p.End.Equal(tc.end) {
				t.Errorf("PeriodAt = %s [%v, %v), want %s [%v, %v)", p, p.Start, p.End, tc.want, tc.start, tc.end)
			}
			if !p.Contains(tc.at) {
				t.Errorf("%s does not contain %v", p, tc.at)
			}
			if !p.Contains(p.Start) || p.Contains(p.End) || p.Contains(p.Start.Add(-time.Nanosecond)) {
				t.Errorf("%s: want Start in, End and just before Start out", p)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	sh := testkit.Shanghai()
	good := []struct {
		in    string
		kind  domain.PeriodKind
		year  int
		index int
		key   string
		start string
		end   string
	}{
		{"2017Q2", domain.Quarter, 2017, 2, "2017Q2", "2017-04-01 00:00:00", "2017-07-01 00:00:00"},
		{"2026q4", domain.Quarter, 2026, 4, "2026Q4", "2026-10-01 00:00:00", "2027-01-01 00:00:00"},
		{"2026Q1", domain.Quarter, 2026, 1, "2026Q1", "2026-01-01 00:00:00", "2026-04-01 00:00:00"},
		{"2017-05", domain.Month, 2017, 5, "2017-05", "2017-05-01 00:00:00", "2017-06-01 00:00:00"},
		{"2017-5", domain.Month, 2017, 5, "2017-05", "2017-05-01 00:00:00", "2017-06-01 00:00:00"},
		{"2016-12", domain.Month, 2016, 12, "2016-12", "2016-12-01 00:00:00", "2017-01-01 00:00:00"},
		{"2024-02", domain.Month, 2024, 2, "2024-02", "2024-02-01 00:00:00", "2024-03-01 00:00:00"},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			p, err := domain.ParsePeriod(tc.in, sh)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind || p.Year != tc.year || p.Index != tc.index || p.String() != tc.key {
				t.Errorf("ParsePeriod(%q) = %+v, want %s %d %d %s", tc.in, p, tc.kind, tc.year, tc.index, tc.key)
			}
			if !p.Start.Equal(inShanghai(t, tc.start)) || !p.End.Equal(inShanghai(t, tc.end)) {
				t.Errorf("ParsePeriod(%q) = [%v, %v), want [%s, %s) in Shanghai", tc.in, p.Start, p.End, tc.start, tc.end)
			}
		})
	}
	for _, in := range []string{"", "2017Q5", "2017Q0", "2017-13", "2017-00", "2017-123", "17Q2", "2017 Q2", " 2017Q2", "2017-05-01", "Q2 2017", "2017/05", "二〇一七Q2"} {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := domain.ParsePeriod(in, sh)
			want := `invalid period "` + in + `" (want a quarter such as 2017Q2 or a month such as 2017-05)`
			if err == nil || err.Error() != want {
				t.Errorf("ParsePeriod(%q) error = %v, want %s", in, err, want)
			}
		})
	}
}

func TestParsePeriodKind(t *testing.T) {
	cases := []struct {
		in   string
		want domain.PeriodKind
		err  string
	}{
		{"quarter", domain.Quarter, ""},
		{"month", domain.Month, ""},
		{"week", "", `unknown period kind "week" (want quarter or month)`},
		{"Quarter", "", `unknown period kind "Quarter" (want quarter or month)`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := domain.ParsePeriodKind(tc.in)
			if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Errorf("ParsePeriodKind(%q) = %q, %v; want %q, %s", tc.in, got, err, tc.want, tc.err)
			}
		})
	}
}

func TestPrevNext(t *testing.T) {
	cases := []struct {
		period, prev, next string
	}{
		{"2017Q1", "2016Q4", "2017Q2"},
		{"2016Q4", "2016Q3", "2017Q1"},
		{"2017Q2", "2017Q1", "2017Q3"},
		{"2017-01", "2016-12", "2017-02"},
		{"2016-12", "2016-11", "2017-01"},
		{"2026-03", "2026-02", "2026-04"},
	}
	for _, tc := range cases {
		t.Run(tc.period, func(t *testing.T) {
			p, err := domain.ParsePeriod(tc.period, testkit.Shanghai())
			if err != nil {
				t.Fatal(err)
			}
			prev, next := p.Prev(), p.Next()
			if prev.String() != tc.prev || next.String() != tc.next {
				t.Errorf("%s: Prev %s, Next %s; want %s, %s", p, prev, next, tc.prev, tc.next)
			}
			if !prev.End.Equal(p.Start) || !next.Start.Equal(p.End) || prev.Kind != p.Kind || next.Kind != p.Kind {
				t.Errorf("%s: Prev [%v, %v) and Next [%v, %v) do not adjoin it", p, prev.Start, prev.End, next.Start, next.End)
			}
			if prev.Start.Location() != p.Start.Location() {
				t.Errorf("%s: Prev left the zone %v", p, p.Start.Location())
			}
		})
	}
}

func TestPeriodLabel(t *testing.T) {
	cases := []struct {
		period, lang, want string
	}{
		{"2017Q2", "zh", "2017年第二季度"},
		{"2026Q4", "zh", "2026年第四季度"},
		{"2026Q1", "", "2026年第一季度"},
		{"2017-05", "zh", "2017年5月"},
		{"2026-12", "zh", "2026年12月"},
		{"2017Q2", "en", "2017 Q2"},
		{"2017-05", "en", "May 2017"},
	}
	for _, tc := range cases {
		t.Run(tc.period+" "+tc.lang, func(t *testing.T) {
			p, err := domain.ParsePeriod(tc.period, testkit.Shanghai())
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Label(tc.lang); got != tc.want {
				t.Errorf("Label(%q) = %q, want %q", tc.lang, got, tc.want)
			}
		})
	}
}
