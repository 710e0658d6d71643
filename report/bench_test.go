package report

import (
	"io"
	"testing"

	"hotlinebot/domain"
)

// BenchmarkWrite renders a hundred-unit evaluation table in every format.
func BenchmarkWrite(b *testing.B) {
	r := bulletinReport(b)
	base := r.Units
	for i := len(r.Units); i < 100; i++ {
		sc := base[i%len(base)]
		sc.Unit.ID = int64(i + 1)
		sc.Unit.Name = sc.Unit.Name + string(rune('甲'+i))
		r.Units = append(r.Units, sc)
	}
	domain.SortScorecards(r.Units)
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, r, format, "zh"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
