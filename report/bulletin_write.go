package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"hotlinebot/domain"
)

// BulletinFormats lists the forms a bulletin is written in, the default first.
func BulletinFormats() []string { return []string{"text", "md", "docx"} }

// WriteBulletin renders the bulletin in the given format: text for the
// terminal, md for pasting, docx for Word and WPS.
func WriteBulletin(w io.Writer, d BulletinDoc, format string) error {
	switch format {
	case "text":
		return bulletinText(w, d)
	case "md":
		return bulletinMarkdown(w, d)
	case "docx":
		return BulletinDOCX(w, d)
	}
	return fmt.Errorf("unknown bulletin format %q (want %s)", format, strings.Join(BulletinFormats(), ", "))
}

// KnownBulletinFormat reports whether WriteBulletin can render the format.
func KnownBulletinFormat(format string) bool { return slices.Contains(BulletinFormats(), format) }

// BulletinFileName is a file name for the bulletin of the period, such as
// 12345热线运行情况通报-2026Q3.docx.
func BulletinFileName(p domain.Period, format string) string {
	ext := format
	if format == "text" {
		ext = "txt"
	}
	return "12345热线运行情况通报-" + p.String() + "." + ext
}

// paragraphIndent opens a paragraph of Chinese prose: two full-width spaces.
const paragraphIndent = "　　"

func bulletinText(w io.Writer, d BulletinDoc) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s\n", d.Title, d.Subtitle)
	for _, s := range d.Sections {
		fmt.Fprintf(bw, "\n%s\n", s.Heading)
		for _, p := range s.Paragraphs {
			fmt.Fprintln(bw, paragraphIndent+p)
		}
	}
	fmt.Fprintf(bw, "\n%s\n\n", d.Annex)
	if err := Text(bw, d.Table, domain.LangZH); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write bulletin: %w", err)
	}
	return nil
}

func bulletinMarkdown(w io.Writer, d BulletinDoc) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n*%s*\n", mdText(d.Title), mdText(d.Subtitle))
	for _, s := range d.Sections {
		fmt.Fprintf(bw, "\n## %s\n\n", mdText(s.Heading))
		for _, p := range s.Paragraphs {
			fmt.Fprintf(bw, "%s\n\n", mdText(p))
		}
	}
	fmt.Fprintf(bw, "## %s\n\n%s\n", mdText(d.Annex), mdText(title(d.Table, domain.LangZH)))
	for _, g := range annexGroups(d.Table) {
		fmt.Fprintf(bw, "\n### %s\n\n", mdText(g.title))
		mdRow(bw, g.header)
		fmt.Fprintln(bw, "|"+strings.Repeat(" --- |", len(g.header)))
		for _, row := range g.rows {
			mdRow(bw, row)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write bulletin: %w", err)
	}
	return nil
}

func mdRow(w io.Writer, cells []string) {
	escaped := make([]string, len(cells))
	for i, c := range cells {
		escaped[i] = mdText(c)
	}
	fmt.Fprintln(w, "| "+strings.Join(escaped, " | ")+" |")
}

// mdMarkup are the characters Markdown would read as markup in a unit name
// or topic; each is escaped with a backslash.
var mdMarkup = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "\n", " ", "\r", " ")

func mdText(s string) string { return mdMarkup.Replace(s) }

// annexGroup is one heading of the annexed table: its title, column names
// and rows.
type annexGroup struct {
	title  string
	header []string
	rows   [][]string
}

// annexGroups is the evaluation table as the bulletin annexes it: graded
// units under 综合评价A类单位 / B类单位 / C类及以下单位, then the units with
// no counting ticket.
func annexGroups(r domain.Report) []annexGroup {
	head := headers(domain.LangZH)
	var out []annexGroup
	for _, s := range sections(r, domain.LangZH) {
		g := annexGroup{title: countedTitle(s.title, len(s.cards), domain.LangZH), header: head}
		for _, sc := range s.cards {
			g.rows = append(g.rows, cells(sc, domain.LangZH))
		}
		out = append(out, g)
	}
	if len(r.NoTickets) > 0 {
		g := annexGroup{title: countedTitle(noTicketTitle(domain.LangZH), len(r.NoTickets), domain.LangZH), header: head}
		for _, u := range r.NoTickets {
			g.rows = append(g.rows, noTicketCells(u, domain.LangZH))
		}
		out = append(out, g)
	}
	return out
}
