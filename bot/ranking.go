package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"hotlinebot/domain"
)

// rankingArgs reads /ranking's optional kind (县市区 or 市直单位) and
// period; false when it has already answered with the usage or a refusal.
func (s *Service) rankingArgs(ctx context.Context, req *request) (kind domain.UnitKind, p domain.Period, ok bool) {
	fields := strings.Fields(foldSpaces(req.cmd.args))
	if len(fields) > 0 {
		if k, err := domain.ParseUnitKind(fields[0]); err == nil {
			kind, fields = k, fields[1:]
		}
	}
	if len(fields) > 1 {
		s.replyUsage(ctx, req, req.cmd.args)
		return "", domain.Period{}, false
	}
	p, ok = s.periodArg(ctx, req, strings.Join(fields, ""))
	return kind, p, ok
}

// cmdRanking ranks the units of each kind on their own, as the bulletin
// does, with each unit's counting tickets; units with fewer than the
// configured minimum are listed apart, unranked. Paged.
func (s *Service) cmdRanking(ctx context.Context, req *request, _ cityScope) {
	kind, p, ok := s.rankingArgs(ctx, req)
	if !ok {
		return
	}
	r, err := s.cityReport(ctx, p, req.loc.now)
	if err != nil {
		s.fail(ctx, req, "ranking", err)
		return
	}
	l := req.loc
	c := l.c()
	title := fmt.Sprintf(l.p.rankingTitle, esc(p.Label(l.lang)), provisional(l, p))
	if kind != "" {
		title += " · " + l.kindTitle(kind)
	}
	if len(r.Units) == 0 {
		s.respond(ctx, req, title+"\n"+fmt.Sprintf(c.rankingNone, esc(p.Label(l.lang))), nil)
		return
	}
	var items []string
	units := 0
	for _, k := range []domain.UnitKind{domain.District, domain.Department} {
		if kind == "" || kind == k {
			items = append(items, l.kindRanking(r, k, s.cfg.RankMinTickets)...)
			units += unitsOfKind(r, k)
		}
	}
	pg := paging(len(items), rankingPerPage, req.page)
	lo, hi := pg.window()
	count := fmt.Sprintf(l.p.count, units, l.p.nounUnits)
	if pg.count > 1 {
		count = fmt.Sprintf(l.p.countPage, units, l.p.nounUnits, pg.index+1, pg.count)
	}
	foot := []string{fmt.Sprintf(l.p.asOf, l.stamp(r.At))}
	arg := strings.TrimSpace(string(kind) + " " + p.String())
	s.respond(ctx, req, message([]string{title, count}, items[lo:hi], foot), l.pageButtons("ranking", arg, pg))
}

// kindRanking are the lines of one kind: a heading, the ranked units best
// first (ties share a rank), those with too few tickets, and those with
// none.
func (l locale) kindRanking(r domain.Report, kind domain.UnitKind, minTickets int) []string {
	c := l.c()
	var ranked, few []domain.Scorecard
	for _, sc := range r.Units {
		switch {
		case sc.Unit.Kind != kind:
		case sc.Should < minTickets:
			few = append(few, sc)
		default:
			ranked = append(ranked, sc)
		}
	}
	var none []string
	for _, u := range r.NoTickets {
		if u.Kind == kind {
			none = append(none, esc(clip(u.Name, clipUnit)))
		}
	}
	if len(ranked)+len(few)+len(none) == 0 {
		return nil
	}
	byComposite(ranked)
	byComposite(few)
	items := []string{fmt.Sprintf(c.rankKindHead, l.kindTitle(kind), len(ranked))}
	rank := 0
	for i, sc := range ranked {
		if i == 0 || sc.Composite != ranked[i-1].Composite {
			rank = i + 1
		}
		items = append(items, fmt.Sprintf(c.rankItem, rank, esc(clip(sc.Unit.Name, clipUnit)), sc.Grade, composite(sc.Composite), sc.Should))
	}
	if len(few) > 0 {
		items = append(items, fmt.Sprintf(c.rankFewHead, minTickets))
		for _, sc := range few {
			items = append(items, fmt.Sprintf(c.rankFewItem, esc(clip(sc.Unit.Name, clipUnit)), sc.Grade, composite(sc.Composite), sc.Should))
		}
	}
	if len(none) > 0 {
		items = append(items, fmt.Sprintf(c.rankNone, len(none), l.joinNames(none, 10)))
	}
	return items
}

// unitsOfKind counts a report's units of a kind, graded or not.
func unitsOfKind(r domain.Report, k domain.UnitKind) int {
	n := 0
	for _, sc := range r.Units {
		if sc.Unit.Kind == k {
			n++
		}
	}
	for _, u := range r.NoTickets {
		if u.Kind == k {
			n++
		}
	}
	return n
}

// byComposite orders cards best first, then by name.
func byComposite(cards []domain.Scorecard) {
	sort.SliceStable(cards, func(i, j int) bool {
		if cards[i].Composite != cards[j].Composite {
			return cards[i].Composite > cards[j].Composite
		}
		return cards[i].Unit.Name < cards[j].Unit.Name
	})
}

// kindTitle names a kind of unit as a heading: 县市区, Districts.
func (l locale) kindTitle(k domain.UnitKind) string {
	if l.lang != domain.LangEN {
		return k.Label(l.lang)
	}
	if k == domain.District {
		return "Districts"
	}
	return "City departments"
}
