package migratekit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Go-implemented ports, in memory, with faults, panics and hooks.

type faults struct {
	mu    sync.Mutex
	fail  map[string]bool
	panic map[string]any
	hook  map[string]func(ctx context.Context) error
	calls map[string]int
}

func (f *faults) enter(ctx context.Context, method string) error {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[method]++
	p, panicking := f.panic[method]
	delete(f.panic, method)
	failing := f.fail[method]
	delete(f.fail, method)
	hook := f.hook[method]
	f.mu.Unlock()
	if hook != nil {
		if err := hook(ctx); err != nil {
			return err
		}
	}
	if panicking {
		panic(p)
	}
	if failing {
		return fmt.Errorf("injected fault in %s", method)
	}
	return nil
}

func (f *faults) set(method string, hook func(ctx context.Context) error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.hook == nil {
		f.hook = map[string]func(context.Context) error{}
	}
	f.hook[method] = hook
}

func (f *faults) panicIn(method string, value any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.panic == nil {
		f.panic = map[string]any{}
	}
	f.panic[method] = value
}

func (f *faults) failIn(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail == nil {
		f.fail = map[string]bool{}
	}
	f.fail[method] = true
}

type memVolumes struct {
	faults
	mu   sync.Mutex
	next int
	vols map[string]*Volume
}

func (v *memVolumes) CreateVolume(ctx context.Context, name string, size uint64) (Volume, error) {
	if err := v.enter(ctx, "create_volume"); err != nil {
		return Volume{}, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.next++
	vol := &Volume{VolumeID: fmt.Sprintf("govol-%d", v.next), Name: name, SizeBytes: size}
	v.vols[vol.VolumeID] = vol
	return *vol, nil
}

func (v *memVolumes) CloneVolume(ctx context.Context, source, name string) (Volume, error) {
	if err := v.enter(ctx, "clone_volume"); err != nil {
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

func (v *memVolumes) AttachVolume(ctx context.Context, id, instance string) (string, error) {
	if err := v.enter(ctx, "attach_volume"); err != nil {
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

func (v *memVolumes) DetachVolume(ctx context.Context, id string) error {
	if err := v.enter(ctx, "detach_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.vols[id]; ok {
		vol.AttachedTo, vol.DevicePath = nil, nil
	}
	return nil
}

func (v *memVolumes) DeleteVolume(ctx context.Context, id string) error {
	if err := v.enter(ctx, "delete_volume"); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.vols, id)
	return nil
}

func (v *memVolumes) GetVolume(ctx context.Context, id string) (*Volume, error) {
	if err := v.enter(ctx, "get_volume"); err != nil {
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

func (v *memVolumes) ListVolumes(ctx context.Context) ([]Volume, error) {
	if err := v.enter(ctx, "list_volumes"); err != nil {
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

func (v *memVolumes) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.vols)
}

type memExports struct {
	faults
	mu      sync.Mutex
	exports map[string]NBDExport
}

func (e *memExports) CreateExport(ctx context.Context, name, device string) (NBDExport, error) {
	if err := e.enter(ctx, "create_export"); err != nil {
		return NBDExport{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	x := NBDExport{Name: name, Host: "127.0.0.1", Port: 10809, DevicePath: device}
	e.exports[name] = x
	return x, nil
}

func (e *memExports) RemoveExport(ctx context.Context, name string) error {
	if err := e.enter(ctx, "remove_export"); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.exports, name)
	return nil
}

func (e *memExports) ListExports(ctx context.Context) ([]NBDExport, error) {
	if err := e.enter(ctx, "list_exports"); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []NBDExport{}
	for _, x := range e.exports {
		out = append(out, x)
	}
	return out, nil
}

func (e *memExports) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.exports)
}

type memCloud struct {
	faults
	mu   sync.Mutex
	next int
	vms  map[string]*TargetVM
}

func (c *memCloud) CreateVM(ctx context.Context, spec VMSpec) (TargetVM, error) {
	if err := c.enter(ctx, "create_vm"); err != nil {
		return TargetVM{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	vm := &TargetVM{VMID: fmt.Sprintf("go-vm-%d", c.next), Name: spec.Name, PowerState: PowerOff}
	c.vms[vm.VMID] = vm
	return *vm, nil
}

func (c *memCloud) power(id string, state PowerState) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	vm, ok := c.vms[id]
	if !ok {
		return fmt.Errorf("no VM %s", id)
	}
	vm.PowerState = state
	return nil
}

func (c *memCloud) PowerOn(ctx context.Context, id string) error {
	if err := c.enter(ctx, "power_on"); err != nil {
		return err
	}
	return c.power(id, PowerOn)
}

func (c *memCloud) PowerOff(ctx context.Context, id string) error {
	if err := c.enter(ctx, "power_off"); err != nil {
		return err
	}
	return c.power(id, PowerOff)
}

func (c *memCloud) DeleteVM(ctx context.Context, id string) error {
	if err := c.enter(ctx, "delete_vm"); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vms, id)
	return nil
}

func (c *memCloud) GetVM(ctx context.Context, id string) (*TargetVM, error) {
	if err := c.enter(ctx, "get_vm"); err != nil {
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

func (c *memCloud) FindVMByName(ctx context.Context, name string) (*TargetVM, error) {
	if err := c.enter(ctx, "find_vm_by_name"); err != nil {
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

func (c *memCloud) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.vms)
}

type goRig struct {
	m       *Manager
	volumes *memVolumes
	exports *memExports
	cloud   *memCloud
}

func newRig(t *testing.T, opts ...Option) *goRig {
	r := &goRig{
		volumes: &memVolumes{vols: map[string]*Volume{}},
		exports: &memExports{exports: map[string]NBDExport{}},
		cloud:   &memCloud{vms: map[string]*TargetVM{}},
	}
	opts = append([]Option{WithVolumeDaemon(r.volumes), WithNBDExporter(r.exports), WithTargetCloud(r.cloud),
		WithOperationLease(50 * time.Millisecond)}, opts...)
	r.m = open(t, opts...)
	return r
}

// ready replicates a VM named name (ids derived from it) and returns its context.
func (r *goRig) ready(t testing.TB, name string) string {
	t.Helper()
	req := CreateMigrationRequest{SourceVM: SourceVM{ID: "vm-" + name, Name: name, CPUs: 2, MemoryMB: 2048,
		Disks: []SourceDisk{{ID: "d0", SizeGB: 10}, {ID: "d1", SizeGB: 20}}}}
	j, err := r.m.CreateMigration(bg, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeIDs: map[string]string{"d0": "cbt-1-d0", "d1": "cbt-1-d1"}}); err != nil {
		t.Fatal(err)
	}
	return j.Job.ContextID
}

func TestTheWholeLifecycleWithGoPorts(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	if r.volumes.count() != 2 || r.exports.count() != 2 {
		t.Fatalf("provisioning: %d volumes %d exports", r.volumes.count(), r.exports.count())
	}
	// The test VM runs on clones: the replica stays exported.
	res, err := r.m.TestFailover(bg, ctx)
	if err != nil || res.Status != StatusFailedOverTest || r.exports.count() != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	if r.cloud.vms[*res.DestinationVMID].PowerState != PowerOn {
		t.Fatal("test VM not on")
	}
	jobs, err := r.m.ListFailoverJobs(bg, ByID(ctx))
	if err != nil || len(jobs) != 1 || len(jobs[0].Clones) != 2 || r.volumes.count() != 4 || jobs[0].Kind != FailoverTest {
		t.Fatalf("clones: %v %+v (%d volumes)", err, jobs, r.volumes.count())
	}
	for _, c := range jobs[0].Clones {
		if v := r.volumes.vols[c.VolumeID]; v.AttachedTo == nil || *v.AttachedTo != *res.DestinationVMID {
			t.Fatalf("clone %s not on the test VM: %+v", c.VolumeID, v)
		}
	}
	if res, err = r.m.CleanupTestFailover(bg, FailoverTarget{VMID: "vm-web"}); err != nil || res.Status != StatusReadyForFailover {
		t.Fatalf("%v %+v", err, res)
	}
	if r.cloud.count() != 0 || r.exports.count() != 2 || r.volumes.count() != 2 {
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
	if c.CurrentStatus != StatusCompleted {
		t.Fatal(c.CurrentStatus)
	}
}

func TestAGoPortErrorIsAnAdapterErrorNamingTheStepAndARetrySucceeds(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	for _, method := range []string{"create_vm", "power_on", "clone_volume", "attach_volume", "get_vm"} {
		r.cloud.failIn(method)
		r.volumes.failIn(method)
		_, err := r.m.TestFailover(bg, ctx)
		var e *Error
		if !errors.Is(err, ErrAdapter) || !errors.As(err, &e) || e.Step() == "" || e.Operation() != "test_failover" || !strings.Contains(e.Details, "injected fault in "+method) {
			t.Fatalf("%s: %v", method, err)
		}
		c, _ := r.m.GetContext(bg, ByID(ctx))
		if c.CurrentStatus != StatusReadyForFailover || c.LastError == nil {
			t.Fatalf("%s: %+v", method, c)
		}
		r.cloud.fail, r.volumes.fail = nil, nil
		if res, err := r.m.TestFailover(bg, ctx); err != nil || res.Status != StatusFailedOverTest {
			t.Fatalf("%s retry: %v", method, err)
		}
		if r.cloud.count() != 1 {
			t.Fatalf("%s: %d VMs", method, r.cloud.count())
		}
		if _, err := r.m.CleanupTestFailover(bg, FailoverTarget{ContextID: ctx}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAPanickingGoPortIsAnErrorInRustAndPanicsAgainInGo(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	r.cloud.panicIn("power_on", "port exploded in power_on")
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
	if res, err := r.m.TestFailover(bg, ctx); err != nil || res.Status != StatusFailedOverTest {
		t.Fatalf("retry: %v", err)
	}
}

// A port's panic is raised on the goroutine whose call reached the port,
// never on another goroutine's call on the same Manager (which used to get
// it about a third of the time).
func TestAPortPanicReachesOnlyTheCallThatReachedThePort(t *testing.T) {
	r := newRig(t)
	const failovers, bystanders, rounds = 3, 4, 5
	ctxs := make([]string, failovers)
	for i := range ctxs {
		ctxs[i] = r.ready(t, fmt.Sprintf("web-%d", i))
	}
	// Each failover's own panic value names its context.
	r.cloud.set("power_on", func(ctx context.Context) error {
		if v, ok := ctx.Value(panicKey{}).(string); ok {
			panic(v)
		}
		return nil
	})
	for round := 0; round < rounds; round++ {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		wrong := make(chan string, failovers+bystanders)
		for b := 0; b < bystanders; b++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if p := recover(); p != nil {
						wrong <- fmt.Sprintf("bystander got %v", p)
					}
				}()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := r.m.GetContext(bg, ByID(ctxs[0])); err != nil {
						wrong <- err.Error()
						return
					}
				}
			}()
		}
		var fo sync.WaitGroup
		for i, ctx := range ctxs {
			fo.Add(1)
			go func() {
				defer fo.Done()
				want := "boom " + ctx
				got := func() (p any) {
					defer func() { p = recover() }()
					_, _ = r.m.TestFailover(context.WithValue(bg, panicKey{}, want), ctx)
					return nil
				}()
				if got != want {
					wrong <- fmt.Sprintf("failover %d recovered %v, want %q", i, got, want)
				}
			}()
		}
		fo.Wait()
		close(stop)
		wg.Wait()
		close(wrong)
		for w := range wrong {
			t.Errorf("round %d: %s", round, w)
		}
		for _, ctx := range ctxs {
			if _, err := r.m.AbortOperation(bg, ctx); err != nil {
				t.Fatalf("abort: %v", err)
			}
		}
	}
}

type panicKey struct{}

func TestAGoPortMayCallBackIntoTheManager(t *testing.T) {
	cb := &callbackCloud{memCloud: &memCloud{vms: map[string]*TargetVM{}}}
	m := open(t, withFakes(), WithTargetCloud(cb))
	cb.m = m
	j, err := m.CreateMigration(bg, CreateMigrationRequest{SourceVM: vm("vm-1", "web")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeID: "c"}); err != nil {
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

func (c *callbackCloud) CreateVM(ctx context.Context, spec VMSpec) (TargetVM, error) {
	got, err := c.m.GetContext(ctx, ByID(c.ctx))
	if err != nil {
		return TargetVM{}, err
	}
	if got.ActiveOperation != nil {
		c.seen = *got.ActiveOperation
	}
	return c.memCloud.CreateVM(ctx, spec)
}

// Close arriving while a Go port is inside a call — and then calls back
// into the Manager — neither deadlocks nor frees the manager under the
// call: Close returns at once, the nested call gets ErrClosed, the outer
// call ends, and the last one out frees the native manager.
func TestCloseDuringAReentrantPortCallNeverDeadlocks(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	entered, closed := make(chan struct{}), make(chan struct{})
	var nested error
	r.cloud.set("create_vm", func(c context.Context) error {
		close(entered)
		<-closed
		_, nested = r.m.GetContext(c, ByID(ctx))
		return nested
	})
	outer := make(chan error, 1)
	go func() {
		_, err := r.m.TestFailover(bg, ctx)
		outer <- err
	}()
	<-entered
	done := make(chan struct{})
	go func() {
		_ = r.m.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the call in flight")
	}
	r.m.mu.Lock()
	alive := r.m.ptr != nil && r.m.inFlight == 1
	r.m.mu.Unlock()
	if !alive {
		t.Fatal("the native manager was freed under a call in flight")
	}
	close(closed)
	select {
	case err := <-outer:
		if !errors.Is(err, ErrAdapter) {
			t.Fatalf("outer call: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call whose port called back after Close hung")
	}
	if !errors.Is(nested, ErrClosed) {
		t.Fatalf("nested call after Close: %v", nested)
	}
	r.m.mu.Lock()
	freed := r.m.ptr == nil && r.m.inFlight == 0
	r.m.mu.Unlock()
	if !freed {
		t.Fatal("the last call out did not free the native manager")
	}
	if _, err := r.m.GetContext(bg, ByID(ctx)); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

// A nested call already running when Close arrives finishes normally.
func TestANestedCallInFlightWhenCloseArrivesFinishes(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	inNested, closed := make(chan struct{}), make(chan struct{})
	var once sync.Once
	r.cloud.set("create_vm", func(c context.Context) error {
		// reconcile lists the volumes: the nested call blocks in that port.
		r.volumes.set("list_volumes", func(context.Context) error {
			once.Do(func() {
				close(inNested)
				<-closed
			})
			return nil
		})
		_, err := r.m.Reconcile(c, ReconcileRequest{})
		return err
	})
	outer := make(chan error, 1)
	go func() {
		_, err := r.m.TestFailover(bg, ctx)
		outer <- err
	}()
	<-inNested
	_ = r.m.Close()
	close(closed)
	select {
	case err := <-outer:
		if err != nil {
			t.Fatalf("outer call: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("hung")
	}
}

// Cancelling the context of a running operation stops it before its next
// step: the error matches both ErrAdapter and context.Canceled, the context
// keeps its status, and running the operation again resumes it.
func TestCancellingTheContextStopsARunningOperationBetweenSteps(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	call, cancel := context.WithCancel(bg)
	defer cancel()
	r.cloud.set("create_vm", func(context.Context) error {
		cancel()
		return nil
	})
	_, err := r.m.TestFailover(call, ctx)
	var e *Error
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrAdapter) || !errors.As(err, &e) || !strings.Contains(e.Details, "cancelled") {
		t.Fatalf("%v", err)
	}
	if e.Step() == "create-test-vm" || e.Step() == "" {
		t.Fatalf("stopped at %q, want the step after create-test-vm", e.Step())
	}
	if r.cloud.calls["power_on"] != 0 {
		t.Fatal("a step after the cancel ran")
	}
	c, _ := r.m.GetContext(bg, ByID(ctx))
	if c.CurrentStatus != StatusReadyForFailover {
		t.Fatalf("%+v", c)
	}
	r.cloud.set("create_vm", nil)
	res, err := r.m.TestFailover(bg, ctx)
	if err != nil || res.Status != StatusFailedOverTest || r.cloud.count() != 1 {
		t.Fatalf("resume: %v %+v", err, res)
	}
}

// The port receives the call's context: its deadline, and its end.
func TestADeadlineReachesThePortThroughItsContext(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	var deadline time.Time
	r.cloud.set("power_on", func(c context.Context) error {
		deadline, _ = c.Deadline()
		<-c.Done() // a long port call, stopped by the caller's deadline
		return c.Err()
	})
	call, cancel := context.WithTimeout(bg, 300*time.Millisecond)
	defer cancel()
	_, err := r.m.TestFailover(call, ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrAdapter) {
		t.Fatalf("%v", err)
	}
	if want, _ := call.Deadline(); !deadline.Equal(want) {
		t.Fatalf("the port saw deadline %v, want %v", deadline, want)
	}
	r.cloud.set("power_on", nil)
	if _, err := r.m.TestFailover(bg, ctx); err != nil {
		t.Fatalf("resume: %v", err)
	}
}

func TestAFailedFailoverCanBeAbortedFromGo(t *testing.T) {
	r := newRig(t)
	ctx := r.ready(t, "web")
	r.cloud.failIn("power_on")
	if _, err := r.m.TestFailover(bg, ctx); !errors.Is(err, ErrAdapter) {
		t.Fatalf("%v", err)
	}
	res, err := r.m.AbortOperation(bg, ctx)
	if err != nil || res.Status != StatusReadyForFailover || r.cloud.count() != 0 || r.exports.count() != 2 {
		t.Fatalf("%v %+v", err, res)
	}
}
