package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"hotlinebot/domain"
	"hotlinebot/report"
)

func bulletinCommand() command {
	return command{
		name:    "bulletin",
		args:    "--period P",
		summary: "write the office's bulletin (运行情况通报) of period P as of a time: text, md or docx",
		flags: func(fs *flag.FlagSet, _ *envFlags) func(context.Context, *env, []string) error {
			doc := newDocumentFlags(fs, "report", report.BulletinFormats())
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runBulletin(ctx, e, *doc.period, *doc.at, doc.chosenFormat(), *doc.out)
			}
		},
	}
}

func runBulletin(ctx context.Context, e *env, period, at, format, out string) error {
	p, instant, err := periodAt(e, period, at)
	if err != nil {
		return err
	}
	if p.PhaseAt(instant) == domain.PeriodFuture {
		return fmt.Errorf("--period: %s has not begun on %s: there is nothing to report yet", p, instant.Format("2006-01-02 15:04"))
	}
	if !report.KnownBulletinFormat(format) {
		return usageError{fmt.Sprintf("--format: unknown format %q (want text, md or docx)", format)}
	}
	if format == "docx" && out == "" && isTerminal(e.stdout) {
		return usageError{"--format docx: give --out FILE (a Word document is not for the terminal)"}
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	b, r, err := report.LoadBulletin(ctx, st, e.cfg.Scoring.Scheme, p, instant)
	if err != nil {
		return err
	}
	doc := report.NewBulletinDoc(b, r)
	return writeOutput(e.stdout, out, func(w io.Writer) error { return report.WriteBulletin(w, doc, format) })
}
