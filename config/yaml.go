package config

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// A field decodes the value of one YAML key; path names the key for errors
// (deadlines.warn_before.normal[1]).
type field func(n *yaml.Node, path string) error

// keyError is a problem with the value at a key path.
func keyError(path, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if path == "" {
		return fmt.Errorf("%s", msg)
	}
	return fmt.Errorf("%s: %s", path, msg)
}

// join appends a key to a path; a key that would break the one-line error
// is quoted.
func join(path, key string) string {
	if key == "" || strings.IndexFunc(key, unicode.IsControl) >= 0 {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// resolve follows an alias (*anchor) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// isNull reports a key written without a value: it keeps the default.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping decodes a mapping whose keys must all be among fields; a key not
// written keeps its default, an unknown or repeated key is an error.
func mapping(fields map[string]field) field {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	want := strings.Join(names, ", ")
	return func(n *yaml.Node, path string) error {
		n = resolve(n)
		if isNull(n) {
			return nil
		}
		if n.Kind != yaml.MappingNode {
			return keyError(path, "want a mapping with keys %s", want)
		}
		seen := make(map[string]bool)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := resolve(n.Content[i]).Value
			p := join(path, key)
			f, ok := fields[key]
			if !ok {
				return keyError(p, "unknown key (want one of %s)", want)
			}
			if seen[key] {
				return keyError(p, "key given twice")
			}
			seen[key] = true
			if err := f(resolve(n.Content[i+1]), p); err != nil {
				return err
			}
		}
		return nil
	}
}

// scalar decodes a text value and hands it to set, which checks it.
func scalar(set func(string) error) field {
	return func(n *yaml.Node, path string) error {
		if isNull(n) {
			return nil
		}
		if n.Kind != yaml.ScalarNode {
			return keyError(path, "want a single value")
		}
		if err := set(n.Value); err != nil {
			return keyError(path, "%v", err)
		}
		return nil
	}
}

// sequence decodes a list of text values; set receives all of them, and
// names the index of a bad one.
func sequence(set func([]string) (int, error)) field {
	return func(n *yaml.Node, path string) error {
		if isNull(n) {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return keyError(path, "want a list such as [a, b]")
		}
		vals := make([]string, len(n.Content))
		for i, item := range n.Content {
			item = resolve(item)
			if item.Kind != yaml.ScalarNode {
				return keyError(fmt.Sprintf("%s[%d]", path, i), "want a single value")
			}
			vals[i] = item.Value
		}
		if i, err := set(vals); err != nil {
			return keyError(fmt.Sprintf("%s[%d]", path, i), "%v", err)
		}
		return nil
	}
}

// integer decodes a whole number within [min, max].
func integer(dst *int, min, max int) field {
	return func(n *yaml.Node, path string) error {
		if isNull(n) {
			return nil
		}
		v, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil || v < min || v > max {
			return keyError(path, "want a whole number from %d to %d, got %s", min, max, describe(n))
		}
		*dst = v
		return nil
	}
}

// number decodes a finite number of at least min.
func number(dst *float64, min float64) field {
	return func(n *yaml.Node, path string) error {
		if isNull(n) {
			return nil
		}
		v, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < min {
			return keyError(path, "want a number ≥ %g, got %s", min, describe(n))
		}
		*dst = v
		return nil
	}
}

// describe quotes a value for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}
