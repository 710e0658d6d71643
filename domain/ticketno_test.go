package domain_test

import (
	"slices"
	"testing"

	"hotlinebot/domain"
)

func TestTicketNoForms(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"upper case as stored", "YY202610001132", []string{"YY202610001132", "yy202610001132"}},
		{"lower case typed", "yy202610006786", []string{"yy202610006786", "YY202610006786"}},
		{"surrounding spaces", "  YY202610006786\u3000", []string{"YY202610006786", "yy202610006786"}},
		{"full-width", "ＹＹ２０２６１０００６７８６", []string{"YY202610006786", "yy202610006786"}},
		{"mixed case", "Yy-1", []string{"Yy-1", "YY-1", "yy-1"}},
		{"digits only", "2026100", []string{"2026100"}},
		{"nothing", "   ", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.TicketNoForms(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("TicketNoForms(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
