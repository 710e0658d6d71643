// Package archtest holds the tests that keep the packages layered: bot,
// api, importer and jobs depend on domain and never on store, and bot never
// on jobs; only cmd/hotlinebot wires the store in.
package archtest
