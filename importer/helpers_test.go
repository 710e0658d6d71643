package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotlinebot/domain"
	"hotlinebot/internal/testkit"
	"hotlinebot/internal/testkit/fakestore"
)

// testUnits are the units the test files name.
func testUnits() []domain.Unit {
	return []domain.Unit{
		{ID: 1, Name: "岳阳县政府", Kind: domain.District, Aliases: []string{"岳阳县"}},
		{ID: 2, Name: "临湘市政府", Kind: domain.District, Aliases: []string{"临湘"}},
		{ID: 3, Name: "市规划局", Kind: domain.Department, Aliases: []string{"规划局"}},
	}
}

// at is an instant in Shanghai.
func at(t testing.TB, y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, testkit.Shanghai())
}

// writeFile writes content into a fresh file named name and returns its path.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func newFakeStore() *fakestore.Store { return fakestore.New(testUnits()...) }

// fakeUnitStore records the units it was given.
type fakeUnitStore struct {
	units map[string]domain.Unit
}

func (f *fakeUnitStore) UpsertUnits(_ context.Context, units []domain.Unit) (inserted, updated int, err error) {
	if f.units == nil {
		f.units = make(map[string]domain.Unit)
	}
	for _, u := range units {
		if _, ok := f.units[u.Name]; ok {
			updated++
		} else {
			inserted++
		}
		f.units[u.Name] = u
	}
	return inserted, updated, nil
}
