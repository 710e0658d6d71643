package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hotlinebot/store"
	"hotlinebot/store/storetest"
)

// TestImportIntoStore runs the unit and ticket imports against the real
// store on both engines: what the importer hands over is what the store
// takes, and a re-import changes nothing.
func TestImportIntoStore(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := ImportUnits(ctx, "testdata/units.csv", st); err != nil {
			t.Fatal(err)
		}
		first, err := ImportTickets(ctx, "testdata/bad_rows.csv", importOpts(t), st)
		if err != nil {
			t.Fatal(err)
		}
		if first.Loaded != 3 || first.Refused != 13 {
			t.Errorf("first import: %s", first)
		}
		again, err := ImportTickets(ctx, "testdata/bad_rows.csv", importOpts(t), st)
		if err != nil {
			t.Fatal(err)
		}
		if again.Unchanged != 3 || again.Loaded+again.Updated != 0 {
			t.Errorf("re-import: %s", again)
		}
		tk, err := st.Ticket(ctx, "GOOD-2")
		if err != nil {
			t.Fatal(err)
		}
		want := at(t, 2017, 4, 6, 9, 15, 0) // urgent: 24 hours
		if !tk.Urgent || !tk.DueAt.Equal(want) || tk.Summary != "多行\n内容" {
			t.Errorf("GOOD-2 = %+v", tk)
		}
	})
}

// BenchmarkImportTicketsSQLite loads 100,000 rows into a fresh SQLite
// database per iteration: the figure to compare with sqlite3's .import.
func BenchmarkImportTicketsSQLite(b *testing.B) {
	const n = 100_000
	var sb strings.Builder
	sb.WriteString("ticket_no,unit,category,topic,urgent,dispatched_at,due_at,completed_at,rework_count,callback,summary\n")
	for i := range n {
		fmt.Fprintf(&sb, "YY2017%07d,岳阳县政府,投诉,城市管理类,否,2017-04-03 09:%02d:00,,2017-04-07 16:30:00,0,满意,市民反映小区路灯不亮已有一周请尽快维修\n", i, i%60)
	}
	path := writeFile(b, "bench.csv", []byte(sb.String()))
	ctx := context.Background()
	opts := importOpts(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(ctx, storetest.SQLite(b))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ImportUnits(ctx, "testdata/units.csv", st); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := ImportTickets(ctx, path, opts, st)
		if err != nil || sum.Loaded != n {
			b.Fatal(err, sum)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
