package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hotlinebot/domain"
)

// periodArg reads an optional period argument: the current period when
// arg is empty. Text that is not a period gets the command's usage, and a
// period that has not begun is refused; either way it has answered and
// returns false.
func (s *Service) periodArg(ctx context.Context, req *request, arg string) (domain.Period, bool) {
	arg = strings.TrimSpace(arg)
	now := req.loc.now
	if arg == "" {
		return s.currentPeriod(now), true
	}
	p, err := domain.ParsePeriodAt(arg, s.cfg.PeriodKind, now, s.cfg.Location)
	if errors.Is(err, domain.ErrBadPeriod) {
		s.replyUsage(ctx, req, arg)
		return domain.Period{}, false
	}
	if p.PhaseAt(now) == domain.PeriodFuture {
		l := req.loc
		s.respond(ctx, req, fmt.Sprintf(l.p.futurePeriod, esc(p.Label(l.lang)), esc(s.currentPeriod(now).Label(l.lang))), nil)
		return domain.Period{}, false
	}
	return p, true
}

// splitPeriod splits "NAME [PERIOD]" arguments: when there is more than one
// word, the last is meant as the period (a unit's name has no spaces in
// the office's lists); one word is the name alone.
func splitPeriod(args string) (rest, period string) {
	fields := strings.Fields(foldSpaces(args))
	if len(fields) < 2 {
		return strings.Join(fields, " "), ""
	}
	return strings.Join(fields[:len(fields)-1], " "), fields[len(fields)-1]
}

// foldSpaces turns the ideographic space a Chinese keyboard types into an
// ordinary one, so that it separates arguments too.
func foldSpaces(s string) string { return strings.ReplaceAll(s, "\u3000", " ") }
