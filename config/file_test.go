package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
)

func TestExampleIsTheDefaults(t *testing.T) {
	c, err := load(t, nil, Example)
	if err != nil {
		t.Fatal(err)
	}
	want := Defaults()
	want.ConfigPath = c.ConfigPath
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(Example) differs from Defaults():\n%+v\n%+v", c, want)
	}
}

// Every key of the schema is written in Example, so the printed file shows
// the operator all there is.
func TestExampleNamesEveryKey(t *testing.T) {
	for _, key := range []string{
		"schedules:", "deadlines:", "scorecards:", "digest:", "close:", "quiet_hours:", "start:", "end:",
		"urgent_hours:", "working_days:", "complaint:", "help:", "inquiry:", "suggestion:", "praise:",
		"warn_before:", "normal:", "urgent:", "escalate_after:", "scoring:", "weights:", "completion:",
		"ontime:", "rework:", "satisfaction:", "grades:", "A:", "B:", "C:", "D:", "near_threshold:",
		"period:", "calendar:", "holidays:", "workdays:",
	} {
		if !strings.Contains(Example, key) {
			t.Errorf("Example lacks %s", key)
		}
	}
}

const fullYAML = `
schedules:
  deadlines: "@every 2s"
  scorecards: "@hourly"
  digest: "0 8 * * 1-6"
  close: "0 9 1 * *"
quiet_hours: {start: "21:30", end: "8:00"}
deadlines:
  urgent_hours: 12
  working_days: {complaint: 7, help: 4, inquiry: 2, suggestion: 15, praise: 1}
  warn_before: {normal: ["4h", "48h", "90m"], urgent: []}
  escalate_after: {normal: "72h", urgent: "1h30m"}
scoring:
  weights: {completion: 25, ontime: 35, rework: 10, satisfaction: 30}
  grades: {A: 96, B: 91.5, C: 85, D: 70}
  near_threshold: 1
  period: month
requests: {max_extension_days: 15, max_extensions: 2}
calendar:
  holidays: ["2026-03-09", "2028-01-03"]
  workdays: ["2026-03-14"]
`

func TestFullFile(t *testing.T) {
	c, err := load(t, nil, fullYAML)
	if err != nil {
		t.Fatal(err)
	}
	loc := c.Location
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, loc)
		return d
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Schedules", c.Schedules, Schedules{"@every 2s", "@hourly", "0 8 * * 1-6", "0 9 1 * *"}},
		{"QuietHours", c.QuietHours, QuietHours{Start: 21*time.Hour + 30*time.Minute, End: 8 * time.Hour, Location: loc}},
		{"UrgentHours", c.Deadlines.UrgentHours, 12},
		{"WorkingDays", c.Deadlines.WorkingDays, map[domain.Category]int{"complaint": 7, "help": 4, "inquiry": 2, "suggestion": 15, "praise": 1}},
		{"WarnBefore.Normal largest first", c.Deadlines.WarnBefore.Normal, []time.Duration{48 * time.Hour, 4 * time.Hour, 90 * time.Minute}},
		{"WarnBefore.Urgent none", len(c.Deadlines.WarnBefore.Urgent), 0},
		{"EscalateAfter", c.Deadlines.EscalateAfter, EscalateAfter{Normal: 72 * time.Hour, Urgent: 90 * time.Minute}},
		{"Weights", c.Scoring.Scheme.Weights, domain.Weights{Completion: 25, OnTime: 35, Rework: 10, Satisfaction: 30}},
		{"Thresholds", c.Scoring.Scheme.Thresholds, domain.Thresholds{A: 96, B: 91.5, C: 85, D: 70}},
		{"NearThreshold", c.Scoring.Scheme.NearThreshold, 1.0},
		{"Period", c.Scoring.Period, domain.Month},
		{"Requests", c.Requests, Requests{MaxDays: 15, MaxExtensions: 2}},
		{"RequestRules use the calendar", c.RequestRules().Calendar.IsWorkday(day("2026-03-09")), false},
		{"Holidays", c.Holidays, []string{"2026-03-09", "2028-01-03"}},
		{"Workdays", c.Workdays, []string{"2026-03-14"}},
		{"Policy.UrgentHours", c.Policy.UrgentHours, 12},
		{"Policy.WorkingDays", c.Policy.WorkingDays, c.Deadlines.WorkingDays},
		{"Monday 2026-03-09 made a holiday", c.Calendar.IsWorkday(day("2026-03-09")), false},
		{"Saturday 2026-03-14 made a workday", c.Calendar.IsWorkday(day("2026-03-14")), true},
		{"Monday 2028-01-03 beyond the shipped data", c.Calendar.IsWorkday(day("2028-01-03")), false},
		{"shipped data kept", c.Calendar.IsWorkday(day("2026-02-14")), true},
		{"Policy uses the calendar", c.Policy.Calendar.IsWorkday(day("2026-03-09")), false},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

// A file that sets one key keeps every other default, in the same mapping
// too.
func TestPartialFile(t *testing.T) {
	c, err := load(t, nil, "deadlines:\n  working_days: {inquiry: 4}\nscoring:\n  grades: {A: 96}\nschedules:\nquiet_hours:\n  end:\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Defaults()
	want.ConfigPath = c.ConfigPath
	want.Deadlines.WorkingDays[domain.Inquiry] = 4
	want.Policy.WorkingDays[domain.Inquiry] = 4
	want.Scoring.Scheme.Thresholds.A = 96
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got\n%+v\nwant\n%+v", c, want)
	}
}

func TestEmptyFile(t *testing.T) {
	c, err := load(t, nil, "# nothing but a comment\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Defaults()
	want.ConfigPath = c.ConfigPath
	if !reflect.DeepEqual(c, want) {
		t.Errorf("an empty file changed the defaults")
	}
}

// Every invalid value of the file stops Load with one line naming
// HOTLINE_CONFIG and the key path.
func TestFileErrors(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want string
	}{
		{"cron", `schedules: {deadlines: "x"}`,
			`schedules.deadlines: invalid cron expression "x": expected exactly 5 fields, found 1: [x]`},
		{"cron with seconds", `schedules: {digest: "0 30 8 * * *"}`,
			`schedules.digest: invalid cron expression "0 30 8 * * *": expected exactly 5 fields, found 6: [0 30 8 * * *]`},
		{"cron range", `schedules: {scorecards: "*/30 25 * * *"}`,
			`schedules.scorecards: invalid cron expression "*/30 25 * * *": end of range (25) above maximum (23): 25`},
		{"cron descriptor", `schedules: {close: "@fortnightly"}`,
			`schedules.close: invalid cron expression "@fortnightly": unrecognized descriptor: @fortnightly`},
		{"cron empty", `schedules: {close: ""}`,
			`schedules.close: invalid cron expression "": empty spec string`},
		{"cron TZ prefix", `schedules: {deadlines: "TZ=UTC"}`,
			`schedules.deadlines: invalid cron expression "TZ=UTC": schedules run in HOTLINE_TIMEZONE; remove the TZ= prefix`},
		{"quiet start", `quiet_hours: {start: "24:00"}`,
			`quiet_hours.start: invalid time of day "24:00" (want HH:MM, 00:00 to 23:59)`},
		{"quiet end", `quiet_hours: {end: "7.30"}`,
			`quiet_hours.end: invalid time of day "7.30" (want HH:MM, 00:00 to 23:59)`},
		{"quiet sign", `quiet_hours: {end: "+7:30"}`,
			`quiet_hours.end: invalid time of day "+7:30" (want HH:MM, 00:00 to 23:59)`},
		{"extension days zero", `requests: {max_extension_days: 0}`,
			`requests.max_extension_days: want a whole number from 1 to 365, got "0"`},
		{"extensions text", `requests: {max_extensions: many}`,
			`requests.max_extensions: want a whole number from 1 to 100, got "many"`},
		{"urgent hours zero", `deadlines: {urgent_hours: 0}`,
			`deadlines.urgent_hours: want a whole number from 1 to 8784, got "0"`},
		{"urgent hours text", `deadlines: {urgent_hours: one day}`,
			`deadlines.urgent_hours: want a whole number from 1 to 8784, got "one day"`},
		{"working days zero", `deadlines: {working_days: {help: 0}}`,
			`deadlines.working_days.help: want a whole number from 1 to 365, got "0"`},
		{"working days negative", `deadlines: {working_days: {suggestion: -3}}`,
			`deadlines.working_days.suggestion: want a whole number from 1 to 365, got "-3"`},
		{"working days fraction", `deadlines: {working_days: {inquiry: 2.5}}`,
			`deadlines.working_days.inquiry: want a whole number from 1 to 365, got "2.5"`},
		{"working days category", `deadlines: {working_days: {投诉: 5}}`,
			`deadlines.working_days.投诉: unknown key (want one of complaint, help, inquiry, praise, suggestion)`},
		{"warn duration", `deadlines: {warn_before: {normal: ["24h", "4 hours"]}}`,
			`deadlines.warn_before.normal[1]: invalid duration "4 hours" (want a positive duration such as 24h, 4h or 30m)`},
		{"warn negative", `deadlines: {warn_before: {urgent: ["-2h"]}}`,
			`deadlines.warn_before.urgent[0]: invalid duration "-2h" (want a positive duration such as 24h, 4h or 30m)`},
		{"warn twice", `deadlines: {warn_before: {normal: ["4h", "240m"]}}`,
			`deadlines.warn_before.normal[1]: "240m" is listed twice`},
		{"warn not a list", `deadlines: {warn_before: {normal: "24h"}}`,
			`deadlines.warn_before.normal: want a list such as [a, b]`},
		{"escalate zero", `deadlines: {escalate_after: {urgent: "0s"}}`,
			`deadlines.escalate_after.urgent: invalid duration "0s" (want a positive duration such as 24h, 4h or 30m)`},
		{"weight negative", `scoring: {weights: {rework: -20}}`,
			`scoring.weights.rework: want a number ≥ 0, got "-20"`},
		{"weight text", `scoring: {weights: {ontime: thirty}}`,
			`scoring.weights.ontime: want a number ≥ 0, got "thirty"`},
		{"weight nan", `scoring: {weights: {ontime: .nan}}`,
			`scoring.weights.ontime: want a number ≥ 0, got ".nan"`},
		{"weights all zero", `scoring: {weights: {completion: 0, ontime: 0, rework: 0, satisfaction: 0}}`,
			`scoring.weights: all weights are 0: at least one rate must count`},
		{"grades order", `scoring: {grades: {B: 96}}`,
			`scoring.grades: thresholds must descend A > B > C > D, got A 95, B 96, C 80, D 60`},
		{"grades equal", `scoring: {grades: {C: 60}}`,
			`scoring.grades: thresholds must descend A > B > C > D, got A 95, B 90, C 60, D 60`},
		{"grade negative", `scoring: {grades: {D: -1}}`,
			`scoring.grades.D: want a number ≥ 0, got "-1"`},
		{"grade unknown", `scoring: {grades: {E: 0}}`,
			`scoring.grades.E: unknown key (want one of A, B, C, D)`},
		{"near threshold", `scoring: {near_threshold: -0.5}`,
			`scoring.near_threshold: want a number ≥ 0, got "-0.5"`},
		{"period", `scoring: {period: week}`,
			`scoring.period: unknown period kind "week" (want quarter or month)`},
		{"holiday date", `calendar: {holidays: ["2026-10-08", "2026-02-30"]}`,
			`calendar.holidays[1]: invalid date "2026-02-30" (want YYYY-MM-DD)`},
		{"workday date", `calendar: {workdays: ["2026/10/10"]}`,
			`calendar.workdays[0]: invalid date "2026/10/10" (want YYYY-MM-DD)`},
		{"day both off and on", `calendar: {holidays: ["2026-10-09"], workdays: ["2026-10-10", "2026-10-09"]}`,
			`calendar.workdays[1]: 2026-10-09 is also listed in calendar.holidays`},
		{"cron descriptor with a line break", `schedules: {close: "@x\ny"}`,
			`schedules.close: invalid cron expression "@x\ny": unrecognized descriptor: @x\ny`},
		{"key with a line break", `schedules: {"dead\nlines": "* * * * *"}`,
			`schedules."dead\nlines": unknown key (want one of close, deadlines, digest, scorecards)`},
		{"unknown top-level key", `schedule: {deadlines: "* * * * *"}`,
			`schedule: unknown key (want one of calendar, charts, deadlines, quiet_hours, requests, schedules, scoring)`},
		{"unknown nested key", "schedules:\n  deadline: \"* * * * *\"\n",
			`schedules.deadline: unknown key (want one of close, deadlines, digest, scorecards)`},
		{"key twice", "scoring:\n  period: month\n  period: quarter\n",
			`scoring.period: key given twice`},
		{"section not a mapping", `quiet_hours: "22:00-07:30"`,
			`quiet_hours: want a mapping with keys end, start`},
		{"top level not a mapping", `- schedules`,
			`want a mapping with keys calendar, charts, deadlines, quiet_hours, requests, schedules, scoring`},
		{"value not a scalar", `scoring: {period: [month]}`,
			`scoring.period: want a single value`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, nil, tc.yaml)
			if err == nil {
				t.Fatalf("Load succeeded, want %q", tc.want)
			}
			if got, want := err.Error(), "HOTLINE_CONFIG: "+tc.want; got != want {
				t.Errorf("error\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestFileSyntaxError(t *testing.T) {
	_, err := load(t, nil, "schedules:\n  deadlines: \"* * * * *\n")
	if err == nil {
		t.Fatal("Load succeeded on a broken file")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "HOTLINE_CONFIG: ") || !strings.Contains(msg, "hotline.yaml: yaml: line ") || strings.Contains(msg, "\n") {
		t.Errorf("error %q: want one line naming HOTLINE_CONFIG, the file and the line", msg)
	}
}

// Anchors and aliases are YAML's own; the file may use them.
func TestAliases(t *testing.T) {
	c, err := load(t, nil, "schedules:\n  deadlines: &often \"*/5 * * * *\"\n  scorecards: *often\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Schedules.Scorecards != "*/5 * * * *" {
		t.Errorf("Scorecards = %q, want the aliased value", c.Schedules.Scorecards)
	}
}

func TestChartsFont(t *testing.T) {
	cases := []struct {
		name, env, yaml, want, from string
	}{
		{"none", "", "", "", ""},
		{"from the file", "", "charts: {font: /fonts/a.ttc}", "/fonts/a.ttc", "charts.font"},
		{"from the environment", "/fonts/b.otf", "", "/fonts/b.otf", "HOTLINE_FONT"},
		{"the environment wins over the file", "/fonts/b.otf", "charts: {font: /fonts/a.ttc}", "/fonts/b.otf", "HOTLINE_FONT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, map[string]string{"HOTLINE_FONT": tc.env}, tc.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if c.Charts.Font != tc.want || c.Charts.FontFrom != tc.from {
				t.Errorf("charts %+v, want font %q from %q", c.Charts, tc.want, tc.from)
			}
		})
	}
}
