package migratekit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAddToManagementThenReplicateWithTypedStructsAndSentinelErrors(t *testing.T) {
	m := open(t, withFakes(), withClock(now))
	req := CreateMigrationRequest{SourceVM: vm("vm-123", "test-vm"), VCenterHost: "vc01", StartReplication: boolp(false)}
	r, err := m.CreateMigration(bg, req)
	if err != nil || r.Context == nil {
		t.Fatalf("add: %v %+v", err, r)
	}
	if r.Context.ContextID != "ctx-test-vm-20250920-123456" || r.Context.CurrentStatus != StatusDiscovered {
		t.Fatalf("%+v", r.Context)
	}
	_, err = m.CreateMigration(bg, req)
	var e *Error
	if !errors.Is(err, ErrAlreadyManaged) || !errors.As(err, &e) {
		t.Fatalf("duplicate: %v", err)
	}
	if e.ExistingContextID() != r.Context.ContextID || e.Message != "VM already exists in management" {
		t.Fatalf("%+v", e)
	}
	req.StartReplication = nil
	j, err := m.CreateMigration(bg, req)
	if err != nil || j.Job == nil || j.Job.ContextID != r.Context.ContextID || j.Job.CreatedVolumes != 1 {
		t.Fatalf("replicate: %v %+v", err, j)
	}
	if _, err := m.CreateMigration(bg, req); !errors.Is(err, ErrReplicationActive) {
		t.Fatalf("second start: %v", err)
	}
	if _, err := m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeID: "cbt-1"}); err != nil {
		t.Fatal(err)
	}
	c, err := m.GetContext(bg, ContextRef{VCenterHost: "vc01", VMwareVMID: "vm-123"})
	if err != nil || c.CurrentStatus != StatusReadyForFailover || *c.LastChangeID != "cbt-1" {
		t.Fatalf("%v %+v", err, c)
	}
	if _, err := m.GetJob(bg, "job-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("%v", err)
	}
	if _, err := m.CallJSON(bg, "create_migration", []byte("{not json")); !errors.Is(err, ErrValidation) {
		t.Fatalf("%v", err)
	}
}

func TestChangeIDsPerDisk(t *testing.T) {
	m := open(t, withFakes())
	disks := []SourceDisk{{ID: "disk-2000", SizeGB: 1}, {ID: "disk-2001", SizeGB: 1}}
	req := CreateMigrationRequest{SourceVM: SourceVM{ID: "vm-cbt", Name: "cbt", Disks: disks}}
	j, err := m.CreateMigration(bg, req)
	if err != nil || j.Job == nil {
		t.Fatalf("%v %+v", err, j)
	}
	if !reflect.DeepEqual(j.Job.PreviousChangeIDs, map[string]string{"disk-2000": "", "disk-2001": ""}) {
		t.Fatalf("initial: %+v", j.Job.PreviousChangeIDs)
	}
	total, all := uint64(10), uint64(20)
	running, err := m.UpdateJobProgress(bg, JobProgress{JobID: j.Job.JobID, ProgressPercent: 10, BytesTransferred: 5, TotalBytes: &all,
		Disks: map[string]DiskProgress{"disk-2000": {BytesTransferred: 5, TotalBytes: &total}}})
	if err != nil || running.DiskProgress["disk-2000"].BytesTransferred != 5 || *running.DiskProgress["disk-2000"].TotalBytes != 10 {
		t.Fatalf("progress: %v %+v", err, running)
	}
	if running.Status != JobRunning || running.TotalBytes == nil || *running.TotalBytes != 20 || running.BytesTransferred != 5 {
		t.Fatalf("total bytes: %+v", running)
	}
	if _, err := m.UpdateJobProgress(bg, JobProgress{JobID: j.Job.JobID, ProgressPercent: 10,
		Disks: map[string]DiskProgress{"disk-9": {BytesTransferred: 1}}}); !errors.Is(err, ErrValidation) {
		t.Fatalf("unknown disk progress: %v", err)
	}
	var e *Error
	if _, err := m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeID: "cbt-1"}); !errors.As(err, &e) || e.Field() != "change_id" {
		t.Fatalf("single id for two disks: %v", err)
	}
	if _, err := m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeIDs: map[string]string{"disk-2000": "a/1", "disk-9": "c/1"}}); !errors.As(err, &e) || !strings.Contains(e.Details, "'disk-9'") {
		t.Fatalf("unknown disk: %v", err)
	}
	done, err := m.CompleteJob(bg, CompleteJobRequest{JobID: j.Job.JobID, ChangeIDs: map[string]string{"disk-2000": "a/1", "disk-2001": "b/1"}})
	if err != nil || done.NewChangeID != nil || done.NewChangeIDs["disk-2001"] != "b/1" {
		t.Fatalf("complete: %v %+v", err, done)
	}
	c, err := m.GetContext(bg, ContextRef{ContextID: j.Job.ContextID})
	if err != nil || c.LastChangeID != nil || !reflect.DeepEqual(c.LastChangeIDs, map[string]string{"disk-2000": "a/1", "disk-2001": "b/1"}) {
		t.Fatalf("context: %v %+v", err, c)
	}
	req.SourceVM.Disks = append(disks, SourceDisk{ID: "disk-2002", SizeGB: 1})
	next, err := m.CreateMigration(bg, req)
	if err != nil || next.Job == nil {
		t.Fatalf("%v %+v", err, next)
	}
	want := map[string]string{"disk-2000": "a/1", "disk-2001": "b/1", "disk-2002": ""}
	if !reflect.DeepEqual(next.Job.PreviousChangeIDs, want) {
		t.Fatalf("incremental: %+v", next.Job.PreviousChangeIDs)
	}
	job, err := m.GetJob(bg, next.Job.JobID)
	if err != nil || job.ReplicationType != ReplicationIncremental || !reflect.DeepEqual(job.PreviousChangeIDs, want) {
		t.Fatalf("%v %+v", err, job)
	}
}

func TestCloseIsIdempotentAndLaterCallsFail(t *testing.T) {
	m := open(t, withFakes())
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := m.GetJob(bg, "x"); !errors.Is(err, ErrClosed) {
		t.Fatalf("%v", err)
	}
}

func race(n int, f func(i int) error) []error {
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}(i)
	}
	close(start)
	wg.Wait()
	return errs
}

func tally(errs []error, sentinel error) (ok, matched int) {
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, sentinel):
			matched++
		}
	}
	return
}

func TestSixteenGoroutinesAddingOneVMGiveOneContext(t *testing.T) {
	m := open(t, withFakes())
	req := CreateMigrationRequest{SourceVM: vm("vm-race", "race"), StartReplication: boolp(false)}
	errs := race(16, func(int) error { _, err := m.CreateMigration(bg, req); return err })
	if ok, dup := tally(errs, ErrAlreadyManaged); ok != 1 || dup != 15 {
		t.Fatalf("ok=%d already_managed=%d: %v", ok, dup, errs)
	}
	page, _ := m.ListContexts(bg, ListFilter{})
	if len(page.Items) != 1 {
		t.Fatalf("%d contexts", len(page.Items))
	}
}

func TestSixteenGoroutinesStartingOneVMGiveOneActiveJob(t *testing.T) {
	m := open(t, withFakes())
	req := CreateMigrationRequest{SourceVM: vm("vm-race", "race")}
	errs := race(16, func(int) error { _, err := m.CreateMigration(bg, req); return err })
	if ok, active := tally(errs, ErrReplicationActive); ok != 1 || active != 15 {
		t.Fatalf("ok=%d replication_active=%d: %v", ok, active, errs)
	}
	jobs, _ := m.ListJobs(bg, ListFilter{})
	if len(jobs.Items) != 1 {
		t.Fatalf("%d jobs", len(jobs.Items))
	}
}

func TestGroupsAndSchedulesFromGo(t *testing.T) {
	m := open(t, withFakes(), withClock(now))
	s, err := m.CreateSchedule(bg, CreateScheduleRequest{Name: "nightly", CronExpression: "0 2 * * *", MaxConcurrentJobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	g, err := m.CreateGroup(bg, CreateGroupRequest{Name: "web", ScheduleID: s.ScheduleID})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		r, err := m.CreateMigration(bg, CreateMigrationRequest{SourceVM: vm(fmt.Sprintf("vm-%d", i), fmt.Sprintf("web-%d", i)), StartReplication: boolp(false)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.AddToGroup(bg, AddToGroupRequest{GroupID: g.GroupID, ContextID: r.ContextID(), Priority: int32(i)}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := m.RunDueSchedules(bg, time.Date(2025, 9, 21, 2, 0, 30, 0, time.UTC))
	if err != nil || len(runs) != 1 || runs[0].JobsStarted != 1 || runs[0].SkippedLimit != 1 {
		t.Fatalf("%v %+v", err, runs)
	}
	if _, err := m.CreateSchedule(bg, CreateScheduleRequest{Name: "bad", CronExpression: "* *"}); !errors.Is(err, ErrValidation) {
		t.Fatalf("%v", err)
	}
	execs, err := m.ListScheduleExecutions(bg, ExecutionFilter{ScheduleID: s.ScheduleID})
	if err != nil || len(execs) != 1 || execs[0].ExecutionID != runs[0].ExecutionID {
		t.Fatalf("%v %+v", err, execs)
	}
	if groups, err := m.ListGroups(bg); err != nil || len(groups) != 1 {
		t.Fatalf("%v %+v", err, groups)
	}
	if schedules, err := m.ListSchedules(bg); err != nil || len(schedules) != 1 {
		t.Fatalf("%v %+v", err, schedules)
	}
	detached, err := m.AttachSchedule(bg, g.GroupID, "")
	if err != nil || detached.ScheduleID != nil {
		t.Fatalf("%v %+v", err, detached)
	}
	details, _ := m.GetGroup(bg, g.GroupID)
	if err := m.RemoveFromGroup(bg, details.Members[0].ContextID); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveFromGroup(bg, details.Members[0].ContextID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("%v", err)
	}
}

// An incompatible_schema error is a storage error too, as Python's
// IncompatibleSchemaError subclasses StorageError.
func TestANewerDatabaseIsRefusedAndMatchesErrStorage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = m.Close()
	// The SQLite header keeps PRAGMA user_version at byte 60, big-endian.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0, 0, 3, 231}, 60); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	_, err = Open(path)
	var e *Error
	if !errors.Is(err, ErrIncompatibleSchema) || !errors.Is(err, ErrStorage) || !errors.As(err, &e) || e.Code != CodeIncompatibleSchema {
		t.Fatalf("%v", err)
	}
	if e.Fields["found"] != float64(999) {
		t.Fatalf("%+v", e.Fields)
	}
	if errors.Is(err, ErrAdapter) {
		t.Fatal("matches another code's sentinel")
	}
}

// Bulk add reports progress after each batch and answers one result per VM
// in request order; a refused VM — even one the library cannot read — is
// an invalid result at its index, never a failure of the call.
func TestBulkAddReportsProgressAndARefusedVMIsInvalidAtItsIndex(t *testing.T) {
	m := open(t, withFakes())
	vms := make([]AddToManagementRequest, 2500)
	for i := range vms {
		vms[i] = AddToManagementRequest{SourceVM: SourceVM{ID: fmt.Sprintf("vm-%d", i), Name: fmt.Sprintf("bulk-%d", i)}}
	}
	vms[42].SourceVM.ID = ""
	var seen [][2]int
	r, err := m.AddToManagementBulk(bg, BulkAddRequest{VMs: vms, Progress: func(done, total int) {
		seen = append(seen, [2]int{done, total})
	}})
	if err != nil || r.Added != 2499 || r.Invalid != 1 || len(r.Results) != 2500 {
		t.Fatalf("%v %+v", err, r)
	}
	if bad := r.Results[42]; bad.Result != BulkInvalid || bad.Index != 42 || bad.Error["field"] != "source_vm.id" {
		t.Fatalf("%+v", bad)
	}
	if len(seen) < 2 || seen[len(seen)-1] != [2]int{2500, 2500} {
		t.Fatalf("progress %v", seen)
	}
	// A VM the library cannot read at all, through the raw surface.
	answer, err := m.CallJSON(bg, "add_to_management_bulk", []byte(`{"vms": [{"source_vm": {"id": "vm-x", "name": "x"}}, {"source_vm": {"id": 7}}, {"colour": "blue"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var raw BulkAddResponse
	if err := json.Unmarshal(answer, &raw); err != nil || raw.Added != 1 || raw.Invalid != 2 {
		t.Fatalf("%v %s", err, answer)
	}
	for i, want := range []BulkResult{BulkAdded, BulkInvalid, BulkInvalid} {
		if raw.Results[i].Result != want || raw.Results[i].Index != i {
			t.Fatalf("%d: %+v", i, raw.Results[i])
		}
	}
}

// A context that can never be cancelled costs no token; one that can is
// checked before the call starts.
func TestACancelledContextIsRefusedBeforeTheCall(t *testing.T) {
	m := open(t, withFakes())
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := m.AddToManagement(ctx, AddToManagementRequest{SourceVM: vm("vm-1", "web")}); !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
	page, err := m.ListContexts(bg, ListFilter{})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("%v %+v", err, page)
	}
}

// Keyset paging: following NextCursor visits every context once; the
// durability setting is an open option.
func TestPagesFollowTheirCursorAndDurabilityIsAnOption(t *testing.T) {
	m := open(t, withFakes(), WithDurability(DurabilityFull))
	for i := 0; i < 5; i++ {
		if _, err := m.AddToManagement(bg, AddToManagementRequest{SourceVM: vm(fmt.Sprintf("vm-%d", i), fmt.Sprintf("web-%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	f := ListFilter{Limit: 2}
	for {
		page, err := m.ListContexts(bg, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Items {
			names = append(names, c.VMName)
		}
		if page.NextCursor == "" {
			break
		}
		f.After = page.NextCursor
	}
	if !reflect.DeepEqual(names, []string{"web-0", "web-1", "web-2", "web-3", "web-4"}) {
		t.Fatalf("%v", names)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "x.db"), WithDurability("fsync-everything")); !errors.Is(err, ErrValidation) {
		t.Fatalf("%v", err)
	}
}
