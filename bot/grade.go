package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hotlinebot/domain"
)

// unitFigures are one unit's live figures; a liaison's come from its
// unitScope, a supervisor's from the unit it picked.
type unitFigures interface {
	scoreCounts(ctx context.Context, p domain.Period, at time.Time) (domain.Counts, error)
	openCounts(ctx context.Context, at time.Time) (domain.OpenCounts, error)
	pending(ctx context.Context, p domain.Period, at time.Time) ([]time.Time, error)
}

func (u unitScope) pending(ctx context.Context, p domain.Period, at time.Time) ([]time.Time, error) {
	m, err := u.st.PendingDeadlines(ctx, u.unitID, p, at)
	return m[u.unitID], err
}

func (u pickedUnit) pending(ctx context.Context, p domain.Period, at time.Time) ([]time.Time, error) {
	m, err := u.st.PendingDeadlines(ctx, u.unitID, p, at)
	return m[u.unitID], err
}

func (u unitScope) scoreCounts(ctx context.Context, p domain.Period, at time.Time) (domain.Counts, error) {
	return u.st.UnitCounts(ctx, u.unitID, p, at)
}

// pickedUnit is a unit a supervisor asked about through /unit.
type pickedUnit struct {
	st     Store
	unitID int64
}

func (u pickedUnit) scoreCounts(ctx context.Context, p domain.Period, at time.Time) (domain.Counts, error) {
	return u.st.UnitCounts(ctx, u.unitID, p, at)
}

func (u pickedUnit) openCounts(ctx context.Context, at time.Time) (domain.OpenCounts, error) {
	return u.st.CurrentOpenCounts(ctx, u.unitID, at)
}

// scorecardView is what /grade and /unit show about one unit.
type scorecardView struct {
	period     domain.Period
	card       domain.Scorecard
	rank, of   int
	prevPeriod domain.Period
	prev       domain.Scorecard
	open       domain.OpenCounts
	advice     domain.Advice // what the unit can still do; empty once the period has ended
}

// cmdGrade shows the liaison's unit's scorecard of a period: live while
// the period runs, final once it has ended.
func (s *Service) cmdGrade(ctx context.Context, req *request, u unitScope) {
	p, ok := s.periodArg(ctx, req, req.cmd.args)
	if !ok {
		return
	}
	unit, err := u.unit(ctx)
	if err != nil {
		s.fail(ctx, req, "unit", err)
		return
	}
	v, err := s.scorecard(ctx, unit, u, p, req.loc.now)
	if err != nil {
		s.fail(ctx, req, "grade", err)
		return
	}
	s.respond(ctx, req, s.scorecardText(req.loc, v, true), nil)
}

// scorecard is a unit's scorecard of period p with its rank among units of
// its kind, the period before's card and its open tickets now. A running
// period's card is computed live (ranked against the latest snapshot of the
// others, or all of them live); an ended one's comes from the city's report
// of it, as /summary and /ranking show it.
func (s *Service) scorecard(ctx context.Context, unit domain.Unit, figs unitFigures, p domain.Period, now time.Time) (scorecardView, error) {
	v := scorecardView{period: p, prevPeriod: p.Prev()}
	var err error
	if p.PhaseAt(now) == domain.PeriodCurrent {
		err = s.liveCard(ctx, &v, unit, figs, now)
	} else {
		err = s.reportCard(ctx, &v, unit, now)
	}
	if err != nil {
		return v, err
	}
	if v.prev, err = s.prevCard(ctx, unit, figs, v.prevPeriod, now); err != nil {
		return v, err
	}
	v.open, err = figs.openCounts(ctx, now)
	return v, err
}

func (s *Service) liveCard(ctx context.Context, v *scorecardView, unit domain.Unit, figs unitFigures, now time.Time) error {
	c, err := figs.scoreCounts(ctx, v.period, now)
	if err != nil {
		return err
	}
	v.card = s.cfg.Scheme.Score(unit, c)
	pending, err := figs.pending(ctx, v.period, now)
	if err != nil {
		return err
	}
	v.advice = s.cfg.Scheme.Advise(v.card, domain.OpenWork{Overdue: c.Should - c.Handled, Pending: pending})
	if c.Should > 0 {
		city, err := s.cityReport(ctx, v.period, now)
		if err != nil {
			return err
		}
		v.rank, v.of = withCard(city, v.card).RankInKind(unit.ID)
	}
	return nil
}

func (s *Service) reportCard(ctx context.Context, v *scorecardView, unit domain.Unit, now time.Time) error {
	city, err := s.cityReport(ctx, v.period, now)
	if err != nil {
		return err
	}
	card, ok := city.Card(unit.ID)
	if !ok {
		card = s.cfg.Scheme.Score(unit, domain.Counts{})
	}
	v.card = card
	v.rank, v.of = city.RankInKind(unit.ID)
	return nil
}

// prevCard is the unit's card of the period before: from its latest
// snapshot (the final one once closed), else computed live.
func (s *Service) prevCard(ctx context.Context, unit domain.Unit, figs unitFigures, prev domain.Period, now time.Time) (domain.Scorecard, error) {
	if r, ok, err := s.snapshotReport(ctx, prev, now); err != nil {
		return domain.Scorecard{}, err
	} else if ok {
		card, _ := r.Card(unit.ID)
		return card, nil
	}
	pc, err := figs.scoreCounts(ctx, prev, now)
	if err != nil || pc.Should == 0 {
		return domain.Scorecard{}, err
	}
	return s.cfg.Scheme.Score(unit, pc), nil
}

// withCard is the report with the unit's card replaced by a fresher one.
func withCard(r domain.Report, card domain.Scorecard) domain.Report {
	units := make([]domain.Scorecard, 0, len(r.Units)+1)
	for _, sc := range r.Units {
		if sc.Unit.ID != card.Unit.ID {
			units = append(units, sc)
		}
	}
	r.Units = append(units, card)
	return r
}

func (s *Service) currentPeriod(now time.Time) domain.Period {
	return domain.PeriodAt(s.cfg.PeriodKind, now, s.cfg.Location)
}

func (s *Service) scorecardText(l locale, v scorecardView, liaison bool) string {
	p, sc := l.p, v.card
	title := fmt.Sprintf(p.gradeTitle, esc(sc.Unit.Name), esc(v.period.Label(l.lang)), provisional(l, v.period))
	if sc.Grade == domain.GradeNone {
		return strings.Join(append([]string{title}, l.noGradeLines(v, liaison)...), "\n")
	}
	lines := []string{title, fmt.Sprintf(p.gradeLine, sc.Grade, composite(sc.Composite))}
	if v.rank > 0 {
		lines = append(lines, fmt.Sprintf(p.rankLine, esc(sc.Unit.Kind.Label(l.lang)), v.rank, v.of))
	}
	lines = append(lines, l.changeLine(v), fmt.Sprintf(p.countsLine, sc.Should, sc.Handled, sc.Overdue, sc.Rework, sc.Dissatisfied))
	losses := s.cfg.Scheme.Losses(sc)
	for _, r := range domain.Rates {
		value := domain.FormatPercent(sc.Value(r))
		if r == losses[0].Rate && losses[0].Points >= 0.05 {
			value = bold(value)
		}
		lines = append(lines, l.rateLabel(r)+" "+value)
	}
	if losses[0].Points >= 0.05 {
		lines = append(lines, fmt.Sprintf(p.costLine, losses[0].Rate.Label(l.lang), composite(losses[0].Points)))
	} else {
		lines = append(lines, p.costNone)
	}
	lines = append(lines, s.winBackLines(l, v)...)
	if liaison && v.open.Overdue > 0 {
		lines = append(lines, fmt.Sprintf(p.gradeOverdue, v.open.Overdue))
	} else if !liaison {
		lines = append(lines, l.openNowLine(v, false))
	}
	return strings.Join(append(lines, fmt.Sprintf(p.asOf, l.stamp(l.now))), "\n")
}

// rateLabel names a rate at the start of a line.
func (l locale) rateLabel(r domain.Rate) string {
	label := r.Label(l.lang)
	if l.lang == domain.LangEN && label != "" {
		return strings.ToUpper(label[:1]) + label[1:]
	}
	return label
}

// provisional marks a period's figures as provisional (暂定) while it runs
// and final (终评) once it has ended.
func provisional(l locale, p domain.Period) string {
	if l.now.Before(p.End) {
		return l.p.provisional
	}
	return l.p.final
}

func (l locale) changeLine(v scorecardView) string {
	label := esc(v.prevPeriod.Label(l.lang))
	if v.prev.Grade == domain.GradeNone {
		return fmt.Sprintf(l.p.changeNone, label)
	}
	return fmt.Sprintf(l.p.changeLine, label, v.prev.Grade, v.card.Grade,
		composite(v.prev.Composite), composite(v.card.Composite),
		bold(signed(v.card.Composite-v.prev.Composite)))
}

// winBackLines say what would lift the unit to each better grade, and
// warn when it is just above its own grade's floor or its not-yet-due
// tickets could drop it; nothing once the period has ended.
func (s *Service) winBackLines(l locale, v scorecardView) []string {
	if v.advice.Grade == domain.GradeNone {
		return nil
	}
	out := l.adviceLines(v.advice)
	if g, margin, near := s.cfg.Scheme.NearFloor(v.card); near {
		out = append(out, fmt.Sprintf(l.p.nearFloor, g, composite(margin), domain.GradeBelow(g)))
	}
	if line := l.closeSlackLine(v.advice); line != "" {
		out = append(out, line)
	}
	return out
}
