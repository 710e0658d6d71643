package api

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestOpenAPIMatchesRoutes keeps api/openapi.yaml true: every registered
// route (method and path) is documented, and every documented operation is
// registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
			if _, ok := op["responses"]; !ok {
				t.Errorf("%s %s documents no responses", method, path)
			}
		}
	}
	hook := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	deps := Deps{Webhook: hook}
	registered := map[string]bool{}
	for _, rt := range newServer(deps, Options{}).routes(deps) {
		registered[rt.method+" "+rt.path] = true
	}
	if missing := difference(registered, documented); len(missing) > 0 {
		t.Errorf("routes missing from openapi.yaml: %v", missing)
	}
	if stale := difference(documented, registered); len(stale) > 0 {
		t.Errorf("openapi.yaml documents routes that do not exist: %v", stale)
	}
}

func TestOpenAPIServed(t *testing.T) {
	hs := newHarness(t, nil)
	rec := hs.do("GET", "/api/v1/openapi.yaml", "", "Authorization", "")
	if rec.Code != 200 || rec.Body.String() != string(OpenAPI()) {
		t.Fatalf("status %d, body differs from the embedded document", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("content type %q", ct)
	}
}

func difference(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
