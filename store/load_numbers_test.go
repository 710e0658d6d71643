package store

import (
	"fmt"
	"testing"
)

func TestLoadNumbers(t *testing.T) {
	var n loadNumbers
	const added = 3*firstLoadNumbers + 1000 // three filters
	for i := range added {
		n.add(fmt.Sprintf("YY%013d", i))
	}
	if len(n.filters) != 3 {
		t.Fatalf("%d filters for %d numbers, want 3", len(n.filters), added)
	}
	for i := range added {
		if no := fmt.Sprintf("YY%013d", i); !n.mayHold(no) {
			t.Fatalf("%s was added but is not held", no)
		}
	}
	// Numbers never added are mostly known to be new: false positives
	// stay under 2% however many filters there are.
	hits := 0
	const probes = 100_000
	for i := range probes {
		if n.mayHold(fmt.Sprintf("ZZ%013d", i)) {
			hits++
		}
	}
	if rate := float64(hits) / probes; rate > 0.02 {
		t.Fatalf("false-positive rate %.3f, want under 0.02", rate)
	}

	n.full = true
	if !n.mayHold("never added") {
		t.Fatal("full filters said a number is new")
	}
}
