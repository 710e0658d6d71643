package store

import "github.com/bits-and-blooms/bloom/v3"

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
type loadNumbers struct {
	filters []*bloom.BloomFilter
	room    uint // numbers the newest filter takes before it is full
	total   uint
	full    bool // a number could not be added: every number may be held
}

const (
	firstLoadNumbers = 1 << 16
	maxLoadNumbers   = 1 << 24 // about 40 MB of filters
	loadNumbersFP    = 0.01    // the first filter's false-positive rate
)

// mayHold reports whether no may have been written: false is certain.
func (n *loadNumbers) mayHold(no string) bool {
	if n.full {
		return true
	}
	for _, f := range n.filters {
		if f.TestString(no) {
			return true
		}
	}
	return false
}

// add notes that no was written.
func (n *loadNumbers) add(no string) {
	if n.full {
		return
	}
	if n.room == 0 {
		size := max(n.total, firstLoadNumbers)
		if n.total+size > maxLoadNumbers {
			n.full, n.filters = true, nil
			return
		}
		fp := loadNumbersFP / float64(uint(1)<<len(n.filters))
		n.filters = append(n.filters, bloom.NewWithEstimates(size, fp))
		n.room = size
	}
	n.filters[len(n.filters)-1].AddString(no)
	n.room--
	n.total++
}
