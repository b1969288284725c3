package migratekit_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	migratekit "github.com/migratekit/migratekit/bindings/go"
	"github.com/migratekit/migratekit/bindings/go/testkit"
)

// openExample opens a Manager on a fresh file with the testkit's fakes and
// a clock stopped at 2025-09-20 12:34:56 UTC, so the output is the same
// on every run.
func openExample() (*migratekit.Manager, func()) {
	dir, err := os.MkdirTemp("", "migratekit-example")
	if err != nil {
		log.Fatal(err)
	}
	m, err := migratekit.Open(filepath.Join(dir, "migratekit.db"),
		testkit.WithFakes(), testkit.WithClock(time.Date(2025, 9, 20, 12, 34, 56, 0, time.UTC)))
	if err != nil {
		log.Fatal(err)
	}
	return m, func() { _ = m.Close(); _ = os.RemoveAll(dir) }
}

var webVM = migratekit.SourceVM{ID: "vm-123", Name: "web-01", CPUs: 2, MemoryMB: 4096,
	Disks: []migratekit.SourceDisk{{ID: "disk-2000", SizeGB: 100}}}

// Add a VM to management, replicate it, and read its context.
func Example() {
	m, done := openExample()
	defer done()
	ctx := context.Background()

	no := false
	added, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: webVM, VCenterHost: "vc01", StartReplication: &no})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(added.Context.ContextID, added.Context.CurrentStatus)

	job, err := m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: webVM, VCenterHost: "vc01"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(job.Job.ContextID == added.Context.ContextID, job.Job.Status, job.Job.CreatedVolumes)

	if _, err := m.CompleteJob(ctx, migratekit.CompleteJobRequest{JobID: job.Job.JobID,
		ChangeIDs: map[string]string{"disk-2000": "52 3c 1f-cbt/1"}}); err != nil {
		log.Fatal(err)
	}
	c, err := m.GetContext(ctx, migratekit.ByID(added.Context.ContextID))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.CurrentStatus, c.LastChangeIDs["disk-2000"])
	// Output:
	// ctx-web-01-20250920-123456 discovered
	// true replicating 1
	// ready_for_failover 52 3c 1f-cbt/1
}

// Errors match the sentinel of their code and carry the typed fields.
func ExampleError() {
	m, done := openExample()
	defer done()
	ctx := context.Background()
	req := migratekit.AddToManagementRequest{SourceVM: webVM, VCenterHost: "vc01"}
	if _, err := m.AddToManagement(ctx, req); err != nil {
		log.Fatal(err)
	}
	_, err := m.AddToManagement(ctx, req)
	var e *migratekit.Error
	if errors.Is(err, migratekit.ErrAlreadyManaged) && errors.As(err, &e) {
		fmt.Println(e.Code)
		fmt.Println(e.Message)
		fmt.Println(e.ExistingContextID())
	}
	_, err = m.CreateMigration(ctx, migratekit.CreateMigrationRequest{SourceVM: migratekit.SourceVM{Name: "no-id"}})
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Field())
	}
	// Output:
	// already_managed
	// VM already exists in management
	// ctx-web-01-20250920-123456
	// validation source_vm.id
}

// A context's cancellation stops a running operation before its next step.
func ExampleManager_TestFailover() {
	m, done := openExample()
	defer done()
	job, err := m.CreateMigration(context.Background(), migratekit.CreateMigrationRequest{SourceVM: webVM})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := m.CompleteJob(context.Background(), migratekit.CompleteJobRequest{JobID: job.Job.JobID, ChangeID: "cbt-1"}); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := m.TestFailover(ctx, job.Job.ContextID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Status)
	res, err = m.CleanupTestFailover(ctx, migratekit.FailoverTarget{ContextID: job.Job.ContextID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Status)
	// Output:
	// failed_over_test
	// ready_for_failover
}

// Bulk add reports progress and answers one result per VM.
func ExampleManager_AddToManagementBulk() {
	m, done := openExample()
	defer done()
	vms := []migratekit.AddToManagementRequest{
		{SourceVM: migratekit.SourceVM{ID: "vm-1", Name: "a"}},
		{SourceVM: migratekit.SourceVM{ID: "", Name: "no id"}},
		{SourceVM: migratekit.SourceVM{ID: "vm-3", Name: "c"}},
	}
	r, err := m.AddToManagementBulk(context.Background(), migratekit.BulkAddRequest{VMs: vms,
		Progress: func(done, total int) { fmt.Printf("%d/%d\n", done, total) }})
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range r.Results {
		fmt.Println(item.Index, item.Result)
	}
	// Output:
	// 3/3
	// 0 added
	// 1 invalid
	// 2 added
}

// The testkit's manual clock makes times and ids deterministic.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "migratekit-example")
	defer os.RemoveAll(dir)
	m, err := migratekit.Open(filepath.Join(dir, "migratekit.db"), testkit.WithFakes(),
		testkit.WithClock(time.Date(2025, 9, 20, 12, 0, 0, 0, time.UTC)))
	if err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	if err := testkit.AdvanceClock(m, 90*time.Minute); err != nil {
		log.Fatal(err)
	}
	added, err := m.AddToManagement(context.Background(), migratekit.AddToManagementRequest{SourceVM: webVM})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(added.ContextID, added.CreatedAt.Format(time.RFC3339))
	// Output: ctx-web-01-20250920-133000 2025-09-20T13:30:00Z
}
