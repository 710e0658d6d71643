// Package benchdata is the benchmark's data set, shared by the hotbench
// command and the Go benchmarks: 100 units, one quarter, an instant three
// weeks after it, the demo's realistic mix of tickets.
package benchdata

import (
	"fmt"
	"time"

	"hotlinebot/config"
	"hotlinebot/demo"
	"hotlinebot/domain"
)

// The benchmark's quarter and the instant it is evaluated at: three weeks
// after the quarter, past the National Day holiday, when about 1% of the
// tickets are still open (10,000 of 1,000,000).
const (
	Period = "2026Q3"
	At     = "2026-10-20 17:00"
)

// UnitCount is the benchmark's number of units: demo.Units()' 90 and ten
// generated departments, which the generator gives an ordinary
// department's share of tickets and way of handling them.
const UnitCount = 100

// Setup is a period and instant under hotlinebot's default configuration.
type Setup struct {
	Config config.Config // the defaults: Asia/Shanghai, the built-in deadline policy
	Period domain.Period
	At     time.Time
}

// NewSetup reads a period such as 2026Q3 and an instant such as
// "2026-10-20 17:00" in the default zone.
func NewSetup(period, at string) (Setup, error) {
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		return Setup{}, err
	}
	p, err := domain.ParsePeriod(period, cfg.Location)
	if err != nil {
		return Setup{}, fmt.Errorf("period: %w", err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", at, cfg.Location)
	if err != nil {
		return Setup{}, fmt.Errorf("instant: %w", err)
	}
	return Setup{Config: cfg, Period: p, At: t}, nil
}

// Units are demo.Units() followed by generated departments, n in all.
func Units(n int) []domain.Unit {
	units := demo.Units()
	for i := 1; len(units) < n; i++ {
		units = append(units, domain.Unit{Name: fmt.Sprintf("基准测试单位%02d", i), Kind: domain.Department})
	}
	return units[:min(n, len(units))]
}

// TextTime is how the ticket file, and so the bare table, writes a time.
func (s Setup) TextTime(t time.Time) string {
	return t.In(s.Config.Location).Format(demo.TimeLayout)
}
