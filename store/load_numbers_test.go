package store

import (
	"fmt"
	"testing"
)

func TestLoadNumbers(t *testing.T) {
	n := loadNumbers{first: 1 << 12}
	const written = 3<<12 + 1000 // three filters: 4096, 4096, 8192
	positives := 0
	for i := range written {
		if n.seen(fmt.Sprintf("YY%013d", i)) {
			positives++ // looked up, found new: a false positive
		}
	}
	if len(n.filters) != 3 {
		t.Fatalf("%d filters for %d numbers, want 3", len(n.filters), written)
	}
	// Most numbers never written are known to be new: false positives
	// stay under 2% however many filters there are.
	for i := range 50_000 {
		if n.seen(fmt.Sprintf("ZZ%013d", i)) {
			positives++
		}
	}
	if rate := float64(positives) / (written + 50_000); rate > 0.02 {
		t.Fatalf("false-positive rate %.3f, want under 0.02", rate)
	}
	// Every number written is held, however many filters came after.
	for i := range written {
		if no := fmt.Sprintf("YY%013d", i); !n.seen(no) {
			t.Fatalf("%s was written but is not held", no)
		}
	}

	n.full, n.filters = true, nil
	if !n.seen("never written") {
		t.Fatal("full filters said a number is new")
	}
}

func TestLoadNumbersOrdered(t *testing.T) {
	rows := func(nos ...string) []ticketRow {
		out := make([]ticketRow, len(nos))
		for i, no := range nos {
			out[i].no = no
		}
		return out
	}
	var n loadNumbers
	if !n.ascending(rows("A1", "A2", "A3")) || !n.ascending(rows("A4", "A5")) {
		t.Fatal("numbers in order were not taken as new")
	}
	if len(n.filters) != 0 {
		t.Fatal("a load in number order filled filters")
	}
	if n.ascending(rows("A6", "A2")) || n.ascending(rows("A5")) {
		t.Fatal("numbers out of order were taken as new")
	}
	stored := []string{"A1", "A2", "A3", "A4", "A5"}
	err := n.fill(func(yield func(string) bool) error {
		for _, no := range stored {
			yield(no)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, no := range stored {
		if !n.seen(no) {
			t.Fatalf("%s is stored but not held after fill", no)
		}
	}
	if n.ascending(rows("A8")) {
		t.Fatal("a load out of order went back to ordered mode")
	}
}
