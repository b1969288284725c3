package tests

// Adversarial tests of the uniffi Go package, written from the outside (the
// issue, DESIGN.md and the README): hostile ports (panicking, failing,
// answering garbage, hanging, calling back), managers used after Destroy, on
// bad files, from many goroutines, and hostile input on every method. Every
// failure must arrive as a typed *MkError with its stable code, never as a
// crash, and must leave nothing half-changed. Helpers are prefixed `brk` so
// they cannot clash with the package's other tests.

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

// ---------------------------------------------------------------- helpers

// brkCode is the stable code of a manager error, or fails the test when err
// is not a typed *MkError.
func brkCode(t *testing.T, err error) core.ErrorCode {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error, got success")
	}
	var me *mk.MkError
	if !errors.As(err, &me) {
		t.Fatalf("error is not a *MkError: %T %v", err, err)
	}
	switch v := me.Unwrap().(type) {
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
	t.Fatalf("unknown MkError variant %T", me.Unwrap())
	return 0
}

// brkWant checks err is the typed error with code want.
func brkWant(t *testing.T, what string, err error, want core.ErrorCode) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: expected error code %d, got success", what, want)
	}
	if got := brkCode(t, err); got != want {
		t.Fatalf("%s: code %d, want %d: %v", what, got, want, err)
	}
}

// brkNoPanic runs f and turns a Go panic (what the generated package does
// with a Rust-side lift failure or a destroyed object) into a test failure
// instead of a crashed test binary.
func brkNoPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panicked instead of returning a typed error: %v", what, r)
		}
	}()
	f()
}

func brkOpen(t *testing.T, vols *mk.VolumeDaemon, exp *mk.NbdExporter, cloud *mk.TargetCloud) *mk.Manager {
	t.Helper()
	return brkOpenWith(t, mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true}, vols, exp, cloud)
}

func brkOpenWith(t *testing.T, o mk.OpenOptions, vols *mk.VolumeDaemon, exp *mk.NbdExporter, cloud *mk.TargetCloud) *mk.Manager {
	t.Helper()
	m, err := mk.ManagerOpenWithPorts(o, vols, exp, cloud)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(m.Destroy)
	return m
}

func brkVM(id string, disks int) core.SourceVm {
	vm := core.SourceVm{Id: id, Name: "vm-" + id, Cpus: 2, MemoryMb: 2048, OsType: "linux", PowerState: "poweredOn"}
	for i := 0; i < disks; i++ {
		vm.Disks = append(vm.Disks, core.SourceDisk{Id: fmt.Sprintf("disk-%d", 2000+i), Label: fmt.Sprintf("Hard disk %d", i+1), SizeGb: 1, UnitNumber: uint32(i)})
	}
	return vm
}

// brkReady brings a new VM to ready_for_failover; answers its context id.
func brkReady(t *testing.T, m *mk.Manager, id string) string {
	t.Helper()
	resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(id, 1), VcenterHost: "vc"})
	if err != nil {
		t.Fatalf("start %s: %v", id, err)
	}
	started, ok := resp.(core.CreateMigrationResponseJobStarted)
	if !ok {
		t.Fatalf("start %s: answer %T", id, resp)
	}
	if _, err := m.CompleteJob(core.CompleteJobRequest{JobId: started.Field0.JobId, ChangeId: "cbt-1"}); err != nil {
		t.Fatalf("complete %s: %v", id, err)
	}
	return started.Field0.ContextId
}

func brkStatus(t *testing.T, m *mk.Manager, ctx string) core.ReplicationContext {
	t.Helper()
	c, err := m.GetContext(core.ContextRefContextId{Field0: ctx})
	if err != nil {
		t.Fatalf("get %s: %v", ctx, err)
	}
	return c
}

func brkRef(ctx string) core.ContextRef { return core.ContextRefContextId{Field0: ctx} }

// brkCloud is an in-memory target cloud whose every method first runs
// `hook` (which may panic, block or fail) and whose create_vm answer can be
// replaced.
type brkCloud struct {
	mu      sync.Mutex
	vms     map[string]core.TargetVm
	n       int
	hook    func(method string) error
	created func(spec core.VmSpec, vm core.TargetVm) core.TargetVm
	creates atomic.Int64
}

func newBrkCloud() *brkCloud { return &brkCloud{vms: map[string]core.TargetVm{}} }

func (c *brkCloud) setHook(h func(string) error) { c.mu.Lock(); c.hook = h; c.mu.Unlock() }

func (c *brkCloud) before(method string) error {
	c.mu.Lock()
	h := c.hook
	c.mu.Unlock()
	if h != nil {
		return h(method)
	}
	return nil
}

func (c *brkCloud) port() *mk.TargetCloud { var p mk.TargetCloud = c; return &p }

func (c *brkCloud) CreateVm(spec core.VmSpec) (core.TargetVm, error) {
	if err := c.before("create_vm"); err != nil {
		return core.TargetVm{}, err
	}
	c.creates.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == spec.Name {
			return vm, nil
		}
	}
	c.n++
	vm := core.TargetVm{VmId: fmt.Sprintf("i-%d", c.n), Name: spec.Name, PowerState: core.PowerStateOff}
	if c.created != nil {
		vm = c.created(spec, vm)
	}
	c.vms[vm.VmId] = vm
	return vm, nil
}

func (c *brkCloud) power(id string, s core.PowerState, method string) error {
	if err := c.before(method); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	vm, ok := c.vms[id]
	if !ok {
		return mk.NewPortErrorFailed("no vm " + id)
	}
	vm.PowerState = s
	c.vms[id] = vm
	return nil
}

func (c *brkCloud) PowerOn(id string) error  { return c.power(id, core.PowerStateOn, "power_on") }
func (c *brkCloud) PowerOff(id string) error { return c.power(id, core.PowerStateOff, "power_off") }

func (c *brkCloud) DeleteVm(id string) error {
	if err := c.before("delete_vm"); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vms, id)
	return nil
}

func (c *brkCloud) GetVm(id string) (*core.TargetVm, error) {
	if err := c.before("get_vm"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[id]; ok {
		return &vm, nil
	}
	return nil, nil
}

func (c *brkCloud) FindVmByName(name string) (*core.TargetVm, error) {
	if err := c.before("find_vm_by_name"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == name {
			v := vm
			return &v, nil
		}
	}
	return nil, nil
}

func (c *brkCloud) count() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.vms) }

// brkVolumes is an in-memory volume daemon with the same hook and a
// replaceable create_volume / attach_volume answer.
type brkVolumes struct {
	mu       sync.Mutex
	vols     map[string]core.Volume
	n        int
	hook     func(method string) error
	created  func(v core.Volume) core.Volume
	attached func(dev string) string
}

func newBrkVolumes() *brkVolumes { return &brkVolumes{vols: map[string]core.Volume{}} }

func (d *brkVolumes) port() *mk.VolumeDaemon { var p mk.VolumeDaemon = d; return &p }

func (d *brkVolumes) setHook(h func(string) error) { d.mu.Lock(); d.hook = h; d.mu.Unlock() }

func (d *brkVolumes) before(method string) error {
	d.mu.Lock()
	h := d.hook
	d.mu.Unlock()
	if h != nil {
		return h(method)
	}
	return nil
}

func (d *brkVolumes) CreateVolume(name string, size uint64) (core.Volume, error) {
	if err := d.before("create_volume"); err != nil {
		return core.Volume{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, v := range d.vols {
		if v.Name == name {
			return v, nil
		}
	}
	d.n++
	v := core.Volume{VolumeId: fmt.Sprintf("vol-%d", d.n), Name: name, SizeBytes: size}
	if d.created != nil {
		v = d.created(v)
	}
	d.vols[v.VolumeId] = v
	return v, nil
}

func (d *brkVolumes) CloneVolume(src, name string) (core.Volume, error) {
	if err := d.before("clone_volume"); err != nil {
		return core.Volume{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.vols[src]
	if !ok {
		return core.Volume{}, mk.NewPortErrorFailed("no volume " + src)
	}
	for _, v := range d.vols {
		if v.Name == name {
			return v, nil
		}
	}
	d.n++
	v := core.Volume{VolumeId: fmt.Sprintf("vol-%d", d.n), Name: name, SizeBytes: s.SizeBytes}
	d.vols[v.VolumeId] = v
	return v, nil
}

func (d *brkVolumes) AttachVolume(id, inst string) (string, error) {
	if err := d.before("attach_volume"); err != nil {
		return "", err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	v, ok := d.vols[id]
	if !ok {
		return "", mk.NewPortErrorFailed("no volume " + id)
	}
	if v.AttachedTo != nil && *v.AttachedTo != inst {
		return "", mk.NewPortErrorFailed("attached elsewhere")
	}
	dev := "/dev/mk/" + id
	if d.attached != nil {
		dev = d.attached(dev)
	}
	v.AttachedTo, v.DevicePath = &inst, &dev
	d.vols[id] = v
	return dev, nil
}

func (d *brkVolumes) DetachVolume(id string) error {
	if err := d.before("detach_volume"); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.vols[id]; ok {
		v.AttachedTo, v.DevicePath = nil, nil
		d.vols[id] = v
	}
	return nil
}

func (d *brkVolumes) DeleteVolume(id string) error {
	if err := d.before("delete_volume"); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.vols, id)
	return nil
}

func (d *brkVolumes) GetVolume(id string) (*core.Volume, error) {
	if err := d.before("get_volume"); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.vols[id]; ok {
		return &v, nil
	}
	return nil, nil
}

func (d *brkVolumes) ListVolumes() ([]core.Volume, error) {
	if err := d.before("list_volumes"); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	out := []core.Volume{}
	for _, v := range d.vols {
		out = append(out, v)
	}
	return out, nil
}

func (d *brkVolumes) count() int { d.mu.Lock(); defer d.mu.Unlock(); return len(d.vols) }

// ---------------------------------------------------------------- ports

type brkPanicValue struct{ what string }

// Every kind of Go panic in a port — a string, an error, nil, a struct, a
// nil dereference, an index out of range — fails the operation with an
// adapter error naming its step; the context keeps its status, no lock is
// left that nothing could resume, and a healthy port then succeeds.
func TestBreakPortPanicOfAnyValueIsAnAdapterError(t *testing.T) {
	cloud := newBrkCloud()
	m := brkOpen(t, nil, nil, cloud.port())
	panics := map[string]func(){
		"string":       func() { panic("boom") },
		"error":        func() { panic(errors.New("boom")) },
		"nil":          func() { panic(nil) },
		"struct":       func() { panic(brkPanicValue{"boom"}) },
		"nil-deref":    func() { var p *brkCloud; _ = p.vms },
		"out-of-range": func() { s := []int{}; i := 3; _ = s[i] },
	}
	i := 0
	for name, do := range panics {
		for _, method := range []string{"create_vm", "power_on"} {
			i++
			ctx := brkReady(t, m, fmt.Sprintf("panic-%d", i))
			method := method
			cloud.setHook(func(got string) error {
				if got == method {
					do()
				}
				return nil
			})
			_, err := m.TestFailover(brkRef(ctx))
			brkWant(t, name+"/"+method, err, core.ErrorCodeAdapter)
			var ad *mk.MkErrorAdapter
			if !errors.As(err, &ad) || ad.Step == "" || !strings.Contains(ad.Body, `"code":"adapter"`) {
				t.Fatalf("%s/%s: adapter error without its step or body: %#v", name, method, ad)
			}
			c := brkStatus(t, m, ctx)
			if c.CurrentStatus != core.StatusReadyForFailover {
				t.Fatalf("%s/%s: status %d after a failed test failover", name, method, c.CurrentStatus)
			}
			cloud.setHook(nil)
			res, err := m.TestFailover(brkRef(ctx))
			if err != nil {
				t.Fatalf("%s/%s: resume after the panic: %v", name, method, err)
			}
			if res.Status != core.StatusFailedOverTest {
				t.Fatalf("%s/%s: resumed to %d", name, method, res.Status)
			}
			jobs, err := m.ListFailoverJobs(brkRef(ctx))
			if err != nil || len(jobs) != 1 {
				t.Fatalf("%s/%s: %d failover jobs (%v), want exactly 1", name, method, len(jobs), err)
			}
		}
	}
}

// A volume daemon failing on the second of three disks while a job starts:
// the start fails with an adapter error; a retry with a healthy daemon
// starts exactly one job whose context records one volume per disk, and the
// daemon holds no more volumes than the records name.
func TestBreakVolumeFailureMidStartLeavesNothingHalfDone(t *testing.T) {
	vols := newBrkVolumes()
	m := brkOpen(t, vols.port(), nil, nil)
	var n atomic.Int64
	vols.setHook(func(method string) error {
		if method == "create_volume" && n.Add(1) == 2 {
			panic("daemon died")
		}
		return nil
	})
	req := core.CreateMigrationRequest{SourceVm: brkVM("three", 3), VcenterHost: "vc"}
	_, err := m.CreateMigration(req)
	brkWant(t, "start with a failing daemon", err, core.ErrorCodeAdapter)
	vols.setHook(nil)
	resp, err := m.CreateMigration(req)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	started := resp.(core.CreateMigrationResponseJobStarted).Field0
	recs, err := m.ListVolumes(brkRef(started.ContextId))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || vols.count() != 3 {
		t.Fatalf("%d volume records, %d volumes in the daemon; want 3 and 3", len(recs), vols.count())
	}
	page, err := m.ListJobs(core.JobFilter{ContextId: &started.ContextId})
	if err != nil {
		t.Fatal(err)
	}
	active := 0
	for _, j := range page.Items {
		if j.Status == core.JobStatusPending || j.Status == core.JobStatusRunning {
			active++
		}
	}
	if active != 1 {
		t.Fatalf("%d active jobs after the retry, want 1", active)
	}
}

// Garbage answers from a port — an empty VM id, an empty volume id, an
// empty device path — are refused as adapter errors, never recorded.
func TestBreakPortGarbageAnswersAreRefused(t *testing.T) {
	t.Run("create_vm answers an empty vm id", func(t *testing.T) {
		cloud := newBrkCloud()
		cloud.created = func(_ core.VmSpec, vm core.TargetVm) core.TargetVm { vm.VmId = ""; return vm }
		m := brkOpen(t, nil, nil, cloud.port())
		ctx := brkReady(t, m, "g1")
		res, err := m.TestFailover(brkRef(ctx))
		if err == nil {
			t.Fatalf("an empty VM id was accepted: %+v", res)
		}
		brkWant(t, "empty vm id", err, core.ErrorCodeAdapter)
	})
	t.Run("create_volume answers an empty volume id", func(t *testing.T) {
		vols := newBrkVolumes()
		vols.created = func(v core.Volume) core.Volume { v.VolumeId = ""; return v }
		m := brkOpen(t, vols.port(), nil, nil)
		resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("g2", 2), VcenterHost: "vc"})
		if err == nil {
			ctx := resp.(core.CreateMigrationResponseJobStarted).Field0.ContextId
			recs, _ := m.ListVolumes(brkRef(ctx))
			t.Fatalf("an empty volume id was accepted and recorded: %+v", recs)
		}
		brkWant(t, "empty volume id", err, core.ErrorCodeAdapter)
	})
	t.Run("attach_volume answers an empty device path", func(t *testing.T) {
		vols := newBrkVolumes()
		vols.attached = func(string) string { return "" }
		m := brkOpen(t, vols.port(), nil, nil)
		resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("g3", 1), VcenterHost: "vc"})
		if err == nil {
			ctx := resp.(core.CreateMigrationResponseJobStarted).Field0.ContextId
			recs, _ := m.ListVolumes(brkRef(ctx))
			t.Fatalf("an empty device path was accepted: %+v", recs)
		}
		brkWant(t, "empty device path", err, core.ErrorCodeAdapter)
	})
	t.Run("huge and odd answers do not crash", func(t *testing.T) {
		vols := newBrkVolumes()
		vols.created = func(v core.Volume) core.Volume {
			v.SizeBytes = math.MaxUint64
			v.Name = strings.Repeat("x", 1<<20) + "\x00"
			return v
		}
		m := brkOpen(t, vols.port(), nil, nil)
		brkNoPanic(t, "huge answers", func() {
			_, _ = m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("g4", 1), VcenterHost: "vc"})
		})
	})
}

// A port that blocks: the operation waits (there is no cancel on this
// surface), but the manager stays usable from other goroutines — reads,
// writes on other VMs, and a second operation on the same context, which
// is refused at once as operation_in_progress.
func TestBreakHangingPortLeavesTheManagerUsable(t *testing.T) {
	cloud := newBrkCloud()
	m := brkOpen(t, nil, nil, cloud.port())
	ctx := brkReady(t, m, "hang")
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	cloud.setHook(func(method string) error {
		if method == "create_vm" {
			entered <- struct{}{}
			<-release
		}
		return nil
	})
	done := make(chan error, 1)
	go func() { _, err := m.TestFailover(brkRef(ctx)); done <- err }()
	<-entered
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			if _, err := m.GetContext(brkRef(ctx)); err != nil {
				errs <- err
			}
			if _, err := m.ListContexts(core.ContextFilter{}); err != nil {
				errs <- err
			}
			if _, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(fmt.Sprintf("other-%d", g), 1), VcenterHost: "vc"}); err != nil {
				errs <- err
			}
		}(g)
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(30 * time.Second):
		close(release)
		t.Fatal("other goroutines were blocked by one hanging port call")
	}
	close(errs)
	for err := range errs {
		t.Errorf("while a port hangs: %v", err)
	}
	_, err := m.TestFailover(brkRef(ctx))
	brkWant(t, "second failover while the first hangs", err, core.ErrorCodeOperationInProgress)
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the hung failover, released: %v", err)
	}
	if n := cloud.count(); n != 1 {
		t.Fatalf("%d VMs, want 1", n)
	}
}

// The port pool is process-wide and holds at most 8 threads: ports of one
// manager that hang must not stop another manager's ports from running.
func TestBreakHangingPortsOfOneManagerDoNotStarveAnother(t *testing.T) {
	hung := newBrkCloud()
	a := brkOpen(t, nil, nil, hung.port())
	var ctxs []string
	for i := 0; i < 9; i++ {
		ctxs = append(ctxs, brkReady(t, a, fmt.Sprintf("starve-%d", i)))
	}
	release := make(chan struct{})
	var entered atomic.Int64
	hung.setHook(func(method string) error {
		if method == "create_vm" {
			entered.Add(1)
			<-release
		}
		return nil
	})
	var wg sync.WaitGroup
	for _, c := range ctxs {
		wg.Add(1)
		go func(c string) { defer wg.Done(); _, _ = a.TestFailover(brkRef(c)) }(c)
	}
	defer func() { close(release); wg.Wait() }()
	for deadline := time.Now().Add(10 * time.Second); entered.Load() < 8 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	b := brkOpen(t, nil, nil, newBrkCloud().port())
	ctx := brkReady(t, b, "starve-b")
	done := make(chan error, 1)
	go func() { _, err := b.TestFailover(brkRef(ctx)); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("manager B: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("manager B's port call waited behind manager A's hung port calls (process-wide pool of 8)")
	}
}

// A port hung past the operation lease: a second caller may take the
// expired lock and resume, but the end state holds exactly one VM and one
// failover job, whatever order the two finish in.
func TestBreakPortHungPastTheLeaseMakesOneVM(t *testing.T) {
	cloud := newBrkCloud()
	lease := 1.0
	m := brkOpenWith(t, mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true, OperationLeaseSeconds: &lease}, nil, nil, cloud.port())
	ctx := brkReady(t, m, "lease")
	release := make(chan struct{})
	var first atomic.Bool
	cloud.setHook(func(method string) error {
		if method == "create_vm" && first.CompareAndSwap(false, true) {
			<-release
		}
		return nil
	})
	done := make(chan error, 1)
	go func() { _, err := m.TestFailover(brkRef(ctx)); done <- err }()
	for !first.Load() {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(2500 * time.Millisecond)
	_, err2 := m.TestFailover(brkRef(ctx))
	close(release)
	err1 := <-done
	t.Logf("hung caller: %v; second caller: %v", err1, err2)
	if err1 != nil {
		brkCode(t, err1)
	}
	if err2 != nil {
		brkCode(t, err2)
	}
	jobs, err := m.ListFailoverJobs(brkRef(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || cloud.count() != 1 {
		t.Fatalf("%d failover jobs and %d VMs after a lease takeover; want 1 and 1", len(jobs), cloud.count())
	}
}

// A port calls back into the manager, from its own goroutine: reads, a new
// migration (whose volume calls run inline), the same operation on the
// same context (refused), and Destroy of its own handle on the manager
// (the call in flight keeps the manager alive).
func TestBreakPortCallsBackIntoTheManager(t *testing.T) {
	cloud := newBrkCloud()
	var m *mk.Manager
	var nested []error
	var mu sync.Mutex
	m = brkOpen(t, nil, nil, cloud.port())
	ctx := brkReady(t, m, "reenter")
	cloud.setHook(func(method string) error {
		if method != "create_vm" {
			return nil
		}
		_, e1 := m.GetContext(brkRef(ctx))
		_, e2 := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("reenter-2", 2), VcenterHost: "vc"})
		_, e3 := m.TestFailover(brkRef(ctx))
		mu.Lock()
		nested = append(nested, e1, e2, e3)
		mu.Unlock()
		return nil
	})
	if _, err := m.TestFailover(brkRef(ctx)); err != nil {
		t.Fatalf("failover with a re-entrant port: %v", err)
	}
	if nested[0] != nil || nested[1] != nil {
		t.Fatalf("nested read / migration: %v / %v", nested[0], nested[1])
	}
	brkWant(t, "nested failover of the same context", nested[2], core.ErrorCodeOperationInProgress)

	// Destroy from inside the port: the outer call completes.
	ctx2 := brkReady(t, m, "reenter-3")
	other, err := mk.ManagerOpenWithPorts(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "o.db"), Fakes: true}, nil, nil, cloud.port())
	if err != nil {
		t.Fatal(err)
	}
	cloud.setHook(func(method string) error {
		if method == "create_vm" {
			other.Destroy()
		}
		return nil
	})
	octx := brkReady(t, other, "reenter-4")
	if _, err := other.TestFailover(brkRef(octx)); err != nil {
		t.Fatalf("failover whose port destroys the manager: %v", err)
	}
	cloud.setHook(nil)
	if _, err := m.TestFailover(brkRef(ctx2)); err != nil {
		t.Fatal(err)
	}
}

// A port that hands work to another goroutine which calls the manager (an
// errgroup, a worker) while all 8 pool threads serve such ports: the
// nested port calls must not wait for a pool thread forever.
func TestBreakPortWaitingOnAnotherGoroutinesManagerCallDoesNotDeadlock(t *testing.T) {
	cloud := newBrkCloud()
	vols := newBrkVolumes()
	m := brkOpen(t, vols.port(), nil, cloud.port())
	const n = 10
	var ctxs []string
	for i := 0; i < n; i++ {
		ctxs = append(ctxs, brkReady(t, m, fmt.Sprintf("worker-%d", i)))
	}
	var seq atomic.Int64
	cloud.setHook(func(method string) error {
		if method != "create_vm" {
			return nil
		}
		errc := make(chan error, 1)
		go func() {
			// A nested call that reaches the volume daemon from a goroutine
			// that is not a pool thread.
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(fmt.Sprintf("w-nested-%d", seq.Add(1)), 1), VcenterHost: "vc"})
			errc <- err
		}()
		return <-errc
	})
	var wg sync.WaitGroup
	for _, c := range ctxs {
		wg.Add(1)
		go func(c string) { defer wg.Done(); _, _ = m.TestFailover(brkRef(c)) }(c)
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(60 * time.Second):
		t.Fatal("deadlock: ports waiting on nested manager calls that wait for a pool thread")
	}
}

// 32 goroutines, each a whole lifecycle on its own VM, on ports that fail,
// panic or answer a plain Go error at random: every error is a typed
// adapter error and every context ends in a status of the lifecycle table.
func TestBreak32GoroutinesOnMisbehavingPorts(t *testing.T) {
	cloud := newBrkCloud()
	vols := newBrkVolumes()
	m := brkOpen(t, vols.port(), nil, cloud.port())
	var calls atomic.Int64
	misbehave := func(method string) error {
		switch calls.Add(1) % 7 {
		case 0:
			panic("random panic in " + method)
		case 3:
			return errors.New("plain go error in " + method)
		case 5:
			return mk.NewPortErrorFailed("port failure in " + method)
		}
		return nil
	}
	cloud.setHook(misbehave)
	vols.setHook(misbehave)
	var wg sync.WaitGroup
	bad := make(chan string, 1024)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					bad <- fmt.Sprintf("goroutine %d panicked: %v", g, r)
				}
			}()
			check := func(err error) {
				if err == nil {
					return
				}
				var me *mk.MkError
				if !errors.As(err, &me) {
					bad <- fmt.Sprintf("untyped error %T %v", err, err)
				}
			}
			var ctx string
			for try := 0; try < 20 && ctx == ""; try++ {
				resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(fmt.Sprintf("g32-%d", g), 2), VcenterHost: "vc"})
				check(err)
				if err == nil {
					s := resp.(core.CreateMigrationResponseJobStarted).Field0
					_, err = m.CompleteJob(core.CompleteJobRequest{JobId: s.JobId, ChangeId: "c"})
					check(err)
					ctx = s.ContextId
				}
			}
			if ctx == "" {
				return
			}
			for try := 0; try < 20; try++ {
				_, err := m.TestFailover(brkRef(ctx))
				check(err)
				if err == nil {
					break
				}
			}
			for try := 0; try < 20; try++ {
				_, err := m.CleanupTestFailover(core.FailoverTarget{ContextId: &ctx})
				check(err)
				if err == nil {
					break
				}
			}
		}(g)
	}
	wg.Wait()
	close(bad)
	for b := range bad {
		t.Error(b)
	}
}

// ---------------------------------------------------------------- manager objects

// Destroy is idempotent; a call after it is refused (the generated package
// panics with "already been destroyed" — recoverable, never a crash); calls
// in flight while another goroutine destroys finish or are refused the same
// way.
func TestBreakManagerUsedAfterDestroy(t *testing.T) {
	m, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := brkReady(t, m, "destroyed")
	var wg sync.WaitGroup
	var ok, refused atomic.Int64
	start := make(chan struct{})
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < 50; i++ {
				func() {
					defer func() {
						if r := recover(); r != nil {
							if !strings.Contains(fmt.Sprint(r), "destroyed") {
								t.Errorf("unexpected panic: %v", r)
							}
							refused.Add(1)
						}
					}()
					if _, err := m.GetContext(brkRef(ctx)); err != nil {
						t.Errorf("get: %v", err)
					}
					ok.Add(1)
				}()
			}
		}()
	}
	close(start)
	time.Sleep(5 * time.Millisecond)
	m.Destroy()
	m.Destroy()
	wg.Wait()
	t.Logf("%d calls answered, %d refused after Destroy", ok.Load(), refused.Load())
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("a call after Destroy neither failed nor panicked")
			}
		}()
		_, _ = m.GetContext(brkRef(ctx))
	}()
}

// Managers (with Go ports) dropped without Destroy under GC pressure are
// finalised without crashing, and their database opens again.
func TestBreakManagersDroppedUnderGCPressure(t *testing.T) {
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "gc.db")
	vols := newBrkVolumes()
	for i := 0; i < 30; i++ {
		cloud := newBrkCloud()
		m, err := mk.ManagerOpenWithPorts(mk.OpenOptions{Path: path, Fakes: true}, vols.port(), nil, cloud.port())
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		ctx := brkReady(t, m, fmt.Sprintf("gc-%d", i))
		if _, err := m.TestFailover(brkRef(ctx)); err != nil {
			t.Fatalf("failover %d: %v", i, err)
		}
		m = nil
		runtime.GC()
	}
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	m2, err := mk.ManagerOpen(mk.OpenOptions{Path: path, Fakes: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Destroy()
	page, err := m2.ListContexts(core.ContextFilter{})
	if err != nil || len(page.Items) != 30 {
		t.Fatalf("%d contexts after reopening (%v), want 30", len(page.Items), err)
	}
}

// Opening on what is not a usable database is a typed error: an empty
// path, a directory, a missing parent, a path under /proc, a NUL byte, a
// file that is not SQLite, and a database of a newer schema
// (incompatible_schema).
func TestBreakOpenOnBadFilesIsATypedError(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "text.db")
	if err := os.WriteFile(notSQLite, []byte(strings.Repeat("this is not a database\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	g := make([]byte, 8192)
	for i := range g {
		g[i] = byte(i*7 + 3)
	}
	if err := os.WriteFile(garbage, g, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"empty path":        "",
		"a directory":       dir,
		"missing parent":    filepath.Join(dir, "no", "such", "dir", "mk.db"),
		"under /proc":       "/proc/migratekit-break.db",
		"NUL in the path":   filepath.Join(dir, "a\x00b.db"),
		"a text file":       notSQLite,
		"a garbage file":    garbage,
		"a very long path":  filepath.Join(dir, strings.Repeat("p", 5000)+".db"),
		"invalid UTF-8 dir": filepath.Join(dir, "\xff\xfe", "mk.db"),
	}
	for name, path := range cases {
		brkNoPanic(t, name, func() {
			m, err := mk.ManagerOpen(mk.OpenOptions{Path: path, Fakes: true})
			if err == nil {
				m.Destroy()
				t.Errorf("%s (%q): opened", name, path)
				return
			}
			code := brkCode(t, err)
			if code != core.ErrorCodeStorage && code != core.ErrorCodeValidation {
				t.Errorf("%s: code %d (%v), want storage or validation", name, code, err)
			}
		})
	}
	// The text file is left as it was (never overwritten by a migration).
	if b, _ := os.ReadFile(notSQLite); !strings.HasPrefix(string(b), "this is not a database") {
		t.Error("opening a text file changed it")
	}

	newer := filepath.Join(dir, "newer.db")
	m, err := mk.ManagerOpen(mk.OpenOptions{Path: newer, Fakes: true})
	if err != nil {
		t.Fatal(err)
	}
	brkReady(t, m, "newer")
	m.Destroy()
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(newer + suffix); err == nil {
			t.Logf("%s left after Destroy", newer+suffix)
		}
	}
	f, err := os.OpenFile(newer, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// PRAGMA user_version lives at byte 60 of the header, big-endian.
	if _, err := f.WriteAt([]byte{0, 0, 0x7f, 0xff}, 60); err != nil {
		t.Fatal(err)
	}
	f.Close()
	brkNoPanic(t, "newer schema", func() {
		_, err := mk.ManagerOpen(mk.OpenOptions{Path: newer, Fakes: true})
		brkWant(t, "newer schema", err, core.ErrorCodeIncompatibleSchema)
	})
}

// A read-only directory (as a non-root user) is a storage error.
func TestBreakOpenInAReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	_, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(dir, "mk.db"), Fakes: true})
	brkWant(t, "read-only directory", err, core.ErrorCodeStorage)
}

// Hostile open options: every one is a typed validation (or storage) error
// or a working manager, never a panic.
func TestBreakHostileOpenOptions(t *testing.T) {
	dir := t.TempDir()
	f := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	u16 := func(v uint16) *uint16 { return &v }
	dur := func(v core.Durability) *core.Durability { return &v }
	tm := func(v time.Time) *time.Time { return &v }
	cases := map[string]mk.OpenOptions{
		"lease NaN":              {OperationLeaseSeconds: f(math.NaN())},
		"lease negative":         {OperationLeaseSeconds: f(-1)},
		"lease zero":             {OperationLeaseSeconds: f(0)},
		"lease +Inf":             {OperationLeaseSeconds: f(math.Inf(1))},
		"lease 1e308":            {OperationLeaseSeconds: f(1e308)},
		"appliance empty":        {ApplianceId: s("")},
		"appliance NUL":          {ApplianceId: s("a\x00b")},
		"volumes_dir NUL":        {VolumesDir: s(dir + "/v\x00x")},
		"volumes_dir is a file":  {VolumesDir: s("/proc/self/status")},
		"qsd_dir under /proc":    {QsdDir: s("/proc/mk-qsd"), NbdPort: u16(0)},
		"durability unknown":     {Durability: dur(core.Durability(99))},
		"now at year 1":          {Now: tm(time.Time{})},
		"now far in the future":  {Now: tm(time.Unix(1<<40, 0))},
		"now beyond chrono":      {Now: tm(time.Unix(1<<62, 0))},
		"now before the epoch":   {Now: tm(time.Unix(-1<<40, 0))},
		"fakes off, no adapters": {Fakes: false},
	}
	i := 0
	for name, o := range cases {
		i++
		o.Path = filepath.Join(dir, fmt.Sprintf("opt-%d.db", i))
		if o.Fakes == false && name != "fakes off, no adapters" {
			o.Fakes = true
		}
		brkNoPanic(t, name, func() {
			m, err := mk.ManagerOpen(o)
			if err != nil {
				code := brkCode(t, err)
				if code != core.ErrorCodeValidation && code != core.ErrorCodeStorage && code != core.ErrorCodeAdapter {
					t.Errorf("%s: code %d: %v", name, code, err)
				}
				return
			}
			defer m.Destroy()
			// Whatever opened must work.
			if _, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("opt", 1), VcenterHost: "vc"}); err != nil {
				brkCode(t, err)
				t.Logf("%s: opened; a start then fails with %v", name, err)
			}
		})
	}
}

// ---------------------------------------------------------------- hostile input

// brkBody is the contract's JSON error body a manager error carries.
func brkBody(err error) string {
	var me *mk.MkError
	if !errors.As(err, &me) {
		return ""
	}
	switch v := me.Unwrap().(type) {
	case *mk.MkErrorNotFound:
		return v.Body
	case *mk.MkErrorValidation:
		return v.Body
	case *mk.MkErrorInvalidTransition:
		return v.Body
	case *mk.MkErrorStorage:
		return v.Body
	case *mk.MkErrorInternal:
		return v.Body
	case *mk.MkErrorAdapter:
		return v.Body
	case *mk.MkErrorAmbiguous:
		return v.Body
	}
	return ""
}

// brkSnapshot is everything a hostile call must leave unchanged.
func brkSnapshot(t *testing.T, m *mk.Manager) string {
	t.Helper()
	var b strings.Builder
	cs, err := m.ListContexts(core.ContextFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs.Items {
		fmt.Fprintf(&b, "%s %d %v %v|", c.ContextId, c.CurrentStatus, c.ActiveOperation, c.LastError)
	}
	js, err := m.ListJobs(core.JobFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range js.Items {
		fmt.Fprintf(&b, "%s %d %v %d|", j.JobId, j.Status, j.ProgressPercent, j.BytesTransferred)
	}
	gs, _ := m.ListGroups()
	ss, _ := m.ListSchedules()
	fmt.Fprintf(&b, "%d groups %d schedules", len(gs), len(ss))
	return b.String()
}

// Bad ids, strings and numbers on every kind of method are typed errors
// with the code the JSON surface gives for the same body (and the same
// body), and change nothing.
func TestBreakHostileInputIsTypedAndChangesNothing(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m := brkOpenWith(t, mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true, Now: &now}, nil, nil, nil)
	ctx := brkReady(t, m, "victim")
	resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("running", 2), VcenterHost: "vc"})
	if err != nil {
		t.Fatal(err)
	}
	job := resp.(core.CreateMigrationResponseJobStarted).Field0.JobId
	before := brkSnapshot(t, m)

	huge := strings.Repeat("h", 1<<20)
	ids := map[string]string{"empty": "", "NUL": "job\x00x", "huge": huge, "unknown": "job-nope", "sql": "'; DROP TABLE contexts; --"}
	for name, id := range ids {
		for op, call := range map[string]func(string) error{
			"get_job":    func(id string) error { _, err := m.GetJob(id); return err },
			"cancel_job": func(id string) error { _, err := m.CancelJob(id); return err },
			"delete_job": func(id string) error { _, err := m.DeleteJob(id); return err },
			"fail_job": func(id string) error {
				_, err := m.FailJob(core.FailJobRequest{JobId: id, Error: "x"})
				return err
			},
			"complete_job": func(id string) error {
				_, err := m.CompleteJob(core.CompleteJobRequest{JobId: id, ChangeId: "c"})
				return err
			},
			"log_job":   func(id string) error { _, err := m.LogJob(id); return err },
			"get_group": func(id string) error { _, err := m.GetGroup(id); return err },
			"set_schedule_enabled": func(id string) error {
				_, err := m.SetScheduleEnabled(id, true)
				return err
			},
			"remove_from_group": func(id string) error { return m.RemoveFromGroup(id) },
		} {
			what := op + "(" + name + ")"
			brkNoPanic(t, what, func() {
				err := call(id)
				code := brkCode(t, err)
				if code != core.ErrorCodeNotFound && code != core.ErrorCodeValidation {
					t.Errorf("%s: code %d: %v", what, code, err)
				}
			})
		}
		// The same ids through the JSON surface: same code, same body.
		for _, op := range []string{"get_job", "cancel_job", "delete_job"} {
			body := fmt.Sprintf(`{"job_id":%q}`, id)
			if name == "NUL" {
				body = `{"job_id":"job\u0000x"}`
			}
			var typedErr error
			switch op {
			case "get_job":
				_, typedErr = m.GetJob(id)
			case "cancel_job":
				_, typedErr = m.CancelJob(id)
			case "delete_job":
				_, typedErr = m.DeleteJob(id)
			}
			_, jsonErr := m.Call(op, body)
			if brkCode(t, typedErr) != brkCode(t, jsonErr) || brkBody(typedErr) != brkBody(jsonErr) {
				t.Errorf("%s(%s): typed %v\n  json %v", op, name, typedErr, jsonErr)
			}
		}
	}
	for name, ref := range map[string]core.ContextRef{
		"empty id":        core.ContextRefContextId{Field0: ""},
		"NUL id":          core.ContextRefContextId{Field0: "\x00"},
		"huge name":       core.ContextRefVmName{Field0: huge},
		"empty vm":        core.ContextRefVm{Field0: core.VmIdentity{}},
		"empty vmware id": core.ContextRefVmwareVmId{Field0: ""},
	} {
		for op, call := range map[string]func() error{
			"get_context":            func() error { _, err := m.GetContext(ref); return err },
			"test_failover":          func() error { _, err := m.TestFailover(ref); return err },
			"live_failover":          func() error { _, err := m.LiveFailover(ref); return err },
			"complete_migration":     func() error { _, err := m.CompleteMigration(ref); return err },
			"abort_operation":        func() error { _, err := m.AbortOperation(ref); return err },
			"remove_from_management": func() error { _, err := m.RemoveFromManagement(ref); return err },
			"list_volumes":           func() error { _, err := m.ListVolumes(ref); return err },
			"list_failover_jobs":     func() error { _, err := m.ListFailoverJobs(ref); return err },
		} {
			what := op + "(" + name + ")"
			brkNoPanic(t, what, func() {
				code := brkCode(t, call())
				if code != core.ErrorCodeNotFound && code != core.ErrorCodeValidation {
					t.Errorf("%s: code %d", what, code)
				}
			})
		}
	}
	empty := ""
	for name, target := range map[string]core.FailoverTarget{
		"nothing":      {},
		"empty ctx":    {ContextId: &empty},
		"empty job":    {FailoverJobId: &empty},
		"all empty":    {ContextId: &empty, VmId: &empty, VmName: &empty, FailoverJobId: &empty},
		"ctx and name": {ContextId: &ctx, VmName: &huge},
	} {
		for op, call := range map[string]func() error{
			"cleanup_test_failover":  func() error { _, err := m.CleanupTestFailover(target); return err },
			"rollback_live_failover": func() error { _, err := m.RollbackLiveFailover(target); return err },
		} {
			what := op + "(" + name + ")"
			brkNoPanic(t, what, func() {
				code := brkCode(t, call())
				if code != core.ErrorCodeNotFound && code != core.ErrorCodeValidation && code != core.ErrorCodeInvalidTransition {
					t.Errorf("%s: code %d", what, code)
				}
			})
		}
	}

	u32 := func(v uint32) *uint32 { return &v }
	u64 := func(v uint64) *uint64 { return &v }
	str := func(v string) *string { return &v }
	validation := map[string]func() error{
		"list_contexts NUL cursor":  func() error { _, err := m.ListContexts(core.ContextFilter{After: str("\x00")}); return err },
		"list_contexts huge cursor": func() error { _, err := m.ListContexts(core.ContextFilter{After: &huge}); return err },
		"list_jobs garbage cursor":  func() error { _, err := m.ListJobs(core.JobFilter{After: str("garbage")}); return err },
		"log_jobs garbage cursor":   func() error { _, err := m.LogJobs(core.LogFilter{After: str("garbage")}); return err },
		"progress NaN": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: math.NaN()})
			return err
		},
		"progress +Inf": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: math.Inf(1)})
			return err
		},
		"progress -1": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: -1})
			return err
		},
		"progress 101": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: 101})
			return err
		},
		"progress unknown disk": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: 1, Disks: map[string]core.DiskProgress{"disk-nope": {BytesTransferred: 1}}})
			return err
		},
		"complete unknown disk": func() error {
			_, err := m.CompleteJob(core.CompleteJobRequest{JobId: job, ChangeIds: &core.DiskChangeIds{"disk-nope": "c"}})
			return err
		},
		"create no vm id": func() error {
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("", 1)})
			return err
		},
		"create NUL vm id": func() error {
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("a\x00b", 1)})
			return err
		},
		"create huge vm id": func() error {
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(huge, 1)})
			return err
		},
		"create disk size max": func() error {
			vm := brkVM("big", 1)
			vm.Disks[0].SizeGb = math.MaxUint64
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: vm})
			return err
		},
		"create duplicate disk ids": func() error {
			vm := brkVM("dup", 2)
			vm.Disks[1].Id = vm.Disks[0].Id
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: vm})
			return err
		},
		"create incremental without a sync": func() error {
			rt := core.ReplicationTypeIncremental
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("incr", 1), ReplicationType: &rt})
			return err
		},
		"schedule garbage cron": func() error {
			_, err := m.CreateSchedule(core.CreateScheduleRequest{Name: "s", CronExpression: "not cron", Timezone: "UTC", MaxConcurrentJobs: 1})
			return err
		},
		"schedule unknown zone": func() error {
			_, err := m.CreateSchedule(core.CreateScheduleRequest{Name: "s", CronExpression: "0 * * * *", Timezone: "Mars/Olympus", MaxConcurrentJobs: 1})
			return err
		},
		"schedule no name": func() error {
			_, err := m.CreateSchedule(core.CreateScheduleRequest{Name: "", CronExpression: "0 * * * *", Timezone: "UTC", MaxConcurrentJobs: 1})
			return err
		},
		"group no name": func() error {
			_, err := m.CreateGroup(core.CreateGroupRequest{Name: ""})
			return err
		},
		"group unknown schedule": func() error {
			_, err := m.CreateGroup(core.CreateGroupRequest{Name: "g", ScheduleId: str("nope")})
			return err
		},
		"add_to_group unknown": func() error {
			_, err := m.AddToGroup(core.AddToGroupRequest{GroupId: "nope", ContextId: ctx, Priority: math.MinInt32})
			return err
		},
		"attach unknown":  func() error { _, err := m.AttachSchedule("nope", str("nope")); return err },
		"call unknown op": func() error { _, err := m.Call("no_such_op", "{}"); return err },
		"call empty op":   func() error { _, err := m.Call("", "{}"); return err },
		"call not json":   func() error { _, err := m.Call("get_job", "{"); return err },
		"call array":      func() error { _, err := m.Call("get_job", "[]"); return err },
		"call dup keys":   func() error { _, err := m.Call("get_job", `{"job_id":"a","job_id":"b"}`); return err },
		"call unknown field": func() error {
			_, err := m.Call("get_job", `{"job_id":"a","x":1}`)
			return err
		},
		"call deep nesting": func() error {
			_, err := m.Call("create_migration", strings.Repeat("[", 100000)+strings.Repeat("]", 100000))
			return err
		},
		"parse unknown op":    func() error { _, err := mk.ParseRequest("nope", "{}"); return err },
		"parse bad body":      func() error { _, err := mk.ParseRequest("get_job", "nope"); return err },
		"time_calls bad op":   func() error { _, err := m.TimeCalls("nope", "{}", 0); return err },
		"time_calls bad body": func() error { _, err := m.TimeCalls("get_job", "{", math.MaxUint32); return err },
	}
	for what, call := range validation {
		brkNoPanic(t, what, func() {
			err := call()
			if err == nil {
				t.Errorf("%s: accepted", what)
				return
			}
			code := brkCode(t, err)
			if code != core.ErrorCodeValidation && code != core.ErrorCodeNotFound && code != core.ErrorCodeInvalidTransition {
				t.Errorf("%s: code %d: %v", what, code, err)
			}
		})
	}

	// Numbers at the edge of their type that a core must not overflow on.
	brkNoPanic(t, "advance_clock", func() {
		for _, s := range []int64{math.MaxInt64, math.MinInt64, -1 << 40} {
			if err := m.AdvanceClock(s); err != nil {
				if c := brkCode(t, err); c != core.ErrorCodeValidation {
					t.Errorf("advance_clock(%d): code %d: %v", s, c, err)
				}
			}
		}
	})
	brkNoPanic(t, "reconcile grace max", func() {
		// A grace longer than any duration is forever: nothing is removed,
		// and no panic inside (an internal error) either.
		if _, err := m.Reconcile(core.ReconcileRequest{Apply: true, GraceSeconds: u64(math.MaxUint64)}); err != nil {
			t.Errorf("reconcile with the longest grace: %v", err)
		}
	})
	for name, at := range map[string]time.Time{"year 1": {}, "far future": time.Unix(1<<40, 0), "beyond": time.Unix(1<<62, 0)} {
		brkNoPanic(t, "times "+name, func() {
			if _, err := m.PruneJobLog(at); err != nil {
				brkCode(t, err)
			}
			if _, err := m.RunDueSchedules(&at); err != nil {
				brkCode(t, err)
			}
		})
	}
	plain, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "p.db"), Fakes: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Destroy()
	brkWant(t, "advance_clock on the system clock", plain.AdvanceClock(1), core.ErrorCodeValidation)

	if after := brkSnapshot(t, m); after != before {
		t.Errorf("hostile input changed the state:\nbefore %s\nafter  %s", before, after)
	}

	// Accepted by design (a limit is clamped to 1..10,000, a context
	// cursor is a context id, zero CPUs and an empty bulk are valid; bytes past total_bytes are
	// taken as reported): no
	// panic, and an error, if any, is typed.
	tolerated := map[string]func() error{
		"progress bytes over total": func() error {
			_, err := m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job, ProgressPercent: 1, BytesTransferred: 10, TotalBytes: u64(5)})
			return err
		},
		"list_contexts garbage cursor": func() error { _, err := m.ListContexts(core.ContextFilter{After: str("garbage")}); return err },
		"list_contexts limit 0":        func() error { _, err := m.ListContexts(core.ContextFilter{Limit: u32(0)}); return err },
		"list_contexts limit max":      func() error { _, err := m.ListContexts(core.ContextFilter{Limit: u32(math.MaxUint32)}); return err },
		"list_jobs limit max":          func() error { _, err := m.ListJobs(core.JobFilter{Limit: u32(math.MaxUint32)}); return err },
		"log_jobs limit max":           func() error { _, err := m.LogJobs(core.LogFilter{Limit: u32(math.MaxUint32)}); return err },
		"create zero cpus": func() error {
			vm := brkVM("cpu0", 1)
			vm.Cpus = 0
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: vm})
			return err
		},
		"bulk with a bad vm": func() error {
			_, err := m.AddToManagementBulk(nil, nil)
			return err
		},
		"executions limit max": func() error {
			_, err := m.ListScheduleExecutions(str("nope"), u32(math.MaxUint32))
			return err
		},
		"list_contexts cursor+offset": func() error {
			_, err := m.ListContexts(core.ContextFilter{After: str("x"), Offset: math.MaxUint64})
			return err
		},
	}
	for what, call := range tolerated {
		brkNoPanic(t, what, func() {
			if err := call(); err != nil {
				brkCode(t, err)
			}
		})
	}
}

// Enum values the package's integer enums allow but the contract does not
// (Status(99), ReplicationType(0), …) are typed validation errors, never a
// Go panic.
func TestBreakUnknownEnumValuesAreTypedErrors(t *testing.T) {
	m := brkOpen(t, nil, nil, nil)
	st := core.Status(99)
	js := core.JobStatus(0)
	ls := core.LogStatus(42)
	rt := core.ReplicationType(7)
	for what, call := range map[string]func() error{
		"list_contexts status 99": func() error { _, err := m.ListContexts(core.ContextFilter{Status: &st}); return err },
		"list_jobs status 0":      func() error { _, err := m.ListJobs(core.JobFilter{Status: &js}); return err },
		"log_jobs status 42":      func() error { _, err := m.LogJobs(core.LogFilter{Status: &ls}); return err },
		"create replication_type 7": func() error {
			_, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM("enum", 1), ReplicationType: &rt})
			return err
		},
	} {
		brkNoPanic(t, what, func() {
			err := call()
			brkWant(t, what, err, core.ErrorCodeValidation)
			var v *mk.MkErrorValidation
			if !errors.As(err, &v) || v.Field == "" || !strings.Contains(v.Body, `"code":"validation"`) || !strings.Contains(v.Reason, "enum value") {
				t.Errorf("%s: validation error without its field, reason or body: %+v", what, v)
			}
		})
	}
}

// Go strings may hold bytes that are not UTF-8; uniffi's Rust side takes a
// string argument as UTF-8 without checking (undefined behaviour) and
// refuses one inside a record with a panic in the caller. Such bytes cross
// as U+FFFD (as encoding/json writes them), whichever way the string goes:
// a method's argument, a field of a record, a Go port's answer.
func TestBreakInvalidUTF8StringsCrossAsReplacementCharacters(t *testing.T) {
	vols := newBrkVolumes()
	vols.attached = func(dev string) string { return dev + "-\xff" }
	m := brkOpen(t, vols.port(), nil, nil)
	bad := "vm-\xff\xfe\xc0"
	want := strings.ToValidUTF8(bad, "\uFFFD")
	brkNoPanic(t, "invalid UTF-8", func() {
		_, err := m.GetJob(bad)
		brkWant(t, "get_job", err, core.ErrorCodeNotFound)
		var nf *mk.MkErrorNotFound
		if errors.As(err, &nf) && nf.Id != strings.ToValidUTF8(bad, "\uFFFD") {
			t.Errorf("looked up %q, want %q", nf.Id, want)
		}
		_, err = m.GetContext(core.ContextRefContextId{Field0: bad})
		brkWant(t, "get_context", err, core.ErrorCodeNotFound)
		_, err = m.Call("get_job", `{"job_id":"`+bad+`"}`)
		brkWant(t, "call", err, core.ErrorCodeNotFound)
		resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(bad, 1), VcenterHost: "vc"})
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		ctx := resp.(core.CreateMigrationResponseJobStarted).Field0.ContextId
		c := brkStatus(t, m, ctx)
		if c.VmwareVmId != want {
			t.Errorf("recorded vmware_vm_id %q, want %q", c.VmwareVmId, want)
		}
		recs, err := m.ListVolumes(brkRef(ctx))
		if err != nil || len(recs) != 1 || recs[0].DevicePath == nil || !utf8.ValidString(*recs[0].DevicePath) {
			t.Errorf("device path from a port answering invalid UTF-8: %+v %v", recs, err)
		}
	})
}

// A volume daemon answering a volume id the store already records for
// another context (a daemon that reuses ids, or a second daemon behind the
// same database) must not be taken as the new disk's volume: the core keeps
// the old record (its upsert only moves device_path and owner_job_id), so
// the new context records no volume while its job says one was created.
func TestBreakVolumeIdAlreadyRecordedForAnotherContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reuse.db")
	for i := 0; i < 2; i++ {
		vols := newBrkVolumes() // numbering restarts: vol-1 again
		m, err := mk.ManagerOpenWithPorts(mk.OpenOptions{Path: path, Fakes: true}, vols.port(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := m.CreateMigration(core.CreateMigrationRequest{SourceVm: brkVM(fmt.Sprintf("reuse-%d", i), 1), VcenterHost: "vc"})
		if i == 1 && err != nil {
			brkWant(t, "reused volume id", err, core.ErrorCodeAdapter)
			m.Destroy()
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		ctx := resp.(core.CreateMigrationResponseJobStarted).Field0.ContextId
		recs, err := m.ListVolumes(brkRef(ctx))
		if err != nil || len(recs) != 1 {
			t.Fatalf("run %d: %d volume records (%v), want 1", i, len(recs), err)
		}
		m.Destroy()
	}
}

// brkListener is a bulk progress listener that panics, or calls back into
// the manager, on every report.
type brkListener struct {
	m      *mk.Manager
	calls  atomic.Int64
	mu     sync.Mutex
	nested []error
}

func (l *brkListener) OnProgress(p core.BulkProgress) error {
	l.calls.Add(1)
	_, err := l.m.ListContexts(core.ContextFilter{})
	l.mu.Lock()
	l.nested = append(l.nested, err)
	l.mu.Unlock()
	panic(fmt.Sprintf("listener panics at %d/%d", p.Done, p.Total))
}

// A bulk add of 5,000 VMs, every 7th one hostile (no id, a NUL, a long
// name, a duplicate), with a listener that calls back and then panics on
// every report: one typed result per VM, the listener's calls answered and
// its panics ignored.
func TestBreakBulkWithHostileVMsAndAPanickingListener(t *testing.T) {
	m := brkOpen(t, nil, nil, nil)
	const n = 5000
	vms := make([]core.AddToManagementRequest, n)
	bad, dups := 0, 0
	for i := range vms {
		vm := brkVM(fmt.Sprintf("bulk-%d", i), 1)
		switch i % 7 {
		case 1:
			vm.Id = ""
			bad++
		case 2:
			vm.Name = "a\x00b"
		case 3:
			vm.Name = strings.Repeat("n", 4096)
			if i == 3 {
				vm.Name = strings.Repeat("n", 1<<20)
			}
		case 4:
			vm.Id = fmt.Sprintf("bulk-%d", i-4) // a duplicate of a valid one
			dups++
		}
		vms[i] = core.AddToManagementRequest{SourceVm: vm, VcenterHost: "vc"}
	}
	l := &brkListener{m: m}
	var listener mk.BulkProgressListener = l
	var resp core.BulkAddResponse
	brkNoPanic(t, "bulk", func() {
		var err error
		resp, err = m.AddToManagementBulk(vms, &listener)
		if err != nil {
			t.Fatalf("bulk: %v", err)
		}
	})
	if len(resp.Results) != n || resp.Added+resp.AlreadyManaged+resp.Invalid+resp.Failed != n {
		t.Fatalf("%d results, counts %d+%d+%d+%d, want %d", len(resp.Results), resp.Added, resp.AlreadyManaged, resp.Invalid, resp.Failed, n)
	}
	if resp.Invalid < uint64(bad) || resp.AlreadyManaged != uint64(dups) {
		t.Errorf("%d invalid, %d already managed; want at least %d and %d", resp.Invalid, resp.AlreadyManaged, bad, dups)
	}
	for _, r := range resp.Results {
		if inv, ok := r.(core.BulkItemResultInvalid); ok && inv.Error.Code != core.ErrorCodeValidation {
			t.Errorf("invalid item with code %d", inv.Error.Code)
		}
	}
	if l.calls.Load() == 0 {
		t.Error("the listener was never called")
	}
	// The listener's own call back into the manager works (it ran on the
	// thread driving the operation's runtime: an internal error).
	for _, err := range l.nested {
		if err != nil {
			t.Errorf("the listener's call into the manager: %v", err)
		}
	}
	page, err := m.ListContexts(core.ContextFilter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("added %d, already managed %d, invalid %d, failed %d; first page %d contexts; %d reports",
		resp.Added, resp.AlreadyManaged, resp.Invalid, resp.Failed, len(page.Items), l.calls.Load())
}

// Destroy while a port call hangs: Destroy returns, the call in flight
// finishes when the port does, and only then is the manager freed.
func TestBreakDestroyWhileAPortHangs(t *testing.T) {
	cloud := newBrkCloud()
	m, err := mk.ManagerOpenWithPorts(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "mk.db"), Fakes: true}, nil, nil, cloud.port())
	if err != nil {
		t.Fatal(err)
	}
	ctx := brkReady(t, m, "destroy-hang")
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	cloud.setHook(func(method string) error {
		if method == "create_vm" {
			entered <- struct{}{}
			<-release
		}
		return nil
	})
	done := make(chan error, 1)
	go func() { _, err := m.TestFailover(brkRef(ctx)); done <- err }()
	<-entered
	destroyed := make(chan struct{})
	go func() { m.Destroy(); close(destroyed) }()
	select {
	case <-destroyed:
	case <-time.After(10 * time.Second):
		t.Fatal("Destroy waited for a hung port call")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the call in flight: %v", err)
	}
}
