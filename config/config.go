// Package config reads hotlinebot's settings from the environment and from
// the optional YAML file named by HOTLINE_CONFIG, fills in the defaults and
// validates everything before any command runs. Every error is one line that
// names the variable or the YAML key at fault.
package config

import (
	"errors"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // zones must load in a scratch container too

	"hotlinebot/domain"
)

// The years of the official calendar that ship with the project (lunar-go's
// data); the office adds later years in the YAML file's calendar section.
const (
	CalendarFirstYear = 2017
	CalendarLastYear  = 2027
)

// Config is everything a command needs to know about its surroundings.
type Config struct {
	DB            string         // HOTLINE_DB: a file path, sqlite:PATH or a postgres:// URL
	ConfigPath    string         // HOTLINE_CONFIG: the YAML file, empty when none
	Location      *time.Location // HOTLINE_TIMEZONE
	BotToken      string         // TELEGRAM_BOT_TOKEN; see RequireBotToken
	APIURL        string         // TELEGRAM_API_URL, without a trailing slash
	HTTPAddr      string         // HOTLINE_HTTP_ADDR
	APITokens     []string       // HOTLINE_API_TOKEN, split on commas; none: the API answers 503
	WebhookURL    string         // TELEGRAM_WEBHOOK_URL; empty: long polling
	WebhookSecret string         // TELEGRAM_WEBHOOK_SECRET, set whenever WebhookURL is
	Schedules     Schedules
	QuietHours    QuietHours
	Deadlines     Deadlines
	Scoring       Scoring
	Charts        Charts
	Requests      Requests
	Calendar      *domain.Calendar      // the official calendar with the office's additions
	Policy        domain.DeadlinePolicy // deadlines computed from Deadlines, Calendar and Location
	Holidays      []string              // calendar.holidays of the YAML file, YYYY-MM-DD
	Workdays      []string              // calendar.workdays of the YAML file, YYYY-MM-DD
}

// Requests are the limits of the units' extension requests (延期申请).
type Requests struct {
	MaxDays       int // most working days one extension may ask
	MaxExtensions int // most approved extensions per ticket and unit
}

// RequestRules are the rules of extension and return requests: the limits,
// the working-day calendar, and quiet hours holding non-urgent notices.
func (c Config) RequestRules() domain.RequestRules {
	return domain.RequestRules{MaxDays: c.Requests.MaxDays, MaxExtensions: c.Requests.MaxExtensions,
		Calendar: c.Calendar, Location: c.Location, Hold: c.QuietHours.Until}
}

// Schedules are the cron expressions (five fields or descriptors such as
// "@every 2s") of the scheduled jobs, in the Config's location.
type Schedules struct {
	Deadlines  string
	Scorecards string
	Digest     string
	Close      string
}

// Deadlines are the deadline policy and the stages of its warnings.
type Deadlines struct {
	UrgentHours   int                     // urgent tickets are due this many hours after dispatch
	WorkingDays   map[domain.Category]int // other tickets: working days by category
	WarnBefore    WarnBefore
	EscalateAfter EscalateAfter
}

// WarnBefore lists how long before the deadline a due-soon warning goes
// out, earliest first.
type WarnBefore struct {
	Normal []time.Duration
	Urgent []time.Duration
}

// EscalateAfter is how long past the deadline an overdue ticket is escalated
// to the supervisors.
type EscalateAfter struct {
	Normal time.Duration
	Urgent time.Duration
}

// Charts are the settings of the pictures the bot sends.
type Charts struct {
	// Font is the CJK font file charts draw with (HOTLINE_FONT, else
	// charts.font); empty: the usual system locations are searched.
	Font string
	// FontFrom names where Font was set, for the error when it cannot be used.
	FontFrom string
}

// Scoring is the office's scoring scheme and its evaluation period.
type Scoring struct {
	Scheme domain.Scheme
	Period domain.PeriodKind
	// RankMinTickets is how many counting tickets a unit needs to be ranked;
	// rankings list units with fewer apart.
	RankMinTickets int
}

// Defaults is the configuration with nothing set: the values README.md
// "Configuration" and the example file give.
func Defaults() Config {
	loc, err := time.LoadLocation(defaultTimezone)
	if err != nil {
		panic(fmt.Sprintf("config: embedded zone %s: %v", defaultTimezone, err))
	}
	c := Config{
		DB:       defaultDB,
		Location: loc,
		APIURL:   defaultAPIURL,
		HTTPAddr: defaultHTTPAddr,
		Schedules: Schedules{
			Deadlines:  "* * * * *",
			Scorecards: "*/30 * * * *",
			Digest:     "30 8 * * *",
			Close:      "0 9 1 1,4,7,10 *",
		},
		QuietHours: QuietHours{Start: 22 * time.Hour, End: 7*time.Hour + 30*time.Minute, Location: loc},
		Deadlines: Deadlines{
			UrgentHours: 24,
			WorkingDays: domain.DefaultWorkingDays(),
			WarnBefore: WarnBefore{
				Normal: []time.Duration{24 * time.Hour, 4 * time.Hour},
				Urgent: []time.Duration{2 * time.Hour, 30 * time.Minute},
			},
			EscalateAfter: EscalateAfter{Normal: 24 * time.Hour, Urgent: 2 * time.Hour},
		},
		Scoring:  Scoring{Scheme: domain.DefaultScheme(), Period: domain.Quarter, RankMinTickets: 10},
		Requests: Requests{MaxDays: domain.DefaultMaxExtensionDays, MaxExtensions: domain.DefaultMaxExtensions},
	}
	if err := c.build(); err != nil {
		panic(fmt.Sprintf("config: shipped calendar: %v", err))
	}
	return c
}

const (
	defaultDB       = "hotline.db"
	defaultTimezone = "Asia/Shanghai"
	defaultAPIURL   = "https://api.telegram.org"
	defaultHTTPAddr = "127.0.0.1:8080"
)

// Load reads the environment through getenv (os.Getenv, or a map in tests)
// and the YAML file it names, over the defaults.
func Load(getenv func(string) string) (Config, error) {
	c := Defaults()
	if err := c.loadEnv(getenv); err != nil {
		return Config{}, err
	}
	if c.ConfigPath != "" {
		if err := c.loadFile(c.ConfigPath); err != nil {
			return Config{}, err
		}
	}
	if err := c.build(); err != nil {
		return Config{}, fmt.Errorf("HOTLINE_CONFIG: calendar: %w", err)
	}
	return c, nil
}

// loadFile applies the YAML file at path over c.
func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("HOTLINE_CONFIG: %w", unwrapPathError(err, path))
	}
	if err := c.applyYAML(path, data); err != nil {
		return fmt.Errorf("HOTLINE_CONFIG: %w", err)
	}
	return nil
}

// unwrapPathError keeps an os error to one short line: "read FILE: reason".
func unwrapPathError(err error, path string) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("read %s: %w", path, pe.Err)
	}
	return err
}

// build derives the calendar, the deadline policy and the quiet hours' zone
// from the settings.
func (c *Config) build() error {
	cal, err := domain.NewCalendar(CalendarFirstYear, CalendarLastYear, c.Holidays, c.Workdays)
	if err != nil {
		return err
	}
	c.Calendar = cal
	c.QuietHours.Location = c.Location
	days := make(map[domain.Category]int, len(c.Deadlines.WorkingDays))
	for k, v := range c.Deadlines.WorkingDays {
		days[k] = v
	}
	c.Policy = domain.DeadlinePolicy{
		UrgentHours: c.Deadlines.UrgentHours,
		WorkingDays: days,
		Calendar:    cal,
		Location:    c.Location,
	}
	return nil
}

// RequireBotToken tells the operator how to get a token when none is set;
// serve calls it, the offline commands do not need a token.
func (c Config) RequireBotToken() error {
	if c.BotToken == "" {
		return errors.New("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) and set TELEGRAM_BOT_TOKEN to the token it gives you")
	}
	return nil
}
