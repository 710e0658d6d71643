package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The README.md "Performance" targets.
const (
	importRatioTarget         = 2.0 // SQLite, a file in dispatch order
	shuffledImportRatioTarget = 2.5 // SQLite, the same rows shuffled
	pgImportRatioTarget       = 3.0
	reportRatioTarget         = 1.0
	rssTargetMB               = 200
	deadlinesTargetMS         = 50
	deadlinesFirstTargetMS    = 100 // the first run over a year of tickets
	botTargetMS               = 100
)

// row is one line of the results table.
type row struct {
	what, median, spread, cpu, versus, ratio, target, verdict string
}

func tableCommand(args []string, stdout io.Writer) error {
	fset := flag.NewFlagSet("table", flag.ContinueOnError)
	dir := fset.String("dir", "bench/out/results", "where compare.sh left the measurements")
	small := fset.Int("small", 250_000, "tickets of the memory comparison run")
	header := fset.String("title", "", "first line of the table")
	if err := fset.Parse(args); err != nil {
		return err
	}
	t := resultsTable{dir: *dir}
	t.timedPair("SQLite tickets import, dispatch order", "sqlite-import", "sqlite3 .import", "≤ 2.0", ratioVerdict(importRatioTarget))
	t.timedPair("SQLite tickets import, shuffled", "sqlite-import-shuffled", "sqlite3 .import", "≤ 2.5", ratioVerdict(shuffledImportRatioTarget))
	t.timedPair("SQLite report --format json", "sqlite-report", "sqlite3 GROUP BY", "≤ 1.0", ratioVerdict(reportRatioTarget))
	t.timedOne(fmt.Sprintf("SQLite tickets import at %s", count(*small)), fmt.Sprintf("import-%d.json", *small))
	t.rss()
	t.timedOne("", "deadlines-first.json", fmt.Sprintf("< %d ms", deadlinesFirstTargetMS), deadlinesFirstTargetMS)
	t.timedOne("", "deadlines.json", fmt.Sprintf("< %d ms", deadlinesTargetMS), deadlinesTargetMS)
	t.goBench("jobs", "jobs.txt", "/first", fmt.Sprintf("< %d ms", deadlinesFirstTargetMS), deadlinesFirstTargetMS)
	t.goBench("jobs", "jobs.txt", "/steady", fmt.Sprintf("< %d ms", deadlinesTargetMS), deadlinesTargetMS)
	t.goBench("bot", "bot.txt", botCommands, fmt.Sprintf("< %d ms", botTargetMS), botTargetMS)
	t.timedPair("PostgreSQL tickets import, dispatch order", "pg-import", "psql \\copy", "≤ 3.0", ratioVerdict(pgImportRatioTarget))
	t.timedPair("PostgreSQL report --format json", "pg-report", "psql GROUP BY", "≤ 1.0", ratioVerdict(reportRatioTarget))
	t.timedPair("PostgreSQL tickets import, shuffled", "pg-import-shuffled", "psql \\copy", "none set", nil)
	if *header != "" {
		fmt.Fprintln(stdout, *header)
	}
	fmt.Fprintf(stdout, "nproc=%d; wall-clock medians, spread = min–max, cpu = mean user+sys a run;\n"+
		"ratio = median of the wall-clock ratios of runs taken in turns with the baseline (ratio of mean cpu)\n\n", runtime.NumCPU())
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measurement\tmedian\tspread\tcpu\tbaseline: median, spread, cpu\tratio\ttarget\tmet")
	for _, r := range t.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.what, r.median, r.spread, r.cpu, r.versus, r.ratio, r.target, r.verdict)
	}
	return tw.Flush()
}

type resultsTable struct {
	dir  string
	rows []row
}

func (t *resultsTable) missing(what, file string, err error) {
	if what == "" {
		what = file
	}
	note := "not measured"
	if !errors.Is(err, fs.ErrNotExist) {
		note = "unreadable: " + err.Error()
	}
	t.rows = append(t.rows, row{what: what, median: note, spread: "(" + file + ")"})
}

func readTimed(path string) ([]timedCommand, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc hyperfineJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range doc.Results {
		r := &doc.Results[i]
		r.Median, r.Min, r.Max = summarize(r.Times)
	}
	return doc.Results, nil
}

// timedPair adds hotlinebot's command (NAME.json) against its baseline
// (NAME-base.json).
func (t *resultsTable) timedPair(what, name, baseline, target string, verdict func(float64) string) {
	var res [2]timedCommand
	for i, file := range []string{name + ".json", name + "-base.json"} {
		r, err := readTimed(filepath.Join(t.dir, file))
		if err == nil && len(r) != 1 {
			err = fmt.Errorf("%s: want 1 command, have %d", file, len(r))
		}
		if err != nil {
			t.missing(what, file, err)
			return
		}
		res[i] = r[0]
	}
	ours, base := res[0], res[1]
	ratio := pairedRatio(ours.Times, base.Times)
	r := row{what: what, median: seconds(ours.Median), spread: secondsRange(ours.Min, ours.Max), cpu: cpuSeconds(ours),
		versus: fmt.Sprintf("%s %s, %s, %s", baseline, seconds(base.Median), secondsRange(base.Min, base.Max), cpuSeconds(base)),
		ratio:  fmt.Sprintf("%.2f", ratio), target: target}
	if ours.cpu() > 0 && base.cpu() > 0 {
		r.ratio += fmt.Sprintf(" (%.2f)", ours.cpu()/base.cpu())
	}
	if verdict != nil {
		r.verdict = verdict(ratio)
	}
	t.rows = append(t.rows, r)
}

// timedOne adds a single timed command (what "": as the file names it);
// with a target in ms it is judged.
func (t *resultsTable) timedOne(what, file string, target ...any) {
	res, err := readTimed(filepath.Join(t.dir, file))
	if err == nil && len(res) == 0 {
		err = fmt.Errorf("%s: no results", file)
	}
	if err != nil {
		t.missing(what, file, err)
		return
	}
	c := res[0]
	if what == "" {
		what = c.Command // named by hotbench deadlines
	}
	r := row{what: what, median: seconds(c.Median), spread: secondsRange(c.Min, c.Max), cpu: cpuSeconds(c)}
	if len(target) == 2 {
		r.target = target[0].(string)
		r.verdict = under(c.Median*1000, float64(target[1].(int)), "ms")
	}
	t.rows = append(t.rows, r)
}

// rss adds the import's peak RSS at every size measured (rss-N.txt), the
// largest judged against the target and against the smallest: the memory
// must stay under the target and not grow with the file (SQLite's page
// cache fills up to its cap as the database grows, then stays).
func (t *resultsTable) rss() {
	sizes, err := rssSizes(t.dir)
	if err != nil || len(sizes) == 0 {
		t.missing("import peak RSS", "rss-N.txt", cmp.Or(err, fs.ErrNotExist))
		return
	}
	var first float64
	for i, n := range sizes {
		file := fmt.Sprintf("rss-%d.txt", n)
		kib, err := readNumbers(filepath.Join(t.dir, file))
		if err != nil {
			t.missing("import peak RSS", file, err)
			continue
		}
		med, lo, hi := summarize(kib)
		mb := med / 1024
		r := row{what: "import peak RSS at " + count(n), median: fmt.Sprintf("%.0f MB", mb),
			spread: fmt.Sprintf("%.0f–%.0f MB", lo/1024, hi/1024)}
		if i == 0 {
			first = mb
		} else {
			r.versus = fmt.Sprintf("at %s: %.0f MB", count(sizes[0]), first)
			r.ratio = fmt.Sprintf("%.2f", mb/first)
		}
		if i == len(sizes)-1 {
			r.target = fmt.Sprintf("≤ %d MB, flat", rssTargetMB)
			r.verdict = under(mb, rssTargetMB, "MB")
			if i > 0 {
				r.verdict += fmt.Sprintf(", %+.0f MB for %.0f× the rows", mb-first, float64(n)/float64(sizes[0]))
			}
		}
		t.rows = append(t.rows, r)
	}
}

// rssSizes lists the N of every rss-N.txt in dir, smallest first.
func rssSizes(dir string) ([]int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "rss-*.txt"))
	if err != nil {
		return nil, err
	}
	var sizes []int
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), "rss-"), ".txt")
		if n, err := strconv.Atoi(base); err == nil {
			sizes = append(sizes, n)
		}
	}
	slices.Sort(sizes)
	return sizes, nil
}

// botCommands picks the bot benchmarks README.md "Performance" names from BenchmarkCommands'
// (Commands/MODE/ROLE/COMMAND).
const botCommands = `/(grade|summary|ranking|tickets)$`

// goBench adds each benchmark of a `go test -bench` output whose name
// matches pick ("": all), with the median and spread of ns/op over -count
// runs.
func (t *resultsTable) goBench(what, file, pick, target string, limitMS int) {
	runs, order, err := readGoBench(filepath.Join(t.dir, file))
	if err == nil && len(order) == 0 {
		err = fmt.Errorf("%s: no benchmarks", file)
	}
	if err != nil {
		t.missing(what, file, err)
		return
	}
	for _, name := range order {
		if ok, _ := regexp.MatchString(pick, name); !ok {
			continue
		}
		med, lo, hi := summarize(runs[name])
		t.rows = append(t.rows, row{what: what + " " + name, median: millis(med / 1e6), spread: millisRange(lo/1e6, hi/1e6),
			target: target, verdict: under(med/1e6, float64(limitMS), "ms")})
	}
}

// readGoBench collects ns/op per benchmark name, in first-seen order.
func readGoBench(path string) (map[string][]float64, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	runs := make(map[string][]float64)
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || fields[3] != "ns/op" {
			continue
		}
		ns, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		if _, seen := runs[name]; !seen {
			order = append(order, name)
		}
		runs[name] = append(runs[name], ns)
	}
	return runs, order, sc.Err()
}

func readNumbers(path string) ([]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, f := range strings.Fields(string(data)) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, v)
	}
	return out, nil
}

func ratioVerdict(target float64) func(float64) string {
	return func(ratio float64) string {
		if ratio <= target {
			return "yes"
		}
		return fmt.Sprintf("NO (%.0f%% over)", (ratio/target-1)*100)
	}
}

func under(v, limit float64, unit string) string {
	if v <= limit {
		return "yes"
	}
	return fmt.Sprintf("NO (%.0f %s over)", v-limit, unit)
}

func seconds(s float64) string {
	if s < 1 {
		return millis(s * 1000)
	}
	return fmt.Sprintf("%.2f s", s)
}

// pairedRatio is the median of the ratios of the runs taken in turns
// (ours[i] / base[i]), which a shared machine's changing load affects
// least; the ratio of the medians when the runs do not pair up.
func pairedRatio(ours, base []float64) float64 {
	if len(ours) != len(base) || len(ours) == 0 {
		m1, _, _ := summarize(ours)
		m2, _, _ := summarize(base)
		return m1 / m2
	}
	ratios := make([]float64, len(ours))
	for i := range ours {
		ratios[i] = ours[i] / base[i]
	}
	m, _, _ := summarize(ratios)
	return m
}

// cpuSeconds is a command's mean CPU time, or "" when not recorded.
func cpuSeconds(c timedCommand) string {
	if c.cpu() == 0 {
		return ""
	}
	return seconds(c.cpu())
}

func secondsRange(lo, hi float64) string {
	if hi < 1 {
		return millisRange(lo*1000, hi*1000)
	}
	return fmt.Sprintf("%.2f–%.2f s", lo, hi)
}

func millis(ms float64) string {
	if ms < 10 {
		return fmt.Sprintf("%.2f ms", ms)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

func millisRange(lo, hi float64) string {
	if hi < 10 {
		return fmt.Sprintf("%.2f–%.2f ms", lo, hi)
	}
	return fmt.Sprintf("%.0f–%.0f ms", lo, hi)
}

// count writes 1000000 as 1M and 250000 as 250k.
func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}
