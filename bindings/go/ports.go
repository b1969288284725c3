package migratekit

/*
#include <stdlib.h>
#include "migratekit.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// Volume is a block volume as the volume daemon reports it.
type Volume struct {
	VolumeID   string  `json:"volume_id"`
	Name       string  `json:"name"`
	SizeBytes  uint64  `json:"size_bytes"`
	AttachedTo *string `json:"attached_to"`
	DevicePath *string `json:"device_path"`
}

// NbdExport is a published export.
type NbdExport struct {
	Name       string `json:"name"`
	Host       string `json:"host"`
	Port       uint16 `json:"port"`
	DevicePath string `json:"device_path"`
}

// VMSpec is what to create in the target cloud.
type VMSpec struct {
	Name     string `json:"name"`
	CPUs     uint32 `json:"cpus"`
	MemoryMB uint64 `json:"memory_mb"`
	Network  string `json:"network"`
	OSType   string `json:"os_type"`
}

// TargetVM is a VM in the target cloud; PowerState is "on" or "off".
type TargetVM struct {
	VMID       string `json:"vm_id"`
	Name       string `json:"name"`
	PowerState string `json:"power_state"`
}

// VolumeDaemon is implemented by a Go value that manages target volumes.
// Detaching a detached volume and deleting a missing one must succeed.
type VolumeDaemon interface {
	CreateVolume(name string, sizeBytes uint64) (Volume, error)
	// CloneVolume makes a writable point-in-time clone of sourceVolumeID
	// named name: writes to the clone never reach the source (test
	// failovers run on clones).
	CloneVolume(sourceVolumeID, name string) (Volume, error)
	AttachVolume(volumeID, instanceID string) (string, error)
	DetachVolume(volumeID string) error
	DeleteVolume(volumeID string) error
	GetVolume(volumeID string) (*Volume, error)
	ListVolumes() ([]Volume, error)
}

// NbdExporter is implemented by a Go value that publishes volumes over NBD.
// Removing a missing export must succeed.
type NbdExporter interface {
	CreateExport(name, devicePath string) (NbdExport, error)
	RemoveExport(name string) error
	ListExports() ([]NbdExport, error)
}

// TargetCloud is implemented by a Go value that creates and runs VMs.
// Powering a VM into its current state and deleting a missing VM must succeed.
type TargetCloud interface {
	CreateVM(spec VMSpec) (TargetVM, error)
	PowerOn(vmID string) error
	PowerOff(vmID string) error
	DeleteVM(vmID string) error
	GetVM(vmID string) (*TargetVM, error)
	FindVMByName(name string) (*TargetVM, error)
}

// portEntry is what a handle names: the Go port and the first panic it
// raised, re-raised on the goroutine of the manager call that reached it.
type portEntry struct {
	impl    any
	mu      sync.Mutex
	panicky any
}

func (m *Manager) reraisePortPanic() {
	for _, e := range m.ports {
		e.mu.Lock()
		p := e.panicky
		e.panicky = nil
		e.mu.Unlock()
		if p != nil {
			panic(p)
		}
	}
}

func args[T any](raw []byte, n int) ([]T, error) {
	var a []T
	if err := json.Unmarshal(raw, &a); err != nil || len(a) < n {
		return nil, fmt.Errorf("bad arguments %s", raw)
	}
	return a, nil
}

func one[T any](raw []byte) (T, error) {
	a, err := args[T](raw, 1)
	if err != nil {
		var zero T
		return zero, err
	}
	return a[0], nil
}

// dispatch runs one port method; the answer is marshalled to JSON.
func dispatch(impl any, method string, raw []byte) (any, error) {
	if v, ok := impl.(VolumeDaemon); ok {
		switch method {
		case "create_volume":
			var a []json.RawMessage
			if err := json.Unmarshal(raw, &a); err != nil || len(a) < 2 {
				return nil, fmt.Errorf("bad arguments %s", raw)
			}
			var name string
			var size uint64
			if err := json.Unmarshal(a[0], &name); err != nil {
				return nil, err
			}
			if err := json.Unmarshal(a[1], &size); err != nil {
				return nil, err
			}
			return v.CreateVolume(name, size)
		case "clone_volume":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return v.CloneVolume(a[0], a[1])
		case "attach_volume":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return v.AttachVolume(a[0], a[1])
		case "detach_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, v.DetachVolume(id)
		case "delete_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, v.DeleteVolume(id)
		case "get_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return v.GetVolume(id)
		case "list_volumes":
			return v.ListVolumes()
		}
	}
	if e, ok := impl.(NbdExporter); ok {
		switch method {
		case "create_export":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return e.CreateExport(a[0], a[1])
		case "remove_export":
			name, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, e.RemoveExport(name)
		case "list_exports":
			return e.ListExports()
		}
	}
	if c, ok := impl.(TargetCloud); ok {
		switch method {
		case "create_vm":
			spec, err := one[VMSpec](raw)
			if err != nil {
				return nil, err
			}
			return c.CreateVM(spec)
		case "power_on", "power_off", "delete_vm", "get_vm", "find_vm_by_name":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			switch method {
			case "power_on":
				return nil, c.PowerOn(id)
			case "power_off":
				return nil, c.PowerOff(id)
			case "delete_vm":
				return nil, c.DeleteVM(id)
			case "get_vm":
				return c.GetVM(id)
			default:
				return c.FindVMByName(id)
			}
		}
	}
	return nil, fmt.Errorf("%T does not implement %s", impl, method)
}

func cError(msg string) *C.mk_error_t {
	return C.mk_error_new(stringPtr(msg), C.size_t(len(msg)))
}

//export mkGoPortCall
func mkGoPortCall(env unsafe.Pointer, method *C.char, methodLen C.size_t, argsPtr *C.char, argsLen C.size_t, result *C.mk_bytes_t) (cerr *C.mk_error_t) {
	entry := cgo.Handle(uintptr(env)).Value().(*portEntry)
	name := C.GoStringN(method, C.int(methodLen))
	defer func() {
		if p := recover(); p != nil {
			entry.mu.Lock()
			if entry.panicky == nil {
				entry.panicky = p
			}
			entry.mu.Unlock()
			cerr = cError(fmt.Sprintf("go panic in %s: %v", name, p))
		}
	}()
	answer, err := dispatch(entry.impl, name, C.GoBytes(unsafe.Pointer(argsPtr), C.int(argsLen)))
	if err != nil {
		return cError(err.Error())
	}
	out, err := json.Marshal(answer)
	if err != nil {
		return cError(err.Error())
	}
	return C.mk_bytes_new(result, (*C.char)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
}

//export mkGoPortFinalize
func mkGoPortFinalize(env unsafe.Pointer) {
	cgo.Handle(uintptr(env)).Delete()
}
