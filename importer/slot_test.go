package importer

import "testing"

// TestSlotsCoverEveryColumn checks that every column of either file has
// its own place among a row's cells.
func TestSlotsCoverEveryColumn(t *testing.T) {
	seen := map[int]string{}
	for _, c := range append(TicketColumns(), UnitColumns()...) {
		t.Run(c.Key, func(t *testing.T) {
			s := slot(c.Key)
			if s < 0 || s >= slotCount {
				t.Fatalf("slot(%q) = %d, want 0 to %d", c.Key, s, slotCount-1)
			}
			if other, dup := seen[s]; dup {
				t.Fatalf("slot(%q) = %d, already %q's", c.Key, s, other)
			}
			seen[s] = c.Key
		})
	}
}
