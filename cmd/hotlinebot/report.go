package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"hotlinebot/domain"
	"hotlinebot/report"
)

func reportCommand() command {
	return command{
		name:    "report",
		args:    "--period P",
		summary: "print the evaluation table of period P (2017Q2, 2017-05, 2017年第二季度, 上季度…) as of a time",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			doc := newDocumentFlags(fs, "evaluate", report.Formats())
			lang := fs.String("lang", "zh", "language of the text table: zh or en")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runReport(ctx, e, *doc.period, *doc.at, doc.chosenFormat(), *doc.out, *lang)
			}
		},
	}
}

// documentFlags are the flags of a command that writes a period's document:
// --period, --at, --format and --out, whose extension picks the format
// when --format is not given.
type documentFlags struct {
	fs                      *flag.FlagSet
	formats                 []string
	period, at, format, out *string
}

// newDocumentFlags defines the flags on fs; formats are the document's
// formats, the default first; verb says what --at does ("evaluate").
func newDocumentFlags(fs *flag.FlagSet, verb string, formats []string) *documentFlags {
	return &documentFlags{fs: fs, formats: formats,
		period: fs.String("period", "", "the period: 2017Q2, 2017-05, 2017年第二季度, 2017年5月, 本季度, 上季度, 本月 or 上月 (required)"),
		at:     fs.String("at", "", verb+" as of this time: RFC 3339 or '2006-01-02 15:04' (default now)"),
		format: fs.String("format", formats[0], strings.Join(formats, ", ")+" (default from --out's extension)"),
		out:    fs.String("out", "", "write to this file instead of standard output"),
	}
}

// chosenFormat is --format, or the format --out's extension names (.txt
// for text) when --format was not given.
func (d *documentFlags) chosenFormat() string {
	set := false
	d.fs.Visit(func(f *flag.Flag) { set = set || f.Name == "format" })
	if set || *d.out == "" {
		return *d.format
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(*d.out)), ".")
	if ext == "txt" {
		ext = "text"
	}
	if slices.Contains(d.formats, ext) {
		return ext
	}
	return *d.format
}

func runReport(ctx context.Context, e *env, period, at, format, out, lang string) error {
	p, instant, err := periodAt(e, period, at)
	if err != nil {
		return err
	}
	if !report.KnownFormat(format) {
		return usageError{fmt.Sprintf("--format: unknown format %q (want text, csv, json or xlsx)", format)}
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := st.Report(ctx, e.cfg.Scoring.Scheme, p, instant)
	if err != nil {
		return fmt.Errorf("report %s: %w", p, err)
	}
	if format == "xlsx" { // with the 趋势 sheet of weekly values
		trend, err := report.LoadTrend(ctx, st, p, instant)
		if err != nil {
			return fmt.Errorf("report %s: trend: %w", p, err)
		}
		return writeOutput(e.stdout, out, func(w io.Writer) error { return report.XLSXWithTrend(w, r, e.cfg.Scoring.Scheme, trend) })
	}
	return writeOutput(e.stdout, out, func(w io.Writer) error { return report.Write(w, r, format, lang) })
}

// periodAt reads the --period and --at flags of a report or bulletin: the
// period, and the instant to evaluate it at (default now) in the office's
// zone.
func periodAt(e *env, period, at string) (domain.Period, time.Time, error) {
	if period == "" {
		return domain.Period{}, time.Time{}, usageError{"--period is required (a quarter such as 2017Q2 or a month such as 2017-05)"}
	}
	loc := e.cfg.Location
	instant := time.Now()
	if at != "" {
		var err error
		if instant, err = domain.ParseInstant(at, loc); err != nil {
			return domain.Period{}, time.Time{}, fmt.Errorf("--at: %w", err)
		}
	}
	p, err := domain.ParsePeriodAt(period, e.cfg.Scoring.Period, instant, loc)
	if err != nil {
		return domain.Period{}, time.Time{}, fmt.Errorf("--period: %w", err)
	}
	return p, instant.In(loc), nil
}

// writeOutput writes to the named file (atomically: a half-written report
// never replaces a good one) or to stdout.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hotlinebot-*")
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
