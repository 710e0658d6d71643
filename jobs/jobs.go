// Package jobs holds hotlinebot's scheduled work: the deadlines, scorecards,
// digest and close jobs, each a plain Run(ctx) method; the Scheduler that
// runs them on cron schedules; and the Lease that makes exactly one replica
// run them. Jobs decide what to say and write it to the outbox in the same
// transaction as the state that caused it; the bot's sender says it.
package jobs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"hotlinebot/config"
	"hotlinebot/domain"
)

// QuietHours is the daily span during which only urgent-ticket
// notifications go out (config.QuietHours).
type QuietHours interface {
	Quiet(t time.Time) bool
	Until(t time.Time) time.Time
}

// Settings are what the jobs need of the configuration.
type Settings struct {
	Location *time.Location
	Policy   domain.AlertPolicy
	Scheme   domain.Scheme
	Period   domain.PeriodKind
	Calendar *domain.Calendar
	Quiet    QuietHours // nil: no quiet hours
}

// SettingsFrom takes the jobs' settings from the configuration.
func SettingsFrom(c config.Config) Settings {
	return Settings{
		Location: c.Location,
		Policy: domain.AlertPolicy{
			WarnNormal:     c.Deadlines.WarnBefore.Normal,
			WarnUrgent:     c.Deadlines.WarnBefore.Urgent,
			EscalateNormal: c.Deadlines.EscalateAfter.Normal,
			EscalateUrgent: c.Deadlines.EscalateAfter.Urgent,
		},
		Scheme:   c.Scoring.Scheme,
		Period:   c.Scoring.Period,
		Calendar: c.Calendar,
		Quiet:    c.QuietHours,
	}
}

// Fence gives the leader generation the jobs write under; the store refuses
// a write whose generation is no longer the lease's (the Lease implements
// it).
type Fence interface {
	Generation() int64
}

// FixedFence is a generation that never changes: for tests, the demo and
// one-off runs that took the lease themselves.
type FixedFence int64

// Generation returns the fixed generation.
func (f FixedFence) Generation() int64 { return int64(f) }

// Deps are what every job is built with besides its store.
type Deps struct {
	Settings Settings
	Fence    Fence
	Now      func() time.Time
	Log      *slog.Logger
	Metrics  *Metrics // counts skipped records; nil: not counted
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now().In(d.loc())
	}
	return d.Now().In(d.loc())
}

func (d Deps) loc() *time.Location {
	if d.Settings.Location == nil {
		return time.Local
	}
	return d.Settings.Location
}

func (d Deps) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// notBefore is when a notification decided at now may go out: at once if
// urgent or outside quiet hours, else when quiet hours end.
func (d Deps) notBefore(urgent bool, now time.Time) time.Time {
	if urgent || d.Settings.Quiet == nil || !d.Settings.Quiet.Quiet(now) {
		return now
	}
	return d.Settings.Quiet.Until(now)
}

// notification addresses notice to audience, held through quiet hours
// unless urgent.
func (d Deps) notification(key string, a domain.Audience, urgent bool, n domain.Notice) domain.Notification {
	return domain.Notification{
		Key: key, Audience: a, Urgent: urgent,
		NotBefore: d.notBefore(urgent, n.At), CreatedAt: n.At, Notice: n,
	}
}

// The rule for a record a job cannot process: skip it, log it with its key
// and count it, so that one bad record never holds back the others. The
// jobs apply it to every ticket they announce (ticketUsable) and to every
// notification before it is written (admit).

// ticketUsable reports whether a stored ticket can be listed in a notice
// (domain.TicketLine.Check), which one stored before the time range rule
// existed (a deadline in year 0) may not be.
func (d Deps) ticketUsable(job string, line domain.TicketLine) bool {
	err := line.Check()
	if err == nil {
		return true
	}
	d.log().Warn("job skipped a ticket it cannot process", "job", job, "ticket_no", line.No, "err", err.Error())
	d.Metrics.countSkipped(job, "ticket")
	return false
}

// admit returns the notifications that can be kept and sent, in order,
// leaving out (logged and counted) those that cannot.
func (d Deps) admit(job string, notes []domain.Notification) []domain.Notification {
	out := notes[:0:0]
	for _, n := range notes {
		if err := n.Notice.Check(); err != nil {
			d.log().Warn("job skipped a notification it cannot send", "job", job, "key", n.Key, "err", err.Error())
			d.Metrics.countSkipped(job, "notification")
			continue
		}
		out = append(out, n)
	}
	return out
}

func unitAudience(id int64) domain.Audience {
	return domain.Audience{Kind: domain.AudienceUnit, UnitID: id}
}

var supervisors = domain.Audience{Kind: domain.AudienceSupervisors}

// digestKey fingerprints the parts of an event so that the same event gets
// the same outbox key and a different one never collides with it.
func digestKey(prefix string, parts []string) string {
	sorted := append([]string(nil), parts...)
	sort.Strings(sorted)
	sum := sha256.Sum256([]byte(strings.Join(sorted, "\n")))
	return prefix + ":" + hex.EncodeToString(sum[:8])
}

// periodOf is the evaluation period containing t.
func (d Deps) periodOf(t time.Time) domain.Period {
	kind := d.Settings.Period
	if kind == "" {
		kind = domain.Quarter
	}
	return domain.PeriodAt(kind, t, d.loc())
}

func unitKey(kind domain.NoticeKind, unitID int64, rest ...any) string {
	s := fmt.Sprintf("%s:u%d", kind, unitID)
	for _, r := range rest {
		s += fmt.Sprintf(":%v", r)
	}
	return s
}
