package domain

import (
	"sort"
	"time"
)

// GradeShift is a unit whose grade changed between two periods or snapshots,
// and the rate that moved it most.
type GradeShift struct {
	Unit          string   `json:"unit"`
	UnitID        int64    `json:"unit_id,omitempty"`
	From          Grade    `json:"from"`
	To            Grade    `json:"to"`
	FromComposite float64  `json:"from_composite"`
	ToComposite   float64  `json:"to_composite"`
	Moved         RateMove `json:"moved"`
}

// UnitScore is a unit's line in a summary.
type UnitScore struct {
	Unit       string   `json:"unit"`
	Kind       UnitKind `json:"kind"`
	Grade      Grade    `json:"grade"`
	Composite  float64  `json:"composite"`
	OnTimeRate float64  `json:"ontime_rate"`
	Handled    int      `json:"handled"`
}

func unitScore(sc Scorecard) UnitScore {
	return UnitScore{Unit: sc.Unit.Name, Kind: sc.Unit.Kind, Grade: sc.Grade,
		Composite: sc.Composite, OnTimeRate: sc.OnTimeRate, Handled: sc.Handled}
}

// GradeOverview is the city-wide picture of a report: how many units at
// each grade, the share of A, who fell and rose against an earlier report,
// the units at C and below, and the worst on-time rates.
type GradeOverview struct {
	Graded      int           `json:"graded"`
	ByGrade     map[Grade]int `json:"by_grade"`
	NoTickets   int           `json:"no_tickets"`
	ShareA      float64       `json:"share_a"`
	Compared    bool          `json:"compared"` // an earlier report was there to compare with
	Fell        []GradeShift  `json:"fell,omitempty"`
	Rose        []GradeShift  `json:"rose,omitempty"`
	Low         []UnitScore   `json:"low,omitempty"`           // C and below, in the bulletin's order
	WorstOnTime []UnitScore   `json:"worst_on_time,omitempty"` // lowest on-time rates, below 100%
}

// worstOnTimeShown is how many of the lowest on-time rates a summary names.
const worstOnTimeShown = 3

// Overview summarises cur; when prev is given (hasPrev) it also lists the
// units whose grade fell or rose since, with the rate that moved most.
func (s Scheme) Overview(cur, prev Report, hasPrev bool) GradeOverview {
	o := GradeOverview{Graded: len(cur.Units), ByGrade: map[Grade]int{}, NoTickets: len(cur.NoTickets), Compared: hasPrev}
	for _, sc := range cur.Units {
		o.ByGrade[sc.Grade]++
		if sc.Grade.Rank() >= GradeC.Rank() {
			o.Low = append(o.Low, unitScore(sc))
		}
		if hasPrev {
			o.addShift(s, prev, sc)
		}
	}
	if o.Graded > 0 {
		o.ShareA = float64(o.ByGrade[GradeA]) / float64(o.Graded)
	}
	o.WorstOnTime = worstOnTime(cur.Units, worstOnTimeShown)
	return o
}

func (o *GradeOverview) addShift(s Scheme, prev Report, sc Scorecard) {
	old, ok := prev.Card(sc.Unit.ID)
	if !ok {
		return
	}
	shift := GradeShift{Unit: sc.Unit.Name, From: old.Grade, To: sc.Grade,
		FromComposite: old.Composite, ToComposite: sc.Composite}
	switch {
	case GradeFell(old.Grade, sc.Grade):
		shift.Moved = s.LargestMove(old, sc, true)
		o.Fell = append(o.Fell, shift)
	case GradeRose(old.Grade, sc.Grade):
		shift.Moved = s.LargestMove(old, sc, false)
		o.Rose = append(o.Rose, shift)
	}
}

func worstOnTime(cards []Scorecard, n int) []UnitScore {
	sorted := append([]Scorecard(nil), cards...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].OnTimeRate < sorted[j].OnTimeRate })
	var out []UnitScore
	for _, sc := range sorted {
		if len(out) == n || sc.OnTimeRate >= 1 {
			break
		}
		out = append(out, unitScore(sc))
	}
	return out
}

// Summary is the supervisors' morning summary of the current period.
type Summary struct {
	Period      Period        `json:"period"`
	AsOf        time.Time     `json:"as_of"`
	Overview    GradeOverview `json:"overview"`
	OpenOverdue int           `json:"open_overdue"`          // open tickets past their deadline, all units
	NoContacts  []string      `json:"no_contacts,omitempty"` // units without an active contact; shown to admins
	Chart       bool          `json:"chart,omitempty"`       // the week's first digest: the city chart goes with it as a photo
}

// PeriodFigures are the ticket counts of a period the bulletin reports
// besides the scorecards: over the same tickets as the scorecards (those that
// count at the instant asked about), by category, urgency and topic.
type PeriodFigures struct {
	Total        int
	ByCategory   map[Category]int
	Urgent       int
	UrgentOnTime int // urgent tickets completed by their deadline (and by the instant asked about)
	Topics       map[string]int
}

// CategoryCount is how many tickets of a category a period had, and how
// many the previous period and the same period a year before had.
type CategoryCount struct {
	Category Category `json:"category"`
	Count    int      `json:"count"`
	Previous int      `json:"previous,omitempty"`
	YearAgo  int      `json:"year_ago,omitempty"`
}

// TopicCount is how many tickets of a topic a period had, and their share.
type TopicCount struct {
	Topic string  `json:"topic"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// Bulletin is the figures of a closed period as the office's bulletin
// reports them.
type Bulletin struct {
	Period           Period          `json:"period"`
	At               time.Time       `json:"at"`
	Compared         Period          `json:"compared,omitzero"` // the period grade changes are against
	Final            bool            `json:"final,omitempty"`   // the period has ended (终评)
	Total            int             `json:"total"`             // tickets that count in the period
	PrevTotal        int             `json:"prev_total,omitempty"`
	YearAgoTotal     int             `json:"year_ago_total,omitempty"`
	ByCategory       []CategoryCount `json:"by_category"`
	Should           int             `json:"should"`
	Handled          int             `json:"handled"`
	Overdue          int             `json:"overdue"`
	CompletionRate   float64         `json:"completion_rate"`
	OnTimeRate       float64         `json:"ontime_rate"`
	TopDistricts     []UnitScore     `json:"top_districts"`
	TopDepartments   []UnitScore     `json:"top_departments"`
	Urgent           int             `json:"urgent"`
	UrgentOnTime     int             `json:"urgent_on_time"`
	Satisfied        int             `json:"satisfied"`
	Dissatisfied     int             `json:"dissatisfied"`
	SatisfactionRate float64         `json:"satisfaction_rate"`
	Overview         GradeOverview   `json:"overview"`
	LowBefore        int             `json:"low_before,omitempty"` // units at C and below in the compared period
	TopTopics        []TopicCount    `json:"top_topics"`
}

// bulletinTop is how many units and topics the bulletin's top lists name.
const bulletinTop = 5

// NewBulletin fills the bulletin's report-derived figures (top units by
// tickets handled, callbacks, grades) from the closed period's final report
// and the previous period's; the ticket counts come from the caller.
func (s Scheme) NewBulletin(cur, prev Report, hasPrev bool) Bulletin {
	b := Bulletin{Period: cur.Period, At: cur.At, Overview: s.Overview(cur, prev, hasPrev)}
	if hasPrev {
		b.Compared = prev.Period
	}
	b.TopDistricts = topHandled(cur.Units, District, bulletinTop)
	b.TopDepartments = topHandled(cur.Units, Department, bulletinTop)
	for _, sc := range cur.Units {
		b.Satisfied += sc.Satisfied
		b.Dissatisfied += sc.Dissatisfied
	}
	b.SatisfactionRate = 1
	if n := b.Satisfied + b.Dissatisfied; n > 0 {
		b.SatisfactionRate = float64(b.Satisfied) / float64(n)
	}
	return b
}

func topHandled(cards []Scorecard, kind UnitKind, n int) []UnitScore {
	var of []Scorecard
	for _, sc := range cards {
		if sc.Unit.Kind == kind && sc.Handled > 0 {
			of = append(of, sc)
		}
	}
	sort.SliceStable(of, func(i, j int) bool {
		if of[i].Handled != of[j].Handled {
			return of[i].Handled > of[j].Handled
		}
		return of[i].Unit.Name < of[j].Unit.Name
	})
	out := make([]UnitScore, 0, n)
	for _, sc := range of[:min(n, len(of))] {
		out = append(out, unitScore(sc))
	}
	return out
}

// TopTopics ranks topic counts, most first, and gives each its share of
// total; at most n.
func TopTopics(counts map[string]int, total, n int) []TopicCount {
	var out []TopicCount
	for t, c := range counts {
		out = append(out, TopicCount{Topic: t, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Topic < out[j].Topic
	})
	out = out[:min(n, len(out))]
	for i := range out {
		if total > 0 {
			out[i].Share = float64(out[i].Count) / float64(total)
		}
	}
	return out
}
