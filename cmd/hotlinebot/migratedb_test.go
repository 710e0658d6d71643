package main

import (
	"path/filepath"
	"strings"
	"testing"

	"hotlinebot/store/storetest"
)

func TestMigrateDBToPostgresKeepsTheReport(t *testing.T) {
	sqlite := map[string]string{"HOTLINE_DB": filepath.Join(t.TempDir(), "h.db"), "HOTLINE_TIMEZONE": "UTC"}
	pg := storetest.Postgres(t)
	units := writeFile(t, "units.csv", "name,kind\n岳阳县政府,district\n市规划局,department\n市金融办,department\n")
	if code, _, errOut := runCLI(t, sqlite, "units", "import", units); code != 0 {
		t.Fatal(errOut)
	}
	tickets := writeFile(t, "t.csv", bulletinTickets(bulletin[2:4]))
	if code, _, errOut := runCLI(t, sqlite, "tickets", "import", tickets); code != 0 {
		t.Fatal(errOut)
	}
	report := []string{"report", "--period", "2017Q2", "--at", "2017-12-31 00:00", "--format", "json"}
	_, before, _ := runCLI(t, sqlite, report...)

	code, out, errOut := runCLI(t, sqlite, "migrate-db", "--to", pg)
	if code != 0 || !strings.Contains(out, "counts verified") {
		t.Fatalf("migrate-db: exit %d: %s %s", code, out, errOut)
	}
	_, after, _ := runCLI(t, map[string]string{"HOTLINE_DB": pg, "HOTLINE_TIMEZONE": "UTC"}, report...)
	if before != after || !strings.Contains(after, "市规划局") {
		t.Errorf("report changed after migrate-db:\nbefore %s\nafter %s", before, after)
	}
	if code, _, errOut = runCLI(t, sqlite, "migrate-db", "--to", pg); code == 0 {
		t.Errorf("a second migrate-db into a non-empty database must be refused")
	} else if !strings.Contains(errOut, "empty") {
		t.Errorf("refusal should say the target is not empty: %q", errOut)
	}
}
