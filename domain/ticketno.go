package domain

import "strings"

// TicketNoForms are the ticket numbers a typed number may mean, most
// likely first: as typed (trimmed, full-width letters and digits read as
// ASCII), then in upper and in lower case, since the office's numbers
// (YY202610001132) are typed in any case on phones. Empty when nothing was
// typed.
func TicketNoForms(typed string) []string {
	no := strings.TrimSpace(foldWidth(typed))
	if no == "" {
		return nil
	}
	out := []string{no}
	for _, f := range []string{strings.ToUpper(no), strings.ToLower(no)} {
		if f != out[len(out)-1] && f != no {
			out = append(out, f)
		}
	}
	return out
}
