package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"hotlinebot/chart"
	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/store"
)

// chartRenderer loads the charts' font: the configured one (a font that
// cannot be used stops the program, naming the setting) or else the first
// system CJK font found; without one the charts get English labels and the
// log says once what to install.
func chartRenderer(c config.Charts, log *slog.Logger) (*chart.Renderer, error) {
	f, ok, err := chart.FindFont(c.Font, chart.FontCandidates)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.FontFrom, err)
	}
	if !ok {
		log.Warn("no CJK font found: charts are drawn with English labels", "install", chart.FontHint)
	} else {
		log.Info("chart font", "path", f.Path)
	}
	return chart.NewRenderer(f), nil
}

func chartCommand() command {
	return command{
		name:    "chart",
		args:    "trend|grades|ranking|overdue --out FILE.png",
		summary: "draw one of the bot's charts as PNG: a unit's trend (--unit), the grade distribution, a kind's ranking (--kind) or the open overdue tickets per unit",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			unit := fs.String("unit", "", "the unit of a trend: its name or alias")
			kind := fs.String("kind", "district", "the units of a ranking: district (县市区) or department (市直单位)")
			at := fs.String("at", "", "as of this time: RFC 3339 or '2006-01-02 15:04' (default now)")
			lang := fs.String("lang", "zh", "language of the labels: zh or en")
			out := fs.String("out", "", "the PNG file to write (required); a ranking of more than 40 units writes FILE-2.png … too")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 1 { // flags after the chart's name
					if err := fs.Parse(args[1:]); err != nil {
						return usageError{err.Error()}
					}
					args = append(args[:1], fs.Args()...)
				}
				if len(args) != 1 {
					return usageError{"want one chart: trend, grades, ranking or overdue"}
				}
				if *out == "" {
					return usageError{"--out is required"}
				}
				instant := time.Now()
				if *at != "" {
					t, err := domain.ParseInstant(*at, e.cfg.Location)
					if err != nil {
						return fmt.Errorf("--at: %w", err)
					}
					instant = t
				}
				r, err := chartRenderer(e.cfg.Charts, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
				if err != nil {
					return err
				}
				req := chartRequest{what: args[0], unit: *unit, kind: domain.UnitKind(*kind), at: instant.In(e.cfg.Location), lang: *lang, out: *out}
				return runChart(ctx, e, r, req)
			}
		},
	}
}

// chartRequest is what the chart command was asked to draw.
type chartRequest struct {
	what, unit, lang, out string
	kind                  domain.UnitKind
	at                    time.Time
}

func runChart(ctx context.Context, e *env, r *chart.Renderer, req chartRequest) error {
	if req.what == "trend" && req.unit == "" {
		return usageError{"--unit is required for a trend"}
	}
	if req.kind != domain.District && req.kind != domain.Department {
		return usageError{fmt.Sprintf("--kind: unknown kind %q (want district or department)", req.kind)}
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	pics, err := drawChart(ctx, e, st, r, req)
	if err != nil {
		return err
	}
	for i, png := range pics {
		path := pagePath(req.out, i)
		if err := writeOutput(e.stdout, path, func(w io.Writer) error { _, err := w.Write(png); return err }); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, path)
	}
	return nil
}

func drawChart(ctx context.Context, e *env, st *store.Store, r *chart.Renderer, req chartRequest) ([][]byte, error) {
	scheme := e.cfg.Scoring.Scheme
	p := domain.PeriodAt(e.cfg.Scoring.Period, req.at, e.cfg.Location)
	switch req.what {
	case "trend":
		u, err := st.UnitByName(ctx, req.unit)
		if err != nil {
			return nil, fmt.Errorf("--unit %s: %w", req.unit, err)
		}
		t, err := chart.LoadTrend(ctx, st, scheme, u, p, req.at)
		if err != nil {
			return nil, err
		}
		png, err := r.Trend(t, req.lang)
		return [][]byte{png}, err
	case "grades", "ranking":
		c, err := chart.LoadCity(ctx, st, scheme, p, req.at)
		if err != nil {
			return nil, err
		}
		if req.what == "ranking" {
			return r.Ranking(c, req.kind, req.lang)
		}
		png, err := r.Grades(c, req.lang)
		return [][]byte{png}, err
	case "overdue":
		o, err := chart.LoadOverdue(ctx, st, req.at)
		if err != nil {
			return nil, err
		}
		png, ok, err := r.Overdue(o, req.lang)
		if !ok && err == nil {
			return nil, fmt.Errorf("no open ticket is overdue at %s: nothing to draw", req.at.Format("2006-01-02 15:04"))
		}
		return [][]byte{png}, err
	}
	return nil, usageError{fmt.Sprintf("unknown chart %q (want trend, grades, ranking or overdue)", req.what)}
}

// pagePath is FILE for the first picture and FILE-2.png … for the next.
func pagePath(out string, i int) string {
	if i == 0 {
		return out
	}
	ext := filepath.Ext(out)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(out, ext), i+1, ext)
}
