package migratekit

import (
	"context"
	"path/filepath"
	"testing"
)

const now = "2025-09-20T12:34:56Z"

var bg = context.Background()

func open(t *testing.T, opts ...Option) *Manager {
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
