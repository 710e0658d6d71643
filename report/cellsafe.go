package report

// spreadsheetText neutralises a text cell that a spreadsheet would read as
// a formula (a unit named =HYPERLINK(…) or +cmd|' /C calc'!A0 would run
// when the operator opens the export), as OWASP's CSV injection guidance
// recommends: a cell starting with =, +, -, @, tab or carriage return (or
// the full-width ＝＋－＠ some CJK spreadsheets also take) gets a leading
// single quote, so it shows as the text it is. It is the one rule for every
// spreadsheet export: the CSV and XLSX tables, and so the file /report
// sends.
func spreadsheetText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if len(s) >= len(p) && s[:len(p)] == p {
			return "'" + s
		}
	}
	return s
}

// spreadsheetRow applies spreadsheetText to every cell of row, in place.
func spreadsheetRow(row []string) []string {
	for i, v := range row {
		row[i] = spreadsheetText(v)
	}
	return row
}
