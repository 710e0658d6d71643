package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hotlinebot/bot"
	"hotlinebot/domain"
	"hotlinebot/jobs"
	"hotlinebot/store"
)

// previewAlert is a notification as its audience would read it.
type previewAlert struct {
	Audience string // the unit's name, 督查 (supervisors) or 管理员 (admins)
	Kind     domain.NoticeKind
	HTML     string // as Telegram would get it
	Text     string // the same without tags and entities, for a terminal
}

// previewBaseline is how long before the instant the scorecards job takes
// the snapshot the preview compares with, so that the grade drops of the
// last week show.
const previewBaseline = 7 * 24 * time.Hour

// previewAlerts runs the jobs once on st as if it were at (the scorecards
// job also a week before, for a snapshot to compare with; the digest only
// on a working day) and returns, in Chinese, every notification they
// queued as its audience would read it: supervisors' first, then each
// unit's. Nothing is sent. It takes the leader lease for the run, so use it
// on a database no serve process is using (the demo's).
func previewAlerts(ctx context.Context, st *store.Store, settings jobs.Settings, at time.Time) ([]previewAlert, error) {
	gen, ok, err := st.AcquireLease(ctx, "preview", time.Minute, time.Now(), true)
	if err != nil {
		return nil, fmt.Errorf("preview alerts: lease: %w", err)
	}
	if !ok {
		return nil, errors.New("preview alerts: the preview lease is held by another process")
	}
	defer st.ReleaseLease(context.WithoutCancel(ctx), "preview", gen)
	clock := at
	deps := jobs.Deps{Settings: settings, Fence: jobs.FixedFence(gen), Now: func() time.Time { return clock }}
	runs := []struct {
		at  time.Time
		job jobs.Job
	}{
		{at.Add(-previewBaseline), jobs.NewScorecards(st, deps)},
		{at, jobs.NewDeadlines(st, deps)},
		{at, jobs.NewScorecards(st, deps)},
		{at, jobs.NewDigest(st, deps)},
	}
	for _, r := range runs {
		clock = r.at
		if err := r.job.Run(ctx); err != nil {
			return nil, fmt.Errorf("preview alerts: %w", err)
		}
	}
	return renderOutbox(ctx, st, jobs.NewRefresher(st, deps), settings.Location, at)
}

// renderOutbox renders every notification in the outbox as the sender
// would at at: brought up to the state then, those no longer current (the
// week-old baseline's warnings the table now contradicts) left out;
// supervisors' and admins' first, then units' by outbox order.
func renderOutbox(ctx context.Context, st *store.Store, fresh bot.NoticeRefresher, loc *time.Location, at time.Time) ([]previewAlert, error) {
	entries, err := st.Outbox(ctx, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("preview alerts: %w", err)
	}
	names, err := unitNameMap(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("preview alerts: %w", err)
	}
	var city, units []previewAlert
	for _, e := range entries {
		n, current, err := fresh.Refresh(ctx, e.Notification, at)
		if err != nil {
			return nil, fmt.Errorf("preview alerts: %w", err)
		}
		if !current {
			continue
		}
		e.Notice = n
		reader := domain.Contact{Lang: domain.LangZH, Role: domain.RoleSupervisor}
		audience := domain.RoleSupervisor.Label(domain.LangZH)
		switch e.Audience.Kind {
		case domain.AudienceUnit:
			reader.Role, audience = domain.RoleLiaison, names[e.Audience.UnitID]
		case domain.AudienceAdmins:
			reader.Role, audience = domain.RoleAdmin, domain.RoleAdmin.Label(domain.LangZH)
		}
		text := bot.RenderNotice(e.Notice, reader, loc)
		a := previewAlert{Audience: audience, Kind: e.Notice.Kind, HTML: text, Text: bot.PlainText(text)}
		if e.Audience.Kind == domain.AudienceUnit {
			units = append(units, a)
		} else {
			city = append(city, a)
		}
	}
	return append(city, units...), nil
}

func unitNameMap(ctx context.Context, st *store.Store) (map[int64]string, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
	}
	return names, nil
}
