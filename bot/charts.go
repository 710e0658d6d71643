package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/chart"
	"hotlinebot/domain"
)

// cmdTrendUnit is a liaison's /trend: the picture of its own unit's trend.
func (s *Service) cmdTrendUnit(ctx context.Context, req *request, u unitScope) {
	unit, err := u.unit(ctx)
	if err != nil {
		s.fail(ctx, req, "trend unit", err)
		return
	}
	s.sendTrend(ctx, req, unit)
}

// cmdTrendCity is a supervisor's /trend UNIT: any unit's trend, the unit
// found leniently by name as /unit finds it.
func (s *Service) cmdTrendCity(ctx context.Context, req *request, c cityScope) {
	name := strings.TrimSpace(req.cmd.args)
	if name == "" {
		s.replyUsage(ctx, req, "")
		return
	}
	unit, candidates, err := c.findUnit(ctx, name)
	if err != nil {
		s.fail(ctx, req, "find unit", err)
		return
	}
	l := req.loc
	switch {
	case unit.ID == 0 && len(candidates) == 0:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitNotFound, esc(clip(name, clipUnit))), nil)
	case unit.ID == 0 && len(candidates) > unitChoices:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitTooMany, len(candidates), esc(l.joinNames(unitNames(candidates), 5))), nil)
	case unit.ID == 0:
		s.respond(ctx, req, fmt.Sprintf(l.p.unitChoose, len(candidates)), unitButtonsFor("trend", candidates, ""))
	default:
		s.sendTrend(ctx, req, unit)
	}
}

// sendTrend draws the unit's trend through the current period and sends it
// with a caption that says the grade now and the change since last week.
func (s *Service) sendTrend(ctx context.Context, req *request, unit domain.Unit) {
	now := req.loc.now
	t, err := chart.LoadTrend(ctx, s.st, s.cfg.Scheme, unit, s.currentPeriod(now), now)
	if err != nil {
		s.fail(ctx, req, "trend", err)
		return
	}
	png, err := s.charts.Trend(t, req.loc.lang)
	if err != nil {
		s.fail(ctx, req, "draw trend", err)
		return
	}
	s.sendPhoto(ctx, req.chat.ID, "trend.png", png, req.loc.trendCaption(t))
}

// cmdChart is a supervisor's /chart: the grade distribution of each kind
// now and at the end of the previous period, then each kind's ranking;
// /chart overdue: the open overdue tickets of every unit.
func (s *Service) cmdChart(ctx context.Context, req *request, _ cityScope) {
	req.editID = 0 // pressed under /summary: the summary stays, the charts come below it
	switch arg := strings.TrimSpace(req.cmd.args); arg {
	case "":
		s.sendCityCharts(ctx, req)
	case "overdue", "超期":
		s.sendOverdueChart(ctx, req)
	default:
		s.replyUsage(ctx, req, arg)
	}
}

func (s *Service) sendCityCharts(ctx context.Context, req *request) {
	l := req.loc
	city, err := s.cityChart(ctx, s.currentPeriod(l.now), l.now)
	if err != nil {
		s.fail(ctx, req, "city chart", err)
		return
	}
	png, err := s.charts.Grades(city, l.lang)
	if err != nil {
		s.fail(ctx, req, "draw grades", err)
		return
	}
	s.sendPhoto(ctx, req.chat.ID, "grades.png", png, l.gradesCaption(city))
	for _, kind := range chart.Kinds {
		pages, err := s.charts.Ranking(city, kind, l.lang)
		if err != nil {
			s.fail(ctx, req, "draw ranking", err)
			return
		}
		for i, png := range pages {
			s.sendPhoto(ctx, req.chat.ID, fmt.Sprintf("ranking-%s-%d.png", kind, i+1), png, l.rankingCaption(city, kind, i, len(pages)))
		}
	}
}

// cityChart is the figures of the city charts, read as /summary reads them:
// the latest snapshot of each period, live when there is none.
func (s *Service) cityChart(ctx context.Context, p domain.Period, now time.Time) (chart.City, error) {
	cur, err := s.cityReport(ctx, p, now)
	if err != nil {
		return chart.City{}, err
	}
	prev, err := s.cityReport(ctx, p.Prev(), now)
	if err != nil {
		return chart.City{}, err
	}
	return chart.NewCity(s.cfg.Scheme, cur, prev, len(prev.Units) > 0), nil
}

func (s *Service) sendOverdueChart(ctx context.Context, req *request) {
	l := req.loc
	o, err := chart.LoadOverdue(ctx, s.st, l.now)
	if err != nil {
		s.fail(ctx, req, "overdue chart", err)
		return
	}
	png, ok, err := s.charts.Overdue(o, l.lang)
	switch {
	case err != nil:
		s.fail(ctx, req, "draw overdue", err)
	case !ok:
		s.respond(ctx, req, l.cp().noOverdue, nil)
	default:
		s.sendPhoto(ctx, req.chat.ID, "overdue.png", png, l.overdueCaption(o))
	}
}

// sendPhoto uploads a picture through the bot's one way out to Telegram.
func (s *Service) sendPhoto(ctx context.Context, chatID int64, name string, png []byte, caption string) {
	s.deliver(ctx, chatID, "sendPhoto", caption, func(ctx context.Context) error {
		_, err := s.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID:    chatID,
			Photo:     &models.InputFileUpload{Filename: name, Data: bytes.NewReader(png)},
			Caption:   caption,
			ParseMode: models.ParseModeHTML,
		})
		return err
	})
}
