package tests

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

const racers = 16

// race runs f on 16 goroutines released at once and collects their errors.
func race(f func(i int) error) []error {
	var wg sync.WaitGroup
	gate := make(chan struct{})
	errs := make([]error, racers)
	for i := 0; i < racers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-gate
			errs[i] = f(i)
		}(i)
	}
	close(gate)
	wg.Wait()
	return errs
}

func TestSixteenGoroutinesAddingOneVMMakeOneContext(t *testing.T) {
	m := open(t)
	var mu sync.Mutex
	var added []string
	errs := race(func(int) error {
		r, err := m.CreateMigration(addRequest(sourceVM("vm-123", "test-vm", 1)))
		if err == nil {
			mu.Lock()
			added = append(added, r.(core.CreateMigrationResponseContextCreated).Field0.ContextId)
			mu.Unlock()
		}
		return err
	})
	if len(added) != 1 {
		t.Fatalf("%d contexts created: %v", len(added), added)
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *mk.MkErrorAlreadyManaged
		if !errors.As(err, &e) || e.ExistingContextId != added[0] {
			t.Fatalf("expected already_managed naming %s, got %v", added[0], err)
		}
	}
	page, err := m.ListContexts(core.ContextFilter{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("contexts: %v %v", page.Items, err)
	}
}

func TestSixteenGoroutinesStartingOneVMStartOneJob(t *testing.T) {
	r := openRig(t)
	var mu sync.Mutex
	jobs := map[string]bool{}
	errs := race(func(int) error {
		started, err := r.m.CreateMigration(core.CreateMigrationRequest{SourceVm: sourceVM("vm-9", "db-01", 1), VcenterHost: "vc01"})
		if err == nil {
			mu.Lock()
			jobs[started.(core.CreateMigrationResponseJobStarted).Field0.JobId] = true
			mu.Unlock()
		}
		return err
	})
	if len(jobs) != 1 {
		t.Fatalf("%d jobs started: %v", len(jobs), jobs)
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, mk.ErrMkErrorReplicationActive) && !errors.Is(err, mk.ErrMkErrorOperationInProgress) {
			t.Fatalf("expected replication_active or operation_in_progress, got %v", err)
		}
	}
	if n := r.volumes.count(); n != 1 {
		t.Fatalf("%d volumes provisioned for one disk", n)
	}
}

// Sixteen goroutines each take their own VM through a whole lifecycle on Go
// ports at once: callbacks into Go run side by side on the port pool.
func TestSixteenGoroutinesRunWholeLifecyclesOnGoPorts(t *testing.T) {
	r := openRig(t)
	errs := race(func(i int) error {
		id := fmt.Sprintf("vm-%d", i)
		started, err := r.m.CreateMigration(core.CreateMigrationRequest{SourceVm: sourceVM(id, "app-"+id, 1), VcenterHost: "vc01"})
		if err != nil {
			return err
		}
		job := started.(core.CreateMigrationResponseJobStarted).Field0
		if _, err := r.m.UpdateJobProgress(core.UpdateJobProgressRequest{JobId: job.JobId, ProgressPercent: 50}); err != nil {
			return err
		}
		if _, err := r.m.CompleteJob(core.CompleteJobRequest{JobId: job.JobId, ChangeId: "cbt/1"}); err != nil {
			return err
		}
		if _, err := r.m.TestFailover(byID(job.ContextId)); err != nil {
			return err
		}
		ctx := job.ContextId
		if _, err := r.m.CleanupTestFailover(core.FailoverTarget{ContextId: &ctx}); err != nil {
			return err
		}
		_, err = r.m.RemoveFromManagement(byID(ctx))
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("goroutine %d: %v", i, err)
		}
	}
	if r.volumes.count() != 0 || r.exports.count() != 0 || r.cloud.count() != 0 {
		t.Fatalf("left behind: %d volumes, %d exports, %d VMs", r.volumes.count(), r.exports.count(), r.cloud.count())
	}
}
