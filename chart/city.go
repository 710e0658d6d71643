package chart

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hotlinebot/domain"
)

// Layout of the city charts, in points.
const (
	gradesPanel = 200 // one kind's grade distribution
	barPitch    = 12  // one unit's row in a ranking
	barFrame    = 70  // a ranking's title, axis and margins
)

// barsShown is how many units one ranking or overdue picture shows: a
// picture taller than about 1,800 pixels is shrunk on a phone until its
// names cannot be read, and takes too long to draw.
const barsShown = 40

// Grades draws the grade distribution of each kind of unit: this period's
// count of each grade beside the previous period's final count.
func (r *Renderer) Grades(c City, lang string) ([]byte, error) {
	w := wordsFor(r.lang(lang))
	height := vg.Length(gradesPanel * len(c.Kinds))
	cv, dc := page(height)
	for i, kg := range c.Kinds {
		top := vg.Length(gradesPanel * i)
		panel := draw.Crop(dc, 0, 0, height-top-gradesPanel, -top)
		r.gradesPlot(c, kg, lang, w).Draw(inset(panel))
	}
	return encode(cv)
}

func (r *Renderer) gradesPlot(c City, kg KindGrades, lang string, w words) *plot.Plot {
	l := r.lang(lang)
	title := w.kinds[kg.Kind] + " " + w.distribution + " · " + c.Period.Label(l) + " " + w.provisional + "\n" + w.asOf(c.At)
	if c.HasPrev {
		title += " · " + w.greyIs + c.Prev.Label(l) + " " + w.final
	}
	p := r.newPlot(title)
	names := make([]string, len(Grades))
	top := 1
	for i, g := range Grades {
		names[i] = string(g)
		top = max(top, kg.Now[i], kg.Prev[i])
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.6, float64(len(Grades))-0.4, 0, float64(top)*1.08
	p.Y.Tick.Marker = countTicks(top)
	p.Add(plotter.NewGrid())
	for i, g := range Grades {
		x := float64(i)
		if c.HasPrev {
			r.countBar(p, x-0.36, x-0.02, kg.Prev[i], prevColor)
		}
		r.countBar(p, x+0.02, x+0.36, kg.Now[i], gradeColor(g))
	}
	return p
}

// countBar is a bar of n units between x0 and x1, its count above it.
func (r *Renderer) countBar(p *plot.Plot, x0, x1 float64, n int, fill color.Color) {
	if n > 0 {
		p.Add(rect(x0, 0, x1, float64(n), fill))
	}
	l := r.labels(plotter.XYs{{X: (x0 + x1) / 2, Y: float64(n)}}, []string{strconv.Itoa(n)}, noteSize, color.Black, draw.XCenter, draw.YBottom)
	l.Offset = vg.Point{Y: vg.Points(2)}
	p.Add(l)
}

// barLabelOffset moves a value label off its bar's end and lifts it onto
// the bar's middle (CJK fonts' tall line boxes sit it low otherwise).
var barLabelOffset = vg.Point{X: vg.Points(2), Y: vg.Points(2.5)}

// countTicks are whole-number ticks from 0 to top at a round step (1, 2,
// 5, 10, 20, 50 …), at most six of them.
func countTicks(top int) plot.ConstantTicks {
	step := 1
	for i := 0; top/step > 5; i++ {
		step = []int{1, 2, 5}[(i+1)%3] * pow10((i+1)/3)
	}
	var ticks plot.ConstantTicks
	for v := 0; v <= top; v += step {
		ticks = append(ticks, plot.Tick{Value: float64(v), Label: strconv.Itoa(v)})
	}
	return ticks
}

func pow10(n int) int {
	v := 1
	for range n {
		v *= 10
	}
	return v
}

// swatch is a legend thumbnail filled with c.
type swatch struct{ fill color.Color }

// Thumbnail draws the swatch's square.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.fill, c.ClipPolygonXY([]vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}))
}

// Ranking draws the composites of one kind's units, best at the top, with
// the grade thresholds, barsShown units a picture; none when the kind has
// no graded unit.
func (r *Renderer) Ranking(c City, kind domain.UnitKind, lang string) ([][]byte, error) {
	bars := c.Ranked[kind]
	var out [][]byte
	for first := 0; first < len(bars); first += barsShown {
		png, err := r.rankingPage(c, kind, first, bars[first:min(first+barsShown, len(bars))], lang)
		if err != nil {
			return nil, err
		}
		out = append(out, png)
	}
	return out, nil
}

// rankingPage draws bars, ranked from first+1.
func (r *Renderer) rankingPage(c City, kind domain.UnitKind, first int, bars []Bar, lang string) ([]byte, error) {
	w := wordsFor(r.lang(lang))
	title := w.kinds[kind] + " " + w.ranking + " · " + c.Period.Label(r.lang(lang)) + "\n" + w.asOf(c.At)
	if total := len(c.Ranked[kind]); total > len(bars) {
		title += fmt.Sprintf(" · %d–%d / %d", first+1, first+len(bars), total)
	}
	vals := make([]float64, len(bars))
	names := make([]string, len(bars))
	for i, b := range bars {
		vals[i] = b.Composite
		names[len(bars)-1-i] = fmt.Sprintf("%d. %s", first+i+1, r.unitLabel(b.Unit))
	}
	lo := lowerBound(vals, c.Thresholds.B)
	p := r.newPlot(title)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max, p.X.Min, p.X.Max = -0.6, float64(len(bars))-0.4, lo, 100+(100-lo)*0.12
	p.X.Tick.Marker = gradeTicks(c.Thresholds, lo)
	p.Add(plotter.NewGrid())
	for i, th := range floors(c.Thresholds)[:4] {
		if th > lo {
			p.Add(line(plotter.XYs{{X: th, Y: p.Y.Min}, {X: th, Y: p.Y.Max}}, gradeColor(Grades[i]), 0.8, vg.Points(3), vg.Points(2)))
		}
	}
	for i, b := range bars {
		y := float64(len(bars) - 1 - i)
		p.Add(rect(lo, y-0.36, b.Composite, y+0.36, gradeColor(b.Grade)))
		l := r.labels(plotter.XYs{{X: b.Composite, Y: y}}, []string{oneDecimal(b.Composite) + " " + string(b.Grade)}, noteSize, color.Black, draw.XLeft, draw.YCenter)
		l.Offset = barLabelOffset
		p.Add(l)
	}
	cv, dc := page(vg.Length(barFrame + barPitch*len(bars)))
	p.Draw(inset(dc))
	return encode(cv)
}

// Overdue draws the open overdue tickets of each unit that has any,
// largest first; ok is false when no unit has one.
func (r *Renderer) Overdue(o Overdue, lang string) (png []byte, ok bool, err error) {
	if len(o.Bars) == 0 {
		return nil, false, nil
	}
	w := wordsFor(r.lang(lang))
	title := w.overdue + " · " + w.asOf(o.At)
	bars := o.Bars[:min(len(o.Bars), barsShown)]
	if len(bars) < len(o.Bars) {
		title += "\n" + fmt.Sprintf(w.topOf, len(bars), len(o.Bars), o.Total())
	}
	p := r.newPlot(title)
	names := make([]string, len(bars))
	for i, b := range bars {
		names[len(bars)-1-i] = r.unitLabel(b.Unit)
	}
	p.NominalY(names...)
	top := o.Bars[0].Count
	p.Y.Min, p.Y.Max, p.X.Min, p.X.Max = -0.6, float64(len(bars))-0.4, 0, float64(top)*1.15
	p.X.Tick.Marker = countTicks(top)
	p.Add(plotter.NewGrid())
	for i, b := range bars {
		y := float64(len(bars) - 1 - i)
		p.Add(rect(0, y-0.36, float64(b.Count), y+0.36, overdueInk))
		l := r.labels(plotter.XYs{{X: float64(b.Count), Y: y}}, []string{strconv.Itoa(b.Count) + w.tickets}, noteSize, color.Black, draw.XLeft, draw.YCenter)
		l.Offset = barLabelOffset
		p.Add(l)
	}
	cv, dc := page(vg.Length(barFrame + barPitch*len(bars)))
	p.Draw(inset(dc))
	png, err = encode(cv)
	return png, err == nil, err
}
