package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"hotlinebot/domain"
)

// applyYAML applies the settings of a YAML file over c; a key not written
// keeps its value.
func (c *Config) applyYAML(path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file: all defaults
	}
	if err := c.schema()(doc.Content[0], ""); err != nil {
		return err
	}
	return checkCalendar(c.Holidays, c.Workdays)
}

// schema is the YAML file's layout, as config.Example shows it.
func (c *Config) schema() field {
	s := &c.Schedules
	d := &c.Deadlines
	w := &c.Scoring.Scheme.Weights
	g := &c.Scoring.Scheme.Thresholds
	return mapping(map[string]field{
		"schedules": mapping(map[string]field{
			"deadlines":  scalar(cronSpec(&s.Deadlines)),
			"scorecards": scalar(cronSpec(&s.Scorecards)),
			"digest":     scalar(cronSpec(&s.Digest)),
			"close":      scalar(cronSpec(&s.Close)),
		}),
		"quiet_hours": mapping(map[string]field{
			"start": scalar(clock(&c.QuietHours.Start)),
			"end":   scalar(clock(&c.QuietHours.End)),
		}),
		"deadlines": mapping(map[string]field{
			"urgent_hours":   integer(&d.UrgentHours, 1, 24*366),
			"working_days":   mapping(workingDays(d.WorkingDays)),
			"warn_before":    mapping(map[string]field{"normal": sequence(stages(&d.WarnBefore.Normal)), "urgent": sequence(stages(&d.WarnBefore.Urgent))}),
			"escalate_after": mapping(map[string]field{"normal": scalar(positiveDuration(&d.EscalateAfter.Normal)), "urgent": scalar(positiveDuration(&d.EscalateAfter.Urgent))}),
		}),
		"scoring": mapping(map[string]field{
			"weights":          checked(mapping(map[string]field{"completion": number(&w.Completion, 0), "ontime": number(&w.OnTime, 0), "rework": number(&w.Rework, 0), "satisfaction": number(&w.Satisfaction, 0)}), checkWeights(w)),
			"grades":           checked(mapping(map[string]field{"A": number(&g.A, 0), "B": number(&g.B, 0), "C": number(&g.C, 0), "D": number(&g.D, 0)}), checkGrades(g)),
			"near_threshold":   number(&c.Scoring.Scheme.NearThreshold, 0),
			"period":           scalar(periodKind(&c.Scoring.Period)),
			"rank_min_tickets": integer(&c.Scoring.RankMinTickets, 0, 1_000_000),
		}),
		"charts": mapping(map[string]field{
			"font": scalar(c.chartsFont),
		}),
		"requests": mapping(map[string]field{
			"max_extension_days": integer(&c.Requests.MaxDays, 1, 365),
			"max_extensions":     integer(&c.Requests.MaxExtensions, 1, 100),
		}),
		"calendar": mapping(map[string]field{
			"holidays": sequence(dates(&c.Holidays)),
			"workdays": sequence(dates(&c.Workdays)),
		}),
	})
}

// chartsFont takes charts.font unless HOTLINE_FONT, which wins, is set.
func (c *Config) chartsFont(v string) error {
	if c.Charts.FontFrom != "HOTLINE_FONT" && strings.TrimSpace(v) != "" {
		c.Charts = Charts{Font: strings.TrimSpace(v), FontFrom: "charts.font"}
	}
	return nil
}

// checked runs a check of the whole value once its keys are decoded.
func checked(f field, check func() error) field {
	return func(n *yaml.Node, path string) error {
		if err := f(n, path); err != nil {
			return err
		}
		if err := check(); err != nil {
			return keyError(path, "%v", err)
		}
		return nil
	}
}

// checkWeights refuses a scheme in which nothing counts.
func checkWeights(w *domain.Weights) func() error {
	return func() error {
		if w.Completion+w.OnTime+w.Rework+w.Satisfaction <= 0 {
			return errors.New("all weights are 0: at least one rate must count")
		}
		return nil
	}
}

// checkGrades requires thresholds that descend, A > B > C > D.
func checkGrades(g *domain.Thresholds) func() error {
	return func() error {
		if g.A > g.B && g.B > g.C && g.C > g.D {
			return nil
		}
		return fmt.Errorf("thresholds must descend A > B > C > D, got A %g, B %g, C %g, D %g", g.A, g.B, g.C, g.D)
	}
}

func cronSpec(dst *string) func(string) error {
	return func(v string) error {
		if err := parseCron(v); err != nil {
			reason := strings.ReplaceAll(err.Error(), "\n", `\n`) // the parser echoes the spec
			return fmt.Errorf("invalid cron expression %q: %s", v, reason)
		}
		*dst = v
		return nil
	}
}

// parseCron accepts what the job scheduler runs: five fields or a
// descriptor, in HOTLINE_TIMEZONE (a TZ= prefix would silently move the job).
func parseCron(v string) (err error) {
	if strings.HasPrefix(v, "TZ=") || strings.HasPrefix(v, "CRON_TZ=") {
		return errors.New("schedules run in HOTLINE_TIMEZONE; remove the TZ= prefix")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	_, err = cron.ParseStandard(v)
	return err
}

func clock(dst *time.Duration) func(string) error {
	return func(v string) error {
		d, err := parseClock(v)
		if err == nil {
			*dst = d
		}
		return err
	}
}

func positiveDuration(dst *time.Duration) func(string) error {
	return func(v string) error {
		d, err := parseDuration(v)
		if err == nil {
			*dst = d
		}
		return err
	}
}

func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("invalid duration %q (want a positive duration such as 24h, 4h or 30m)", v)
	}
	return d, nil
}

// stages reads the warning stages, largest first, each given once.
func stages(dst *[]time.Duration) func([]string) (int, error) {
	return func(vals []string) (int, error) {
		out := make([]time.Duration, 0, len(vals))
		seen := make(map[time.Duration]bool)
		for i, v := range vals {
			d, err := parseDuration(v)
			if err != nil {
				return i, err
			}
			if seen[d] {
				return i, fmt.Errorf("%q is listed twice", v)
			}
			seen[d] = true
			out = append(out, d)
		}
		sort.Slice(out, func(i, j int) bool { return out[i] > out[j] })
		*dst = out
		return 0, nil
	}
}

// workingDays reads a limit per category; categories not written keep
// theirs. A working-day count is capped so a typo cannot hang the deadline
// computation.
func workingDays(days map[domain.Category]int) map[string]field {
	fields := make(map[string]field, len(domain.Categories))
	for _, cat := range domain.Categories {
		fields[string(cat)] = func(n *yaml.Node, path string) error {
			v := days[cat]
			if err := integer(&v, 1, 365)(n, path); err != nil {
				return err
			}
			days[cat] = v
			return nil
		}
	}
	return fields
}

func periodKind(dst *domain.PeriodKind) func(string) error {
	return func(v string) error {
		k, err := domain.ParsePeriodKind(v)
		if err == nil {
			*dst = k
		}
		return err
	}
}

// dates reads calendar days written YYYY-MM-DD.
func dates(dst *[]string) func([]string) (int, error) {
	return func(vals []string) (int, error) {
		for i, v := range vals {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return i, fmt.Errorf("invalid date %q (want YYYY-MM-DD)", v)
			}
		}
		*dst = append([]string(nil), vals...)
		return 0, nil
	}
}

// checkCalendar refuses a day listed both as a holiday and as a workday.
func checkCalendar(holidays, workdays []string) error {
	off := make(map[string]bool, len(holidays))
	for _, d := range holidays {
		off[d] = true
	}
	for i, d := range workdays {
		if off[d] {
			return fmt.Errorf("calendar.workdays[%d]: %s is also listed in calendar.holidays", i, d)
		}
	}
	return nil
}
