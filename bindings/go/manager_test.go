package migratekit

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAddToManagementThenReplicateWithTypedStructsAndSentinelErrors(t *testing.T) {
	m := open(t, WithFakes(), WithClock(now))
	req := CreateMigrationRequest{SourceVM: vm("vm-123", "test-vm"), VCenterHost: "vc01", StartReplication: boolp(false)}
	r, err := m.CreateMigration(bg, req)
	if err != nil || r.Context == nil {
		t.Fatalf("add: %v %+v", err, r)
	}
	if r.Context.ContextID != "ctx-test-vm-20250920-123456" || r.Context.CurrentStatus != "discovered" {
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
	if _, err := m.CompleteJob(bg, j.Job.JobID, "cbt-1"); err != nil {
		t.Fatal(err)
	}
	c, err := m.GetContext(bg, ContextRef{VCenterHost: "vc01", VMwareVMID: "vm-123"})
	if err != nil || c.CurrentStatus != "ready_for_failover" || *c.LastChangeID != "cbt-1" {
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
	m := open(t, WithFakes())
	disks := []SourceDisk{{ID: "disk-2000", SizeGB: 1}, {ID: "disk-2001", SizeGB: 1}}
	req := CreateMigrationRequest{SourceVM: SourceVM{ID: "vm-cbt", Name: "cbt", Disks: disks}}
	j, err := m.CreateMigration(bg, req)
	if err != nil || j.Job == nil {
		t.Fatalf("%v %+v", err, j)
	}
	if !reflect.DeepEqual(j.Job.PreviousChangeIDs, map[string]string{"disk-2000": "", "disk-2001": ""}) {
		t.Fatalf("initial: %+v", j.Job.PreviousChangeIDs)
	}
	total := uint64(10)
	running, err := m.ReportJobProgress(bg, JobProgress{JobID: j.Job.JobID, ProgressPercent: 10,
		Disks: map[string]DiskProgress{"disk-2000": {BytesTransferred: 5, TotalBytes: &total}}})
	if err != nil || running.DiskProgress["disk-2000"].BytesTransferred != 5 || *running.DiskProgress["disk-2000"].TotalBytes != 10 {
		t.Fatalf("progress: %v %+v", err, running)
	}
	if _, err := m.ReportJobProgress(bg, JobProgress{JobID: j.Job.JobID, ProgressPercent: 10,
		Disks: map[string]DiskProgress{"disk-9": {BytesTransferred: 1}}}); !errors.Is(err, ErrValidation) {
		t.Fatalf("unknown disk progress: %v", err)
	}
	if _, err := m.CompleteJob(bg, j.Job.JobID, "cbt-1"); !errors.Is(err, ErrValidation) {
		t.Fatalf("single id for two disks: %v", err)
	}
	var e *Error
	if _, err := m.CompleteJobPerDisk(bg, j.Job.JobID, map[string]string{"disk-2000": "a/1", "disk-9": "c/1"}); !errors.As(err, &e) || !strings.Contains(e.Details, "'disk-9'") {
		t.Fatalf("unknown disk: %v", err)
	}
	done, err := m.CompleteJobPerDisk(bg, j.Job.JobID, map[string]string{"disk-2000": "a/1", "disk-2001": "b/1"})
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
	if err != nil || job.ReplicationType != "incremental" || !reflect.DeepEqual(job.PreviousChangeIDs, want) {
		t.Fatalf("%v %+v", err, job)
	}
}

func TestCloseIsIdempotentAndLaterCallsFail(t *testing.T) {
	m := open(t, WithFakes())
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
	m := open(t, WithFakes())
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
	m := open(t, WithFakes())
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
	m := open(t, WithFakes(), WithClock(now))
	s, err := m.CreateSchedule(bg, CreateScheduleRequest{Name: "nightly", CronExpression: "0 2 * * *", MaxConcurrentJobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	g, err := m.CreateGroup(bg, "web", "", s.ScheduleID)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		r, err := m.CreateMigration(bg, CreateMigrationRequest{SourceVM: vm(fmt.Sprintf("vm-%d", i), fmt.Sprintf("web-%d", i)), StartReplication: boolp(false)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.AddToGroup(bg, g.GroupID, r.ContextID(), int32(i)); err != nil {
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
	execs, err := m.ListScheduleExecutions(bg, s.ScheduleID, 0)
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
