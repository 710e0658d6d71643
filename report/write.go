package report

import (
	"fmt"
	"io"
	"slices"

	"hotlinebot/domain"
)

// Formats lists the report formats Write knows, the default first.
func Formats() []string { return []string{"text", "csv", "json", "xlsx"} }

// KnownFormat reports whether Write can render the format.
func KnownFormat(format string) bool { return slices.Contains(Formats(), format) }

// Write renders the report in the given format (text, csv, json or xlsx);
// lang ("zh" or "en") applies to the text table only, since CSV and XLSX
// carry the bulletin's Chinese headers and JSON its English keys.
func Write(w io.Writer, r domain.Report, format, lang string) error {
	switch format {
	case "text":
		return Text(w, r, lang)
	case "csv":
		return CSV(w, r)
	case "json":
		b, err := JSON(r)
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("write report json: %w", err)
		}
		return nil
	case "xlsx":
		return XLSX(w, r)
	}
	return fmt.Errorf("unknown report format %q (want text, csv, json or xlsx)", format)
}

// FileName is a file name for the report in the given format, such as
// 12345热线综合评价-2017Q2.xlsx (text reports get .txt).
func FileName(r domain.Report, format string) string {
	ext := format
	if format == "text" {
		ext = "txt"
	}
	return "12345热线综合评价-" + r.Period.String() + "." + ext
}
