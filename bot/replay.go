package bot

import "sync"

// recentUpdates is how many update ids a replica remembers to drop a
// replay: far more than Telegram ever has in flight to one bot.
const recentUpdates = 4096

// seenUpdates remembers the latest update ids, so that an update handed in
// twice (a webhook call replayed, by a proxy's retry or by someone who
// captured one) is handled once.
type seenUpdates struct {
	mu   sync.Mutex
	ids  map[int64]struct{}
	ring [recentUpdates]int64
	next int
	full bool
}

func newSeenUpdates() *seenUpdates {
	return &seenUpdates{ids: make(map[int64]struct{}, recentUpdates)}
}

// first records id and reports whether it had not been seen.
func (s *seenUpdates) first(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	if s.full {
		delete(s.ids, s.ring[s.next])
	}
	s.ring[s.next] = id
	s.ids[id] = struct{}{}
	if s.next = (s.next + 1) % recentUpdates; s.next == 0 {
		s.full = true
	}
	return true
}
