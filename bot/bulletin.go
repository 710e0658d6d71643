package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"hotlinebot/report"
)

// cmdBulletin sends the office's bulletin of a period: its figures as
// messages, then the whole bulletin as a Word document. The bulletin is the
// office's Chinese document, whatever the reader's language; only the
// caption follows it.
func (s *Service) cmdBulletin(ctx context.Context, req *request, _ cityScope) {
	p, ok := s.periodArg(ctx, req, req.cmd.args)
	if !ok {
		return
	}
	b, table, err := report.LoadBulletin(ctx, s.st, s.cfg.Scheme, p, req.loc.now)
	if err != nil {
		s.fail(ctx, req, "bulletin", err)
		return
	}
	doc := report.NewBulletinDoc(b, table)
	var buf bytes.Buffer
	if err := report.BulletinDOCX(&buf, doc); err != nil {
		s.fail(ctx, req, "bulletin docx", err)
		return
	}
	for _, part := range SplitMessage(bulletinHTML(doc), MessageLimit) {
		s.respond(ctx, req, part, nil)
	}
	l := req.loc
	caption := fmt.Sprintf(l.p.bulletinCaption, esc(p.Label(l.lang)), l.asOfNote(p, table.At))
	s.sendDocument(ctx, req.chat.ID, report.BulletinFileName(p, "docx"), buf.Bytes(), caption)
}

// bulletinHTML is the bulletin's figures for the chat: the title and each
// section heading in bold, a paragraph a line.
func bulletinHTML(d report.BulletinDoc) string {
	lines := []string{"<b>" + esc(d.Title) + "</b>", esc(d.Subtitle)}
	for _, s := range d.Sections {
		lines = append(lines, "", "<b>"+esc(s.Heading)+"</b>")
		for _, p := range s.Paragraphs {
			lines = append(lines, esc(p))
		}
	}
	return strings.Join(lines, "\n")
}
