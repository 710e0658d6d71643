package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// members collects eachMember's pairs, the last of a repeated key winning.
func members(b []byte) (map[string]string, error) {
	m := map[string]string{}
	err := eachMember(b, func(k, v []byte) { m[string(k)] = string(v) })
	return m, err
}

// elements collects eachElement's values.
func elements(b []byte) ([]string, error) {
	var out []string
	err := eachElement(b, func(v []byte) { out = append(out, string(v)) })
	return out, err
}

func TestObjectMembers(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string // nil: error
	}{
		{"empty object", `{}`, map[string]string{}},
		{"spaced", " {\n\t\"a\" : 1 ,\r\n \"b\":\"x\" } ", map[string]string{"a": "1", "b": `"x"`}},
		{"nested values", `{"a":[1,{"b":"]}"}],"c":{"d":[]},"e":null}`, map[string]string{"a": `[1,{"b":"]}"}]`, "c": `{"d":[]}`, "e": "null"}},
		{"escaped key", `{"ticket\u005fno":"A","q\"k":true}`, map[string]string{"ticket_no": `"A"`, `q"k`: "true"}},
		{"escaped quote in value", `{"a":"x\"}y","b":-1.5e3}`, map[string]string{"a": `"x\"}y"`, "b": "-1.5e3"}},
		{"duplicate keeps last", `{"a":1,"a":2}`, map[string]string{"a": "2"}},
		{"array", `[1]`, nil},
		{"string", `"a"`, nil},
		{"unterminated", `{"a":1`, nil},
		{"unterminated string", `{"a":"x`, nil},
		{"missing colon", `{"a" 1}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := members([]byte(tt.in))
			if tt.want == nil {
				if err == nil {
					t.Fatalf("no error, got %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %s, want %s", k, got[k], v)
				}
			}
		})
	}
}

// FuzzMembersAndElements checks the one-pass readers against encoding/json
// on every valid JSON object and array, and that they never panic on
// anything else.
func FuzzMembersAndElements(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":1,"b":[{"c":"]"}],"d":"\u00e9\"","a":null}`, `{"k\\":{"x":[[]]}}`, `[]`, `[1, "a" ,{"b":[2]} ,null]`, `{"a"`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := members([]byte(in))
		gotElems, elemErr := elements([]byte(in))
		var want map[string]json.RawMessage
		if json.Unmarshal([]byte(in), &want) == nil && want != nil {
			if err != nil {
				t.Fatalf("valid object %q: %v", in, err)
			}
			if len(got) != len(want) {
				t.Fatalf("%q: got %d members, want %d", in, len(got), len(want))
			}
			for k, v := range want {
				if got[k] != string(v) {
					t.Fatalf("%q: %q = %q, want %q", in, k, got[k], v)
				}
			}
		}
		var wantElems []json.RawMessage
		if json.Unmarshal([]byte(in), &wantElems) == nil && wantElems != nil {
			if elemErr != nil || len(gotElems) != len(wantElems) {
				t.Fatalf("valid array %q: %v, %d elements, want %d", in, elemErr, len(gotElems), len(wantElems))
			}
			for i := range wantElems {
				if !bytes.Equal([]byte(gotElems[i]), wantElems[i]) {
					t.Fatalf("%q: element %d = %q, want %q", in, i, gotElems[i], wantElems[i])
				}
			}
		}
	})
}

func TestArrayElements(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		err      bool
	}{
		{"empty", ` [ ] `, nil, false},
		{"mixed", `[1, "a,]" ,{"b":[2]} ,null,true]`, []string{"1", `"a,]"`, `{"b":[2]}`, "null", "true"}, false},
		{"object", `{}`, nil, true},
		{"unterminated", `[1,`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := elements([]byte(tt.in))
			if (err != nil) != tt.err || (!tt.err && strings.Join(got, "|") != strings.Join(tt.want, "|")) {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.err)
			}
		})
	}
}
