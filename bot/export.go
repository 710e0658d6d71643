package bot

import (
	"bytes"
	"context"
	"fmt"

	"hotlinebot/domain"
	"hotlinebot/report"
)

// cmdExport sends the liaison's unit's tickets of a period as an XLSX
// workbook.
func (s *Service) cmdExport(ctx context.Context, req *request, u unitScope) {
	p, ok := s.periodArg(ctx, req, req.cmd.args)
	if !ok {
		return
	}
	unit, err := u.unit(ctx)
	if err != nil {
		s.fail(ctx, req, "unit", err)
		return
	}
	s.sendExport(ctx, req, p, &unit, nil)
}

// cmdExportCity sends a supervisor the city's evaluation table and every
// ticket of a period, or with a unit, that unit's tickets.
func (s *Service) cmdExportCity(ctx context.Context, req *request, c cityScope) {
	l := req.loc
	name, periodText := splitPeriod(req.cmd.args)
	if periodText == "" && name != "" {
		if _, err := domain.ParsePeriodAt(name, s.cfg.PeriodKind, l.now, s.cfg.Location); err == nil {
			name, periodText = "", name // one word that is a period: the city's export
		}
	}
	p, ok := s.periodArg(ctx, req, periodText)
	if !ok {
		return
	}
	if name != "" {
		if unit, ok := s.pickUnitFor(ctx, req, c, name, periodKey(p, periodText)); ok {
			s.sendExport(ctx, req, p, &unit, nil)
		}
		return
	}
	r, err := s.cityReport(ctx, p, l.now)
	if err != nil {
		s.fail(ctx, req, "export report", err)
		return
	}
	// Every ticket of a busy city's quarter takes a while to write: say so
	// first, so that nobody taps again.
	s.respond(ctx, req, fmt.Sprintf(l.c().exportPreparing, esc(p.Label(l.lang))), nil)
	req.editID = 0
	s.sendExport(ctx, req, p, nil, &r)
}

// sendExport builds the workbook of one unit's tickets (unit set) or the
// city's (r set, with its evaluation table) and sends it.
func (s *Service) sendExport(ctx context.Context, req *request, p domain.Period, unit *domain.Unit, r *domain.Report) {
	l, c := req.loc, req.loc.c()
	var unitID int64
	owner, shown := "全市", c.exportCity // the workbook is Chinese; the caption is the reader's
	if unit != nil {
		unitID, owner, shown = unit.ID, unit.Name, unit.Name
	}
	requests, err := s.st.Requests(ctx, domain.RequestFilter{UnitID: unitID, Period: p})
	if err != nil {
		s.fail(ctx, req, "export requests", err)
		return
	}
	var buf bytes.Buffer
	n, err := report.ExportXLSX(&buf, report.Export{
		Requests: requests,
		Title:    fmt.Sprintf("%s %s 工单明细（截至 %s）", owner, p.Label(domain.LangZH), l.now.Format("2006-01-02 15:04")),
		At:       l.now,
		Location: s.cfg.Location,
		Report:   r,
		Each: func(fn func(domain.Ticket) error) error {
			return s.st.EachTicket(ctx, unitID, p, fn)
		},
	})
	if err != nil {
		s.fail(ctx, req, "export xlsx", err)
		return
	}
	label := esc(p.Label(l.lang))
	if n == 0 && r == nil {
		s.respond(ctx, req, fmt.Sprintf(c.exportNone, esc(shown), label), nil)
		return
	}
	caption := fmt.Sprintf(c.exportCaption, esc(shown), label, n, l.asOfNote(p, l.now))
	name := fmt.Sprintf("%s-工单明细-%s.xlsx", owner, p.String())
	s.sendDocument(ctx, req.chat.ID, name, buf.Bytes(), caption)
}
