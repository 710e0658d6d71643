package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"hotlinebot/bench/internal/benchdata"
	"hotlinebot/demo"
	"hotlinebot/domain"
)

func genCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	n := fs.Int("n", 1_000_000, "tickets to generate")
	nunits := fs.Int("units", benchdata.UnitCount, "units (the demo's 90, then generated departments)")
	dir := fs.String("dir", "bench/out", "directory to write units.csv, tickets.csv and meta.env into")
	period := fs.String("period", benchdata.Period, "the quarter the tickets are dispatched in")
	at := fs.String("at", benchdata.At, "the instant the data stands at and the report is evaluated at (Asia/Shanghai)")
	seed := fs.Uint64("seed", demo.DefaultSeed, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := benchdata.NewSetup(*period, *at)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	units := benchdata.Units(*nunits)
	if err := writeFile(filepath.Join(*dir, "units.csv"), func(w io.Writer) error { return writeUnits(w, units) }); err != nil {
		return err
	}
	err = writeFile(filepath.Join(*dir, "tickets.csv"), func(w io.Writer) error {
		return demo.WriteCSV(w, *n, units, s.Period, s.At, s.Config.Policy, *seed)
	})
	if err != nil {
		return err
	}
	if err := writeShuffled(filepath.Join(*dir, "tickets.csv"), filepath.Join(*dir, "shuffled.csv"), *n, *seed); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*dir, "meta.env"), func(w io.Writer) error { return writeMeta(w, s, *n, len(units)) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d units, %d tickets of %s at %s (and shuffled.csv)\n", *dir, len(units), *n, s.Period, *at)
	return nil
}

// writeShuffled writes the rows of the ticket file src to dst in a random
// order (the same for the same seed), under the same header: an export
// sorted by unit, by completion or by hand, which no index sees in order.
// The generator writes one line per ticket (no line breaks in a field);
// n checks it.
func writeShuffled(src, dst string, n int, seed uint64) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(data), "\n")
	if last := len(lines) - 1; lines[last] == "" {
		lines = lines[:last]
	}
	if len(lines) != n+1 {
		return fmt.Errorf("%s: %d lines for %d tickets: a field spans lines, cannot shuffle by line", src, len(lines), n)
	}
	rows := lines[1:]
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rnd.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return writeFile(dst, func(w io.Writer) error {
		for _, l := range lines {
			if !strings.HasSuffix(l, "\n") {
				l += "\n"
			}
			if _, err := io.WriteString(w, l); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeFile writes path through a buffer, replacing it only when complete.
func writeFile(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeUnits(w io.Writer, units []domain.Unit) error {
	if _, err := io.WriteString(w, "name,kind,aliases\n"); err != nil {
		return err
	}
	for _, u := range units {
		if _, err := fmt.Fprintf(w, "%s,%s,%s\n", u.Name, u.Kind, strings.Join(u.Aliases, "、")); err != nil {
			return err
		}
	}
	return nil
}

// writeMeta writes the shell variables compare.sh sources.
func writeMeta(w io.Writer, s benchdata.Setup, n, units int) error {
	_, err := fmt.Fprintf(w, "N=%d\nUNITS=%d\nPERIOD=%s\nAT='%s'\nAT_TEXT='%s'\nSTART_TEXT='%s'\nEND_TEXT='%s'\n",
		n, units, s.Period, s.At.Format("2006-01-02 15:04"), s.TextTime(s.At),
		s.TextTime(s.Period.Start), s.TextTime(s.Period.End))
	return err
}
