package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
)

// load runs Load over env and, when yamlText is not empty, a YAML file
// holding it named by HOTLINE_CONFIG.
func load(t *testing.T, env map[string]string, yamlText string) (Config, error) {
	t.Helper()
	vars := make(map[string]string, len(env)+1)
	for k, v := range env {
		vars[k] = v
	}
	if yamlText != "" {
		path := filepath.Join(t.TempDir(), "hotline.yaml")
		if err := os.WriteFile(path, []byte(yamlText), 0o600); err != nil {
			t.Fatal(err)
		}
		vars["HOTLINE_CONFIG"] = path
	}
	return Load(func(k string) string { return vars[k] })
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Defaults()) {
		t.Errorf("Load with nothing set differs from Defaults():\n%+v\n%+v", c, Defaults())
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"DB", c.DB, "hotline.db"},
		{"ConfigPath", c.ConfigPath, ""},
		{"Location", c.Location.String(), "Asia/Shanghai"},
		{"BotToken", c.BotToken, ""},
		{"APIURL", c.APIURL, "https://api.telegram.org"},
		{"HTTPAddr", c.HTTPAddr, "127.0.0.1:8080"},
		{"APITokens", len(c.APITokens), 0},
		{"WebhookURL", c.WebhookURL, ""},
		{"WebhookSecret", c.WebhookSecret, ""},
		{"Schedules", c.Schedules, Schedules{"* * * * *", "*/30 * * * *", "30 8 * * *", "0 9 1 1,4,7,10 *"}},
		{"QuietHours.Start", c.QuietHours.Start, 22 * time.Hour},
		{"QuietHours.End", c.QuietHours.End, 7*time.Hour + 30*time.Minute},
		{"QuietHours.Location", c.QuietHours.Location, c.Location},
		{"UrgentHours", c.Deadlines.UrgentHours, 24},
		{"WorkingDays", c.Deadlines.WorkingDays, map[domain.Category]int{"complaint": 5, "help": 5, "inquiry": 3, "suggestion": 10, "praise": 5}},
		{"WarnBefore", c.Deadlines.WarnBefore, WarnBefore{
			Normal: []time.Duration{24 * time.Hour, 4 * time.Hour},
			Urgent: []time.Duration{2 * time.Hour, 30 * time.Minute},
		}},
		{"EscalateAfter", c.Deadlines.EscalateAfter, EscalateAfter{Normal: 24 * time.Hour, Urgent: 2 * time.Hour}},
		{"Weights", c.Scoring.Scheme.Weights, domain.Weights{Completion: 30, OnTime: 30, Rework: 20, Satisfaction: 20}},
		{"Thresholds", c.Scoring.Scheme.Thresholds, domain.Thresholds{A: 95, B: 90, C: 80, D: 60}},
		{"NearThreshold", c.Scoring.Scheme.NearThreshold, 0.5},
		{"Period", c.Scoring.Period, domain.Quarter},
		{"Policy.UrgentHours", c.Policy.UrgentHours, 24},
		{"Policy.WorkingDays", c.Policy.WorkingDays, c.Deadlines.WorkingDays},
		{"Policy.Calendar", c.Policy.Calendar == c.Calendar, true},
		{"Policy.Location", c.Policy.Location, c.Location},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

// The shipped calendar covers 2017 through 2027: a make-up Saturday of each
// end is a working day, a statutory holiday on a weekday is not.
func TestDefaultCalendar(t *testing.T) {
	loc := Defaults().Location
	cal := Defaults().Calendar
	cases := []struct {
		day  string
		work bool
	}{
		{"2017-01-22", true},  // Sunday, make-up day of Spring Festival 2017
		{"2017-10-02", false}, // Monday, National Day
		{"2026-02-14", true},  // Saturday, make-up day of Spring Festival 2026
		{"2026-02-16", false}, // Monday, Spring Festival
		{"2027-10-09", true},  // Saturday, make-up day of National Day 2027
		{"2027-10-04", false}, // Monday, National Day
		{"2028-01-03", true},  // Monday after the shipped data: weekdays work
		{"2028-01-01", false}, // Saturday
	}
	for _, tc := range cases {
		t.Run(tc.day, func(t *testing.T) {
			d, _ := time.ParseInLocation(time.DateOnly, tc.day, loc)
			if got := cal.IsWorkday(d); got != tc.work {
				t.Errorf("IsWorkday(%s) = %v, want %v", tc.day, got, tc.work)
			}
		})
	}
}

func TestEnvironment(t *testing.T) {
	c, err := load(t, map[string]string{
		"HOTLINE_DB":              "postgres://hotline:pw@db:5432/hotline?sslmode=disable",
		"HOTLINE_TIMEZONE":        "Europe/Berlin",
		"TELEGRAM_BOT_TOKEN":      " 123456:ABC-def ",
		"TELEGRAM_API_URL":        "http://127.0.0.1:8081/",
		"HOTLINE_HTTP_ADDR":       "0.0.0.0:9090",
		"HOTLINE_API_TOKEN":       " new-token , ,old-token,",
		"TELEGRAM_WEBHOOK_URL":    "https://hotline.example.org/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": "s3cret_token-1",
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"DB", c.DB, "postgres://hotline:pw@db:5432/hotline?sslmode=disable"},
		{"Location", c.Location.String(), "Europe/Berlin"},
		{"QuietHours.Location", c.QuietHours.Location.String(), "Europe/Berlin"},
		{"Policy.Location", c.Policy.Location.String(), "Europe/Berlin"},
		{"BotToken", c.BotToken, "123456:ABC-def"},
		{"APIURL", c.APIURL, "http://127.0.0.1:8081"},
		{"HTTPAddr", c.HTTPAddr, "0.0.0.0:9090"},
		{"APITokens", c.APITokens, []string{"new-token", "old-token"}},
		{"WebhookURL", c.WebhookURL, "https://hotline.example.org/telegram/webhook"},
		{"WebhookSecret", c.WebhookSecret, "s3cret_token-1"},
		{"RequireBotToken", c.RequireBotToken(), nil},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestDatabaseForms(t *testing.T) {
	for _, db := range []string{
		"hotline.db", "/var/lib/hotline/hotline.db", "./data/h.db", "sqlite:/data/hotline.db",
		"sqlite:file.db", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "postgresql://u@h/db",
	} {
		t.Run(db, func(t *testing.T) {
			c, err := load(t, map[string]string{"HOTLINE_DB": db}, "")
			if err != nil {
				t.Fatal(err)
			}
			if c.DB != db {
				t.Errorf("DB = %q, want %q", c.DB, db)
			}
		})
	}
}

func TestRequireBotToken(t *testing.T) {
	err := Defaults().RequireBotToken()
	if err == nil || !strings.HasPrefix(err.Error(), "TELEGRAM_BOT_TOKEN is not set: ") || !strings.Contains(err.Error(), "@BotFather") {
		t.Errorf("RequireBotToken() = %v, want a message naming TELEGRAM_BOT_TOKEN and @BotFather", err)
	}
}

// Every invalid environment value stops Load with one line naming the
// variable; secrets are never echoed.
func TestEnvironmentErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"unknown zone", map[string]string{"HOTLINE_TIMEZONE": "Mars/Base"},
			`HOTLINE_TIMEZONE: unknown time zone "Mars/Base" (want an IANA name such as Asia/Shanghai)`},
		{"mysql", map[string]string{"HOTLINE_DB": "mysql://root:hunter2@db/hotline"},
			`HOTLINE_DB: unsupported database "mysql://…@db/hotline" (want a file path, sqlite:PATH or postgres://…)`},
		{"empty sqlite path", map[string]string{"HOTLINE_DB": "sqlite:"},
			`HOTLINE_DB: empty SQLite path in "sqlite:" (want sqlite:PATH)`},
		{"bad postgres url", map[string]string{"HOTLINE_DB": "postgres://u:hunter2@h:port/db"},
			`HOTLINE_DB: invalid PostgreSQL URL "postgres://…@h:port/db"`},
		{"api url scheme", map[string]string{"TELEGRAM_API_URL": "ftp://api.example.org"},
			`TELEGRAM_API_URL: invalid URL "ftp://api.example.org" (want http://… or https://…)`},
		{"api url relative", map[string]string{"TELEGRAM_API_URL": "api.telegram.org"},
			`TELEGRAM_API_URL: invalid URL "api.telegram.org" (want http://… or https://…)`},
		{"http addr", map[string]string{"HOTLINE_HTTP_ADDR": "8080"},
			`HOTLINE_HTTP_ADDR: invalid listen address "8080" (want host:port such as 127.0.0.1:8080 or :8080)`},
		{"http port", map[string]string{"HOTLINE_HTTP_ADDR": "127.0.0.1:99999"},
			`HOTLINE_HTTP_ADDR: invalid port "99999" in "127.0.0.1:99999" (want 0–65535)`},
		{"api token with space", map[string]string{"HOTLINE_API_TOKEN": "good,bad token"},
			`HOTLINE_API_TOKEN: token 2 contains a space or control character`},
		{"webhook over http", map[string]string{"TELEGRAM_WEBHOOK_URL": "http://hotline.example.org/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": "x"},
			`TELEGRAM_WEBHOOK_URL: invalid URL "http://hotline.example.org/telegram/webhook" (Telegram calls webhooks only over HTTPS: want https://…)`},
		{"webhook without secret", map[string]string{"TELEGRAM_WEBHOOK_URL": "https://hotline.example.org/telegram/webhook"},
			`TELEGRAM_WEBHOOK_SECRET is not set: webhook mode needs a secret of 1–256 characters A-Z, a-z, 0-9, _ and -`},
		{"webhook secret charset", map[string]string{"TELEGRAM_WEBHOOK_URL": "https://h.example.org/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": "hunter2!"},
			`TELEGRAM_WEBHOOK_SECRET: invalid secret (want 1–256 characters A-Z, a-z, 0-9, _ and -)`},
		{"webhook secret length", map[string]string{"TELEGRAM_WEBHOOK_URL": "https://h.example.org/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 257)},
			`TELEGRAM_WEBHOOK_SECRET: invalid secret (want 1–256 characters A-Z, a-z, 0-9, _ and -)`},
		{"missing config file", map[string]string{"HOTLINE_CONFIG": "/nonexistent/hotline.yaml"},
			`HOTLINE_CONFIG: read /nonexistent/hotline.yaml: no such file or directory`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.env, "")
			if err == nil {
				t.Fatalf("Load succeeded, want %q", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestWebhookSecretAtLimit(t *testing.T) {
	secret := strings.Repeat("aZ9_-", 51) + "x" // 256 characters
	c, err := load(t, map[string]string{"TELEGRAM_WEBHOOK_URL": "https://h.example.org/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": secret}, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.WebhookSecret != secret {
		t.Errorf("WebhookSecret = %q, want the 256-character secret", c.WebhookSecret)
	}
}
