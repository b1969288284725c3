package migratekit_test

// Adversarial tests (issue 13): the package used the way a hurried or
// hostile host would — Close racing calls, ports that panic, hang or call
// back, contexts that end mid-call, GC pressure, and inputs no request
// should carry. Every identifier here starts with brk so the file stays
// independent of the other test files.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	migratekit "github.com/migratekit/migratekit/bindings/go"
	"github.com/migratekit/migratekit/bindings/go/testkit"
)

// brkOpen opens a Manager on a fresh SQLite file with the testkit's fakes
// for every port not given.
func brkOpen(t *testing.T, opts ...migratekit.Option) (*migratekit.Manager, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mk.db")
	opts = append([]migratekit.Option{testkit.WithFakes()}, opts...)
	m, err := migratekit.Open(path, opts...)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m, path
}

// brkWithin fails the test when f does not return within d (a deadlock).
func brkWithin(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("%s did not return within %v (deadlock?)\n%s", what, d, buf[:n])
	}
}

func brkVM(name string) migratekit.SourceVM {
	return migratekit.SourceVM{ID: "vm-" + name, Name: name, CPUs: 2, MemoryMB: 2048,
		Disks: []migratekit.SourceDisk{{ID: "disk-2000", SizeGB: 1}}}
}

// brkReady takes a new VM to ready_for_failover: added, replicated once.
func brkReady(t *testing.T, m *migratekit.Manager, name string) string {
	t.Helper()
	ctx := context.Background()
	started, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: brkVM(name), VCenterHost: "vc01"})
	if err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	if started.Job == nil {
		t.Fatalf("start %s: no job: %+v", name, started)
	}
	if _, err := m.CompleteJob(ctx, migratekit.CompleteJobRequest{JobID: started.Job.JobID,
		ChangeIDs: map[string]string{"disk-2000": "cbt/1"}}); err != nil {
		t.Fatalf("complete %s: %v", name, err)
	}
	return started.ContextID()
}

// brkCloud is a TargetCloud whose methods can be replaced per test.
type brkCloud struct {
	mu  sync.Mutex
	vms map[string]migratekit.TargetVM
	n   int

	onCreate  func(ctx context.Context, spec migratekit.VMSpec) error
	onPowerOn func(ctx context.Context, vm migratekit.TargetVM) error
}

func newBrkCloud() *brkCloud { return &brkCloud{vms: map[string]migratekit.TargetVM{}} }

func (c *brkCloud) CreateVM(ctx context.Context, spec migratekit.VMSpec) (migratekit.TargetVM, error) {
	if c.onCreate != nil {
		if err := c.onCreate(ctx, spec); err != nil {
			return migratekit.TargetVM{}, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == spec.Name {
			return vm, nil
		}
	}
	c.n++
	vm := migratekit.TargetVM{VMID: fmt.Sprintf("tvm-%d", c.n), Name: spec.Name, PowerState: migratekit.PowerOff}
	c.vms[vm.VMID] = vm
	return vm, nil
}

func (c *brkCloud) setPower(id string, p migratekit.PowerState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[id]; ok {
		vm.PowerState = p
		c.vms[id] = vm
	}
}

func (c *brkCloud) PowerOn(ctx context.Context, id string) error {
	if c.onPowerOn != nil {
		c.mu.Lock()
		vm := c.vms[id]
		c.mu.Unlock()
		if err := c.onPowerOn(ctx, vm); err != nil {
			return err
		}
	}
	c.setPower(id, migratekit.PowerOn)
	return nil
}

func (c *brkCloud) PowerOff(_ context.Context, id string) error {
	c.setPower(id, migratekit.PowerOff)
	return nil
}

func (c *brkCloud) DeleteVM(_ context.Context, id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.vms, id)
	return nil
}

func (c *brkCloud) GetVM(_ context.Context, id string) (*migratekit.TargetVM, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if vm, ok := c.vms[id]; ok {
		return &vm, nil
	}
	return nil, nil
}

func (c *brkCloud) FindVMByName(_ context.Context, name string) (*migratekit.TargetVM, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, vm := range c.vms {
		if vm.Name == name {
			return &vm, nil
		}
	}
	return nil, nil
}

// brkTyped asserts err is a *migratekit.Error with one of the codes.
func brkTyped(t *testing.T, what string, err error, codes ...migratekit.ErrorCode) *migratekit.Error {
	t.Helper()
	var e *migratekit.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: want a *migratekit.Error with code %v, got %T: %v", what, codes, err, err)
		return &migratekit.Error{}
	}
	for _, c := range codes {
		if e.Code == c {
			return e
		}
	}
	t.Errorf("%s: want code %v, got %s: %v", what, codes, e.Code, e)
	return e
}

// ---------------------------------------------------------------- lifetime

func TestBreakCloseRacingInFlightCallsLosesNoWriteAndNeverCrashes(t *testing.T) {
	m, path := brkOpen(t)
	ctx := context.Background()
	const workers = 16
	var added atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			<-start
			for i := 0; ; i++ {
				name := fmt.Sprintf("race-%d-%d", w, i)
				_, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: brkVM(name), VCenterHost: "vc01"})
				if errors.Is(err, migratekit.ErrClosed) {
					// Calls after Close keep failing the same way.
					if _, err := m.GetContext(ctx, migratekit.ContextRef{VMName: name}); !errors.Is(err, migratekit.ErrClosed) {
						errs <- fmt.Errorf("a call after ErrClosed: %v", err)
					}
					return
				}
				if err != nil {
					errs <- fmt.Errorf("add %s: %w", name, err)
					return
				}
				added.Add(1)
			}
		}(w)
	}
	close(start)
	time.Sleep(150 * time.Millisecond)
	brkWithin(t, 10*time.Second, "Close racing calls", func() {
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	brkWithin(t, 30*time.Second, "the racing calls", wg.Wait)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Every add that answered success is in the database, and nothing else.
	m2, err := migratekit.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer m2.Close()
	var total uint64
	after := ""
	for {
		page, err := m2.ListContexts(ctx, migratekit.ListFilter{Limit: 10000, After: after})
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		total += uint64(len(page.Items))
		if page.NextCursor == "" {
			break
		}
		after = page.NextCursor
	}
	if total != uint64(added.Load()) {
		t.Fatalf("%d adds answered success, %d contexts stored", added.Load(), total)
	}
	if added.Load() == 0 {
		t.Fatalf("no add ran before Close: the race was not exercised")
	}
}

func TestBreakCloseCalledManyTimesConcurrentlyIsIdempotent(t *testing.T) {
	m, _ := brkOpen(t)
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := m.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		}()
	}
	wg.Wait()
	if err := m.Close(); err != nil {
		t.Fatalf("close again: %v", err)
	}
	if _, err := m.ListContexts(context.Background(), migratekit.ListFilter{}); !errors.Is(err, migratekit.ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}

func TestBreakEveryMethodAfterCloseIsErrClosed(t *testing.T) {
	m, _ := brkOpen(t, testkit.WithClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	_ = m.Close()
	ctx := context.Background()
	calls := map[string]func() error{
		"CreateMigration": func() error { _, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{}); return err },
		"AddToManagement": func() error { _, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{}); return err },
		"AddToManagementBulk": func() error {
			_, err := m.AddToManagementBulk(ctx, migratekit.BulkAddRequest{Progress: func(int, int) {}})
			return err
		},
		"GetContext":           func() error { _, err := m.GetContext(ctx, migratekit.ByID("x")); return err },
		"ListContexts":         func() error { _, err := m.ListContexts(ctx, migratekit.ListFilter{}); return err },
		"GetJob":               func() error { _, err := m.GetJob(ctx, "x"); return err },
		"ListJobs":             func() error { _, err := m.ListJobs(ctx, migratekit.ListFilter{}); return err },
		"UpdateJobProgress":    func() error { _, err := m.UpdateJobProgress(ctx, migratekit.JobProgress{}); return err },
		"CompleteJob":          func() error { _, err := m.CompleteJob(ctx, migratekit.CompleteJobRequest{}); return err },
		"FailJob":              func() error { _, err := m.FailJob(ctx, "x", "y"); return err },
		"CancelJob":            func() error { _, err := m.CancelJob(ctx, "x"); return err },
		"DeleteJob":            func() error { _, err := m.DeleteJob(ctx, "x"); return err },
		"RemoveFromManagement": func() error { _, err := m.RemoveFromManagement(ctx, migratekit.ByID("x")); return err },
		"TestFailover":         func() error { _, err := m.TestFailover(ctx, "x"); return err },
		"CleanupTestFailover":  func() error { _, err := m.CleanupTestFailover(ctx, migratekit.FailoverTarget{}); return err },
		"LiveFailover":         func() error { _, err := m.LiveFailover(ctx, "x"); return err },
		"RollbackLiveFailover": func() error { _, err := m.RollbackLiveFailover(ctx, migratekit.FailoverTarget{}); return err },
		"AbortOperation":       func() error { _, err := m.AbortOperation(ctx, "x"); return err },
		"CompleteMigration":    func() error { _, err := m.CompleteMigration(ctx, "x"); return err },
		"ListVolumes":          func() error { _, err := m.ListVolumes(ctx, migratekit.ByID("x")); return err },
		"ListFailoverJobs":     func() error { _, err := m.ListFailoverJobs(ctx, migratekit.ByID("x")); return err },
		"Reconcile":            func() error { _, err := m.Reconcile(ctx, migratekit.ReconcileRequest{}); return err },
		"LogJob":               func() error { _, err := m.LogJob(ctx, "x"); return err },
		"LogJobs":              func() error { _, err := m.LogJobs(ctx, migratekit.ListFilter{}); return err },
		"PruneJobLog":          func() error { _, err := m.PruneJobLog(ctx, time.Now()); return err },
		"CreateSchedule":       func() error { _, err := m.CreateSchedule(ctx, migratekit.CreateScheduleRequest{}); return err },
		"ListSchedules":        func() error { _, err := m.ListSchedules(ctx); return err },
		"SetScheduleEnabled":   func() error { _, err := m.SetScheduleEnabled(ctx, "x", true); return err },
		"CreateGroup":          func() error { _, err := m.CreateGroup(ctx, migratekit.CreateGroupRequest{}); return err },
		"GetGroup":             func() error { _, err := m.GetGroup(ctx, "x"); return err },
		"ListGroups":           func() error { _, err := m.ListGroups(ctx); return err },
		"AttachSchedule":       func() error { _, err := m.AttachSchedule(ctx, "x", "y"); return err },
		"AddToGroup":           func() error { _, err := m.AddToGroup(ctx, migratekit.AddToGroupRequest{}); return err },
		"RemoveFromGroup":      func() error { return m.RemoveFromGroup(ctx, "x") },
		"RunDueSchedules":      func() error { _, err := m.RunDueSchedules(ctx, time.Time{}); return err },
		"ListScheduleExecutions": func() error {
			_, err := m.ListScheduleExecutions(ctx, migratekit.ExecutionFilter{})
			return err
		},
		"CallJSON":          func() error { _, err := m.CallJSON(ctx, "list_contexts", []byte(`{}`)); return err },
		"ShutdownExporter":  m.ShutdownExporter,
		"testkit.Advance":   func() error { return testkit.AdvanceClock(m, time.Second) },
		"CallJSON bad body": func() error { _, err := m.CallJSON(ctx, "nope", []byte{0xff}); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, migratekit.ErrClosed) {
			t.Errorf("%s after Close: want ErrClosed, got %v", name, err)
		}
	}
}

func TestBreakCloseFromInsidePortCallbackDoesNotDeadlockOrFree(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	ctxID := brkReady(t, m, "close-in-port")
	var nested error
	cloud.onCreate = func(ctx context.Context, _ migratekit.VMSpec) error {
		if err := m.Close(); err != nil {
			return err
		}
		_, nested = m.GetContext(ctx, migratekit.ByID(ctxID))
		return nil
	}
	var err error
	brkWithin(t, 20*time.Second, "TestFailover whose port closes the manager", func() {
		_, err = m.TestFailover(context.Background(), ctxID)
	})
	if !errors.Is(nested, migratekit.ErrClosed) {
		t.Fatalf("a call from the port after Close: %v", nested)
	}
	// The outer call ran on the manager it acquired: it finished (either
	// way) without touching freed memory.
	t.Logf("outer call after Close inside its port: %v", err)
	if _, err := m.GetContext(context.Background(), migratekit.ByID(ctxID)); !errors.Is(err, migratekit.ErrClosed) {
		t.Fatalf("after: %v", err)
	}
}

func TestBreakPortCallingBackWhileCloseArrivesNeverDeadlocks(t *testing.T) {
	for round := 0; round < 5; round++ {
		cloud := newBrkCloud()
		m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
		const n = 4
		ids := make([]string, n)
		for i := range ids {
			ids[i] = brkReady(t, m, fmt.Sprintf("cb-%d-%d", round, i))
		}
		inPort := make(chan struct{}, n)
		cloud.onCreate = func(ctx context.Context, spec migratekit.VMSpec) error {
			inPort <- struct{}{}
			// Call back until the manager is closed under us.
			for {
				_, err := m.ListContexts(ctx, migratekit.ListFilter{Limit: 1})
				if errors.Is(err, migratekit.ErrClosed) {
					return err
				}
				if err != nil {
					return fmt.Errorf("nested: %w", err)
				}
			}
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func(id string) {
				defer wg.Done()
				_, err := m.TestFailover(context.Background(), id)
				if err == nil {
					t.Errorf("test failover whose port failed succeeded")
				}
			}(id)
		}
		for i := 0; i < n; i++ {
			<-inPort
		}
		brkWithin(t, 10*time.Second, "Close while ports call back", func() { _ = m.Close() })
		brkWithin(t, 30*time.Second, "calls whose ports call back into a closed manager", wg.Wait)
	}
}

// ---------------------------------------------------------------- contexts

func TestBreakCancelReachesAPortBlockedOnItsContext(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	ctxID := brkReady(t, m, "cancel-me")
	entered := make(chan struct{})
	var powered atomic.Bool
	cloud.onCreate = func(ctx context.Context, _ migratekit.VMSpec) error {
		close(entered)
		<-ctx.Done() // blocks until the call's context ends
		return ctx.Err()
	}
	cloud.onPowerOn = func(context.Context, migratekit.TargetVM) error { powered.Store(true); return nil }
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-entered; cancel() }()
	var err error
	brkWithin(t, 10*time.Second, "TestFailover cancelled in its port", func() {
		_, err = m.TestFailover(ctx, ctxID)
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	brkTyped(t, "cancelled failover", err, migratekit.CodeAdapter)
	if powered.Load() {
		t.Fatalf("a step after the cancel ran")
	}
	// Run again with a live context: it resumes and finishes.
	cloud.onCreate = nil
	res, err := m.TestFailover(context.Background(), ctxID)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if res.Status != migratekit.StatusFailedOverTest {
		t.Fatalf("resumed status %s", res.Status)
	}
}

func TestBreakDeadlineDuringAPortThatIgnoresItsContext(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	ctxID := brkReady(t, m, "deaf-port")
	var powered atomic.Bool
	cloud.onCreate = func(context.Context, migratekit.VMSpec) error {
		time.Sleep(400 * time.Millisecond) // never looks at ctx
		return nil
	}
	cloud.onPowerOn = func(context.Context, migratekit.TargetVM) error { powered.Store(true); return nil }
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := m.TestFailover(ctx, ctxID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want DeadlineExceeded, got %v", err)
	}
	if powered.Load() {
		t.Fatalf("the step after the deadline ran")
	}
	// The manager is fine afterwards, and the operation resumes.
	cloud.onCreate = nil
	if _, err := m.TestFailover(context.Background(), ctxID); err != nil {
		t.Fatalf("resume: %v", err)
	}
}

func TestBreakCancelledBeforeTheCallRunsNothing(t *testing.T) {
	m, _ := brkOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: brkVM("pre-cancel")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if _, err := m.GetContext(context.Background(), migratekit.ContextRef{VMName: "pre-cancel"}); !errors.Is(err, migratekit.ErrNotFound) {
		t.Fatalf("a cancelled add wrote something: %v", err)
	}
}

func TestBreakManyCancelsRacingCallsUnderRace(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%5)*100*time.Microsecond)
				_, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("cr-%d-%d", g, i))})
				cancel()
				if err != nil && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("add under a short deadline: %v", err)
				}
			}
		}(g)
	}
	wg.Wait()
}

// ---------------------------------------------------------------- panics

func TestBreakPortPanicsFromManyGoroutinesReachOnlyTheirOwnCall(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	const n = 12
	ids := make([]string, n)
	for i := range ids {
		ids[i] = brkReady(t, m, fmt.Sprintf("panic-%02d", i))
	}
	// Every other VM's power-on panics with its own name.
	cloud.onPowerOn = func(_ context.Context, vm migratekit.TargetVM) error {
		var i int
		if _, err := fmt.Sscanf(vm.Name[strings.Index(vm.Name, "panic-"):], "panic-%02d", &i); err == nil && i%2 == 0 {
			panic("boom:" + fmt.Sprintf("panic-%02d", i))
		}
		return nil
	}
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		var bystanderPanics atomic.Int64
		stop := make(chan struct{})
		// Bystanders: plain calls on the same manager at the same time.
		for b := 0; b < 4; b++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if p := recover(); p != nil {
						bystanderPanics.Add(1)
					}
				}()
				for {
					select {
					case <-stop:
						return
					default:
					}
					_, _ = m.ListContexts(context.Background(), migratekit.ListFilter{Limit: 5})
				}
			}()
		}
		var callers sync.WaitGroup
		for i, id := range ids {
			callers.Add(1)
			go func(i int, id string) {
				defer callers.Done()
				var got any
				func() {
					defer func() { got = recover() }()
					if round == 0 {
						_, _ = m.TestFailover(context.Background(), id)
					} else {
						// Later rounds: the failover is active or failed; abort
						// and fail over again, which powers on again.
						_, _ = m.AbortOperation(context.Background(), id)
						_, _ = m.CleanupTestFailover(context.Background(), migratekit.FailoverTarget{ContextID: id})
						_, _ = m.TestFailover(context.Background(), id)
					}
				}()
				want := fmt.Sprintf("boom:panic-%02d", i)
				if i%2 == 0 {
					if got != want {
						t.Errorf("round %d: caller %d got panic %v, want %q", round, i, got, want)
					}
				} else if got != nil {
					t.Errorf("round %d: caller %d (whose port never panics) got panic %v", round, i, got)
				}
			}(i, id)
		}
		callers.Wait()
		close(stop)
		wg.Wait()
		if bystanderPanics.Load() != 0 {
			t.Fatalf("round %d: %d bystander calls received a port's panic", round, bystanderPanics.Load())
		}
	}
	// The manager still works, and the panicking failover says why it failed.
	c, err := m.GetContext(context.Background(), migratekit.ByID(ids[0]))
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if c.LastError == nil || !strings.Contains(*c.LastError, "go panic") {
		t.Fatalf("last_error of a panicked failover: %v", c.LastError)
	}
}

func TestBreakPanicInNestedCallReachesTheOuterCaller(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	outer := brkReady(t, m, "outer")
	inner := brkReady(t, m, "inner")
	cloud.onCreate = func(ctx context.Context, spec migratekit.VMSpec) error {
		if strings.Contains(spec.Name, "outer") {
			// The outer failover's port fails the inner one over: the inner
			// port's panic is re-raised in this callback, and from here must
			// reach the outer caller.
			_, _ = m.TestFailover(ctx, inner)
		}
		return nil
	}
	cloud.onPowerOn = func(_ context.Context, vm migratekit.TargetVM) error {
		if strings.Contains(vm.Name, "inner") {
			panic("inner-boom")
		}
		return nil
	}
	var got any
	brkWithin(t, 20*time.Second, "nested panic", func() {
		defer func() { got = recover() }()
		_, _ = m.TestFailover(context.Background(), outer)
	})
	if got != "inner-boom" {
		t.Fatalf("outer caller got %v", got)
	}
	if _, err := m.ListContexts(context.Background(), migratekit.ListFilter{}); err != nil {
		t.Fatalf("manager after nested panic: %v", err)
	}
}

// ---------------------------------------------------------------- bulk progress

func TestBreakBulkProgressPanicReachesCallerAndLeavesManagerUsable(t *testing.T) {
	m, _ := brkOpen(t)
	vms := make([]migratekit.AddToManagementRequest, 2500)
	for i := range vms {
		vms[i] = migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("bulk-panic-%d", i))}
	}
	// One goroutine locked to one OS thread throughout: a panic that
	// skipped the library's frames on this thread (leaving its runtime
	// "entered") would show in the next call made from the same thread.
	brkWithin(t, 60*time.Second, "bulk add whose progress panics, and calls after it", func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var got any
		func() {
			defer func() { got = recover() }()
			_, _ = m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: vms,
				Progress: func(done, total int) { panic("progress-boom") }})
		}()
		if got != "progress-boom" {
			t.Errorf("the progress panic: got %v", got)
		}
		if _, err := m.ListContexts(context.Background(), migratekit.ListFilter{Limit: 1}); err != nil {
			t.Errorf("list after progress panic: %v", err)
		}
		if _, err := m.AddToManagement(context.Background(), migratekit.AddToManagementRequest{SourceVM: brkVM("after-panic")}); err != nil {
			t.Errorf("add after progress panic: %v", err)
		}
		// Running the bulk add again completes it: no VM was half-written.
		r, err := m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: vms})
		if err != nil {
			t.Errorf("bulk again: %v", err)
			return
		}
		if r.Added+r.AlreadyManaged != len(vms) {
			t.Errorf("bulk again: %+v", r)
		}
	})
}

func TestBreakBulkProgressMayCallBackIntoTheManager(t *testing.T) {
	m, _ := brkOpen(t)
	vms := make([]migratekit.AddToManagementRequest, 2100)
	for i := range vms {
		vms[i] = migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("bulk-cb-%d", i))}
	}
	var seen []int
	var nestedErr error
	brkWithin(t, 30*time.Second, "bulk add whose progress calls back", func() {
		r, err := m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: vms,
			Progress: func(done, total int) {
				page, err := m.ListContexts(context.Background(), migratekit.ListFilter{Limit: 1})
				if err != nil && nestedErr == nil {
					nestedErr = err
				}
				_ = page
				_, err = m.AddToManagement(context.Background(), migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("from-progress-%d", done))})
				if err != nil && nestedErr == nil {
					nestedErr = err
				}
				seen = append(seen, done)
			}})
		if err != nil {
			t.Errorf("bulk: %v", err)
			return
		}
		if r.Added != len(vms) {
			t.Errorf("bulk added %d of %d", r.Added, len(vms))
		}
	})
	if nestedErr != nil {
		t.Fatalf("a call from the progress callback: %v", nestedErr)
	}
	if len(seen) == 0 || seen[len(seen)-1] != len(vms) {
		t.Fatalf("progress reports: %v", seen)
	}
}

func TestBreakBulkProgressClosingTheManager(t *testing.T) {
	m, _ := brkOpen(t)
	vms := make([]migratekit.AddToManagementRequest, 2100)
	for i := range vms {
		vms[i] = migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("bulk-close-%d", i))}
	}
	brkWithin(t, 30*time.Second, "bulk add whose progress closes", func() {
		_, err := m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: vms,
			Progress: func(done, total int) { _ = m.Close() }})
		if err != nil {
			t.Errorf("the bulk add in flight when Close arrived: %v", err)
		}
	})
	if _, err := m.ListContexts(context.Background(), migratekit.ListFilter{}); !errors.Is(err, migratekit.ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}

// ---------------------------------------------------------------- GC

func TestBreakForgottenManagersUnderGCPressure(t *testing.T) {
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)
	dir := t.TempDir()
	for i := 0; i < 40; i++ {
		cloud := newBrkCloud()
		m, err := migratekit.Open(filepath.Join(dir, fmt.Sprintf("gc-%d.db", i%4)), testkit.WithFakes(), migratekit.WithTargetCloud(cloud))
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if _, err := m.AddToManagement(context.Background(), migratekit.AddToManagementRequest{SourceVM: brkVM(fmt.Sprintf("gc-%d", i))}); err != nil {
			t.Fatalf("add %d: %v", i, err)
		}
		// Dropped without Close: the finalizer must release it.
		runtime.GC()
	}
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// Every forgotten manager's writes are there.
	m, err := migratekit.Open(filepath.Join(dir, "gc-0.db"))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer m.Close()
	page, err := m.ListContexts(context.Background(), migratekit.ListFilter{})
	if err != nil || len(page.Items) != 10 {
		t.Fatalf("contexts of forgotten managers: %v %v", page, err)
	}
}

// ---------------------------------------------------------------- hostile input

func TestBreakInvalidUTF8IsRefusedNotRewritten(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	// Two different byte strings that encoding/json would both turn into
	// "vm-\uFFFD": accepting both as one VM (or storing either as anything
	// but its bytes) would confuse two VMs.
	for _, id := range []string{"vm-\xff", "vm-\xfe"} {
		vm := brkVM("utf8")
		vm.ID = id
		_, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: vm, VCenterHost: "vc01"})
		e := brkTyped(t, "invalid UTF-8 vm id", err, migratekit.CodeValidation)
		if e.Field() != "source_vm.id" {
			t.Errorf("field %q, want source_vm.id", e.Field())
		}
	}
	vm := brkVM("utf8-disk")
	vm.Disks[0].ID = "disk-\xc3"
	_, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: vm})
	e := brkTyped(t, "invalid UTF-8 disk id", err, migratekit.CodeValidation)
	if e.Field() != "source_vm.disks[0].id" {
		t.Errorf("field %q, want source_vm.disks[0].id", e.Field())
	}
	_, err = m.GetContext(ctx, migratekit.ContextRef{VMName: "\xff"})
	brkTyped(t, "invalid UTF-8 lookup", err, migratekit.CodeValidation)
	// A real U+FFFD is a character like any other.
	vm = brkVM("real-\uFFFD")
	if _, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: vm}); err != nil {
		t.Fatalf("U+FFFD itself: %v", err)
	}
	// The raw surface refuses it too.
	_, err = m.CallJSON(ctx, "get_context", []byte("{\"vm_name\": \"\xff\"}"))
	brkTyped(t, "CallJSON invalid UTF-8", err, migratekit.CodeValidation)
}

func TestBreakInvalidUTF8InBulkIsOneInvalidResult(t *testing.T) {
	m, _ := brkOpen(t)
	bad := brkVM("bulk-bad")
	bad.Name = "bulk-\xff"
	r, err := m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: []migratekit.AddToManagementRequest{
		{SourceVM: brkVM("bulk-ok-1")}, {SourceVM: bad}, {SourceVM: brkVM("bulk-ok-2")},
	}})
	if err != nil {
		t.Fatalf("bulk with one bad VM failed whole: %v", err)
	}
	if r.Added != 2 || r.Invalid != 1 || r.Results[1].Result != migratekit.BulkInvalid || r.Results[1].Index != 1 {
		t.Fatalf("bulk with one bad VM: %+v", r)
	}
}

func TestBreakNULBytesRoundTripOrAreRefused(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	vm := brkVM("nul")
	vm.ID = "vm-\x00-1"
	vm.Name = "na\x00me"
	c, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: vm, VCenterHost: "vc\x00"})
	if err != nil {
		brkTyped(t, "NUL in ids", err, migratekit.CodeValidation)
		return
	}
	got, err := m.GetContext(ctx, migratekit.ByID(c.ContextID))
	if err != nil {
		t.Fatalf("get by its own id %q: %v", c.ContextID, err)
	}
	if got.VMwareVMID != vm.ID || got.VMName != vm.Name {
		t.Fatalf("NUL bytes changed: %q %q", got.VMwareVMID, got.VMName)
	}
	got, err = m.GetContext(ctx, migratekit.ContextRef{VCenterHost: "vc\x00", VMwareVMID: vm.ID})
	if err != nil || got.ContextID != c.ContextID {
		t.Fatalf("by identity with NUL bytes: %v %v", got, err)
	}
}

func TestBreakHugeStringsAreATypedErrorOrStoredWhole(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	vm := brkVM("huge")
	vm.Name = strings.Repeat("n", 8<<20)
	c, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: vm})
	if err != nil {
		brkTyped(t, "8 MiB name", err, migratekit.CodeValidation)
	} else {
		got, err := m.GetContext(ctx, migratekit.ByID(c.ContextID))
		if err != nil || got.VMName != vm.Name {
			t.Fatalf("8 MiB name did not round trip: %v", err)
		}
	}
	vm = brkVM("many-disks")
	vm.Disks = make([]migratekit.SourceDisk, 100000)
	for i := range vm.Disks {
		vm.Disks[i] = migratekit.SourceDisk{ID: fmt.Sprintf("d%d", i), SizeGB: 1}
	}
	if _, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: vm}); err != nil {
		brkTyped(t, "100,000 disks", err, migratekit.CodeValidation)
	}
	_, err = m.CallJSON(ctx, "get_context", []byte(strings.Repeat("[", 1<<20)))
	brkTyped(t, "deeply nested body", err, migratekit.CodeValidation)
}

func TestBreakNonFiniteNumbersAreValidationErrors(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	started, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: brkVM("nan")})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -1, 101} {
		_, err := m.UpdateJobProgress(ctx, migratekit.JobProgress{JobID: started.Job.JobID, ProgressPercent: v})
		e := brkTyped(t, fmt.Sprintf("progress %v", v), err, migratekit.CodeValidation)
		if e.Field() != "progress_percent" {
			t.Errorf("progress %v: field %q", v, e.Field())
		}
	}
}

func TestBreakTimesAndDurationsOutOfRangeAreValidationErrors(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	for _, tm := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		_, err := m.PruneJobLog(ctx, tm)
		brkTyped(t, fmt.Sprintf("prune before %v", tm), err, migratekit.CodeValidation)
		_, err = m.RunDueSchedules(ctx, tm)
		brkTyped(t, fmt.Sprintf("run due at %v", tm), err, migratekit.CodeValidation)
	}
	_, err := m.Reconcile(ctx, migratekit.ReconcileRequest{Grace: -time.Minute})
	brkTyped(t, "negative grace", err, migratekit.CodeValidation)
	_, err = migratekit.Open(filepath.Join(t.TempDir(), "lease.db"), migratekit.WithOperationLease(-time.Second))
	brkTyped(t, "negative lease", err, migratekit.CodeValidation)
	_, err = migratekit.Open(filepath.Join(t.TempDir(), "dur.db"), migratekit.WithDurability("fast"))
	brkTyped(t, "unknown durability", err, migratekit.CodeValidation)
	_, err = migratekit.Open(filepath.Join(t.TempDir(), "clock.db"), testkit.WithClock(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)))
	brkTyped(t, "clock beyond year 9999", err, migratekit.CodeValidation)
	_, err = migratekit.Open("bad\x00path.db")
	brkTyped(t, "NUL in the path", err, migratekit.CodeValidation, migratekit.CodeStorage)
	mc, _ := brkOpen(t, testkit.WithClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err := testkit.AdvanceClock(mc, 1500*time.Millisecond); err == nil {
		t.Fatalf("half a second moved the whole-second clock")
	}
	if err := testkit.AdvanceClock(mc, -time.Hour); err != nil {
		t.Fatalf("moving the clock back: %v", err)
	}
}

func TestBreakZeroValueRequestsAreTypedErrors(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	calls := map[string]func() error{
		"CreateMigration": func() error { _, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{}); return err },
		"AddToManagement": func() error { _, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{}); return err },
		"GetContext":      func() error { _, err := m.GetContext(ctx, migratekit.ContextRef{}); return err },
		"GetContext vcenter only": func() error {
			_, err := m.GetContext(ctx, migratekit.ContextRef{VCenterHost: "vc01"})
			return err
		},
		"GetJob":               func() error { _, err := m.GetJob(ctx, ""); return err },
		"UpdateJobProgress":    func() error { _, err := m.UpdateJobProgress(ctx, migratekit.JobProgress{}); return err },
		"CompleteJob":          func() error { _, err := m.CompleteJob(ctx, migratekit.CompleteJobRequest{}); return err },
		"FailJob":              func() error { _, err := m.FailJob(ctx, "", ""); return err },
		"CancelJob":            func() error { _, err := m.CancelJob(ctx, ""); return err },
		"DeleteJob":            func() error { _, err := m.DeleteJob(ctx, ""); return err },
		"RemoveFromManagement": func() error { _, err := m.RemoveFromManagement(ctx, migratekit.ContextRef{}); return err },
		"TestFailover":         func() error { _, err := m.TestFailover(ctx, ""); return err },
		"CleanupTestFailover":  func() error { _, err := m.CleanupTestFailover(ctx, migratekit.FailoverTarget{}); return err },
		"LiveFailover":         func() error { _, err := m.LiveFailover(ctx, ""); return err },
		"RollbackLiveFailover": func() error { _, err := m.RollbackLiveFailover(ctx, migratekit.FailoverTarget{}); return err },
		"AbortOperation":       func() error { _, err := m.AbortOperation(ctx, ""); return err },
		"CompleteMigration":    func() error { _, err := m.CompleteMigration(ctx, ""); return err },
		"ListVolumes":          func() error { _, err := m.ListVolumes(ctx, migratekit.ContextRef{}); return err },
		"ListFailoverJobs":     func() error { _, err := m.ListFailoverJobs(ctx, migratekit.ContextRef{}); return err },
		"LogJob":               func() error { _, err := m.LogJob(ctx, ""); return err },
		"CreateSchedule":       func() error { _, err := m.CreateSchedule(ctx, migratekit.CreateScheduleRequest{}); return err },
		"SetScheduleEnabled":   func() error { _, err := m.SetScheduleEnabled(ctx, "", false); return err },
		"CreateGroup":          func() error { _, err := m.CreateGroup(ctx, migratekit.CreateGroupRequest{}); return err },
		"GetGroup":             func() error { _, err := m.GetGroup(ctx, ""); return err },
		"AttachSchedule":       func() error { _, err := m.AttachSchedule(ctx, "", ""); return err },
		"AddToGroup":           func() error { _, err := m.AddToGroup(ctx, migratekit.AddToGroupRequest{}); return err },
		"RemoveFromGroup":      func() error { return m.RemoveFromGroup(ctx, "") },
		"CallJSON empty op":    func() error { _, err := m.CallJSON(ctx, "", nil); return err },
		"CallJSON NUL op":      func() error { _, err := m.CallJSON(ctx, "get_context\x00", []byte(`{}`)); return err },
		"CallJSON null body":   func() error { _, err := m.CallJSON(ctx, "get_context", []byte(`null`)); return err },
		"CallJSON empty body":  func() error { _, err := m.CallJSON(ctx, "get_context", nil); return err },
	}
	for name, call := range calls {
		err := call()
		var e *migratekit.Error
		if !errors.As(err, &e) || (e.Code != migratekit.CodeValidation && e.Code != migratekit.CodeNotFound) {
			t.Errorf("%s with zero values: want a validation or not_found *Error, got %T %v", name, err, err)
		}
	}
	// Empty bulk: no VMs is a valid, empty answer.
	r, err := m.AddToManagementBulk(ctx, migratekit.BulkAddRequest{})
	if err != nil || len(r.Results) != 0 {
		t.Fatalf("empty bulk: %+v %v", r, err)
	}
}

func TestBreakAmbiguousContextRefIsRefusedNotGuessed(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	a, err := m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: brkVM("web"), VCenterHost: "vc01"})
	if err != nil {
		t.Fatal(err)
	}
	// Asking for "web" in vc02 must not answer vc01's web, and a context id
	// with another VM's name must not silently pick one of them: a removal
	// through such a reference would remove the wrong VM.
	for name, ref := range map[string]migratekit.ContextRef{
		"name in another vCenter": {VCenterHost: "vc02", VMName: "web"},
		"id and another name":     {ContextID: a.ContextID, VMName: "db"},
		"id and a vm id":          {ContextID: a.ContextID, VMwareVMID: "vm-other"},
	} {
		_, err := m.RemoveFromManagement(ctx, ref)
		if err == nil {
			t.Errorf("%s: removed %s", name, a.ContextID)
			if a, err = m.AddToManagement(ctx, migratekit.AddToManagementRequest{SourceVM: brkVM("web"), VCenterHost: "vc01"}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		brkTyped(t, name, err, migratekit.CodeValidation, migratekit.CodeNotFound)
	}
}

func TestBreakCursorMisuseIsAValidationError(t *testing.T) {
	m, _ := brkOpen(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: brkVM(fmt.Sprintf("cur-%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	cp, err := m.ListContexts(ctx, migratekit.ListFilter{Limit: 1})
	if err != nil || cp.NextCursor == "" {
		t.Fatalf("first page: %+v %v", cp, err)
	}
	jp, err := m.ListJobs(ctx, migratekit.ListFilter{Limit: 1})
	if err != nil || jp.NextCursor == "" {
		t.Fatalf("first job page: %+v %v", jp, err)
	}
	cases := map[string]func() error{
		"garbage cursor":         func() error { _, err := m.ListContexts(ctx, migratekit.ListFilter{After: "garbage"}); return err },
		"NUL cursor":             func() error { _, err := m.ListContexts(ctx, migratekit.ListFilter{After: "\x00"}); return err },
		"invalid UTF-8 cursor":   func() error { _, err := m.ListContexts(ctx, migratekit.ListFilter{After: "\xff"}); return err },
		"job cursor on contexts": func() error { _, err := m.ListContexts(ctx, migratekit.ListFilter{After: jp.NextCursor}); return err },
		"context cursor on jobs": func() error { _, err := m.ListJobs(ctx, migratekit.ListFilter{After: cp.NextCursor}); return err },
		"context cursor on log":  func() error { _, err := m.LogJobs(ctx, migratekit.ListFilter{After: cp.NextCursor}); return err },
		"huge cursor": func() error {
			_, err := m.ListContexts(ctx, migratekit.ListFilter{After: strings.Repeat("A", 1<<20)})
			return err
		},
	}
	for name, call := range cases {
		err := call()
		brkTyped(t, name, err, migratekit.CodeValidation)
	}
	// A limit beyond the maximum is clamped to it (documented), not refused.
	if p, err := m.ListContexts(ctx, migratekit.ListFilter{Limit: math.MaxUint32}); err != nil || len(p.Items) != 3 {
		t.Fatalf("limit beyond max: %v %v", p, err)
	}
}

// ---------------------------------------------------------------- ports answering badly

// brkVolumes is a VolumeDaemon answering what the test says.
type brkVolumes struct {
	mu   sync.Mutex
	vols map[string]migratekit.Volume
	id   func(n int) string
	n    int
}

func (v *brkVolumes) CreateVolume(_ context.Context, name string, size uint64) (migratekit.Volume, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.n++
	vol := migratekit.Volume{VolumeID: v.id(v.n), Name: name, SizeBytes: size}
	v.vols[vol.VolumeID] = vol
	return vol, nil
}
func (v *brkVolumes) CloneVolume(ctx context.Context, src, name string) (migratekit.Volume, error) {
	v.mu.Lock()
	s := v.vols[src]
	v.mu.Unlock()
	return v.CreateVolume(ctx, name, s.SizeBytes)
}
func (v *brkVolumes) AttachVolume(_ context.Context, id, inst string) (string, error) {
	return "/dev/" + id, nil
}
func (v *brkVolumes) DetachVolume(context.Context, string) error { return nil }
func (v *brkVolumes) DeleteVolume(_ context.Context, id string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.vols, id)
	return nil
}
func (v *brkVolumes) GetVolume(_ context.Context, id string) (*migratekit.Volume, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if vol, ok := v.vols[id]; ok {
		return &vol, nil
	}
	return nil, nil
}
func (v *brkVolumes) ListVolumes(context.Context) ([]migratekit.Volume, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []migratekit.Volume
	for _, vol := range v.vols {
		out = append(out, vol)
	}
	return out, nil
}

func TestBreakPortAnsweringInvalidUTF8FailsTheStepInsteadOfRecordingAnotherID(t *testing.T) {
	vols := &brkVolumes{vols: map[string]migratekit.Volume{}, id: func(n int) string { return fmt.Sprintf("vol-\xff%d", n) }}
	m, _ := brkOpen(t, migratekit.WithVolumeDaemon(vols))
	ctx := context.Background()
	started, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: brkVM("badvol")})
	if err == nil {
		// Whatever was recorded must be the id the daemon has, or a later
		// delete would miss the real volume and leave it behind.
		recs, err := m.ListVolumes(ctx, migratekit.ByID(started.ContextID()))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			vols.mu.Lock()
			_, ok := vols.vols[r.VolumeID]
			vols.mu.Unlock()
			if !ok {
				t.Fatalf("recorded volume %q is not the daemon's (%v)", r.VolumeID, vols.vols)
			}
		}
		return
	}
	brkTyped(t, "volume id with invalid UTF-8", err, migratekit.CodeAdapter)
}

func TestBreakPortReturningErrorsAndZeroValues(t *testing.T) {
	cloud := newBrkCloud()
	m, _ := brkOpen(t, migratekit.WithTargetCloud(cloud))
	ctxID := brkReady(t, m, "zero-port")
	// An error with a huge, hostile message.
	cloud.onCreate = func(context.Context, migratekit.VMSpec) error {
		return errors.New(strings.Repeat("\x00\xff", 1<<16))
	}
	_, err := m.TestFailover(context.Background(), ctxID)
	e := brkTyped(t, "port error with hostile text", err, migratekit.CodeAdapter)
	if e.Step() == "" {
		t.Errorf("adapter error names no step: %v", e)
	}
	// A nil error wrapped in a typed nil: still an error value.
	var typedNil *migratekit.Error
	cloud.onCreate = func(context.Context, migratekit.VMSpec) error { return typedNil }
	var got any
	brkWithin(t, 20*time.Second, "typed nil error from a port", func() {
		// A typed nil is a non-nil error whose Error() may panic: either
		// way it fails the step, and a panic reaches this caller only.
		defer func() { got = recover() }()
		_, err = m.TestFailover(context.Background(), ctxID)
	})
	if got == nil && err == nil {
		t.Fatalf("a typed nil error from a port passed as success")
	}
	cloud.onCreate = nil
	if _, err := m.TestFailover(context.Background(), ctxID); err != nil {
		t.Fatalf("resume after port errors: %v", err)
	}
}
