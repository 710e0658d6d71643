package importer

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"hotlinebot/domain"
)

// maxUnits bounds a unit file: a city has about a hundred units, so a file
// with far more is almost surely a ticket file given to the wrong command.
const maxUnits = 10_000

// UnitStore is what a unit import needs from the store.
type UnitStore interface {
	UpsertUnits(ctx context.Context, units []domain.Unit) (inserted, updated int, err error)
}

// unitRow is a parsed unit and the line it came from.
type unitRow struct {
	unit domain.Unit
	line int
}

// ImportUnits loads a unit file (name/单位名称, kind/类别, aliases/简称)
// and upserts its units by name in one call. A name given twice: the later
// row wins. An alias that is another row's name or alias is refused, so a
// ticket's unit is never ambiguous. Unit files are small, so the rows are
// checked together before anything is stored.
func ImportUnits(ctx context.Context, path string, st UnitStore) (Summary, error) {
	rows, err := Open(path, UnitColumns())
	if err != nil {
		return Summary{}, err
	}
	defer rows.Close()
	var sum Summary
	var units []unitRow
	byName := make(map[string]int)
	for rows.Next() {
		sum.Rows++
		if sum.Rows > maxUnits {
			return Summary{}, &FileError{Path: path, Problem: "more than " + strconv.Itoa(maxUnits) + " units; is this a ticket file?"}
		}
		u, errs := parseUnitRow(rows)
		if len(errs) > 0 {
			sum.Refused++
			for _, e := range errs {
				sum.addError(RowError{File: path, Line: rows.Line(), Field: e.Field, Problem: e.Problem})
			}
			continue
		}
		if i, ok := byName[u.Name]; ok {
			units[i] = unitRow{u, rows.Line()}
			sum.Superseded++
			continue
		}
		byName[u.Name] = len(units)
		units = append(units, unitRow{u, rows.Line()})
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	good := checkAliases(path, units, &sum)
	if len(good) == 0 {
		return sum, nil
	}
	inserted, updated, err := st.UpsertUnits(ctx, good)
	if err != nil {
		return sum, fmt.Errorf("import %s: %w", path, err)
	}
	sum.Loaded, sum.Updated = inserted, updated
	sum.Unchanged = len(good) - inserted - updated
	return sum, nil
}

// parseUnitRow reads one unit.
func parseUnitRow(rows *Rows) (domain.Unit, []domain.FieldError) {
	if problem := rows.Problem(); problem != "" {
		return domain.Unit{}, []domain.FieldError{{Problem: problem}}
	}
	p := rowParser{fields: rows}
	var u domain.Unit
	u.Name, _ = p.required(KeyName, "the unit's full name")
	if u.Name != "" {
		if err := domain.CheckName(u.Name); err != nil {
			p.fail(KeyName, err.Error())
		}
	}
	if kind, ok := p.required(KeyKind, "district/县市区 or department/市直单位"); ok {
		k, err := domain.ParseUnitKind(kind)
		if err != nil {
			p.fail(KeyKind, "unknown kind "+strconv.Quote(kind)+"; expected district/县市区 or department/市直单位")
		}
		u.Kind = k
	}
	if aliases, ok := p.get(KeyAliases); ok {
		for _, a := range domain.SplitAliases(aliases) {
			if err := domain.CheckName(a); err != nil {
				p.fail(KeyAliases, err.Error())
				continue
			}
			if a != u.Name {
				u.Aliases = append(u.Aliases, a)
			}
		}
	}
	return u, p.errs
}

// checkAliases refuses rows whose alias is another unit's name or alias
// and returns the units that can be stored.
func checkAliases(path string, rows []unitRow, sum *Summary) []domain.Unit {
	owner := make(map[string]int, len(rows)) // name or alias → row index
	for i, r := range rows {
		owner[r.unit.Name] = i
	}
	refused := make([]bool, len(rows))
	for i, r := range rows {
		for _, a := range r.unit.Aliases {
			j, taken := owner[a]
			if !taken || j == i {
				owner[a] = i
				continue
			}
			what := "an alias"
			if rows[j].unit.Name == a {
				what = "the name"
			}
			sum.addError(RowError{File: path, Line: r.line, Field: KeyAliases,
				Problem: strconv.Quote(a) + " is already " + what + " of " + rows[j].unit.Name + " (line " + strconv.Itoa(rows[j].line) + "); expected aliases no other unit uses"})
			refused[i] = true
		}
	}
	var good []domain.Unit
	for i, r := range rows {
		if refused[i] {
			sum.Refused++
			continue
		}
		good = append(good, r.unit)
	}
	sort.SliceStable(sum.Errors, func(i, j int) bool { return sum.Errors[i].Line < sum.Errors[j].Line })
	return good
}
