package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"hotlinebot/domain"
)

// UpsertUnits stores units by name in one transaction: a new name is
// inserted; an existing unit takes the kind and the aliases given (the
// aliases replace the unit's old ones). It counts the units inserted and the
// ones whose kind or aliases changed. An alias already naming another unit,
// or another unit's name, is refused and nothing is stored.
func (s *Store) UpsertUnits(ctx context.Context, units []domain.Unit) (inserted, updated int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, u := range units {
			outcome, err := s.upsertUnit(ctx, tx, normalizeUnit(u))
			if err != nil {
				return fmt.Errorf("unit %q: %w", u.Name, err)
			}
			switch outcome {
			case domain.Inserted:
				inserted++
			case domain.Updated:
				updated++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("upsert units: %w", err)
	}
	return inserted, updated, nil
}

func normalizeUnit(u domain.Unit) domain.Unit {
	u.Name = strings.TrimSpace(u.Name)
	var aliases []string
	for _, a := range u.Aliases {
		if a = strings.TrimSpace(a); a != "" && a != u.Name && !slices.Contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	slices.Sort(aliases)
	u.Aliases = aliases
	return u
}

func (s *Store) upsertUnit(ctx context.Context, tx *sql.Tx, u domain.Unit) (domain.Outcome, error) {
	if u.Name == "" {
		return 0, errors.New("empty name")
	}
	if u.Kind != domain.District && u.Kind != domain.Department {
		return 0, fmt.Errorf("unknown kind %q", u.Kind)
	}
	if err := s.checkNameFree(ctx, tx, u.Name, "alias"); err != nil {
		return 0, err
	}
	var id int64
	var kind string
	err := tx.QueryRowContext(ctx, s.rebind(`SELECT id, kind FROM units WHERE name = ?`), u.Name).Scan(&id, &kind)
	outcome := domain.Unchanged
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.QueryRowContext(ctx, s.rebind(`INSERT INTO units (name, kind, updated_at) VALUES (?, ?, ?) RETURNING id`),
			u.Name, string(u.Kind), s.now().Unix()).Scan(&id)
		outcome = domain.Inserted
	case err == nil && kind != string(u.Kind):
		_, err = tx.ExecContext(ctx, s.rebind(`UPDATE units SET kind = ?, updated_at = ? WHERE id = ?`),
			string(u.Kind), s.now().Unix(), id)
		outcome = domain.Updated
	}
	if err != nil {
		return 0, err
	}
	changed, err := s.replaceAliases(ctx, tx, id, u.Aliases)
	if err != nil {
		return 0, err
	}
	if changed && outcome == domain.Unchanged {
		outcome = domain.Updated
	}
	return outcome, nil
}

// checkNameFree refuses a name that is already the other kind of key (a
// unit name that is some unit's alias, or an alias that is a unit's name),
// so UnitByName is never ambiguous.
func (s *Store) checkNameFree(ctx context.Context, tx *sql.Tx, name, as string) error {
	q := `SELECT u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = ?`
	if as == "name" {
		q = `SELECT name FROM units WHERE name = ?`
	}
	var owner string
	err := tx.QueryRowContext(ctx, s.rebind(q), name).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case as == "name":
		return fmt.Errorf("alias %q is the name of another unit", name)
	}
	return fmt.Errorf("name %q is already an alias of %s", name, owner)
}

// replaceAliases makes the unit's aliases exactly want and reports whether
// that changed anything.
func (s *Store) replaceAliases(ctx context.Context, tx *sql.Tx, unitID int64, want []string) (bool, error) {
	have, err := s.aliasesOf(ctx, tx, unitID)
	if err != nil {
		return false, err
	}
	if slices.Equal(have, want) {
		return false, nil
	}
	for _, a := range have {
		if !slices.Contains(want, a) {
			if _, err := tx.ExecContext(ctx, s.rebind(`DELETE FROM unit_aliases WHERE alias = ?`), a); err != nil {
				return false, err
			}
		}
	}
	for _, a := range want {
		if slices.Contains(have, a) {
			continue
		}
		if err := s.checkNameFree(ctx, tx, a, "name"); err != nil {
			return false, err
		}
		var owner string
		err := tx.QueryRowContext(ctx, s.rebind(`SELECT u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = ?`), a).Scan(&owner)
		if err == nil {
			return false, fmt.Errorf("alias %q already names %s", a, owner)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)`), a, unitID); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (s *Store) aliasesOf(ctx context.Context, tx *sql.Tx, unitID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, s.rebind(`SELECT alias FROM unit_aliases WHERE unit_id = ?`), unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.Sort(out)
	return out, rows.Err()
}

// Units lists every unit with its aliases: districts first, then
// departments, each by name (byte order, the same on both engines).
func (s *Store) Units(ctx context.Context) ([]domain.Unit, error) {
	units, err := s.queryUnits(ctx, `SELECT id, name, kind FROM units`)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	sort.Slice(units, func(i, j int) bool {
		if units[i].Kind != units[j].Kind {
			return units[i].Kind == domain.District
		}
		return units[i].Name < units[j].Name
	})
	return units, nil
}

// UnitCount is the number of units.
func (s *Store) UnitCount(ctx context.Context) (int, error) {
	var n int
	if err := s.sql.QueryRowContext(ctx, `SELECT count(*) FROM units`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count units: %w", err)
	}
	return n, nil
}

// Unit returns the unit with the given id, or ErrNotFound.
func (s *Store) Unit(ctx context.Context, id int64) (domain.Unit, error) {
	units, err := s.queryUnits(ctx, `SELECT id, name, kind FROM units WHERE id = ?`, id)
	if err != nil {
		return domain.Unit{}, fmt.Errorf("unit %d: %w", id, err)
	}
	if len(units) == 0 {
		return domain.Unit{}, fmt.Errorf("unit %d: %w", id, domain.ErrNotFound)
	}
	return units[0], nil
}

// UnitByName returns the unit whose name or alias is exactly nameOrAlias
// (surrounding spaces ignored), or ErrNotFound.
func (s *Store) UnitByName(ctx context.Context, nameOrAlias string) (domain.Unit, error) {
	key := strings.TrimSpace(nameOrAlias)
	units, err := s.queryUnits(ctx, `SELECT id, name, kind FROM units WHERE name = ?
		UNION ALL SELECT u.id, u.name, u.kind FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = ?`, key, key)
	if err != nil {
		return domain.Unit{}, fmt.Errorf("unit %q: %w", key, err)
	}
	if len(units) == 0 {
		return domain.Unit{}, fmt.Errorf("unit %q: %w", key, domain.ErrNotFound)
	}
	return units[0], nil
}

// FindUnits matches units leniently, for names people type: an exact name
// or alias wins alone; otherwise every unit whose name or an alias contains
// the fragment, or is contained in it, ignoring case and spaces, in Units'
// order. An empty fragment matches nothing.
func (s *Store) FindUnits(ctx context.Context, fragment string) ([]domain.Unit, error) {
	frag := foldName(fragment)
	if frag == "" {
		return nil, nil
	}
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	var exact, partial []domain.Unit
	for _, u := range units {
		best := 0
		for _, key := range append([]string{u.Name}, u.Aliases...) {
			k := foldName(key)
			switch {
			case k == frag:
				best = 2
			case best == 0 && (strings.Contains(k, frag) || strings.Contains(frag, k)):
				best = 1
			}
		}
		switch best {
		case 2:
			exact = append(exact, u)
		case 1:
			partial = append(partial, u)
		}
	}
	if len(exact) > 0 {
		return exact, nil
	}
	return partial, nil
}

// foldName lowercases and drops white space, so "市 规划局" and "市规划局"
// match.
func foldName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// queryUnits runs a query selecting (id, name, kind) and attaches aliases.
func (s *Store) queryUnits(ctx context.Context, query string, args ...any) ([]domain.Unit, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var units []domain.Unit
	byID := map[int64]int{}
	for rows.Next() {
		var u domain.Unit
		var kind string
		if err := rows.Scan(&u.ID, &u.Name, &kind); err != nil {
			return nil, err
		}
		u.Kind = domain.UnitKind(kind)
		byID[u.ID] = len(units)
		units = append(units, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(units) == 0 {
		return nil, nil
	}
	return units, s.attachAliases(ctx, units, byID)
}

func (s *Store) attachAliases(ctx context.Context, units []domain.Unit, byID map[int64]int) error {
	q := `SELECT unit_id, alias FROM unit_aliases ORDER BY alias`
	var args []any
	if len(units) == 1 {
		q = `SELECT unit_id, alias FROM unit_aliases WHERE unit_id = ? ORDER BY alias`
		args = append(args, units[0].ID)
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var alias string
		if err := rows.Scan(&id, &alias); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			units[i].Aliases = append(units[i].Aliases, alias)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range units {
		slices.Sort(units[i].Aliases)
	}
	return nil
}
