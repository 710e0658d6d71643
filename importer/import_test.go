package importer

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hotlinebot/config"
	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, got)
	}
}

// report renders a summary as the command prints it.
func report(sum Summary) string {
	var b strings.Builder
	for _, e := range sum.Errors {
		b.WriteString(e.Error() + "\n")
	}
	b.WriteString(sum.String() + "\n")
	return b.String()
}

func importOpts(t testing.TB) Options {
	p := config.Defaults().Policy
	return Options{Policy: p, Location: p.Location}
}

func TestImportTicketsBadRows(t *testing.T) {
	st := newFakeStore()
	sum, err := ImportTickets(context.Background(), "testdata/bad_rows.csv", importOpts(t), st)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "bad_rows.golden", report(sum))
	if sum.Loaded != 3 || sum.Refused != 13 || len(st.Tickets) != 3 {
		t.Errorf("summary %+v, stored %d; want 3 loaded, 13 refused", sum, len(st.Tickets))
	}
	if got := st.Tickets["GOOD-2"].Summary; got != "多行\n内容" {
		t.Errorf("multi-line summary = %q", got)
	}
}

func TestImportTicketsStrict(t *testing.T) {
	ctx := context.Background()
	opts := importOpts(t)
	opts.Strict = true
	t.Run("a bad row loads nothing", func(t *testing.T) {
		st := newFakeStore()
		sum, err := ImportTickets(ctx, "testdata/bad_rows.csv", opts, st)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Loaded != 0 || sum.Refused != 13 || len(st.Tickets) != 0 || st.Calls != 0 {
			t.Errorf("summary %+v, stored %d in %d calls; want nothing loaded", sum, len(st.Tickets), st.Calls)
		}
		lenient, err := ImportTickets(ctx, "testdata/bad_rows.csv", importOpts(t), newFakeStore())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sum.Errors, lenient.Errors) {
			t.Error("strict mode reports other problems than a normal import")
		}
	})
	t.Run("a clean file loads", func(t *testing.T) {
		st := newFakeStore()
		path := writeFile(t, "tickets.csv", []byte(chineseTickets))
		sum, err := ImportTickets(ctx, path, opts, st)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Loaded != 3 || sum.Refused != 0 || sum.Rows != 3 {
			t.Errorf("summary %+v, want 3 rows loaded", sum)
		}
	})
}

func TestImportTicketsReimport(t *testing.T) {
	ctx := context.Background()
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(chineseTickets)
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "tickets.csv", []byte(gb))
	st := newFakeStore()
	tests := []struct {
		name    string
		content string
		want    Summary
	}{
		{"first import", gb, Summary{Rows: 3, Loaded: 3}},
		{"same file again", gb, Summary{Rows: 3, Unchanged: 3}},
		{"one ticket changed", strings.Replace(gb, "2017-04-03 11:00", "2017-04-03 11:30", 1), Summary{Rows: 3, Updated: 1, Unchanged: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			sum, err := ImportTickets(ctx, path, importOpts(t), st)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sum, tt.want) {
				t.Errorf("summary %+v, want %+v", sum, tt.want)
			}
		})
	}
}

func TestImportTicketsLaterRowWins(t *testing.T) {
	content := "ticket_no,unit,category,dispatched_at,topic\n" +
		"A-1,临湘,投诉,2017-04-03 09:15,first\nA-2,临湘,投诉,2017-04-03 09:15,x\nA-1,临湘,投诉,2017-04-03 09:15,second\n"
	for _, batchSize := range []int{5000, 1} {
		t.Run(fmt.Sprintf("batch %d", batchSize), func(t *testing.T) {
			st := newFakeStore()
			opts := importOpts(t)
			opts.BatchSize = batchSize
			sum, err := ImportTickets(context.Background(), writeFile(t, "t.csv", []byte(content)), opts, st)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Tickets["A-1"].Topic; got != "second" {
				t.Errorf("A-1 topic = %q, want the later row's", got)
			}
			if sum.Rows != sum.Loaded+sum.Updated+sum.Superseded {
				t.Errorf("summary %+v does not account for every row", sum)
			}
		})
	}
}

func TestImportTicketsXLSX(t *testing.T) {
	path := writeWorkbook(t, [][]any{
		{"ticket_no", "unit", "category", "dispatched_at", "completed_at"},
		{"X-1", "岳阳县", "投诉", at(t, 2017, 4, 3, 9, 15, 0).Round(0).In(testkit.Shanghai()), "2017-04-03 08:00"},
		{"X-2", "岳阳县", "投诉", "2017/4/3 9:15"},
	}, false)
	st := newFakeStore()
	sum, err := ImportTickets(context.Background(), path, importOpts(t), st)
	if err != nil {
		t.Fatal(err)
	}
	got := report(sum)
	want := path + ":2: completed_at: before dispatched_at 2017-04-03 09:15\n2 rows: 1 loaded, 0 updated, 0 unchanged, 1 refused\n"
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
}

func TestImportTicketsManyRows(t *testing.T) {
	const n = 2*ProgressEvery + 7
	var b strings.Builder
	b.WriteString("ticket_no,unit,category,dispatched_at,rework_count\n")
	for i := range n {
		rework := "0"
		if i%1000 == 999 {
			rework = "x" // one bad row in a thousand
		}
		fmt.Fprintf(&b, "T-%d,临湘,投诉,2017-04-03 09:15,%s\n", i, rework)
	}
	path := writeFile(t, "t.csv", []byte(b.String()))
	st := newFakeStore()
	opts := importOpts(t)
	var progress []int64
	opts.Progress = func(n int64) { progress = append(progress, n) }
	sum, err := ImportTickets(context.Background(), path, opts, st)
	if err != nil {
		t.Fatal(err)
	}
	const bad = n / 1000
	if sum.Rows != n || sum.Loaded != n-bad || sum.Refused != bad || sum.Problems != bad || len(sum.Errors) != bad {
		t.Errorf("summary: %s, %d problems, %d kept", sum, sum.Problems, len(sum.Errors))
	}
	if want := []int64{ProgressEvery, 2 * ProgressEvery, n}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress calls %v, want %v", progress, want)
	}
	if want := (n - bad + DefaultBatchSize - 1) / DefaultBatchSize; st.Calls != want {
		t.Errorf("%d store calls, want %d batches", st.Calls, want)
	}
}

func TestImportTicketsKeepsFirstErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("ticket_no,unit,category,dispatched_at\n")
	for range MaxErrors + 500 {
		b.WriteString(",nowhere,投诉,2017-04-03 09:15\n") // two problems a row
	}
	sum, err := ImportTickets(context.Background(), writeFile(t, "t.csv", []byte(b.String())), importOpts(t), newFakeStore())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Refused != MaxErrors+500 || sum.Problems != 2*(MaxErrors+500) || len(sum.Errors) != MaxErrors {
		t.Errorf("refused %d, problems %d, kept %d", sum.Refused, sum.Problems, len(sum.Errors))
	}
	if sum.Errors[0].Line != 2 || sum.Errors[1].Line != 2 || sum.Errors[2].Line != 3 {
		t.Errorf("kept errors are not the first ones: %v", sum.Errors[:3])
	}
}

func TestImportTicketsFailures(t *testing.T) {
	var b strings.Builder
	b.WriteString("ticket_no,unit,category,dispatched_at\n")
	for i := range 5 {
		fmt.Fprintf(&b, "T-%d,临湘,投诉,2017-04-03 09:15\n", i)
	}
	path := writeFile(t, "t.csv", []byte(b.String()))
	t.Run("store fails", func(t *testing.T) {
		st := newFakeStore()
		st.FailAt = 2
		opts := importOpts(t)
		opts.BatchSize = 2
		_, err := ImportTickets(context.Background(), path, opts, st)
		if err == nil || err.Error() != "import "+path+": database is locked" {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := ImportTickets(ctx, path, importOpts(t), newFakeStore())
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("no units loaded", func(t *testing.T) {
		st := newFakeStore()
		st.AllUnits = nil
		_, err := ImportTickets(context.Background(), "testdata/bad_rows.csv", importOpts(t), st)
		want := `testdata/bad_rows.csv: no units are loaded yet, so no ticket can be filed; load them first with "units import"`
		if err == nil || err.Error() != want {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := ImportTickets(context.Background(), "tickets.csv", importOpts(t), newFakeStore())
		if err == nil || err.Error() != "tickets.csv: no such file" {
			t.Errorf("error = %v", err)
		}
	})
}

func TestImportUnits(t *testing.T) {
	st := &fakeUnitStore{}
	sum, err := ImportUnits(context.Background(), "testdata/units.csv", st)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "units.golden", report(sum))
	want := map[string]domain.Unit{
		"岳阳县政府": {Name: "岳阳县政府", Kind: domain.District, Aliases: []string{"岳阳县"}},
		"临湘市政府": {Name: "临湘市政府", Kind: domain.District, Aliases: []string{"临湘"}},
		"市规划局":  {Name: "市规划局", Kind: domain.Department, Aliases: []string{"规划局", "市规划"}},
		"市城管局":  {Name: "市城管局", Kind: domain.Department, Aliases: []string{"城管"}},
	}
	if !reflect.DeepEqual(st.units, want) {
		t.Errorf("stored units:\n%v\nwant\n%v", st.units, want)
	}
}

// discardStore takes tickets and stores nothing, to time the importer alone.
type discardStore struct{}

func (discardStore) Units(context.Context) ([]domain.Unit, error) { return testUnits(), nil }

func (discardStore) UpsertTickets(_ context.Context, tickets []domain.Ticket) ([]domain.Outcome, error) {
	return make([]domain.Outcome, len(tickets)), nil
}

// BenchmarkImportTickets reads, parses and batches a CSV of realistic rows
// without a database: the importer's share of a bulk load.
func BenchmarkImportTickets(b *testing.B) {
	const n = 100_000
	var sb strings.Builder
	sb.WriteString("工单编号,责任单位,诉求类型,诉求分类,是否急办,派单时间,办理时限,办结时间,返工次数,回访结果,诉求内容\n")
	for i := range n {
		fmt.Fprintf(&sb, "YY2017%07d,岳阳县政府,投诉,城市管理类,否,2017-04-03 09:%02d:00,,2017-04-07 16:30:00,0,满意,市民反映小区路灯不亮已有一周请尽快维修\n", i, i%60)
	}
	path := writeFile(b, "bench.csv", []byte(sb.String()))
	opts := importOpts(b)
	b.ReportAllocs()
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		sum, err := ImportTickets(context.Background(), path, opts, discardStore{})
		if err != nil || sum.Refused > 0 {
			b.Fatal(err, sum)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
