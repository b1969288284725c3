// Package bridge is what package testkit reaches inside package
// migratekit without it being public API: the open configuration that
// Options fill in, and the manual clock.
package bridge

import "time"

// Config is the JSON config of mk_manager_open (the core's OpenOptions)
// plus the Go ports. A new open option is one field here and one With…
// function in package migratekit.
type Config struct {
	Path                  string   `json:"path,omitempty"`
	DatabaseURL           string   `json:"database_url,omitempty"`
	VolumesDir            string   `json:"volumes_dir,omitempty"`
	QSDDir                string   `json:"qsd_dir,omitempty"`
	NBDPort               uint16   `json:"nbd_port,omitempty"`
	Fakes                 bool     `json:"fakes,omitempty"`
	Now                   string   `json:"now,omitempty"`
	ApplianceID           string   `json:"appliance_id,omitempty"`
	OperationLeaseSeconds *float64 `json:"operation_lease_seconds,omitempty"`
	Durability            string   `json:"durability,omitempty"`

	// The Go ports (VolumeDaemon, NBDExporter, TargetCloud values).
	Volumes  any `json:"-"`
	Exporter any `json:"-"`
	Cloud    any `json:"-"`
}

// AdvanceClock moves the manual clock of a *migratekit.Manager opened with
// one; package migratekit sets it.
var AdvanceClock func(manager any, by time.Duration) error
