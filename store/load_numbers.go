package store

import (
	"cmp"

	"github.com/bits-and-blooms/bloom/v3"
)

// loadNumbers remembers the ticket numbers a load into an empty tickets
// table has written. While every stored ticket is one the load wrote, a
// number it has not written is new and needs no lookup: on a file in
// random order that lookup is a probe at a random place in the
// ticket-number index for every row (measured: 15% of a shuffled load's
// CPU). A Bloom filter answers "not written" for certain and "written"
// with a small share of false positives, which are looked up as before.
// When the newest filter is full the next one is as large as all before
// it, with half their false-positive rate, so the rate of all stays under
// 2% (a scalable Bloom filter); past maxLoadNumbers numbers the load looks
// every number up.
//
// A file in dispatch order needs no filter: while each batch's numbers
// rise above every number written before (ascending), the largest one is
// all a load keeps, and the filters are filled from the table at the first
// batch that does not (a file not in number order does so at its second
// batch; fill).
type loadNumbers struct {
	unordered bool   // a batch's numbers did not all rise above last: the filters hold every number
	last      string // while ordered: the largest number written

	filters []*bloom.BloomFilter
	room    uint // numbers the newest filter takes before it is full
	total   uint
	full    bool // a number could not be added: every number may be held
	first   uint // the first filter's size (0: firstLoadNumbers)
}

// The first filter takes a million numbers (1.2 MB), so that a load of a
// large city's year tests and adds each number in one filter, one hash:
// each filter hashes the number anew, and a load in dispatch order, whose
// lookups cost little, must not pay more for the filters than it saves.
const (
	firstLoadNumbers = 1 << 20
	maxLoadNumbers   = 1 << 24 // about 40 MB of filters
	loadNumbersFP    = 0.01    // the first filter's false-positive rate
)

// ascending reports whether rows' numbers each rise above the one before,
// starting above every number written so far, and if so notes the last
// as the largest. When it is false the caller fills the filters, which
// take over for good.
func (n *loadNumbers) ascending(rows []ticketRow) bool {
	if n.unordered {
		return false
	}
	last := n.last
	for i := range rows {
		if rows[i].no <= last {
			return false
		}
		last = rows[i].no
	}
	n.last = last
	return true
}

// fill puts every number of nos (the table's) in the filters, and leaves
// ordered mode.
func (n *loadNumbers) fill(nos func(yield func(string) bool) error) error {
	n.unordered = true
	return nos(func(no string) bool { n.add([]byte(no)); return true })
}

// seen reports whether no may have been written before, and notes that it
// is written now (the caller writes it or looks it up): false is certain.
// Noting a number whose write then fails only adds a false positive.
func (n *loadNumbers) seen(no string) bool {
	if n.full {
		return true
	}
	b := []byte(no)
	for _, f := range n.filters {
		if f.Test(b) {
			return true
		}
	}
	n.add(b)
	return false
}

func (n *loadNumbers) add(no []byte) {
	if n.room == 0 {
		size := max(n.total, cmp.Or(n.first, firstLoadNumbers))
		if n.total+size > maxLoadNumbers {
			n.full, n.filters = true, nil
			return
		}
		fp := loadNumbersFP / float64(uint(1)<<len(n.filters))
		n.filters = append(n.filters, bloom.NewWithEstimates(size, fp))
		n.room = size
	}
	n.filters[len(n.filters)-1].Add(no)
	n.room--
	n.total++
}
