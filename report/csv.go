package report

import (
	"encoding/csv"
	"fmt"
	"io"

	"hotlinebot/domain"
)

// utf8BOM starts the CSV: without it Excel on a Chinese Windows reads the
// file as GBK and garbles every Chinese header and unit name.
const utf8BOM = "\uFEFF"

// CSV writes the evaluation table with the bulletin's Chinese headers, rates
// as percentages, graded units in the report's order and then the units with
// no counting ticket (empty figures, grade 无工单), in UTF-8 with a BOM; text
// a spreadsheet would evaluate is neutralised (spreadsheetText).
func CSV(w io.Writer, r domain.Report) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write report csv: %w", err)
	}
	cw := csv.NewWriter(w)
	rows := [][]string{headers("zh")}
	for _, sc := range r.Units {
		rows = append(rows, spreadsheetRow(cells(sc, "zh")))
	}
	for _, u := range r.NoTickets {
		rows = append(rows, spreadsheetRow(noTicketCells(u, "zh")))
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write report csv: %w", err)
	}
	return nil
}
