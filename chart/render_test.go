package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"testing"
	"time"

	"hotlinebot/domain"
)

// renderers are the renderer with a CJK font, when the machine has one,
// and the English fallback.
func renderers(t testing.TB) map[string]*Renderer {
	out := map[string]*Renderer{"no CJK font": NewRenderer(Font{})}
	if f, ok, err := FindFont(os.Getenv("HOTLINE_FONT"), FontCandidates); err == nil && ok {
		out["CJK font"] = NewRenderer(f)
	} else {
		t.Logf("no CJK font on this machine (%s): only the English fallback is drawn", FontHint)
	}
	return out
}

// checkPNG decodes a chart and checks it is Width wide, at least minHeight
// high, and drawn on: a tenth of its pixels or more are not white, and it
// has bars or lines in more than a handful of colours.
func checkPNG(t *testing.T, b []byte, minHeight int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	bounds := img.Bounds()
	if bounds.Dx() != Width || bounds.Dy() < minHeight {
		t.Errorf("size %dx%d, want %d wide and at least %d high", bounds.Dx(), bounds.Dy(), Width, minHeight)
	}
	if ink, colours := inkOf(img); ink < 0.1 || colours < 8 {
		t.Errorf("looks blank: %.1f%% of pixels drawn, %d colours", 100*ink, colours)
	}
}

func inkOf(img image.Image) (share float64, colours int) {
	b := img.Bounds()
	seen := map[[3]uint32]bool{}
	drawn := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				drawn++
			}
			if len(seen) < 64 {
				seen[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
			}
		}
	}
	return float64(drawn) / float64((b.Dx()/2)*(b.Dy()/2)), len(seen)
}

func TestRender(t *testing.T) {
	tr, _ := sampleTrend(t)
	city := sampleCity(t)
	for name, r := range renderers(t) {
		t.Run(name+"/trend", func(t *testing.T) {
			b, err := r.Trend(tr, "zh")
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b, 1200)
		})
		t.Run(name+"/grades", func(t *testing.T) {
			b, err := r.Grades(city, "zh")
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, b, 1000)
		})
		t.Run(name+"/ranking", func(t *testing.T) {
			pages, err := r.Ranking(city, domain.District, "zh")
			if err != nil || len(pages) != 1 {
				t.Fatal(len(pages), err)
			}
			checkPNG(t, pages[0], 500)
			if pages, _ := r.Ranking(City{Ranked: nil}, domain.District, "zh"); len(pages) != 0 {
				t.Error("a kind without graded units drew a ranking")
			}
		})
		t.Run(name+"/a long ranking is split into pictures of 40 units", func(t *testing.T) {
			long := City{Period: city.Period, At: city.At, Ranked: map[domain.UnitKind][]Bar{}, Thresholds: city.Thresholds}
			for i := range 85 {
				long.Ranked[domain.Department] = append(long.Ranked[domain.Department],
					Bar{Unit: domain.Unit{ID: int64(i + 1), Name: fmt.Sprintf("市第%d局", i+1)}, Composite: 99 - float64(i)/10, Grade: domain.GradeA})
			}
			pages, err := r.Ranking(long, domain.Department, "zh")
			if err != nil || len(pages) != 3 {
				t.Fatalf("%d pages, %v; want 3", len(pages), err)
			}
			for _, p := range pages[:2] {
				checkPNG(t, p, 1600)
			}
			checkPNG(t, pages[2], 300)
		})
		t.Run(name+"/overdue", func(t *testing.T) {
			b, ok, err := r.Overdue(sampleOverdue(t), "zh")
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			checkPNG(t, b, 250)
			if _, ok, _ := r.Overdue(Overdue{At: time.Now()}, "zh"); ok {
				t.Error("no overdue ticket drew a chart")
			}
		})
	}
}

func TestFallbackLabelsAreEnglish(t *testing.T) {
	r := NewRenderer(Font{})
	if r.CJK() || r.lang("zh") != "en" {
		t.Errorf("fallback draws in %q, want en", r.lang("zh"))
	}
	if got := r.unitLabel(domain.Unit{ID: 12, Name: "市城管局"}); got != "#12" {
		t.Errorf("a Chinese name without a CJK font is labelled %q, want #12", got)
	}
	if got := r.unitLabel(domain.Unit{ID: 3, Name: "Water Co"}); got != "Water Co" {
		t.Errorf("a Latin name is labelled %q", got)
	}
}

// BenchmarkRender is each chart drawn and encoded (the data is built apart:
// see the store's BenchmarkTrendMillion for reading it at 1,000,000 tickets).
func BenchmarkRender(b *testing.B) {
	f, ok, err := FindFont(os.Getenv("HOTLINE_FONT"), FontCandidates)
	if err != nil || !ok {
		b.Skipf("no CJK font: %s", FontHint)
	}
	r := NewRenderer(f)
	tr, _ := sampleTrend(&testing.T{})
	city := sampleCity(&testing.T{})
	b.Run("trend", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Trend(tr, "zh"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("grades", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Grades(city, "zh"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ranking", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Ranking(city, domain.Department, "zh"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
