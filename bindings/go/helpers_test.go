package migratekit

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/migratekit/migratekit/bindings/go/internal/bridge"
)

// The package's own tests cannot import testkit (it imports this package),
// so they set the same options directly.

var (
	bg  = context.Background()
	now = time.Date(2025, 9, 20, 12, 34, 56, 0, time.UTC)
)

func withFakes() Option { return func(c *bridge.Config) { c.Fakes = true } }

func withClock(t time.Time) Option {
	return func(c *bridge.Config) { c.Now = t.UTC().Format(time.RFC3339Nano) }
}

func open(t testing.TB, opts ...Option) *Manager {
	t.Helper()
	m, err := Open(filepath.Join(t.TempDir(), "mk.db"), opts...)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func boolp(b bool) *bool { return &b }

func vm(id, name string) SourceVM {
	return SourceVM{ID: id, Name: name, CPUs: 2, MemoryMB: 4096, Disks: []SourceDisk{{ID: "disk-2000", SizeGB: 100}}}
}
