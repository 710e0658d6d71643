package api

import (
	"bytes"
	"encoding/json"
	"errors"
)

// The errors of eachMember and eachElement for input of another shape.
var (
	errNotObject = errors.New("not a JSON object")
	errNotArray  = errors.New("not a JSON array")
)

// eachMember calls fn with the key and raw value of every member of a JSON
// object, in order. The input must be valid JSON (the whole body was checked
// before it was split): this reads its structure in one pass, without the
// maps and copies of encoding/json, which is most of the cost of a large
// push. Any surprise still answers an error, never a panic.
func eachMember(b []byte, fn func(key, value []byte)) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errNotObject
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for i < len(b) {
		if b[i] != '"' {
			return errNotObject
		}
		keyEnd := stringEnd(b, i)
		if keyEnd < 0 {
			return errNotObject
		}
		key, err := unquoteBytes(b[i:keyEnd])
		if err != nil {
			return err
		}
		i = skipSpace(b, keyEnd)
		if i >= len(b) || b[i] != ':' {
			return errNotObject
		}
		i = skipSpace(b, i+1)
		end := valueEnd(b, i)
		if end < 0 {
			return errNotObject
		}
		fn(key, b[i:end])
		if i = skipSpace(b, end); i >= len(b) {
			return errNotObject
		}
		if b[i] == '}' {
			return nil
		}
		if b[i] != ',' {
			return errNotObject
		}
		i = skipSpace(b, i+1)
	}
	return errNotObject
}

// eachElement calls fn with every element of a valid JSON array.
func eachElement(b []byte, fn func(value []byte)) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return errNotArray
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return nil
	}
	for i < len(b) {
		end := valueEnd(b, i)
		if end < 0 {
			return errNotArray
		}
		fn(b[i:end])
		if i = skipSpace(b, end); i >= len(b) {
			return errNotArray
		}
		if b[i] == ']' {
			return nil
		}
		if b[i] != ',' {
			return errNotArray
		}
		i = skipSpace(b, i+1)
	}
	return errNotArray
}

// unquoteBytes is the content of a JSON string literal, decoded only when
// it has escapes.
func unquoteBytes(lit []byte) ([]byte, error) {
	inner := lit[1 : len(lit)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner, nil
	}
	s, err := unquote(lit)
	return []byte(s), err
}

// unquote decodes a JSON string literal, copying only when it has escapes.
func unquote(lit []byte) (string, error) {
	for _, c := range lit[1 : len(lit)-1] {
		if c == '\\' {
			var s string
			err := json.Unmarshal(lit, &s)
			return s, err
		}
	}
	return string(lit[1 : len(lit)-1]), nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index just past the string literal starting at b[i], or
// -1 when it does not end.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// valueEnd is the index just past the JSON value starting at b[i], or -1.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		return nestedEnd(b, i)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' &&
		b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// nestedEnd is the index just past the object or array starting at b[i].
func nestedEnd(b []byte, i int) int {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			end := stringEnd(b, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}
