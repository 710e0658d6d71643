package importer

import (
	"context"
	"strings"
	"testing"
)

func TestImportRefusesTimesOutsideTheRange(t *testing.T) {
	const rangeText = "is outside the accepted range 2000-01-01 to 2099-12-31"
	csvPath := writeFile(t, "tickets.csv", []byte("ticket_no,unit,category,dispatched_at,due_at,completed_at\n"+
		"OK-1,岳阳县,投诉,2017-04-03 09:15,,\n"+
		"Y0,岳阳县,投诉,0000-01-01T00:00:00+14:00,,\n"+
		"Y9999,岳阳县,投诉,2017-04-03 09:15,9999-12-31 23:59,\n"+
		"PAST,岳阳县,投诉,2017-04-03 09:15,,9999-12-31T20:00:00-10:00\n"))
	xlsxPath := writeWorkbook(t, [][]any{
		{"ticket_no", "unit", "category", "dispatched_at", "due_at"},
		{"OK-1", "岳阳县", "投诉", "2017-04-03 09:15"},
		{"SERIAL1", "岳阳县", "投诉", 1.0},                              // 1899-12-31 as Excel stores it
		{"SERIAL9999", "岳阳县", "投诉", "2017-04-03 09:15", 2958465.5}, // 9999-12-31 12:00
	}, false)
	cases := []struct {
		name, path string
		refused    []string
	}{
		{"csv", csvPath, []string{":3: dispatched_at: ", ":4: due_at: ", ":5: completed_at: "}},
		{"xlsx", xlsxPath, []string{":3: dispatched_at: ", ":4: due_at: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newFakeStore()
			sum, err := ImportTickets(context.Background(), c.path, importOpts(t), st)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Loaded != 1 || sum.Refused != len(c.refused) || len(st.tickets) != 1 {
				t.Fatalf("summary %+v; want 1 loaded, %d refused", sum, len(c.refused))
			}
			for i, want := range c.refused {
				if got := sum.Errors[i].Error(); !strings.Contains(got, want) || !strings.Contains(got, rangeText) {
					t.Errorf("error %d = %q, want %q … %q", i, got, want, rangeText)
				}
			}
		})
	}
}
