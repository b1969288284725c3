// Package tests runs the uniffi-generated Go bindings (../migratekit_uniffi,
// ../migratekit_core) against the library. Link flags come from the
// environment: CGO_LDFLAGS="-L<dir> -lmigratekit_uniffi" and the same <dir>
// on LD_LIBRARY_PATH, <dir> holding libmigratekit_uniffi.so (scripts/test-all.sh
// sets both).
package tests

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

var start = time.Date(2025, 9, 20, 12, 34, 56, 0, time.UTC)

// open gives a fresh manager with the testkit's fakes and a manual clock.
func open(t testing.TB) *mk.Manager {
	t.Helper()
	now := start
	m, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true, Now: &now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Destroy)
	return m
}

func sourceVM(id, name string, disks int) core.SourceVm {
	vm := core.SourceVm{Id: id, Name: name, Cpus: 2, MemoryMb: 4096}
	for i := 0; i < disks; i++ {
		vm.Disks = append(vm.Disks, core.SourceDisk{Id: fmt.Sprintf("disk-%d", 2000+i), SizeGb: 1})
	}
	return vm
}

func addRequest(vm core.SourceVm) core.CreateMigrationRequest {
	no := false
	return core.CreateMigrationRequest{SourceVm: vm, VcenterHost: "vc01", StartReplication: &no}
}

func byID(contextID string) core.ContextRef {
	return core.ContextRefContextId{Field0: contextID}
}

// code is the stable code of a manager error.
func code(t testing.TB, err error) core.ErrorCode {
	t.Helper()
	var e *mk.MkError
	if !errors.As(err, &e) {
		t.Fatalf("not a *MkError: %T %v", err, err)
	}
	switch v := e.Unwrap().(type) {
	case *mk.MkErrorAlreadyManaged:
		return v.Code
	case *mk.MkErrorReplicationActive:
		return v.Code
	case *mk.MkErrorInvalidTransition:
		return v.Code
	case *mk.MkErrorNotFound:
		return v.Code
	case *mk.MkErrorAmbiguous:
		return v.Code
	case *mk.MkErrorValidation:
		return v.Code
	case *mk.MkErrorOperationInProgress:
		return v.Code
	case *mk.MkErrorStorage:
		return v.Code
	case *mk.MkErrorIncompatibleSchema:
		return v.Code
	case *mk.MkErrorAdapter:
		return v.Code
	case *mk.MkErrorInternal:
		return v.Code
	}
	t.Fatalf("unknown MkError variant %T", e.Unwrap())
	return 0
}

// body is the contract's JSON error body of a manager error.
func body(t testing.TB, err error) string {
	t.Helper()
	var e *mk.MkError
	if !errors.As(err, &e) {
		t.Fatalf("not a *MkError: %T %v", err, err)
	}
	switch v := e.Unwrap().(type) {
	case *mk.MkErrorAlreadyManaged:
		return v.Body
	case *mk.MkErrorReplicationActive:
		return v.Body
	case *mk.MkErrorInvalidTransition:
		return v.Body
	case *mk.MkErrorNotFound:
		return v.Body
	case *mk.MkErrorAmbiguous:
		return v.Body
	case *mk.MkErrorValidation:
		return v.Body
	case *mk.MkErrorOperationInProgress:
		return v.Body
	case *mk.MkErrorStorage:
		return v.Body
	case *mk.MkErrorIncompatibleSchema:
		return v.Body
	case *mk.MkErrorAdapter:
		return v.Body
	case *mk.MkErrorInternal:
		return v.Body
	}
	t.Fatalf("unknown MkError variant %T", e.Unwrap())
	return ""
}
