package tests

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

// rig is a manager whose three ports are written in Go.
type rig struct {
	m       *mk.Manager
	volumes *goVolumes
	exports *goExporter
	cloud   *goCloud
}

func openRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{volumes: newGoVolumes(), exports: newGoExporter(), cloud: newGoCloud()}
	var v mk.VolumeDaemon = r.volumes
	var e mk.NbdExporter = r.exports
	var c mk.TargetCloud = r.cloud
	now := start
	m, err := mk.ManagerOpenWithPorts(mk.OpenOptions{Path: filepath.Join(t.TempDir(), "rig.db"), Now: &now}, &v, &e, &c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Destroy)
	r.m = m
	return r
}

// replicated adds the VM, starts replication and completes it: ready for failover.
func (r *rig) replicated(t *testing.T, id string) string {
	t.Helper()
	started, err := r.m.CreateMigration(core.CreateMigrationRequest{SourceVm: sourceVM(id, "web-"+id, 2), VcenterHost: "vc01"})
	if err != nil {
		t.Fatal(err)
	}
	job := started.(core.CreateMigrationResponseJobStarted).Field0
	if job.CreatedVolumes != 2 {
		t.Fatalf("created volumes: %d", job.CreatedVolumes)
	}
	if _, err := r.m.CompleteJob(core.CompleteJobRequest{JobId: job.JobId, ChangeIds: &map[string]string{"disk-2000": "a/1", "disk-2001": "b/1"}}); err != nil {
		t.Fatal(err)
	}
	return job.ContextId
}

func status(t *testing.T, m *mk.Manager, ctx string) core.Status {
	t.Helper()
	c, err := m.GetContext(byID(ctx))
	if err != nil {
		t.Fatal(err)
	}
	return c.CurrentStatus
}

func adapterError(t *testing.T, err error) *mk.MkErrorAdapter {
	t.Helper()
	var a *mk.MkErrorAdapter
	if !errors.As(err, &a) {
		t.Fatalf("expected an adapter error, got %T %v", err, err)
	}
	if !errors.Is(err, mk.ErrMkErrorAdapter) {
		t.Fatalf("errors.Is(ErrMkErrorAdapter) is false for %v", err)
	}
	return a
}

func TestGoPortsCarryTheWholeLifecycle(t *testing.T) {
	r := openRig(t)
	ctx := r.replicated(t, "vm-1")
	if r.volumes.count() != 2 || r.exports.count() != 2 {
		t.Fatalf("replica volumes %d, exports %d", r.volumes.count(), r.exports.count())
	}
	test, err := r.m.TestFailover(byID(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if test.Status != core.StatusFailedOverTest || r.cloud.count() != 1 {
		t.Fatalf("test failover: %v, %d VMs", test.Status, r.cloud.count())
	}
	if r.volumes.count() != 4 || r.exports.count() != 2 {
		t.Fatalf("a test VM runs on clones, the replica stays exported: %d volumes, %d exports", r.volumes.count(), r.exports.count())
	}
	if _, err := r.m.CleanupTestFailover(core.FailoverTarget{ContextId: &ctx}); err != nil {
		t.Fatal(err)
	}
	if r.cloud.count() != 0 || r.volumes.count() != 2 {
		t.Fatalf("cleanup left %d VMs, %d volumes", r.cloud.count(), r.volumes.count())
	}
	if _, err := r.m.LiveFailover(byID(ctx)); err != nil {
		t.Fatal(err)
	}
	done, err := r.m.CompleteMigration(byID(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != core.StatusCompleted || r.cloud.count() != 1 {
		t.Fatalf("completed: %v with %d VMs", done.Status, r.cloud.count())
	}
}

func TestAGoPortErrorIsAnAdapterErrorNamingTheStepAndARetryCompletes(t *testing.T) {
	r := openRig(t)
	ctx := r.replicated(t, "vm-1")
	r.cloud.set("power_on", mk.NewPortErrorFailed("no capacity in zone a"), nil)
	_, err := r.m.TestFailover(byID(ctx))
	a := adapterError(t, err)
	if a.Step != "power-on-test-vm" || a.Details != "no capacity in zone a" || a.Code != core.ErrorCodeAdapter {
		t.Fatalf("adapter error: %+v", a)
	}
	if s := status(t, r.m, ctx); s != core.StatusReadyForFailover {
		t.Fatalf("status after the failure: %v", s)
	}
	r.cloud.set("power_on", nil, nil)
	if _, err := r.m.TestFailover(byID(ctx)); err != nil {
		t.Fatal(err)
	}
	if r.cloud.count() != 1 {
		t.Fatalf("the resumed run made %d VMs", r.cloud.count())
	}
}

func TestAPlainGoErrorKeepsItsMessage(t *testing.T) {
	r := openRig(t)
	ctx := r.replicated(t, "vm-1")
	r.cloud.set("create_vm", fmt.Errorf("quota exceeded for project %q", "mk"), nil)
	_, err := r.m.TestFailover(byID(ctx))
	a := adapterError(t, err)
	if a.Step != "create-test-vm" || !strings.Contains(a.Details, `quota exceeded for project "mk"`) {
		t.Fatalf("adapter error: %+v", a)
	}
}

func TestAPanickingGoPortIsAnAdapterErrorNotACrash(t *testing.T) {
	r := openRig(t)
	ctx := r.replicated(t, "vm-1")
	r.cloud.set("power_on", nil, "nil map in the host's cloud client")
	_, err := r.m.TestFailover(byID(ctx))
	a := adapterError(t, err)
	want := "go panic in TargetCloud.PowerOn: nil map in the host's cloud client"
	if a.Step != "power-on-test-vm" || !strings.Contains(a.Details, want) {
		t.Fatalf("adapter error: %+v", a)
	}
	c, err := r.m.GetContext(byID(ctx))
	if err != nil {
		t.Fatal(err)
	}
	if c.LastError == nil || !strings.Contains(*c.LastError, "go panic") {
		t.Fatalf("last_error: %v", c.LastError)
	}
	r.cloud.set("power_on", nil, nil)
	res, err := r.m.TestFailover(byID(ctx))
	if err != nil || res.Status != core.StatusFailedOverTest {
		t.Fatalf("retry: %v %v", res, err)
	}
}

func TestAGoPortMayCallBackIntoTheManager(t *testing.T) {
	r := openRig(t)
	ctx := r.replicated(t, "vm-1")
	var seen core.Status
	var nested error
	r.cloud.hook("create_vm", func() {
		c, err := r.m.GetContext(byID(ctx))
		seen, nested = c.CurrentStatus, err
	})
	if _, err := r.m.TestFailover(byID(ctx)); err != nil {
		t.Fatal(err)
	}
	if nested != nil || seen != core.StatusReadyForFailover {
		t.Fatalf("nested call: %v %v", seen, nested)
	}
}
