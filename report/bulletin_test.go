package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
)

// bulletinDoc is the 2017 Q2 table's bulletin against a 2017 Q1 in which
// 临湘市政府 was at B and 市金融办 at A, with ticket figures for both
// quarters and for 2016 Q2.
func bulletinDoc(t testing.TB) BulletinDoc {
	t.Helper()
	cur := bulletinReport(t)
	loc := testkit.Shanghai()
	q1 := domain.NewPeriod(domain.Quarter, 2017, 1, loc)
	prevCounts := map[int64]domain.Counts{
		1: {Should: 4000, Handled: 4000, Overdue: 2, Satisfied: 200, Dissatisfied: 4},
		2: {Should: 3000, Handled: 2990, Overdue: 500, Rework: 10, Satisfied: 150, Dissatisfied: 10},
		3: {Should: 150, Handled: 150, Overdue: 20, Rework: 2, Satisfied: 14, Dissatisfied: 2},
		4: {Should: 30, Handled: 30, Overdue: 1},
	}
	units := append(append([]domain.Unit(nil), unitsOf(cur)...), cur.NoTickets...)
	prev := domain.NewReport(q1, time.Date(2017, 4, 1, 9, 0, 0, 0, loc), units, prevCounts, domain.DefaultScheme())
	figures := func(total int, topics map[string]int) domain.PeriodFigures {
		return domain.PeriodFigures{Total: total, Urgent: 120, UrgentOnTime: 113, Topics: topics,
			ByCategory: map[domain.Category]int{domain.Complaint: total * 4 / 10, domain.Help: total * 3 / 10,
				domain.Inquiry: total * 2 / 10, domain.Suggestion: total - total*4/10 - total*3/10 - total*2/10}}
	}
	b := domain.DefaultScheme().Bulletin(domain.BulletinInput{
		Current: cur, Final: true, Previous: prev, HasPrevious: true,
		Figures:     figures(7455, map[string]int{"城市管理类": 1500, "社会保障类": 1003, "住房保障类": 700, "<交通>&运输": 12}),
		PrevFigures: figures(7180, nil),
		YearAgo:     figures(8000, nil),
	})
	return NewBulletinDoc(b, cur)
}

func unitsOf(r domain.Report) []domain.Unit {
	var out []domain.Unit
	for _, sc := range r.Units {
		out = append(out, sc.Unit)
	}
	return out
}

func TestBulletinTextAndMarkdown(t *testing.T) {
	for _, format := range []string{"text", "md"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteBulletin(&buf, bulletinDoc(t), format); err != nil {
				t.Fatal(err)
			}
			golden(t, "bulletin_prose."+map[string]string{"text": "txt", "md": "md"}[format], buf.Bytes())
		})
	}
}

func TestBulletinFigures(t *testing.T) {
	figures := bulletinDoc(t).Figures()
	for _, want := range []string{
		"计入考核的工单共 7455 件，同比下降 6.81%，环比增长 3.83%",
		"投诉 2982 件（占 40%，同比下降 6.81%，环比增长 3.83%）",
		"共承办工单 7455 件，办结 7440 件，办结率 99.8%；按期办结 7338 件，按期办结率 98.43%",
		"其中急办工单 120 件，已及时办理 113 件，及时办理率 94.17%",
		"各县市区中工单办理数排在前五位的是：岳阳县政府（4194 件）、临湘市政府（3057 件）",
		"市民答复满意 388 件、不满意 21 件，群众满意率 94.87%",
		"综合评价为A类的 2 家，占比 40%",
		"临湘市政府由B类升至A类（按期办结率 83% → 97.49%",
		"市金融办由A类降至C类（按期办结率 96.67% → 67.57%",
		"考核等级在C类及以下的责任单位 2 家，较上季度增加 2 家，分别是：市金融办（C类，89.5）、市审计局（E类，40）",
		"城市管理类 1500 件，占比 20.12%；社会保障类 1003 件，占比 13.45%",
	} {
		if !strings.Contains(figures, want) {
			t.Errorf("figures lack %q\n%s", want, figures)
		}
	}
}

// docxText reads a DOCX back: the text of each body paragraph, and each
// table row's cells.
func docxText(t *testing.T, data []byte) (paragraphs []string, rows [][]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var document []byte
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(body, new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
		if f.Name == "word/document.xml" {
			document = body
		}
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} {
		if !slices.Contains(names, part) {
			t.Errorf("no %s in %v", part, names)
		}
	}
	var doc struct {
		Body struct {
			Items []struct {
				XMLName xml.Name
				Runs    []string `xml:"r>t"`
				Rows    []struct {
					Cells []struct {
						Runs []string `xml:"p>r>t"`
					} `xml:"tc"`
				} `xml:"tr"`
			} `xml:",any"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal(document, &doc); err != nil {
		t.Fatal(err)
	}
	for _, item := range doc.Body.Items {
		switch item.XMLName.Local {
		case "p":
			paragraphs = append(paragraphs, strings.Join(item.Runs, ""))
		case "tbl":
			for _, r := range item.Rows {
				var cells []string
				for _, c := range r.Cells {
					cells = append(cells, strings.Join(c.Runs, ""))
				}
				rows = append(rows, cells)
			}
		}
	}
	return paragraphs, rows
}

func TestBulletinDOCX(t *testing.T) {
	d := bulletinDoc(t)
	var buf bytes.Buffer
	if err := WriteBulletin(&buf, d, "docx"); err != nil {
		t.Fatal(err)
	}
	paragraphs, rows := docxText(t, buf.Bytes())
	t.Run("the prose, in order", func(t *testing.T) {
		var want []string
		want = append(want, d.Title, d.Subtitle)
		for _, s := range d.Sections {
			want = append(want, s.Heading)
			want = append(want, s.Paragraphs...)
		}
		want = append(want, "", d.Annex, title(d.Table, "zh"))
		if !slices.Equal(paragraphs, want) {
			t.Errorf("paragraphs\n%q\nwant\n%q", paragraphs, want)
		}
	})
	t.Run("the evaluation table", func(t *testing.T) {
		var want [][]string
		want = append(want, headers("zh"))
		for _, g := range annexGroups(d.Table) {
			want = append(want, []string{g.title})
			want = append(want, g.rows...)
		}
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want %d:\n%q", len(rows), len(want), rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
			}
		}
		if got := rows[2]; got[0] != "岳阳县政府" || got[11] != "99.2" || got[12] != "A" {
			t.Errorf("first unit row %q", got)
		}
	})
	t.Run("names that are markup stay text", func(t *testing.T) {
		if !strings.Contains(strings.Join(paragraphs, "\n"), "<交通>&运输 12 件") {
			t.Errorf("topic with < and & lost: %q", paragraphs)
		}
	})
	t.Run("A4 pages", func(t *testing.T) {
		zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		for _, f := range zr.File {
			if f.Name != "word/document.xml" {
				continue
			}
			rc, _ := f.Open()
			body, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Contains(body, []byte(`<w:pgSz w:w="11906" w:h="16838"/>`)) || !bytes.Contains(body, []byte(`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`)) {
				t.Error("no A4 portrait section followed by an A4 landscape one")
			}
			if !bytes.Contains(body, []byte(`<w:tblHeader/>`)) {
				t.Error("the table's header row does not repeat on each page")
			}
		}
	})
}
