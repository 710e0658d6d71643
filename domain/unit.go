package domain

import (
	"fmt"
	"strings"
)

// UnitKind tells a county/district government from a city department.
type UnitKind string

// The two kinds of responsible unit the bulletin ranks separately.
const (
	District   UnitKind = "district"   // 县市区
	Department UnitKind = "department" // 市直单位, including utilities and enterprises
)

// ParseUnitKind accepts the English key or the bulletin's Chinese word.
func ParseUnitKind(s string) (UnitKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "district", "县市区", "县区", "区县":
		return District, nil
	case "department", "市直单位", "市直", "部门":
		return Department, nil
	}
	return "", fmt.Errorf("unknown unit kind %q (want district/县市区 or department/市直单位)", s)
}

// Label is the kind's name in the given language.
func (k UnitKind) Label(lang string) string {
	if lang == "en" {
		return string(k)
	}
	if k == District {
		return "县市区"
	}
	return "市直单位"
}

// Unit is a responsible unit (责任单位) that tickets are dispatched to.
type Unit struct {
	ID      int64
	Name    string
	Kind    UnitKind
	Aliases []string
}

// SplitAliases splits an alias cell written with 、 ; ； or commas.
func SplitAliases(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ';' || r == '；' || r == ',' || r == '，'
	})
	var out []string
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
