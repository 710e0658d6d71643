package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// hyperfineJSON is the part of hyperfine's --export-json that table reads;
// the time command writes the same shape when hyperfine is not installed.
type hyperfineJSON struct {
	Results []timedCommand `json:"results"`
}

type timedCommand struct {
	Command string    `json:"command"`
	Median  float64   `json:"median"`
	Min     float64   `json:"min"`
	Max     float64   `json:"max"`
	User    float64   `json:"user"`   // mean user CPU seconds per run
	System  float64   `json:"system"` // mean system CPU seconds per run
	Times   []float64 `json:"times"`  // wall seconds per run
}

// cpu is the mean CPU time of a run, user and system: less sensitive than
// wall time to other work on a shared machine.
func (c timedCommand) cpu() float64 { return c.User + c.System }

// finish turns the summed CPU times of the runs into means and sets the
// median and spread.
func (c *timedCommand) finish() {
	if n := float64(len(c.Times)); n > 0 {
		c.User, c.System = c.User/n, c.System/n
	}
	c.Median, c.Min, c.Max = summarize(c.Times)
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// timeCommand is hyperfine's subset compare.sh uses: -runs, -warmup,
// -prepare, -n and -export-json, each command run through sh -c. It also
// appends each run's peak resident set (KiB) to -rss, as
// `/usr/bin/time -f %M -a -o` would.
func timeCommand(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("time", flag.ContinueOnError)
	runs := fs.Int("runs", 3, "timed runs per command")
	warmup := fs.Int("warmup", 0, "untimed runs first")
	prepare := fs.String("prepare", "", "shell command run before every run, untimed")
	export := fs.String("export-json", "", "write hyperfine-shaped JSON here")
	rss := fs.String("rss", "", "append each timed run's peak RSS in KiB to this file")
	var names multiFlag
	fs.Var(&names, "n", "name of the next command (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var out hyperfineJSON
	for i, cmd := range fs.Args() {
		name := cmd
		if i < len(names) {
			name = names[i]
		}
		tc, err := timeOne(ctx, cmd, *prepare, *runs, *warmup, *rss)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		tc.Command = name
		fmt.Fprintf(stdout, "%s: median %.3f s (%.3f–%.3f)\n", name, tc.Median, tc.Min, tc.Max)
		out.Results = append(out.Results, tc)
	}
	if *export == "" {
		return nil
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(*export, data, 0o644)
}

func timeOne(ctx context.Context, cmd, prepare string, runs, warmup int, rssPath string) (timedCommand, error) {
	var tc timedCommand
	for i := 0; i < warmup+runs; i++ {
		if prepare != "" {
			if _, err := shell(ctx, prepare); err != nil {
				return tc, fmt.Errorf("prepare: %w", err)
			}
		}
		r, err := shell(ctx, cmd)
		if err != nil {
			return tc, err
		}
		if i < warmup {
			continue
		}
		tc.Times = append(tc.Times, r.wall.Seconds())
		tc.User += r.user.Seconds() / float64(runs)
		tc.System += r.system.Seconds() / float64(runs)
		if rssPath != "" {
			if err := appendLine(rssPath, fmt.Sprint(r.maxRSS)); err != nil {
				return tc, err
			}
		}
	}
	tc.Median, tc.Min, tc.Max = summarize(tc.Times)
	return tc, nil
}

// runUsage is what one run of a command cost.
type runUsage struct {
	wall, user, system time.Duration
	maxRSS             int64 // KiB, of the largest process waited for
}

// shell runs cmd with sh -c, its output discarded.
func shell(ctx context.Context, cmd string) (runUsage, error) {
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.Stderr = os.Stderr
	start := time.Now()
	err := c.Run()
	u := runUsage{wall: time.Since(start)}
	if ps := c.ProcessState; ps != nil {
		u.user, u.system = ps.UserTime(), ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			u.maxRSS = ru.Maxrss
		}
	}
	if err != nil {
		return u, fmt.Errorf("%q: %w", cmd, err)
	}
	return u, nil
}

func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// summarize is the median, minimum and maximum of xs.
func summarize(xs []float64) (median, lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	median = s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return median, s[0], s[len(s)-1]
}

// rssCommand runs a program (args[1:], no shell) with its output passed
// through and appends its peak RSS in KiB to the file args[0], for machines
// without /usr/bin/time.
func rssCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: hotbench rss FILE PROGRAM [ARGS...]")
	}
	c := exec.CommandContext(ctx, args[1], args[2:]...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, stdout, os.Stderr
	err := c.Run()
	if c.ProcessState == nil {
		return err
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return errors.New("rss: no resource usage on this system")
	}
	if aerr := appendLine(args[0], fmt.Sprint(ru.Maxrss)); aerr != nil {
		return aerr
	}
	return err
}

// mergeCommand joins hyperfine JSON files of one command each (the rounds
// compare.sh takes turns in) into one, in the order given.
func mergeCommand(args []string) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	out := fs.String("o", "", "the merged JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var all timedCommand
	for _, path := range fs.Args() {
		res, err := readTimed(path)
		if err != nil {
			return err
		}
		for _, r := range res {
			n := float64(len(r.Times))
			all.Command = r.Command
			all.Times = append(all.Times, r.Times...)
			all.User += r.User * n
			all.System += r.System * n
		}
	}
	if len(all.Times) == 0 {
		return errors.New("merge: no runs")
	}
	all.finish()
	return writeTimed(*out, all)
}
