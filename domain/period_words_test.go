package domain_test

import (
	"errors"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

func TestParsePeriodAt(t *testing.T) {
	sh := testkit.Shanghai()
	nov27 := inShanghai(t, "2026-11-27 08:30:00")
	cases := []struct {
		name string
		in   string
		kind domain.PeriodKind
		now  time.Time
		want string
	}{
		{"quarter key", "2026Q4", domain.Quarter, nov27, "2026Q4"},
		{"quarter key lower case", "2026q3", domain.Quarter, nov27, "2026Q3"},
		{"month key", "2026-11", domain.Quarter, nov27, "2026-11"},
		{"month key one digit", "2026-9", domain.Quarter, nov27, "2026-09"},
		{"第四季度", "2026年第四季度", domain.Quarter, nov27, "2026Q4"},
		{"四季度", "2026年四季度", domain.Quarter, nov27, "2026Q4"},
		{"第4季度", "2026年第4季度", domain.Quarter, nov27, "2026Q4"},
		{"一季度", "2027年一季度", domain.Quarter, nov27, "2027Q1"},
		{"年月", "2026年11月", domain.Quarter, nov27, "2026-11"},
		{"年月 one digit", "2026年9月", domain.Quarter, nov27, "2026-09"},
		{"年月份", "2026年10月份", domain.Quarter, nov27, "2026-10"},
		{"full-width digits", "２０２６Ｑ４", domain.Quarter, nov27, "2026Q4"},
		{"full-width month", "２０２６年１１月", domain.Quarter, nov27, "2026-11"},
		{"surrounding spaces", "  2026Q4\u3000", domain.Quarter, nov27, "2026Q4"},
		{"本季度", "本季度", domain.Quarter, nov27, "2026Q4"},
		{"上季度", "上季度", domain.Quarter, nov27, "2026Q3"},
		{"本月", "本月", domain.Quarter, nov27, "2026-11"},
		{"上月", "上月", domain.Quarter, nov27, "2026-10"},
		{"本期 of a quarterly office", "本期", domain.Quarter, nov27, "2026Q4"},
		{"本期 of a monthly office", "本期", domain.Month, nov27, "2026-11"},
		{"上期 of a monthly office", "上期", domain.Month, nov27, "2026-10"},
		{"上季度 in January is last year's Q4", "上季度", domain.Quarter, inShanghai(t, "2027-01-01 00:00:00"), "2026Q4"},
		{"上月 in January is last December", "上月", domain.Quarter, inShanghai(t, "2027-01-15 12:00:00"), "2026-12"},
		{"本季度 at Shanghai's first instant of Q1 (UTC still December)", "本季度", domain.Quarter,
			time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2027Q1"},
		{"本月 on the last second of a month", "本月", domain.Quarter, inShanghai(t, "2026-11-30 23:59:59"), "2026-11"},
		{"本月 on the first day of a month", "本月", domain.Quarter, inShanghai(t, "2026-12-01 00:00:00"), "2026-12"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := domain.ParsePeriodAt(tc.in, tc.kind, tc.now, sh)
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tc.want {
				t.Errorf("ParsePeriodAt(%q) = %s, want %s", tc.in, p, tc.want)
			}
			if p.Start.Location() != sh {
				t.Errorf("ParsePeriodAt(%q) left the zone: %v", tc.in, p.Start.Location())
			}
		})
	}
	for _, in := range []string{"", "xyz", "2026Q5", "2026-13", "2026年第五季度", "2026年13月", "2026年", "26Q4", "下季度", "2026 Q4", "本季度2026", "2026年第四季度末"} {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := domain.ParsePeriodAt(in, domain.Quarter, nov27, sh)
			if !errors.Is(err, domain.ErrBadPeriod) {
				t.Errorf("ParsePeriodAt(%q) error = %v, want ErrBadPeriod", in, err)
			}
		})
	}
}

func TestPeriodPhaseAt(t *testing.T) {
	sh := testkit.Shanghai()
	q4 := domain.NewPeriod(domain.Quarter, 2026, 4, sh)
	cases := []struct {
		name string
		now  string
		want domain.PeriodPhase
	}{
		{"the day before it starts", "2026-09-30 23:59:59", domain.PeriodFuture},
		{"its first instant", "2026-10-01 00:00:00", domain.PeriodCurrent},
		{"its last second", "2026-12-31 23:59:59", domain.PeriodCurrent},
		{"the instant it ends", "2027-01-01 00:00:00", domain.PeriodPast},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := q4.PhaseAt(inShanghai(t, tc.now)); got != tc.want {
				t.Errorf("PhaseAt(%s) = %d, want %d", tc.now, got, tc.want)
			}
		})
	}
}
