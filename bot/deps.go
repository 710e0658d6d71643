package bot

import (
	"context"
	"time"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// ContactStore binds, finds and updates contacts; *store.Store is one.
type ContactStore interface {
	Contact(ctx context.Context, chatID int64) (domain.Contact, error)
	ContactByID(ctx context.Context, id int64) (domain.Contact, error)
	Contacts(ctx context.Context) ([]domain.Contact, error)
	TouchContact(ctx context.Context, chatID int64, now time.Time) error
	RedeemInvite(ctx context.Context, code string, chat domain.Chat, now time.Time) (domain.Contact, error)
	CreateInvite(ctx context.Context, role domain.Role, unitID int64, ttl time.Duration, now time.Time) (string, error)
	RevokeContact(ctx context.Context, id int64, now time.Time) (domain.Contact, error)
	SetLang(ctx context.Context, chatID int64, lang string) error
	SetInactive(ctx context.Context, chatID int64) error
}

// UnitStore finds units.
type UnitStore interface {
	Unit(ctx context.Context, id int64) (domain.Unit, error)
	UnitByName(ctx context.Context, nameOrAlias string) (domain.Unit, error)
	FindUnits(ctx context.Context, fragment string) ([]domain.Unit, error)
	Units(ctx context.Context) ([]domain.Unit, error)
}

// TicketStore reads tickets.
type TicketStore interface {
	Ticket(ctx context.Context, no string) (domain.Ticket, error)
	CurrentOpenCounts(ctx context.Context, unitID int64, at time.Time) (domain.OpenCounts, error)
	OpenTicketsPage(ctx context.Context, q domain.OpenPage) ([]domain.Ticket, error)
	OpenCountsByUnit(ctx context.Context, at time.Time) (map[int64]domain.OpenCounts, error)
	DueTickets(ctx context.Context, unitID int64, at, until time.Time) ([]domain.Ticket, error)
	EachTicket(ctx context.Context, unitID int64, p domain.Period, fn func(domain.Ticket) error) error
}

// ScoreStore computes scorecards live and reads what a bulletin is built
// from.
type ScoreStore interface {
	UnitCounts(ctx context.Context, unitID int64, p domain.Period, at time.Time) (domain.Counts, error)
	PendingDeadlines(ctx context.Context, unitID int64, p domain.Period, at time.Time) (map[int64][]time.Time, error)
	report.BulletinSource
}

// ChartStore reads what the charts draw besides scorecards: the weekly
// trend points the scorecards job keeps, and every unit's open tickets.
type ChartStore interface {
	UnitTrend(ctx context.Context, unitID int64, periods []domain.Period) ([]domain.TrendPoint, error)
	Units(ctx context.Context) ([]domain.Unit, error)
	OpenCountsByUnit(ctx context.Context, at time.Time) (map[int64]domain.OpenCounts, error)
	TrendPointsKept(ctx context.Context, p domain.Period) ([]time.Time, error)
	PeriodTrend(ctx context.Context, p domain.Period) ([]domain.TrendPoint, error)
}

// AlertStore reads a sent notification again, for its buttons.
type AlertStore interface {
	Notification(ctx context.Context, id int64) (domain.Notification, error)
}

// NoticeRefresher brings a queued notice up to the state at an instant, so
// that every notification says what holds when it is read, not when it was
// queued; current false means it no longer holds (its tickets were
// completed, the grade came back) and is not sent. jobs.Refresher is one.
type NoticeRefresher interface {
	Refresh(ctx context.Context, note domain.Notification, at time.Time) (n domain.Notice, current bool, err error)
}

// Store is everything the bot's commands read and write.
type Store interface {
	ContactStore
	UnitStore
	TicketStore
	ScoreStore
	ChartStore
	RequestStore
	AlertStore
}

// Snapshots are the scorecard snapshots the scorecards and close jobs keep;
// city-wide answers read the latest instead of recomputing.
type Snapshots interface {
	LatestSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
}
