package importer

import (
	"strings"

	"hotlinebot/domain"
)

// UnitIndex is an in-memory UnitResolver over a list of units. A name always
// wins over an alias; an alias that two units share resolves to neither, so
// a ticket is never filed under a guess.
type UnitIndex struct {
	ids map[string]int64
}

// NewUnitIndex indexes units by trimmed name and alias.
func NewUnitIndex(units []domain.Unit) *UnitIndex {
	ids := make(map[string]int64, 2*len(units))
	const ambiguous = -1
	for _, u := range units {
		for _, a := range u.Aliases {
			a = strings.TrimSpace(a)
			if prev, ok := ids[a]; ok && prev != u.ID {
				ids[a] = ambiguous
			} else if a != "" {
				ids[a] = u.ID
			}
		}
	}
	for _, u := range units {
		if name := strings.TrimSpace(u.Name); name != "" {
			ids[name] = u.ID
		}
	}
	for k, id := range ids {
		if id == ambiguous {
			delete(ids, k)
		}
	}
	return &UnitIndex{ids: ids}
}

// UnitID finds a unit by its exact (trimmed) name or alias.
func (x *UnitIndex) UnitID(nameOrAlias string) (int64, bool) {
	id, ok := x.ids[strings.TrimSpace(nameOrAlias)]
	return id, ok
}
