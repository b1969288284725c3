// Package testkit is what hosts' tests need from migratekit: the library's
// in-memory fake ports (with no volume daemon, exporter or cloud to run)
// and a manual clock, so that ids and times are deterministic.
//
//	m, err := migratekit.Open(path, testkit.WithFakes(), testkit.WithClock(t0))
//	...
//	testkit.AdvanceClock(m, time.Hour)
package testkit

import (
	"time"

	migratekit "github.com/migratekit/migratekit/bindings/go"
	"github.com/migratekit/migratekit/bindings/go/internal/bridge"
)

// WithFakes gives the Manager the library's in-memory fakes for every port
// not given otherwise (the volume daemon, the NBD exporter, the target
// cloud).
func WithFakes() migratekit.Option {
	return func(c *bridge.Config) { c.Fakes = true }
}

// WithClock stops the Manager's clock at now; AdvanceClock moves it.
func WithClock(now time.Time) migratekit.Option {
	return func(c *bridge.Config) { c.Now = now.UTC().Format(time.RFC3339Nano) }
}

// AdvanceClock moves the clock of a Manager opened WithClock by d (whole
// seconds; negative moves it back).
func AdvanceClock(m *migratekit.Manager, d time.Duration) error {
	return bridge.AdvanceClock(m, d)
}
