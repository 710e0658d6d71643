package api

import (
	"bytes"
	_ "embed"
	"net/http"
)

//go:embed openapi.yaml
var openapiYAML []byte

// OpenAPI returns the OpenAPI 3 description of the HTTP API, as served at
// /api/v1/openapi.yaml.
func OpenAPI() []byte { return bytes.Clone(openapiYAML) }

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeBytes(w, http.StatusOK, "application/yaml; charset=utf-8", openapiYAML)
}
