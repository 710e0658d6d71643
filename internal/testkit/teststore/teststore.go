// Package teststore opens migrated stores for tests outside package store;
// it is apart from testkit so that tests which need no database do not link
// the database drivers.
package teststore

import (
	"context"
	"testing"

	"hotlinebot/store"
)

// Open opens the store at dsn (migrated) and closes it when the test ends.
func Open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
