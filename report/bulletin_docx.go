package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The DOCX is written as the few WordprocessingML parts Word and WPS need
// (content types, relationships, styles, the document, core properties):
// a handful of fixed XML templates is simpler to keep correct than a
// library's object model for a document of headings, paragraphs and one
// table.

// A4 in twentieths of a point, margins of 2.54 cm.
const (
	a4Short  = 11906
	a4Long   = 16838
	a4Margin = 1440
)

// BulletinDOCX writes the bulletin as a Word document: the figures sections
// on A4 portrait, then the annexed evaluation table on A4 landscape, as a
// real table whose header row repeats on every page.
func BulletinDOCX(w io.Writer, d BulletinDoc) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/styles.xml", docxStyles},
		{"docProps/core.xml", fmt.Sprintf(docxCore, xmlText(d.Title))},
		{"word/document.xml", docxDocument(d)},
	}
	for _, p := range parts {
		f, err := zw.Create(p.name)
		if err != nil {
			return fmt.Errorf("write bulletin docx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("write bulletin docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write bulletin docx: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write bulletin docx: %w", err)
	}
	return nil
}

// xmlText escapes s for XML character data; characters XML cannot carry
// (control characters) become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func docxDocument(d BulletinDoc) string {
	var b strings.Builder
	b.WriteString(docxDocumentOpen)
	docxParagraph(&b, "Title", d.Title)
	docxParagraph(&b, "Subtitle", d.Subtitle)
	for _, s := range d.Sections {
		docxParagraph(&b, "Heading1", s.Heading)
		for _, p := range s.Paragraphs {
			docxParagraph(&b, "", p)
		}
	}
	// The figures end the portrait section; the annex follows in landscape.
	fmt.Fprintf(&b, `<w:p><w:pPr>%s</w:pPr></w:p>`, docxSection(false))
	docxParagraph(&b, "Heading1", d.Annex)
	docxParagraph(&b, "Subtitle", title(d.Table, "zh"))
	docxTable(&b, d)
	b.WriteString(docxSection(true))
	b.WriteString(docxDocumentClose)
	return b.String()
}

func docxParagraph(b *strings.Builder, style, text string) {
	b.WriteString("<w:p>")
	if style != "" {
		fmt.Fprintf(b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	}
	fmt.Fprintf(b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(text))
}

// docxSection is the page setup of a section: A4, portrait or landscape.
func docxSection(landscape bool) string {
	w, h, orient := a4Short, a4Long, ""
	if landscape {
		w, h, orient = a4Long, a4Short, ` w:orient="landscape"`
	}
	return fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d"%s/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`,
		w, h, orient, a4Margin, a4Margin, a4Margin, a4Margin)
}

// docxTable is the annexed evaluation table: a header row repeated on each
// page, then each group's heading as a row across the table and its units.
func docxTable(b *strings.Builder, d BulletinDoc) {
	groups := annexGroups(d.Table)
	head := headers("zh")
	// The unit's name takes two columns' width, the figures one each.
	otherW := (a4Long - 2*a4Margin) / (len(head) + 1)
	nameW := 2 * otherW
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="AnnexTable"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for i := range head {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, map[bool]int{true: nameW, false: otherW}[i == 0])
	}
	b.WriteString(`</w:tblGrid>`)
	docxRow(b, head, true)
	for _, g := range groups {
		fmt.Fprintf(b, `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr>`, len(head))
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc></w:tr>`, xmlText(g.title))
		for _, row := range g.rows {
			docxRow(b, row, false)
		}
	}
	b.WriteString(`</w:tbl>`)
}

func docxRow(b *strings.Builder, cells []string, header bool) {
	b.WriteString("<w:tr>")
	if header {
		b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
	}
	for i, c := range cells {
		align := "center"
		if i == 0 {
			align = "left"
		}
		fmt.Fprintf(b, `<w:tc><w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="%s"/></w:pPr>`, align)
		if header {
			b.WriteString(`<w:r><w:rPr><w:b/></w:rPr>`)
		} else {
			b.WriteString(`<w:r>`)
		}
		fmt.Fprintf(b, `<w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>`, xmlText(c))
	}
	b.WriteString("</w:tr>")
}

// halfPoints is a font size in points as WordprocessingML's w:sz wants it.
func halfPoints(pt float64) string { return strconv.Itoa(int(pt * 2)) }

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`

const docxRootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`

const docxDocumentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

const docxCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title><dc:creator>hotlinebot</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>`

const docxDocumentOpen = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`

const docxDocumentClose = `</w:body></w:document>`

// docxStyles are the styles of an official document: 仿宋 body text at
// 三号 (16 pt) with a two-character first-line indent, 黑体 headings, a 宋体
// bold title at 二号 (22 pt), and a compact table style.
var docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋" w:cs="Times New Roman"/><w:sz w:val="` + halfPoints(16) + `"/><w:szCs w:val="` + halfPoints(16) + `"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:before="240" w:after="240" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:eastAsia="宋体"/><w:b/><w:sz w:val="` + halfPoints(22) + `"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="` + halfPoints(9) + `"/><w:szCs w:val="` + halfPoints(9) + `"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:styleId="AnnexTable"><w:name w:val="Annex Table"/><w:tblPr><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
