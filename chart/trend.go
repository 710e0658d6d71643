package chart

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"hotlinebot/domain"
)

// Trend page layout, in points.
const (
	trendHeight = 460
	finalsPanel = 165
)

// Trend draws a unit's trend: the weekly composite and on-time rate over
// the grade bands, today's provisional value marked, and below it the
// final composites of the last four periods beside this period's.
func (r *Renderer) Trend(t Trend, lang string) ([]byte, error) {
	w := wordsFor(r.lang(lang))
	c, dc := page(trendHeight)
	top := draw.Crop(dc, 0, 0, finalsPanel, 0)
	bottom := draw.Crop(dc, 0, 0, 0, -(trendHeight - finalsPanel))
	r.weeklyPlot(t, lang, w).Draw(inset(top))
	r.finalsPlot(t, w).Draw(inset(bottom))
	return encode(c)
}

// weeksOf is where instant at lies on the trend's x axis: weeks since the
// period started.
func weeksOf(p domain.Period, at time.Time) float64 { return at.Sub(p.Start).Hours() / (24 * 7) }

func (r *Renderer) weeklyPlot(t Trend, lang string, w words) *plot.Plot {
	p := r.newPlot(r.unitLabel(t.Unit) + " · " + t.Period.Label(r.lang(lang)) + " " + w.weekly)
	xmax := weeksOf(t.Period, t.Period.End)
	var comp, ontime plotter.XYs
	var vals []float64
	for _, v := range t.Weeks {
		if v.Graded {
			comp = append(comp, plotter.XY{X: weeksOf(t.Period, v.At), Y: v.Composite})
			ontime = append(ontime, plotter.XY{X: weeksOf(t.Period, v.At), Y: v.OnTime})
			vals = append(vals, v.Composite, v.OnTime)
		}
	}
	if t.Now.Graded {
		vals = append(vals, t.Now.Composite, t.Now.OnTime)
	}
	// The band below A shows; the bottom fifth of the axis stays below the
	// lines for the legend.
	lo := lowerBound(vals, t.Thresholds.A-2)
	lo = max(0, float64(int((lo-(101-lo)/4)/5))*5)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, xmax, lo, 101
	r.bands(p, t.Thresholds, 0, xmax, lo, 101)
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = weekTicks(t.Period, w)
	p.Y.Tick.Marker = gradeTicks(t.Thresholds, lo)
	if len(comp) > 0 {
		cl := r.series(p, comp, inkColor, 2, draw.CircleGlyph{})
		ol := r.series(p, ontime, onTimeInk, 1.4, draw.SquareGlyph{}, vg.Points(4), vg.Points(2))
		p.Legend.Add(w.composite, cl)
		p.Legend.Add(w.onTime, ol)
	}
	if t.Now.Graded {
		r.today(p, t, comp, ontime, w)
	}
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(4), vg.Points(4)
	return p
}

// series is a line with a mark at each point.
func (r *Renderer) series(p *plot.Plot, pts plotter.XYs, c color.Color, width float64, glyph draw.GlyphDrawer, dashes ...vg.Length) *plotter.Line {
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		panic(err) // unreachable: finite points
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(width), dashes
	s.Color, s.Shape, s.Radius = c, glyph, vg.Points(2.2)
	p.Add(l, s)
	return l
}

// today marks today's provisional values, joined to the last weekly ones
// by a dotted line.
func (r *Renderer) today(p *plot.Plot, t Trend, comp, ontime plotter.XYs, w words) {
	x := weeksOf(t.Period, t.Now.At)
	for _, s := range []struct {
		pts plotter.XYs
		y   float64
		c   color.Color
	}{{comp, t.Now.Composite, inkColor}, {ontime, t.Now.OnTime, onTimeInk}} {
		if n := len(s.pts); n > 0 && s.pts[n-1].X < x {
			p.Add(line(plotter.XYs{s.pts[n-1], {X: x, Y: s.y}}, s.c, 1.2, vg.Points(1.5), vg.Points(2)))
		}
		mark, err := plotter.NewScatter(plotter.XYs{{X: x, Y: s.y}})
		if err != nil {
			panic(err) // unreachable: one finite point
		}
		mark.Color, mark.Shape, mark.Radius = s.c, draw.RingGlyph{}, vg.Points(4.5)
		p.Add(mark)
	}
	ring, err := plotter.NewScatter(plotter.XYs{{X: x, Y: t.Now.Composite}})
	if err != nil {
		panic(err) // unreachable: one finite point
	}
	ring.Color, ring.Shape, ring.Radius = inkColor, draw.RingGlyph{}, vg.Points(4.5)
	p.Legend.Add(fmt.Sprintf(w.todayMark, oneDecimal(t.Now.Composite), t.Now.Grade), ring)
}

// bands shades each grade's range of composites between x0 and x1 and
// letters it at the right edge.
func (r *Renderer) bands(p *plot.Plot, th domain.Thresholds, x0, x1, lo, hi float64) {
	fl := floors(th)
	top := hi
	for i, g := range Grades {
		bot := max(fl[i], lo)
		if bot >= top {
			continue
		}
		p.Add(rect(x0, bot, x1, top, bandColors[g]))
		if top-bot >= (hi-lo)/16 {
			l := r.labels(plotter.XYs{{X: x1, Y: (bot + top) / 2}}, []string{string(g)}, labelSize, gradeColor(g), draw.XRight, draw.YCenter)
			l.Offset = vg.Point{X: -vg.Points(3)}
			p.Add(l)
		}
		if fl[i] > lo {
			p.Add(line(plotter.XYs{{X: x0, Y: fl[i]}, {X: x1, Y: fl[i]}}, gradeColor(g), 0.6, vg.Points(3), vg.Points(2)))
		}
		top = bot
	}
}

// weekTicks mark every week's end, labelled every other week.
func weekTicks(p domain.Period, w words) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for i, at := range p.TrendPoints(p.End) {
		label := ""
		if i%2 == 0 {
			label = w.tick(at)
		}
		ticks = append(ticks, plot.Tick{Value: weeksOf(p, at), Label: label})
	}
	return ticks
}

// gradeTicks label the axis at the grade thresholds above lo, at lo and at 100.
// A threshold too close to a tick already labelled (on a wide axis, 95
// and 90 under 100) gets an unlabelled tick, so labels never overlap.
func gradeTicks(th domain.Thresholds, lo float64) plot.ConstantTicks {
	ticks := plot.ConstantTicks{{Value: 100, Label: "100"}, {Value: lo, Label: domain.FormatComposite(lo)}}
	gap := (100 - lo) / 10
	for _, v := range floors(th)[:4] {
		if v <= lo || v >= 100 {
			continue
		}
		label := domain.FormatComposite(v)
		for _, t := range ticks {
			if t.Label != "" && math.Abs(t.Value-v) < gap {
				label = ""
			}
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

func (r *Renderer) finalsPlot(t Trend, w words) *plot.Plot {
	p := r.newPlot(w.finals)
	values := append(append([]PeriodValue(nil), t.Finals...), PeriodValue{Period: t.Period, Value: t.Now})
	var names []string
	var vals []float64
	for _, v := range values {
		names = append(names, v.Period.String())
		if v.Period == t.Period {
			names[len(names)-1] += " " + w.provisional
		}
		if v.Graded {
			vals = append(vals, v.Composite)
		}
	}
	lo := lowerBound(vals, t.Thresholds.B)
	p.Y.Min, p.Y.Max = lo, 100
	p.Y.Tick.Marker = gradeTicks(t.Thresholds, lo)
	p.X.Min, p.X.Max = -0.6, float64(len(values))-0.4
	p.NominalX(names...)
	p.Add(plotter.NewGrid())
	for i, th := range floors(t.Thresholds)[:4] {
		if th > lo {
			p.Add(line(plotter.XYs{{X: p.X.Min, Y: th}, {X: p.X.Max, Y: th}}, gradeColor(Grades[i]), 0.6, vg.Points(3), vg.Points(2)))
		}
	}
	for i, v := range values {
		x := float64(i)
		if !v.Graded {
			p.Add(r.labels(plotter.XYs{{X: x, Y: lo}}, []string{w.noGrade}, noteSize, noteColor, draw.XCenter, draw.YBottom))
			continue
		}
		fill := gradeColor(v.Grade)
		if v.Period == t.Period {
			fill = translucent(fill)
		}
		p.Add(rect(x-0.32, lo, x+0.32, v.Composite, fill))
		l := r.labels(plotter.XYs{{X: x, Y: v.Composite}}, []string{oneDecimal(v.Composite) + " " + string(v.Grade)}, noteSize, color.Black, draw.XCenter, draw.YBottom)
		l.Offset = vg.Point{Y: vg.Points(3)}
		p.Add(l)
	}
	return p
}
