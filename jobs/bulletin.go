package jobs

import (
	"context"
	"fmt"
	"time"

	"hotlinebot/domain"
)

// BulletinSource is what a bulletin is read from.
type BulletinSource interface {
	finalSource
	PeriodFigures(ctx context.Context, p domain.Period, at time.Time) (domain.PeriodFigures, error)
}

// Bulletin is the bulletin of period p as of instant at, with the evaluation
// table it was built from: what the close job sends and what the bulletin
// command and /bulletin produce on demand, so the three never disagree.
func Bulletin(ctx context.Context, st BulletinSource, scheme domain.Scheme, p domain.Period, at time.Time) (domain.Bulletin, domain.Report, error) {
	cur, err := st.Report(ctx, scheme, p, at)
	if err != nil {
		return domain.Bulletin{}, domain.Report{}, fmt.Errorf("bulletin %s: %w", p, err)
	}
	b, err := bulletinOf(ctx, st, scheme, cur)
	return b, cur, err
}

// bulletinOf builds the bulletin around cur, the period's evaluation table:
// the previous period's final table for grade changes, and the ticket
// figures of the period, the previous one and the same one a year before.
func bulletinOf(ctx context.Context, st BulletinSource, scheme domain.Scheme, cur domain.Report) (domain.Bulletin, error) {
	p, at := cur.Period, cur.At
	in := domain.BulletinInput{Current: cur, Final: p.PhaseAt(at) == domain.PeriodPast}
	var err error
	if in.Previous, in.HasPrevious, err = previousFinal(ctx, st, scheme, p); err != nil {
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
