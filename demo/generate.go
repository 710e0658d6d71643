package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"hotlinebot/domain"
)

// DefaultSeed is the seed the demo uses unless told otherwise.
const DefaultSeed = 12345

// The mix of the generated tickets.
const (
	urgentShare   = 0.07 // of complaints and help requests: about 5% of all tickets
	callbackShare = 0.30 // of completed tickets
	reworkTwice   = 0.2  // of reworked tickets
)

// diligentOnTime is the on-time share from which a unit is a diligent one:
// every typical unit, none of the deliberately weak ones.
const diligentOnTime = 0.9

// categoryShares are the categories' shares, in domain.Categories order
// (complaint, help, inquiry, suggestion, praise).
func categoryShares() []float64 { return []float64{0.30, 0.40, 0.22, 0.06, 0.02} }

// typicalProfile draws how an ordinary unit works: nearly all on time,
// nearly all of the rest late, a few left open.
func typicalProfile(rng *rand.Rand) profile {
	onTime := 0.93 + 0.055*rng.Float64()
	return profile{
		onTime:       onTime,
		late:         (1 - onTime) * 0.85,
		rework:       0.003 + 0.017*rng.Float64(),
		dissatisfied: 0.02 + 0.05*rng.Float64(),
	}
}

// unitPlan is what the generator knows of one unit it sends tickets to.
type unitPlan struct {
	profile  profile
	topics   []int     // indexes into generator.topics
	topicCum []float64 // cumulative weights of topics
	places   []string
}

// topicPlan is a topic's issues by category (domain.Categories order).
type topicPlan struct {
	name   string
	issues [][]issue
}

// record is one generated ticket before it becomes a domain.Ticket or a CSV
// row.
type record struct {
	seq                        int
	unit                       int
	category                   int // index into domain.Categories
	topic                      string
	urgent                     bool
	dispatched, due, completed time.Time
	rework                     int
	callback                   domain.Callback
	issue                      issue
	place                      string
}

// generator draws tickets one after another, in dispatch order.
type generator struct {
	n       int
	rng     *rand.Rand
	units   []domain.Unit
	plans   []unitPlan
	unitCum []float64
	topics  []topicPlan
	catCum  []float64
	clock   dispatchClock
	load    float64
	policy  domain.DeadlinePolicy
	now     time.Time
	loc     *time.Location
	ended   bool   // the period ended a period's length before now: none of its tickets is still open
	prefix  string // ticket numbers: YY + year and month the period starts
	width   int    // digits of the sequence number
	dues    dueCache
}

func newGenerator(n int, units []domain.Unit, p domain.Period, now time.Time, policy domain.DeadlinePolicy, seed uint64) (*generator, error) {
	switch {
	case n < 0:
		return nil, fmt.Errorf("demo tickets: negative count %d", n)
	case len(units) == 0:
		return nil, errors.New("demo tickets: no units")
	case policy.Calendar == nil || policy.Location == nil:
		return nil, errors.New("demo tickets: the deadline policy needs a calendar and a location")
	case !now.After(p.Start):
		return nil, fmt.Errorf("demo tickets: period %s has not begun at %s", p, now.Format(time.RFC3339))
	}
	loc := p.Start.Location()
	end := p.End
	if now.Before(end) {
		end = now
	}
	g := &generator{
		n: n, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		units: units, policy: policy, now: now, loc: loc, ended: !now.Before(p.End.Add(p.End.Sub(p.Start))),
		clock:  newDispatchClock(p.Start, end, loc, policy.Calendar),
		prefix: "YY" + p.Start.Format("200601"),
		width:  max(6, len(strconv.Itoa(n))),
		catCum: cumulative(categoryShares()),
		dues:   dueCache{day: -1},
	}
	if g.load = g.clock.total(); g.load <= 0 {
		return nil, fmt.Errorf("demo tickets: period %s has no time to dispatch in", p)
	}
	g.planTopics()
	if err := g.planUnits(); err != nil {
		return nil, err
	}
	return g, nil
}

func cumulative(weights []float64) []float64 {
	out := make([]float64, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		out[i] = sum
	}
	return out
}

// pick draws an index with probability proportional to its weight.
func (g *generator) pick(cum []float64) int {
	x := g.rng.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

func (g *generator) planTopics() {
	praise := parseIssues(praise())
	for _, ts := range topicSpecs() {
		tp := topicPlan{name: ts.name, issues: make([][]issue, len(domain.Categories))}
		for i, c := range domain.Categories {
			tp.issues[i] = parseIssues(ts.issues[c])
		}
		tp.issues[slices.Index(domain.Categories, domain.Praise)] = praise
		g.topics = append(g.topics, tp)
	}
}

func (g *generator) planUnits() error {
	specs := make(map[string]unitSpec)
	for _, s := range catalog() {
		specs[s.name] = s
	}
	topicIndex := make(map[string]int)
	var districtMix []float64
	for i, ts := range topicSpecs() {
		topicIndex[ts.name] = i
		districtMix = append(districtMix, ts.weight)
	}
	weights := make([]float64, len(g.units))
	for i, u := range g.units {
		s, known := specs[u.Name]
		if !known {
			s = unitSpec{name: u.Name, kind: u.Kind, weight: 20}
			if u.Kind == domain.District {
				s.weight = 300
			}
		}
		weights[i] = s.weight
		g.plans = append(g.plans, g.plan(s, topicIndex, districtMix))
	}
	g.unitCum = cumulative(weights)
	if g.unitCum[len(g.unitCum)-1] <= 0 {
		return errors.New("demo tickets: no unit takes tickets")
	}
	return nil
}

func (g *generator) plan(s unitSpec, topicIndex map[string]int, districtMix []float64) unitPlan {
	up := unitPlan{profile: typicalProfile(g.rng), places: s.places}
	if s.weak != nil {
		up.profile = *s.weak
	}
	if up.places == nil {
		up.places = cityPlaces()
	}
	if len(s.topics) == 0 {
		for i := range districtMix {
			up.topics = append(up.topics, i)
		}
		up.topicCum = cumulative(districtMix)
		return up
	}
	// A bureau's first topic is its main one (three in four of its tickets).
	for i, name := range s.topics {
		up.topics = append(up.topics, topicIndex[name])
		if i == 0 {
			up.topicCum = append(up.topicCum, 6)
		} else {
			up.topicCum = append(up.topicCum, up.topicCum[i-1]+2)
		}
	}
	return up
}
