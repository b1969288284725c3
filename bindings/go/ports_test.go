package migratekit

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Go-implemented ports, in memory, with faults and panics.

type faults struct {
	mu    sync.Mutex
	fail  map[string]bool
	panic map[string]bool
	calls map[string]int
}

func (f *faults) enter(method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[method]++
	if f.panic[method] {
		delete(f.panic, method)
		panic("port exploded in " + method)
	}
	if f.fail[method] {
		delete(f.fail, method)
		return fmt.Errorf("injected fault in %s", method)
	}
	return nil
}

type memVolumes struct {
	faults
	mu   sync.Mutex
	next int
	vols map[string]*Volume
}

func (v *memVolumes) CreateVolume(name string, size uint64) (Volume, error) {
	if err := v.enter("create_volume"); err != nil {
		return Volume{}, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.next++
	vol := &Volume{VolumeID: fmt.Sprintf("govol-%d", v.next), Name: name, SizeBytes: size}
	v.vols[vol.VolumeID] = vol
	return *vol, nil
}

func (v *memVolumes) CloneVolume(source, name string) (Volume, error) {
	if err := v.enter("clone_volume"); err != nil {
		return Volume{}, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	src, ok := v.vols[source]
	if !ok {
		return Volume{}, fmt.Errorf("no volume %s", source)
	}
	v.next++
	vol := &Volume{VolumeID: fmt.Sprintf("govol-%d", v.next), Name: name, SizeBytes: src.SizeBytes}
	v.vols[vol.VolumeID] = vol
	return *vol, nil
}

func (v *memVolumes) AttachVolume(id, instance string) (string, error) {
	if err := v.enter("attach_volume"); err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	vol := v.vols[id]
	if vol.AttachedTo != nil && *vol.AttachedTo != instance {
		return "", fmt.Errorf("%s attached to %s", id, *vol.AttachedTo)
	}
	path := "/dev/go/" + id
	vol.AttachedTo, vol.DevicePath = &instance, &path
	return path, nil
}

func (v *memVolumes) DetachVolume(id string) error {
	if err := v.enter("detach_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.vols[id]; ok {
		vol.AttachedTo, vol.DevicePath = nil, nil
	}
	return nil
}

func (v *memVolumes) DeleteVolume(id string) error {
	if err := v.enter("delete_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.vols, id)
	return nil
}

func (v *memVolumes) GetVolume(id string) (*Volume, error) {
	if err := v.enter("get_volume"); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.vols[id]; ok {
		c := *vol
		return &c, nil
	}
	return nil, nil
}

func (v *memVolumes) ListVolumes() ([]Volume, error) {
	if err := v.enter("list_volumes"); err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	out := []Volume{}
	for _, vol := range v.vols {
		out = append(out, *vol)
	}
	return out, nil
}

type memExports struct {
	faults
	mu      sync.Mutex
	exports map[string]NbdExport
}

func (e *memExports) CreateExport(name, device string) (NbdExport, error) {
	if err := e.enter("create_export"); err != nil {
		return NbdExport{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	x := NbdExport{Name: name, Host: "127.0.0.1", Port: 10809, DevicePath: device}
	e.exports[name] = x
	return x, nil
}

func (e *memExports) RemoveExport(name string) error {
	if err := e.enter("remove_export"); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.exports, name)
	return nil
}

func (e *memExports) ListExports() ([]NbdExport, error) {
	if err := e.enter("list_exports"); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []NbdExport{}
	for _, x := range e.exports {
		out = append(out, x)
	}
	return out, nil
}

type memCloud struct {
	faults
	mu   sync.Mutex
	next int
	vms  map[string]*TargetVM
}

func (c *memCloud) CreateVM(spec VMSpec) (TargetVM, error) {
	if err := c.enter("create_vm"); err != nil {
		return TargetVM{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	vm := &TargetVM{VMID: fmt.Sprintf("go-vm-%d", c.next), Name: spec.Name, PowerState: "off"}
	c.vms[vm.VMID] = vm
	return *vm, nil
}

func (c *memCloud) power(id, state string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	vm, ok := c.vms[id]
	if !ok {
		return fmt.Errorf("no VM %s", id)
	}
	vm.PowerState = state
	return nil
}

func (c *memCloud) PowerOn(id string) error {
	if err := c.enter("power_on"); err != nil {
		return err
	}
	return c.power(id, "on")
}

func (c *memCloud) PowerOff(id string) error {
	if err := c.enter("power_off"); err != nil {
		return err
	}
	return c.power(id, "off")
}

func (c *memCloud) DeleteVM(id string) error {
	if err := c.enter("delete_vm"); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vms, id)
	return nil
}

func (c *memCloud) GetVM(id string) (*TargetVM, error) {
	if err := c.enter("get_vm"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[id]; ok {
		x := *vm
		return &x, nil
	}
	return nil, nil
}

func (c *memCloud) FindVMByName(name string) (*TargetVM, error) {
	if err := c.enter("find_vm_by_name"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == name {
			x := *vm
			return &x, nil
		}
	}
	return nil, nil
}

type goRig struct {
	m       *Manager
	volumes *memVolumes
	exports *memExports
	cloud   *memCloud
}

func newRig(t *testing.T) *goRig {
	r := &goRig{
		volumes: &memVolumes{vols: map[string]*Volume{}},
		exports: &memExports{exports: map[string]NbdExport{}},
		cloud:   &memCloud{vms: map[string]*TargetVM{}},
	}
	r.m = open(t, WithVolumeDaemon(r.volumes), WithNbdExporter(r.exports), WithTargetCloud(r.cloud), WithOperationLease(0.05))
	return r
}

func (r *goRig) ready(t *testing.T) string {
	t.Helper()
	req := CreateMigrationRequest{SourceVM: SourceVM{ID: "vm-1", Name: "web", CPUs: 2, MemoryMB: 2048,
		Disks: []SourceDisk{{ID: "d0", SizeGB: 10}, {ID: "d1", SizeGB: 20}}}}
	j, err := r.m.CreateMigration(bg, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.CompleteJobPerDisk(bg, j.Job.JobID, map[string]string{"d0": "cbt-1-d0", "d1": "cbt-1-d1"}); err != nil {
		t.Fatal(err)
	}
	return j.Job.ContextID
}

func TestTheWholeLifecycleWithGoPorts(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t)
	if len(r.volumes.vols) != 2 || len(r.exports.exports) != 2 {
		t.Fatalf("provisioning: %d volumes %d exports", len(r.volumes.vols), len(r.exports.exports))
	}
	// The test VM runs on clones: the replica stays exported.
	res, err := r.m.TestFailover(bg, ctx)
	if err != nil || res.Status != "failed_over_test" || len(r.exports.exports) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	if r.cloud.vms[*res.DestinationVMID].PowerState != "on" {
		t.Fatal("test VM not on")
	}
	jobs, err := r.m.ListFailoverJobs(bg, ByID(ctx))
	if err != nil || len(jobs) != 1 || len(jobs[0].Clones) != 2 || len(r.volumes.vols) != 4 {
		t.Fatalf("clones: %v %+v (%d volumes)", err, jobs, len(r.volumes.vols))
	}
	for _, c := range jobs[0].Clones {
		if v := r.volumes.vols[c.VolumeID]; v.AttachedTo == nil || *v.AttachedTo != *res.DestinationVMID {
			t.Fatalf("clone %s not on the test VM: %+v", c.VolumeID, v)
		}
	}
	if res, err = r.m.CleanupTestFailover(bg, FailoverTarget{VMID: "vm-1"}); err != nil || res.Status != "ready_for_failover" {
		t.Fatalf("%v %+v", err, res)
	}
	if len(r.cloud.vms) != 0 || len(r.exports.exports) != 2 || len(r.volumes.vols) != 2 {
		t.Fatal("cleanup left things behind")
	}
	for _, step := range []func() (*FailoverResult, error){
		func() (*FailoverResult, error) { return r.m.LiveFailover(bg, ctx) },
		func() (*FailoverResult, error) { return r.m.RollbackLiveFailover(bg, FailoverTarget{ContextID: ctx}) },
		func() (*FailoverResult, error) { return r.m.LiveFailover(bg, ctx) },
		func() (*FailoverResult, error) { return r.m.CompleteMigration(bg, ctx) },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := r.m.GetContext(bg, ByID(ctx))
	if c.CurrentStatus != "completed" {
		t.Fatal(c.CurrentStatus)
	}
}

func TestAGoPortErrorIsAnAdapterErrorNamingTheStepAndARetrySucceeds(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t)
	for _, method := range []string{"create_vm", "power_on", "clone_volume", "attach_volume", "get_vm"} {
		r.cloud.fail = map[string]bool{method: true}
		r.volumes.fail = map[string]bool{method: true}
		r.exports.fail = map[string]bool{method: true}
		_, err := r.m.TestFailover(bg, ctx)
		var e *Error
		if !errors.Is(err, ErrAdapter) || !errors.As(err, &e) || e.Step() == "" || !strings.Contains(e.Details, "injected fault in "+method) {
			t.Fatalf("%s: %v", method, err)
		}
		c, _ := r.m.GetContext(bg, ByID(ctx))
		if c.CurrentStatus != "ready_for_failover" || c.LastError == nil {
			t.Fatalf("%s: %+v", method, c)
		}
		r.cloud.fail, r.volumes.fail, r.exports.fail = nil, nil, nil
		if res, err := r.m.TestFailover(bg, ctx); err != nil || res.Status != "failed_over_test" {
			t.Fatalf("%s retry: %v", method, err)
		}
		if len(r.cloud.vms) != 1 {
			t.Fatalf("%s: %d VMs", method, len(r.cloud.vms))
		}
		if _, err := r.m.CleanupTestFailover(bg, FailoverTarget{ContextID: ctx}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAPanickingGoPortIsAnErrorInRustAndPanicsAgainInGo(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t)
	r.cloud.panic = map[string]bool{"power_on": true}
	recovered := func() (p any) {
		defer func() { p = recover() }()
		_, _ = r.m.TestFailover(bg, ctx)
		return nil
	}()
	if recovered != "port exploded in power_on" {
		t.Fatalf("recovered %v", recovered)
	}
	c, _ := r.m.GetContext(bg, ByID(ctx))
	if c.LastError == nil || !strings.Contains(*c.LastError, "go panic in power_on") {
		t.Fatalf("%+v", c.LastError)
	}
	if res, err := r.m.TestFailover(bg, ctx); err != nil || res.Status != "failed_over_test" {
		t.Fatalf("retry: %v", err)
	}
}

func TestAGoPortMayCallBackIntoTheManager(t *testing.T) {
	cb := &callbackCloud{memCloud: &memCloud{vms: map[string]*TargetVM{}}}
	m := open(t, WithFakes(), WithTargetCloud(cb))
	cb.m = m
	j, err := m.CreateMigration(bg, CreateMigrationRequest{SourceVM: vm("vm-1", "web")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.CompleteJob(bg, j.Job.JobID, "c"); err != nil {
		t.Fatal(err)
	}
	cb.ctx = j.Job.ContextID
	if _, err := m.TestFailover(bg, cb.ctx); err != nil {
		t.Fatal(err)
	}
	if cb.seen != "test_failover" {
		t.Fatalf("the port saw %q", cb.seen)
	}
}

type callbackCloud struct {
	*memCloud
	m    *Manager
	ctx  string
	seen string
}

func (c *callbackCloud) CreateVM(spec VMSpec) (TargetVM, error) {
	got, err := c.m.GetContext(bg, ByID(c.ctx))
	if err != nil {
		return TargetVM{}, err
	}
	if got.ActiveOperation != nil {
		c.seen = *got.ActiveOperation
	}
	return c.memCloud.CreateVM(spec)
}

func TestAFailedFailoverCanBeAbortedFromGo(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t)
	r.cloud.fail = map[string]bool{"power_on": true}
	if _, err := r.m.TestFailover(bg, ctx); !errors.Is(err, ErrAdapter) {
		t.Fatalf("%v", err)
	}
	res, err := r.m.AbortOperation(bg, ctx)
	if err != nil || res.Status != "ready_for_failover" || len(r.cloud.vms) != 0 || len(r.exports.exports) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
}
