package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"hotlinebot/domain"
)

// cmdAlert answers an alert's 下一页 / 上一页: the page of its list as the
// tickets are now (completed ones gone), or, when none is left, says so
// and offers the full live list. A liaison pages only its own unit's
// alerts.
func (s *Service) cmdAlert(ctx context.Context, req *request) {
	p := req.loc.p
	id, err := strconv.ParseInt(req.cmd.args, 10, 64)
	var note domain.Notification
	if err == nil {
		note, err = s.st.Notification(ctx, id)
	}
	switch {
	case errors.Is(err, domain.ErrNotFound), err == nil && !mayRead(req.contact, note.Audience), err != nil && id == 0:
		s.respond(ctx, req, alertPhrasesFor(req.loc.lang).alertGone, nil)
		return
	case err != nil:
		s.fail(ctx, req, "alert", err)
		return
	}
	now := s.now()
	n, current := note.Notice, true
	if s.fresh != nil {
		if n, current, err = s.fresh.Refresh(ctx, note, now); err != nil {
			s.fail(ctx, req, "alert", err)
			return
		}
	}
	a := alertPhrasesFor(req.loc.lang)
	all := keyboardOf([]button{{Text: a.viewAll, CallbackData: callbackData(listAll(note.Notice.Kind), "", 0)}})
	if !current {
		s.respond(ctx, req, a.alertDone+"\n"+fmt.Sprintf(p.asOf, req.loc.stamp(now)), all)
		return
	}
	note.Notice = n
	s.respond(ctx, req, renderPage(n, req.contact, s.cfg.Location, req.page), alertButtons(note, req.contact, req.page))
}

// mayRead reports whether contact c is among an audience: supervisors and
// admins read every alert, a liaison its own unit's.
func mayRead(c domain.Contact, a domain.Audience) bool {
	switch c.Role {
	case domain.RoleSupervisor:
		return a.Kind != domain.AudienceAdmins
	case domain.RoleAdmin:
		return true
	}
	return a.Kind == domain.AudienceUnit && a.UnitID == c.UnitID
}
