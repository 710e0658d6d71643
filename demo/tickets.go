package demo

import (
	"fmt"
	"time"

	"hotlinebot/domain"
)

// dueCache keeps the deadlines of one dispatch day by category: outside
// urgent tickets, a deadline depends only on the day and the category, and
// tickets come in dispatch order.
type dueCache struct {
	day int
	due [5]time.Time
	ok  [5]bool
}

// dueOf is the ticket's deadline by the office's policy.
func (g *generator) dueOf(cat int, urgent bool, dispatched time.Time) (time.Time, error) {
	c := domain.Categories[cat]
	if urgent {
		return g.policy.Due(c, true, dispatched)
	}
	y, m, d := dispatched.In(g.policy.Location).Date()
	if day := y*10000 + int(m)*100 + d; day != g.dues.day {
		g.dues = dueCache{day: day}
	}
	if !g.dues.ok[cat] {
		due, err := g.policy.Due(c, false, dispatched)
		if err != nil {
			return time.Time{}, fmt.Errorf("demo tickets: %w", err)
		}
		g.dues.due[cat], g.dues.ok[cat] = due, true
	}
	return g.dues.due[cat], nil
}

// next draws the i-th ticket (0-based) of n into rec.
func (g *generator) next(i int, rec *record) error {
	rng := g.rng
	target := (float64(i) + rng.Float64()) / float64(g.n) * g.load
	*rec = record{seq: i + 1, unit: g.pick(g.unitCum)}
	rec.dispatched = time.Unix(g.clock.at(target), 0).In(g.loc)
	plan := &g.plans[rec.unit]
	rec.category = g.pick(g.catCum)
	cat := domain.Categories[rec.category]
	rec.urgent = (cat == domain.Complaint || cat == domain.Help) && rng.Float64() < urgentShare
	topic := g.topics[plan.topics[g.pick(plan.topicCum)]]
	rec.topic = topic.name
	issues := topic.issues[rec.category]
	rec.issue = issues[rng.IntN(len(issues))]
	rec.place = plan.places[rng.IntN(len(plan.places))]
	due, err := g.dueOf(rec.category, rec.urgent, rec.dispatched)
	if err != nil {
		return err
	}
	rec.due = due
	g.complete(rec, plan.profile)
	return nil
}

// complete decides when (and whether, by now) the unit completed the
// ticket, whether it was reworked, and what the callback said.
func (g *generator) complete(rec *record, p profile) {
	rng := g.rng
	var done time.Time
	switch x := rng.Float64(); {
	case x < p.onTime:
		u := rng.Float64()
		span := rec.due.Sub(rec.dispatched)
		done = rec.dispatched.Add(time.Duration((0.03 + 0.9*u*u) * float64(span)))
		done = officeHours(done, rec.dispatched, rec.due)
	case x < p.onTime+p.late:
		late := 10*time.Minute + time.Duration(rng.ExpFloat64()*30*float64(time.Hour))
		done = rec.due.Add(min(late, 30*24*time.Hour))
	}
	if done.IsZero() && (g.ended || p.onTime >= diligentOnTime) {
		// A diligent unit finishes what it forgot within a month, late; a
		// long-past period's tickets were all finished in the end.
		done = rec.due.Add(time.Duration((1 + 29*rng.Float64()) * float64(24*time.Hour)))
	}
	if done.IsZero() || done.After(g.now) {
		return // still open
	}
	rec.completed = done.Truncate(time.Second)
	if rng.Float64() < p.rework {
		rec.rework = 1
		if rng.Float64() < reworkTwice {
			rec.rework = 2
		}
	}
	if rng.Float64() < callbackShare {
		rec.callback = domain.CallbackSatisfied
		if rng.Float64() < p.dissatisfied {
			rec.callback = domain.CallbackDissatisfied
		}
	}
}

// officeHours moves a completion in the small hours to the next morning,
// when that keeps it after dispatch and by the deadline.
func officeHours(done, dispatched, due time.Time) time.Time {
	if done.Hour() >= 7 {
		return done
	}
	morning := time.Date(done.Year(), done.Month(), done.Day(), 8, done.Minute(), done.Second(), 0, done.Location())
	if morning.After(dispatched) && !morning.After(due) {
		return morning
	}
	return done
}

// appendNo appends the ticket number: YY, the year and month the period
// starts, and the zero-padded sequence (YY202610000001).
func (g *generator) appendNo(b []byte, seq int) []byte {
	b = append(b, g.prefix...)
	var digits [20]byte
	i := len(digits)
	for seq > 0 || i == len(digits) {
		i--
		digits[i] = byte('0' + seq%10)
		seq /= 10
	}
	for pad := g.width - (len(digits) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	return append(b, digits[i:]...)
}

func (g *generator) ticket(rec *record) domain.Ticket {
	u := g.units[rec.unit]
	var no [32]byte
	return domain.Ticket{
		No:           string(g.appendNo(no[:0], rec.seq)),
		UnitID:       u.ID,
		UnitName:     u.Name,
		Category:     domain.Categories[rec.category],
		Topic:        rec.topic,
		Urgent:       rec.urgent,
		DispatchedAt: rec.dispatched,
		DueAt:        rec.due,
		CompletedAt:  rec.completed,
		ReworkCount:  rec.rework,
		Callback:     rec.callback,
		Summary:      rec.issue.summary(rec.place),
	}
}

// Tickets streams n generated tickets to fn, in dispatch order, spread over
// period p as real calls are (daytime peaks, quieter weekends and holidays)
// and dispatched no later than now. units must be the store's (with IDs):
// each ticket gets a unit's ID and name, the demo's big districts and busy
// bureaus more than the small ones, and the weak units' tickets handled
// worse (a unit the demo does not know gets an ordinary share). The deadline comes from policy; completions, rework and callbacks
// are as they would stand at now. The same seed gives the same tickets. An
// error from fn stops the stream and is returned as is.
func Tickets(n int, units []domain.Unit, p domain.Period, now time.Time, policy domain.DeadlinePolicy, seed uint64, fn func(domain.Ticket) error) error {
	g, err := newGenerator(n, units, p, now, policy, seed)
	if err != nil {
		return err
	}
	var rec record
	for i := range n {
		if err := g.next(i, &rec); err != nil {
			return err
		}
		if err := fn(g.ticket(&rec)); err != nil {
			return err
		}
	}
	return nil
}
