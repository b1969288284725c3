package tests

import (
	"fmt"
	"sync"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

// faults scripts how a Go port misbehaves, per method.
type faults struct {
	mu     sync.Mutex
	calls  map[string]int
	errs   map[string]error // returned instead of doing the work
	panics map[string]any   // panicked with
	hooks  map[string]func()
}

func newFaults() faults {
	return faults{calls: map[string]int{}, errs: map[string]error{}, panics: map[string]any{}, hooks: map[string]func(){}}
}

func (f *faults) enter(method string) error {
	f.mu.Lock()
	f.calls[method]++
	err := f.errs[method]
	p, panics := f.panics[method]
	hook := f.hooks[method]
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	if panics {
		panic(p)
	}
	return err
}

func (f *faults) set(method string, err error, panicWith any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.errs, method)
	delete(f.panics, method)
	if err != nil {
		f.errs[method] = err
	}
	if panicWith != nil {
		f.panics[method] = panicWith
	}
}

func (f *faults) hook(method string, fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hooks[method] = fn
}

func (f *faults) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// goVolumes is a volume daemon written in Go, in memory.
type goVolumes struct {
	faults
	mu      sync.Mutex
	next    int
	volumes map[string]core.Volume
}

func newGoVolumes() *goVolumes {
	return &goVolumes{faults: newFaults(), volumes: map[string]core.Volume{}}
}

func (v *goVolumes) add(name string, size uint64) core.Volume {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.next++
	vol := core.Volume{VolumeId: fmt.Sprintf("govol-%d", v.next), Name: name, SizeBytes: size}
	v.volumes[vol.VolumeId] = vol
	return vol
}

func (v *goVolumes) CreateVolume(name string, sizeBytes uint64) (core.Volume, error) {
	if err := v.enter("create_volume"); err != nil {
		return core.Volume{}, err
	}
	return v.add(name, sizeBytes), nil
}

func (v *goVolumes) CloneVolume(sourceVolumeID string, name string) (core.Volume, error) {
	if err := v.enter("clone_volume"); err != nil {
		return core.Volume{}, err
	}
	v.mu.Lock()
	src, ok := v.volumes[sourceVolumeID]
	v.mu.Unlock()
	if !ok {
		return core.Volume{}, mk.NewPortErrorFailed("no volume " + sourceVolumeID)
	}
	return v.add(name, src.SizeBytes), nil
}

func (v *goVolumes) AttachVolume(volumeID string, instanceID string) (string, error) {
	if err := v.enter("attach_volume"); err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	vol, ok := v.volumes[volumeID]
	if !ok {
		return "", mk.NewPortErrorFailed("no volume " + volumeID)
	}
	if vol.AttachedTo != nil && *vol.AttachedTo != instanceID {
		return "", mk.NewPortErrorFailed(volumeID + " is attached to " + *vol.AttachedTo)
	}
	path := "/dev/go/" + volumeID
	vol.AttachedTo, vol.DevicePath = &instanceID, &path
	v.volumes[volumeID] = vol
	return path, nil
}

func (v *goVolumes) DetachVolume(volumeID string) error {
	if err := v.enter("detach_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.volumes[volumeID]; ok {
		vol.AttachedTo, vol.DevicePath = nil, nil
		v.volumes[volumeID] = vol
	}
	return nil
}

func (v *goVolumes) DeleteVolume(volumeID string) error {
	if err := v.enter("delete_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.volumes, volumeID)
	return nil
}

func (v *goVolumes) GetVolume(volumeID string) (*core.Volume, error) {
	if err := v.enter("get_volume"); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.volumes[volumeID]; ok {
		return &vol, nil
	}
	return nil, nil
}

func (v *goVolumes) ListVolumes() ([]core.Volume, error) {
	if err := v.enter("list_volumes"); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]core.Volume, 0, len(v.volumes))
	for _, vol := range v.volumes {
		out = append(out, vol)
	}
	return out, nil
}

func (v *goVolumes) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.volumes)
}

// goExporter is an NBD exporter written in Go, in memory.
type goExporter struct {
	faults
	mu      sync.Mutex
	exports map[string]core.NbdExport
}

func newGoExporter() *goExporter {
	return &goExporter{faults: newFaults(), exports: map[string]core.NbdExport{}}
}

func (e *goExporter) CreateExport(name string, devicePath string) (core.NbdExport, error) {
	if err := e.enter("create_export"); err != nil {
		return core.NbdExport{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	x := core.NbdExport{Name: name, Host: "127.0.0.1", Port: 10809, DevicePath: devicePath}
	e.exports[name] = x
	return x, nil
}

func (e *goExporter) RemoveExport(name string) error {
	if err := e.enter("remove_export"); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.exports, name)
	return nil
}

func (e *goExporter) ListExports() ([]core.NbdExport, error) {
	if err := e.enter("list_exports"); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]core.NbdExport, 0, len(e.exports))
	for _, x := range e.exports {
		out = append(out, x)
	}
	return out, nil
}

func (e *goExporter) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.exports)
}

// goCloud is a target cloud written in Go, in memory.
type goCloud struct {
	faults
	mu  sync.Mutex
	vms map[string]core.TargetVm
}

func newGoCloud() *goCloud {
	return &goCloud{faults: newFaults(), vms: map[string]core.TargetVm{}}
}

func (c *goCloud) CreateVm(spec core.VmSpec) (core.TargetVm, error) {
	if err := c.enter("create_vm"); err != nil {
		return core.TargetVm{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	vm := core.TargetVm{VmId: "go-" + spec.Name, Name: spec.Name, PowerState: core.PowerStateOff}
	c.vms[vm.VmId] = vm
	return vm, nil
}

func (c *goCloud) power(vmID string, state core.PowerState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[vmID]; ok {
		vm.PowerState = state
		c.vms[vmID] = vm
	}
}

func (c *goCloud) PowerOn(vmID string) error {
	if err := c.enter("power_on"); err != nil {
		return err
	}
	c.power(vmID, core.PowerStateOn)
	return nil
}

func (c *goCloud) PowerOff(vmID string) error {
	if err := c.enter("power_off"); err != nil {
		return err
	}
	c.power(vmID, core.PowerStateOff)
	return nil
}

func (c *goCloud) DeleteVm(vmID string) error {
	if err := c.enter("delete_vm"); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vms, vmID)
	return nil
}

func (c *goCloud) GetVm(vmID string) (*core.TargetVm, error) {
	if err := c.enter("get_vm"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[vmID]; ok {
		return &vm, nil
	}
	return nil, nil
}

func (c *goCloud) FindVmByName(name string) (*core.TargetVm, error) {
	if err := c.enter("find_vm_by_name"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == name {
			return &vm, nil
		}
	}
	return nil, nil
}

func (c *goCloud) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.vms)
}
