package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"hotlinebot/domain"
)

// Width is the width of every chart in pixels: a phone's full-screen
// width at three device pixels per point.
const Width = 1080

// dpi makes the 1080 pixels 360 points wide, so a 9-point label is about
// as large on a phone as the chat's own text.
const dpi = 216

// pageWidth is Width in points.
const pageWidth = vg.Length(Width) * vg.Inch / dpi

// Text sizes in points.
const (
	titleSize = 11
	labelSize = 9
	tickSize  = 8.5
	noteSize  = 8
)

// Renderer draws charts as PNG with one font; it is safe for concurrent use.
type Renderer struct {
	handler  text.Plain
	typeface font.Font
	cjk      bool
}

// NewRenderer draws with f, or with a Latin font and English labels when f
// has no CJK glyphs.
func NewRenderer(f Font) *Renderer {
	if !f.CJK() {
		lib := font.Font{Typeface: "Liberation", Variant: "Sans"}
		return &Renderer{handler: text.Plain{Fonts: font.NewCache(liberation.Collection())}, typeface: lib}
	}
	var coll font.Collection
	for _, v := range []font.Variant{"", "Sans", "Serif", "Mono"} {
		coll = append(coll, font.Face{Font: font.Font{Typeface: "CJK", Variant: v}, Face: f.face})
	}
	return &Renderer{handler: text.Plain{Fonts: font.NewCache(coll)}, typeface: font.Font{Typeface: "CJK"}, cjk: true}
}

// CJK reports whether the renderer draws Chinese labels.
func (r *Renderer) CJK() bool { return r.cjk }

// lang is the language labels are drawn in: English without a CJK font.
func (r *Renderer) lang(lang string) string {
	if !r.cjk {
		return "en"
	}
	return lang
}

// style is a text style of the renderer's font at size points.
func (r *Renderer) style(size float64, c color.Color) text.Style {
	f := r.typeface
	f.Size = vg.Points(size)
	return text.Style{Color: c, Font: f, Handler: r.handler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// newPlot is a plot whose every text is in the renderer's font, keeping
// gonum's alignments and rotations.
func (r *Renderer) newPlot(title string) *plot.Plot {
	p := plot.New()
	p.TextHandler = r.handler
	p.Title.Text = title
	r.restyle(&p.Title.TextStyle, titleSize, color.Black)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		r.restyle(&a.Label.TextStyle, labelSize, color.Black)
		r.restyle(&a.Tick.Label, tickSize, color.Gray{Y: 60})
	}
	r.restyle(&p.Legend.TextStyle, noteSize, color.Black)
	p.Legend.ThumbnailWidth = vg.Points(16)
	return p
}

// restyle puts s in the renderer's font at size points and colour c.
func (r *Renderer) restyle(s *text.Style, size float64, c color.Color) {
	f := r.typeface
	f.Size = vg.Points(size)
	s.Font, s.Handler, s.Color = f, r.handler, c
}

// labels places texts at data coordinates in the renderer's font.
func (r *Renderer) labels(xys plotter.XYs, texts []string, size float64, c color.Color, xAlign draw.XAlignment, yAlign draw.YAlignment) *plotter.Labels {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		panic(err) // unreachable: one text per point
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = r.style(size, c)
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = xAlign, yAlign
	}
	return l
}

// rect is a filled rectangle in data coordinates.
func rect(x0, y0, x1, y1 float64, fill color.Color) *plotter.Polygon {
	poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	if err != nil {
		panic(err) // unreachable: four finite points
	}
	poly.Color = fill
	poly.LineStyle.Width = 0
	return poly
}

// line is a straight line in data coordinates.
func line(pts plotter.XYs, c color.Color, width float64, dashes ...vg.Length) *plotter.Line {
	l, err := plotter.NewLine(pts)
	if err != nil {
		panic(err) // unreachable: finite points
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(width), dashes
	return l
}

// page is a white canvas Width pixels wide and height points high.
func page(height vg.Length) (*vgimg.Canvas, draw.Canvas) {
	c := vgimg.NewWith(vgimg.UseWH(pageWidth, height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	return c, draw.New(c)
}

// inset keeps a chart off the picture's edges.
func inset(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(8), vg.Points(4), -vg.Points(4))
}

// encode writes the canvas as PNG, favouring speed over a few kilobytes.
func encode(c *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// Grade colours: strong for bars and marks, pale for bands.
var (
	gradeColors = map[domain.Grade]color.RGBA{
		domain.GradeA: {0x2e, 0x7d, 0x32, 0xff}, domain.GradeB: {0x15, 0x65, 0xc0, 0xff},
		domain.GradeC: {0xf9, 0xa8, 0x25, 0xff}, domain.GradeD: {0xef, 0x6c, 0x00, 0xff},
		domain.GradeE: {0xc6, 0x28, 0x28, 0xff},
	}
	bandColors = map[domain.Grade]color.RGBA{
		domain.GradeA: {0xe8, 0xf5, 0xe9, 0xff}, domain.GradeB: {0xe3, 0xf2, 0xfd, 0xff},
		domain.GradeC: {0xff, 0xf8, 0xe1, 0xff}, domain.GradeD: {0xff, 0xf0, 0xe0, 0xff},
		domain.GradeE: {0xff, 0xeb, 0xee, 0xff},
	}
	prevColor  = color.RGBA{0xbd, 0xbd, 0xbd, 0xff}
	inkColor   = color.RGBA{0x1a, 0x23, 0x7e, 0xff}
	onTimeInk  = color.RGBA{0xd8, 0x43, 0x15, 0xff}
	lineColor  = color.Gray{Y: 120}
	noteColor  = color.Gray{Y: 90}
	overdueInk = color.RGBA{0xc6, 0x28, 0x28, 0xff}
)

// gradeColor is the strong colour of g; ungraded bars are grey.
func gradeColor(g domain.Grade) color.Color {
	if c, ok := gradeColors[g]; ok {
		return c
	}
	return prevColor
}

// translucent is c at half strength, for provisional values.
func translucent(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x70}
}

// floors are each grade's lowest composite, A to E.
func floors(t domain.Thresholds) []float64 { return []float64{t.A, t.B, t.C, t.D, 0} }

// lowerBound is a round axis minimum a little under the smallest of vals
// (fallback when there are none), never below 0.
func lowerBound(vals []float64, fallback float64) float64 {
	lo := fallback
	for _, v := range vals {
		lo = min(lo, v)
	}
	lo = float64(int((lo-3)/5)) * 5
	return max(lo, 0)
}

// oneDecimal writes a composite as the chat does: 98.0, 97.4.
func oneDecimal(v float64) string { return strconv.FormatFloat(domain.RoundTo(v, 1), 'f', 1, 64) }

// unitLabel is the unit's name, or its id when the font cannot draw it.
func (r *Renderer) unitLabel(u domain.Unit) string {
	if r.cjk {
		return u.Name
	}
	for _, c := range u.Name {
		if c > 0x7e {
			return "#" + strconv.FormatInt(u.ID, 10)
		}
	}
	return u.Name
}
