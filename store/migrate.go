package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migration is one versioned schema step, recorded in schema_migrations once
// applied.
type migration struct {
	Version int
	Name    string
	Up      func(tx *gorm.DB) error
}

// applySchema runs, in order, the statements schema holds for tx's dialect.
func applySchema(tx *gorm.DB, schema map[string][]string) error {
	name := tx.Dialector.Name()
	stmts, ok := schema[name]
	if !ok {
		return fmt.Errorf("no schema for dialect %q", name)
	}
	for _, stmt := range stmts {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}

// migrations are applied in order; never edit one that has shipped, add a
// new one.
var migrations = []migration{
	{1, "units and tickets", migrateCore},
	{2, "contacts and invites", migrateContacts},
	{3, "notifications, snapshots and lease", migrateNotify},
	{4, "extension and return requests", migrateRequests},
	{5, "weekly trend points", migrateTrend},
	{6, "request cards", migrateRequestCards},
	{7, "deadline alerts read only open tickets' index", migrateStages},
}

type schemaMigration struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

// Migrate applies the migrations the database has not seen yet.
func (s *Store) Migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range migrations {
		err := db.Transaction(func(tx *gorm.DB) error {
			if s.dialect == DialectPostgres {
				// Replicas starting together must not migrate twice.
				if err := tx.Exec("SELECT pg_advisory_xact_lock(7283451)").Error; err != nil {
					return err
				}
			}
			var n int64
			if err := tx.Model(&schemaMigration{}).Where("version = ?", m.Version).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if err := m.Up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaMigration{Version: m.Version, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("migrate %d (%s): %w", m.Version, m.Name, err)
		}
	}
	// A ticket load killed before it rebuilt its index (BeginTicketLoad).
	if err := s.buildDeferredIndexes(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether every known migration has been applied.
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&schemaMigration{}).Count(&n).Error
	return n == int64(len(migrations)), err
}
