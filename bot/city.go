package bot

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// staleSnapshot is how old the current period's latest snapshot may be
// before city-wide answers compute live instead (the scorecards job takes
// one every 30 minutes by default).
const staleSnapshot = 2 * time.Hour

// snapshotReport is the latest snapshot of p, when there is one worth
// showing.
func (s *Service) snapshotReport(ctx context.Context, p domain.Period, now time.Time) (domain.Report, bool, error) {
	if s.snaps == nil {
		return domain.Report{}, false, nil
	}
	r, ok, err := s.snaps.LatestSnapshot(ctx, p)
	if err != nil {
		s.log.Warn("latest snapshot unreadable; computing live", "period", p.String(), "err", err)
		return domain.Report{}, false, nil
	}
	if !ok || (p.Contains(now) && now.Sub(r.At) > staleSnapshot) {
		return domain.Report{}, false, nil
	}
	return r, true, nil
}

// liveReportTTL is how long a report computed live serves further answers
// (the pages of a ranking, a summary's comparison) before it is computed
// again.
const liveReportTTL = time.Minute

// liveReports keeps the reports computed live, by period, for liveReportTTL.
type liveReports struct {
	mu       sync.Mutex
	byPeriod map[string]domain.Report
}

func (c *liveReports) get(p domain.Period, now time.Time) (domain.Report, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.byPeriod[p.String()]
	if !ok || r.At.After(now) || now.Sub(r.At) > liveReportTTL {
		return domain.Report{}, false
	}
	return r, true
}

func (c *liveReports) put(r domain.Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byPeriod[r.Period.String()] = r
}

// finalReportTTL is how long a previous period's final table serves
// further answers. It is the close job's snapshot or the table scored at
// the period's end, an instant past: only an import rewriting that
// period's history changes it.
const finalReportTTL = 10 * time.Minute

// finalReports keeps the previous periods' final tables (as
// report.PreviousFinal reads them), by period, for finalReportTTL.
type finalReports struct {
	mu       sync.Mutex
	byPeriod map[string]finalReport
}

type finalReport struct {
	r        domain.Report
	ok       bool
	computed time.Time
}

// previousFinal is the final table of the period before p, the one a
// summary compares with, as the weekly summary does (report.PreviousFinal);
// false when there is none.
func (s *Service) previousFinal(ctx context.Context, p domain.Period, now time.Time) (domain.Report, bool, error) {
	c := s.finals
	c.mu.Lock()
	f, hit := c.byPeriod[p.String()]
	c.mu.Unlock()
	if hit && !f.computed.After(now) && now.Sub(f.computed) <= finalReportTTL {
		return f.r, f.ok, nil
	}
	r, ok, err := report.PreviousFinal(ctx, s.st, s.cfg.Scheme, p)
	if err != nil {
		return domain.Report{}, false, fmt.Errorf("final report before %s: %w", p, err)
	}
	c.mu.Lock()
	c.byPeriod[p.String()] = finalReport{r: r, ok: ok, computed: now}
	c.mu.Unlock()
	return r, ok, nil
}

// cityReport is every unit's evaluation for p: the latest snapshot, or
// computed live at now (and kept a minute).
func (s *Service) cityReport(ctx context.Context, p domain.Period, now time.Time) (domain.Report, error) {
	if r, ok, err := s.snapshotReport(ctx, p, now); err != nil || ok {
		return r, err
	}
	if r, ok := s.live.get(p, now); ok {
		return r, nil
	}
	r, err := s.st.Report(ctx, s.cfg.Scheme, p, now)
	if err != nil {
		return domain.Report{}, fmt.Errorf("report %s: %w", p, err)
	}
	s.live.put(r)
	return r, nil
}

// asOfNote says when figures of period p were taken, and that they are
// provisional while p runs.
func (l locale) asOfNote(p domain.Period, at time.Time) string {
	if l.now.Before(p.End) {
		return fmt.Sprintf(l.p.asOfProvisional, l.stamp(at))
	}
	return fmt.Sprintf(l.p.asOf, l.stamp(at))
}

// periodReport reads the command's period argument and the city's report
// for that period; false when it has already answered (a bad period or a
// failure, logged as op).
func (s *Service) periodReport(ctx context.Context, req *request, op string) (domain.Period, domain.Report, bool) {
	p, ok := s.periodArg(ctx, req, req.cmd.args)
	if !ok {
		return domain.Period{}, domain.Report{}, false
	}
	r, err := s.cityReport(ctx, p, req.loc.now)
	if err != nil {
		s.fail(ctx, req, op, err)
		return domain.Period{}, domain.Report{}, false
	}
	return p, r, true
}

// cmdSummary shows the city-wide picture of a period.
func (s *Service) cmdSummary(ctx context.Context, req *request, _ cityScope) {
	p, ok := s.periodArg(ctx, req, req.cmd.args)
	if !ok {
		return
	}
	// The period and the final table of the one before it at once:
	// without snapshots each is a scan of a quarter's tickets (about 45 ms
	// at a million a year).
	var cur, prev domain.Report
	var hasPrev bool
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { cur, err = s.cityReport(gctx, p, req.loc.now); return err })
	g.Go(func() (err error) { prev, hasPrev, err = s.previousFinal(gctx, p, req.loc.now); return err })
	if err := g.Wait(); err != nil {
		s.fail(ctx, req, "summary", err)
		return
	}
	o := s.cfg.Scheme.Overview(cur, prev, hasPrev)
	var buttons *keyboard
	if p == s.currentPeriod(req.loc.now) {
		buttons = req.loc.chartButtons()
	}
	s.respond(ctx, req, req.loc.summaryText(cur, p.Prev(), o), buttons)
}

// summaryText renders an overview; every list in it is capped so that it
// stays one short message.
func (l locale) summaryText(r domain.Report, prev domain.Period, o domain.GradeOverview) string {
	p := l.p
	eval := p.evalFinal
	if l.now.Before(r.Period.End) {
		eval = p.evalProvisional
	}
	lines := []string{fmt.Sprintf(p.summaryTitle, esc(r.Period.Label(l.lang)), eval, l.stamp(r.At))}
	lines = append(lines, l.overviewLines(o, prev, 8, 10)...)
	if o.Graded == 0 {
		return strings.Join(lines, "\n")
	}
	if len(o.WorstOnTime) > 0 {
		lines = append(lines, l.unitLines(fmt.Sprintf(p.worst, ""), scoreItems(p, o.WorstOnTime, func(u domain.UnitScore) string {
			return domain.FormatPercent(u.OnTimeRate)
		}), 5)...)
	}
	return strings.Join(append(lines, p.summaryFooter), "\n")
}

func share(f float64) string {
	return strconv.FormatFloat(domain.RoundTo(f*100, 1), 'f', -1, 64) + "%"
}

func (l locale) shiftItems(shifts []domain.GradeShift) []string {
	out := make([]string, len(shifts))
	for i, sh := range shifts {
		out[i] = fmt.Sprintf(l.p.shiftItem, esc(clip(sh.Unit, clipUnit)), sh.From, sh.To,
			sh.Moved.Rate.Label(l.lang), signed(sh.Moved.Points))
	}
	return out
}

func scoreItems(p *phrases, us []domain.UnitScore, value func(domain.UnitScore) string) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = fmt.Sprintf(p.scoreItem, esc(clip(u.Unit, clipUnit)), value(u))
	}
	return out
}

// cmdReport sends the evaluation table of a period as an XLSX document.
func (s *Service) cmdReport(ctx context.Context, req *request, _ cityScope) {
	p, r, ok := s.periodReport(ctx, req, "report")
	if !ok {
		return
	}
	l := req.loc
	trend, err := report.LoadTrend(ctx, s.st, p, r.At)
	if err != nil {
		s.fail(ctx, req, "report trend", err)
		return
	}
	var buf bytes.Buffer
	if err := report.XLSXWithTrend(&buf, r, s.cfg.Scheme, trend); err != nil {
		s.fail(ctx, req, "report xlsx", err)
		return
	}
	caption := fmt.Sprintf(l.p.reportCaption, esc(p.Label(l.lang)), l.asOfNote(p, r.At))
	s.sendDocument(ctx, req.chat.ID, report.FileName(r, "xlsx"), buf.Bytes(), caption)
}
