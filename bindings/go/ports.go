package migratekit

/*
#include <stdlib.h>
#include "migratekit.h"

extern mk_error_t *mkGoPortCall(void *env, char *method, size_t method_len, char *args, size_t args_len, mk_cancel_t *cancel, mk_bytes_t *result);
extern void mkGoPortFinalize(void *env);

// The handle travels as the env pointer's integer value: C never holds a Go pointer.
static mk_port_t *mk_go_port_new(uintptr_t handle) {
	return mk_port_new((mk_port_callback_t)mkGoPortCall, (void *)handle, mkGoPortFinalize);
}
*/
import "C"

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/cgo"
	"unsafe"
)

// Volume is a block volume as the volume daemon reports it.
type Volume struct {
	// VolumeID is the daemon's id of the volume.
	VolumeID string `json:"volume_id"`
	// Name is the volume's name (the library names its volumes
	// deterministically, so a lost record is found again by name).
	Name string `json:"name"`
	// SizeBytes is the volume's size.
	SizeBytes uint64 `json:"size_bytes"`
	// AttachedTo is the instance the volume is attached to, nil when detached.
	AttachedTo *string `json:"attached_to"`
	// DevicePath is the volume's device on that instance, nil when detached.
	DevicePath *string `json:"device_path"`
}

// NBDExport is a volume published over NBD.
type NBDExport struct {
	// Name is the export's name (migration-vol-<volume id>).
	Name string `json:"name"`
	// Host is where NBD clients connect.
	Host string `json:"host"`
	// Port is the NBD port.
	Port uint16 `json:"port"`
	// DevicePath is the exported device.
	DevicePath string `json:"device_path"`
}

// VMSpec is what to create in the target cloud.
type VMSpec struct {
	// Name is the VM's name (deterministic, so a lost record is found again).
	Name string `json:"name"`
	// CPUs is the number of virtual CPUs.
	CPUs uint32 `json:"cpus"`
	// MemoryMB is the memory in MiB.
	MemoryMB uint64 `json:"memory_mb"`
	// Network is the target network ("" for the cloud's default).
	Network string `json:"network"`
	// OSType is the guest OS family ("linux", "windows", …).
	OSType string `json:"os_type"`
}

// TargetVM is a VM in the target cloud.
type TargetVM struct {
	// VMID is the cloud's id of the VM.
	VMID string `json:"vm_id"`
	// Name is the VM's name.
	Name string `json:"name"`
	// PowerState is PowerOn or PowerOff.
	PowerState PowerState `json:"power_state"`
}

// VolumeDaemon is implemented by a Go value that manages target volumes.
//
// Every method receives the context of the Manager call that reached it
// (with its cancellation and deadline); returning an error fails that
// operation cleanly (an ErrAdapter naming the step) and running it again
// resumes it. Methods are called from library threads, possibly
// concurrently, and may call back into the Manager.
type VolumeDaemon interface {
	// CreateVolume creates an empty volume of sizeBytes named name.
	CreateVolume(ctx context.Context, name string, sizeBytes uint64) (Volume, error)
	// CloneVolume makes a writable point-in-time clone of sourceVolumeID
	// named name: writes to the clone never reach the source (test
	// failovers run on clones).
	CloneVolume(ctx context.Context, sourceVolumeID, name string) (Volume, error)
	// AttachVolume attaches a volume to an instance and returns its device
	// path there; attaching it where it is attached already succeeds.
	AttachVolume(ctx context.Context, volumeID, instanceID string) (devicePath string, err error)
	// DetachVolume detaches a volume; detaching a detached one succeeds.
	DetachVolume(ctx context.Context, volumeID string) error
	// DeleteVolume deletes a volume; deleting a missing one succeeds.
	DeleteVolume(ctx context.Context, volumeID string) error
	// GetVolume returns a volume, or nil when there is none.
	GetVolume(ctx context.Context, volumeID string) (*Volume, error)
	// ListVolumes returns every volume (reconcile looks for orphans).
	ListVolumes(ctx context.Context) ([]Volume, error)
}

// NBDExporter is implemented by a Go value that publishes volumes over NBD.
// Calls are made as for VolumeDaemon.
type NBDExporter interface {
	// CreateExport publishes devicePath as name; publishing an existing
	// export again returns it.
	CreateExport(ctx context.Context, name, devicePath string) (NBDExport, error)
	// RemoveExport removes an export; removing a missing one succeeds.
	RemoveExport(ctx context.Context, name string) error
	// ListExports returns every export.
	ListExports(ctx context.Context) ([]NBDExport, error)
}

// TargetCloud is implemented by a Go value that creates and runs VMs.
// Calls are made as for VolumeDaemon.
type TargetCloud interface {
	// CreateVM creates a powered-off VM.
	CreateVM(ctx context.Context, spec VMSpec) (TargetVM, error)
	// PowerOn powers a VM on; a running VM stays on.
	PowerOn(ctx context.Context, vmID string) error
	// PowerOff powers a VM off; a stopped VM stays off.
	PowerOff(ctx context.Context, vmID string) error
	// DeleteVM deletes a VM; deleting a missing one succeeds.
	DeleteVM(ctx context.Context, vmID string) error
	// GetVM returns a VM, or nil when there is none.
	GetVM(ctx context.Context, vmID string) (*TargetVM, error)
	// FindVMByName returns the VM named name, or nil when there is none.
	FindVMByName(ctx context.Context, name string) (*TargetVM, error)
}

// portEntry is what a port's handle names.
type portEntry struct {
	impl any
}

// newPort hands a Go port to the library as a handle, which the library's
// finalizer releases (mkGoPortFinalize).
func newPort(impl any) *C.mk_port_t {
	return C.mk_go_port_new(C.uintptr_t(cgo.NewHandle(&portEntry{impl: impl})))
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
func dispatch(ctx context.Context, impl any, method string, raw []byte) (any, error) {
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
			return v.CreateVolume(ctx, name, size)
		case "clone_volume":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return v.CloneVolume(ctx, a[0], a[1])
		case "attach_volume":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return v.AttachVolume(ctx, a[0], a[1])
		case "detach_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, v.DetachVolume(ctx, id)
		case "delete_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, v.DeleteVolume(ctx, id)
		case "get_volume":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return v.GetVolume(ctx, id)
		case "list_volumes":
			return v.ListVolumes(ctx)
		}
	}
	if e, ok := impl.(NBDExporter); ok {
		switch method {
		case "create_export":
			a, err := args[string](raw, 2)
			if err != nil {
				return nil, err
			}
			return e.CreateExport(ctx, a[0], a[1])
		case "remove_export":
			name, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			return nil, e.RemoveExport(ctx, name)
		case "list_exports":
			return e.ListExports(ctx)
		}
	}
	if c, ok := impl.(TargetCloud); ok {
		switch method {
		case "create_vm":
			spec, err := one[VMSpec](raw)
			if err != nil {
				return nil, err
			}
			return c.CreateVM(ctx, spec)
		case "power_on", "power_off", "delete_vm", "get_vm", "find_vm_by_name":
			id, err := one[string](raw)
			if err != nil {
				return nil, err
			}
			switch method {
			case "power_on":
				return nil, c.PowerOn(ctx, id)
			case "power_off":
				return nil, c.PowerOff(ctx, id)
			case "delete_vm":
				return nil, c.DeleteVM(ctx, id)
			case "get_vm":
				return c.GetVM(ctx, id)
			default:
				return c.FindVMByName(ctx, id)
			}
		}
	}
	return nil, fmt.Errorf("%T does not implement %s", impl, method)
}

func cError(msg string) *C.mk_error_t {
	return C.mk_error_new(stringPtr(msg), C.size_t(len(msg)))
}

//export mkGoPortCall
func mkGoPortCall(env unsafe.Pointer, method *C.char, methodLen C.size_t, argsPtr *C.char, argsLen C.size_t, cancel *C.mk_cancel_t, result *C.mk_bytes_t) (cerr *C.mk_error_t) {
	entry := cgo.Handle(uintptr(env)).Value().(*portEntry)
	name := C.GoStringN(method, C.int(methodLen))
	// The call that reached the port: its context for the port, and the
	// place its panic goes so that it is raised on that call's goroutine
	// and no other.
	s := sessionOf(cancel)
	ctx := context.Background()
	if s != nil {
		ctx = s.ctx
	}
	defer func() {
		if p := recover(); p != nil {
			if s != nil {
				s.recordPanic(p)
			}
			cerr = cError(fmt.Sprintf("go panic in %s: %v", name, p))
		}
	}()
	answer, err := dispatch(ctx, entry.impl, name, C.GoBytes(unsafe.Pointer(argsPtr), C.int(argsLen)))
	if ctx.Err() != nil {
		// The call's context ended while the port ran: tell the library now
		// rather than when context.AfterFunc's goroutine gets to it, so the
		// next step does not start.
		C.mk_cancel_cancel(cancel)
	}
	if err != nil {
		return cError(err.Error())
	}
	// Checked as requests are: an id with invalid UTF-8 must fail the step,
	// not be recorded as another id (the volume it names would be lost).
	out, err := marshalRequest(answer)
	if err != nil {
		return cError(fmt.Sprintf("%s returned a value JSON cannot carry: %v", name, err))
	}
	return C.mk_bytes_new(result, bytesPtr(out), C.size_t(len(out)))
}

//export mkGoPortFinalize
func mkGoPortFinalize(env unsafe.Pointer) {
	cgo.Handle(uintptr(env)).Delete()
}
