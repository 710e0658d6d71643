package bot

import (
	"context"
	"fmt"
	"sort"
	"time"

	"hotlinebot/domain"
)

// duePerPage is how many lines a page of /due shows.
const duePerPage = 15

// dueWindow is what /due looks at: the rest of today and the whole of the
// next working day (24:00 deadlines of today included).
type dueWindow struct {
	now, endToday, nextDay, until time.Time
}

func (s *Service) dueWindow(now time.Time) dueWindow {
	now = now.In(s.cfg.Location)
	endToday := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, s.cfg.Location)
	next := s.cfg.Calendar.AddWorkdays(now, 1)
	return dueWindow{now: now, endToday: endToday, nextDay: next, until: next.AddDate(0, 0, 1)}
}

// today reports whether a deadline falls by 24:00 today.
func (w dueWindow) today(due time.Time) bool { return !due.After(w.endToday) }

// cmdDue lists the liaison's unit's tickets due today and on the next
// working day, soonest first, with the time left. Like /tickets it takes no
// argument, and words after it ("/due 谢谢") change nothing.
func (s *Service) cmdDue(ctx context.Context, req *request, u unitScope) {
	l := req.loc
	w := s.dueWindow(l.now)
	ts, err := u.st.DueTickets(ctx, u.unitID, l.now, w.until)
	if err != nil {
		s.fail(ctx, req, "due tickets", err)
		return
	}
	counts, err := u.openCounts(ctx, l.now)
	if err != nil {
		s.fail(ctx, req, "open counts", err)
		return
	}
	c := l.c()
	foot := []string{l.dueOverdueLine(counts.Overdue), fmt.Sprintf(l.p.asOf, l.stamp(l.now))}
	if len(ts) == 0 {
		s.respond(ctx, req, fmt.Sprintf(c.dueNone, esc(u.name), l.dayName(w.nextDay)), nil)
		return
	}
	var items, heads []string // heads[i]: the heading of the day items[i] belongs to
	for _, t := range ts {
		head := fmt.Sprintf(c.dueNext, l.dayName(w.nextDay), countDue(ts, w, false))
		if w.today(t.DueAt) {
			head = fmt.Sprintf(c.dueToday, countDue(ts, w, true))
		}
		if len(heads) == 0 || heads[len(heads)-1] != head {
			items, heads = append(items, head), append(heads, head)
		}
		items, heads = append(items, l.ticketLine(t, false)), append(heads, head)
	}
	pg := paging(len(items), duePerPage, req.page)
	lo, hi := pg.window()
	head := []string{fmt.Sprintf(c.dueTitle, esc(u.name))}
	if pg.count > 1 {
		head = append(head, fmt.Sprintf(c.duePage, pg.index+1, pg.count))
	}
	if lo < len(items) && items[lo] != heads[lo] {
		head = append(head, heads[lo]) // a day continued from the page before keeps its heading
	}
	s.respond(ctx, req, message(head, items[lo:hi], foot), l.pageButtons("due", "", pg))
}

// countDue counts the tickets due today (or on the next working day).
func countDue(ts []domain.Ticket, w dueWindow, today bool) int {
	n := 0
	for _, t := range ts {
		if w.today(t.DueAt) == today {
			n++
		}
	}
	return n
}

func (l locale) dueOverdueLine(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(l.c().dueOverdue, n)
}

// unitDue is one unit's count of tickets due today and next working day.
type unitDue struct {
	name        string
	today, next int
}

// cmdDueCity counts the city's tickets due today and on the next working
// day, per unit, most first.
func (s *Service) cmdDueCity(ctx context.Context, req *request, cs cityScope) {
	l := req.loc
	w := s.dueWindow(l.now)
	ts, err := cs.st.DueTickets(ctx, 0, l.now, w.until)
	if err != nil {
		s.fail(ctx, req, "due tickets", err)
		return
	}
	c := l.c()
	if len(ts) == 0 {
		s.respond(ctx, req, fmt.Sprintf(c.dueNoneCity, l.dayName(w.nextDay)), nil)
		return
	}
	rows, today, next := dueByUnit(ts, w)
	pg := paging(len(rows), rankingPerPage, req.page)
	lo, hi := pg.window()
	items := make([]string, 0, hi-lo)
	for i, r := range rows[lo:hi] {
		items = append(items, fmt.Sprintf(c.dueUnitItem, lo+i+1, esc(clip(r.name, clipUnit)), r.today, r.next))
	}
	head := []string{c.dueTitleCity, fmt.Sprintf(c.dueCityCounts, today, l.dayName(w.nextDay), next, len(rows)), fmt.Sprintf(c.dueCityColumns, l.dayName(w.nextDay))}
	if pg.count > 1 {
		head = append(head, fmt.Sprintf(c.duePage, pg.index+1, pg.count))
	}
	foot := []string{fmt.Sprintf(l.p.asOf, l.stamp(l.now))}
	s.respond(ctx, req, message(head, items, foot), l.pageButtons("due", "", pg))
}

func dueByUnit(ts []domain.Ticket, w dueWindow) (rows []unitDue, today, next int) {
	byUnit := map[int64]*unitDue{}
	for _, t := range ts {
		r := byUnit[t.UnitID]
		if r == nil {
			r = &unitDue{name: t.UnitName}
			byUnit[t.UnitID] = r
		}
		if w.today(t.DueAt) {
			r.today++
			today++
		} else {
			r.next++
			next++
		}
	}
	for _, r := range byUnit {
		rows = append(rows, *r)
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.today+a.next != b.today+b.next {
			return a.today+a.next > b.today+b.next
		}
		return a.name < b.name
	})
	return rows, today, next
}

// dayName is a day as /due names it: 11月30日（周一）, Mon Nov 30.
func (l locale) dayName(day time.Time) string {
	day = day.In(l.loc)
	if l.lang == domain.LangEN {
		return day.Format("Mon Jan 2")
	}
	return fmt.Sprintf("%d月%d日（%s）", day.Month(), day.Day(), zhWeekdays[day.Weekday()])
}

var zhWeekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
