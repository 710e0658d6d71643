package report

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// FinalSource reads a period's evaluation table: computed at an instant, or
// as the close job kept it when the period ended.
type FinalSource interface {
	Report(ctx context.Context, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Report, error)
	FinalSnapshot(ctx context.Context, p domain.Period) (domain.Report, bool, error)
}

// BulletinSource is what a bulletin is read from.
type BulletinSource interface {
	FinalSource
	PeriodFigures(ctx context.Context, p domain.Period, at time.Time) (domain.PeriodFigures, error)
}

// PreviousFinal is the final evaluation table of the period before p: the
// close job's snapshot, or, when the service was not running then, the
// period scored as it ended; false when that period had no graded unit.
func PreviousFinal(ctx context.Context, st FinalSource, scheme domain.Scheme, p domain.Period) (domain.Report, bool, error) {
	prevP := p.Prev()
	r, ok, err := st.FinalSnapshot(ctx, prevP)
	if err != nil || ok {
		return r, ok, err
	}
	r, err = st.Report(ctx, scheme, prevP, prevP.End)
	if err != nil {
		return domain.Report{}, false, err
	}
	return r, len(r.Units) > 0, nil
}

// LoadBulletin is the bulletin of period p as of instant at, with the
// evaluation table it was built from: what the close job sends and what the
// bulletin command and /bulletin produce on demand, so they never disagree.
func LoadBulletin(ctx context.Context, st BulletinSource, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Bulletin, domain.Report, error) {
	cur, err := st.Report(ctx, scheme, p, at)
	if err != nil {
		return domain.Bulletin{}, domain.Report{}, fmt.Errorf("bulletin %s: %w", p, err)
	}
	b, err := BulletinAround(ctx, st, scheme, cur)
	return b, cur, err
}

// BulletinAround builds the bulletin around cur, the period's evaluation
// table: the previous period's final table for grade changes, and the ticket
// figures of the period, the previous one and the same one a year before.
func BulletinAround(ctx context.Context, st BulletinSource, scheme domain.Scheme, cur domain.Report) (domain.Bulletin, error) {
	p, at := cur.Period, cur.At
	in := domain.BulletinInput{Current: cur, Final: p.PhaseAt(at) == domain.PeriodPast}
	var err error
	if in.Previous, in.HasPrevious, err = PreviousFinal(ctx, st, scheme, p); err != nil {
		return domain.Bulletin{}, fmt.Errorf("bulletin %s: %w", p, err)
	}
	for _, f := range []struct {
		p   domain.Period
		out *domain.PeriodFigures
	}{{p, &in.Figures}, {p.Prev(), &in.PrevFigures}, {p.YearAgo(), &in.YearAgo}} {
		if *f.out, err = st.PeriodFigures(ctx, f.p, at); err != nil {
			return domain.Bulletin{}, fmt.Errorf("bulletin %s: %w", p, err)
		}
	}
	return scheme.Bulletin(in), nil
}
