package bot

import (
	"testing"

	"hotlinebot/domain"
)

// BenchmarkRenderNotice renders every kind of notification as a contact
// would read it, in both languages.
func BenchmarkRenderNotice(b *testing.B) {
	cases := alertCases()
	readers := []domain.Contact{
		{Role: domain.RoleLiaison, Lang: domain.LangZH},
		{Role: domain.RoleAdmin, Lang: domain.LangEN},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range cases {
			for _, c := range readers {
				if RenderNotice(n, c, alertZone) == "" {
					b.Fatal("empty message")
				}
			}
		}
	}
}
