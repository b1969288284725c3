package migratekit

import (
	"context"
	"time"

	"github.com/migratekit/migratekit/bindings/go/internal/jsonx"
)

// CreateMigration adds a VM to management (StartReplication false) or
// starts replication (nil or true), with duplicate protection: adding a
// managed VM is ErrAlreadyManaged, starting one whose job is active is
// ErrReplicationActive; starting a VM with a context reuses it.
func (m *Manager) CreateMigration(ctx context.Context, req CreateMigrationRequest) (*CreateMigrationResponse, error) {
	var r CreateMigrationResponse
	return &r, m.call(ctx, "create_migration", req, &r)
}

// AddToManagement adds a VM to management without replicating it
// (ErrAlreadyManaged when it has a context).
func (m *Manager) AddToManagement(ctx context.Context, req AddToManagementRequest) (*ContextCreated, error) {
	var r ContextCreated
	return &r, m.call(ctx, "add_to_management", req, &r)
}

// GetContext returns one context.
func (m *Manager) GetContext(ctx context.Context, ref ContextRef) (*ReplicationContext, error) {
	var r ReplicationContext
	var body []byte
	if ref.ContextID != "" {
		// The hot path: written by hand, as the answer is read.
		var buf [96]byte
		body = append(jsonx.AppendString(append(buf[:0], `{"context_id":`...), ref.ContextID), '}')
		return &r, m.invoke(ctx, "get_context", body, func(answer []byte) error { return decodeInto(answer, &r) })
	}
	return &r, m.call(ctx, "get_context", ref, &r)
}

// ListContexts returns a page of contexts ordered by id (filter by Status;
// the other filters do not apply and are refused).
func (m *Manager) ListContexts(ctx context.Context, f ListFilter) (*Page[ReplicationContext], error) {
	var r Page[ReplicationContext]
	return &r, m.call(ctx, "list_contexts", f, &r)
}

// GetJob returns one replication job.
func (m *Manager) GetJob(ctx context.Context, jobID string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "get_job", map[string]string{"job_id": jobID}, &r)
}

// ListJobs returns a page of jobs, newest first (filter by ContextID, Status).
func (m *Manager) ListJobs(ctx context.Context, f ListFilter) (*Page[ReplicationJob], error) {
	var r Page[ReplicationJob]
	return &r, m.call(ctx, "list_jobs", f, &r)
}

// UpdateJobProgress records the progress the host made copying a job's
// disks (overall and, optionally, per disk).
func (m *Manager) UpdateJobProgress(ctx context.Context, p JobProgress) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "update_job_progress", p, &r)
}

// CompleteJob records a job done, with the CBT change id each disk's next
// incremental starts from.
func (m *Manager) CompleteJob(ctx context.Context, req CompleteJobRequest) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "complete_job", req, &r)
}

// FailJob records a job failed, with the reason.
func (m *Manager) FailJob(ctx context.Context, jobID, reason string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "fail_job", map[string]string{"job_id": jobID, "error": reason}, &r)
}

// CancelJob cancels a job; the context returns to its status before it.
func (m *Manager) CancelJob(ctx context.Context, jobID string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "cancel_job", map[string]string{"job_id": jobID}, &r)
}

// DeleteJob deletes a finished job with the volumes and exports it owns.
func (m *Manager) DeleteJob(ctx context.Context, jobID string) (*JobDeleted, error) {
	var r JobDeleted
	return &r, m.call(ctx, "delete_job", map[string]string{"job_id": jobID}, &r)
}

// RemoveFromManagement removes a VM, cascading to everything it owns (a
// migrated VM's volumes are its own and stay).
func (m *Manager) RemoveFromManagement(ctx context.Context, ref ContextRef) (*Removed, error) {
	var r Removed
	return &r, m.call(ctx, "remove_from_management", ref, &r)
}

// TestFailover boots a test VM on clones of the replicated volumes.
func (m *Manager) TestFailover(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "test_failover", ByID(contextID), &r)
}

// CleanupTestFailover removes the test VM and its clones.
func (m *Manager) CleanupTestFailover(ctx context.Context, t FailoverTarget) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "cleanup_test_failover", t, &r)
}

// LiveFailover cuts over: the VM runs in the target cloud.
func (m *Manager) LiveFailover(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "live_failover", ByID(contextID), &r)
}

// RollbackLiveFailover undoes a live failover.
func (m *Manager) RollbackLiveFailover(ctx context.Context, t FailoverTarget) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "rollback_live_failover", t, &r)
}

// AbortOperation abandons a test or live failover that failed part-way,
// undoing what it did.
func (m *Manager) AbortOperation(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "abort_operation", ByID(contextID), &r)
}

// CompleteMigration finalises a live failover; the volumes pass to the
// migrated VM.
func (m *Manager) CompleteMigration(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "complete_migration", ByID(contextID), &r)
}

// ListVolumes returns the volumes recorded on a context.
func (m *Manager) ListVolumes(ctx context.Context, ref ContextRef) ([]VolumeRecord, error) {
	var r []VolumeRecord
	return r, m.call(ctx, "list_volumes", ref, &r)
}

// ListFailoverJobs returns a context's failover jobs, newest first.
func (m *Manager) ListFailoverJobs(ctx context.Context, ref ContextRef) ([]FailoverJob, error) {
	var r []FailoverJob
	return r, m.call(ctx, "list_failover_jobs", ref, &r)
}

// Reconcile compares the records with the volume daemon and the exporter
// and returns the plan; with req.Apply it recreates missing exports and
// removes provable orphans of ours seen for longer than req.Grace.
func (m *Manager) Reconcile(ctx context.Context, req ReconcileRequest) (*ReconcileReport, error) {
	var r ReconcileReport
	return &r, m.call(ctx, "reconcile", req, &r)
}

// LogJob returns one log job with its steps and events.
func (m *Manager) LogJob(ctx context.Context, jobID string) (*LogJob, error) {
	var r LogJob
	return &r, m.call(ctx, "log_job", map[string]string{"job_id": jobID}, &r)
}

// LogJobs returns log jobs, newest first (filter by ContextID, Status,
// Operation).
func (m *Manager) LogJobs(ctx context.Context, f ListFilter) (*Page[LogJob], error) {
	var r Page[LogJob]
	return &r, m.call(ctx, "log_jobs", f, &r)
}

// PruneJobLog deletes log jobs that finished before the given time and
// returns how many.
func (m *Manager) PruneJobLog(ctx context.Context, before time.Time) (uint64, error) {
	var r struct {
		Pruned uint64 `json:"pruned"`
	}
	err := m.call(ctx, "prune_job_log", map[string]string{"before": before.UTC().Format(time.RFC3339Nano)}, &r)
	return r.Pruned, err
}

// CreateSchedule creates a replication schedule.
func (m *Manager) CreateSchedule(ctx context.Context, req CreateScheduleRequest) (*Schedule, error) {
	var r Schedule
	return &r, m.call(ctx, "create_schedule", req, &r)
}

// ListSchedules returns every schedule.
func (m *Manager) ListSchedules(ctx context.Context) ([]Schedule, error) {
	var r []Schedule
	return r, m.call(ctx, "list_schedules", struct{}{}, &r)
}

// SetScheduleEnabled enables or disables a schedule.
func (m *Manager) SetScheduleEnabled(ctx context.Context, scheduleID string, enabled bool) (*Schedule, error) {
	var r Schedule
	return &r, m.call(ctx, "set_schedule_enabled", map[string]any{"schedule_id": scheduleID, "enabled": enabled}, &r)
}

// CreateGroup creates a group of contexts.
func (m *Manager) CreateGroup(ctx context.Context, req CreateGroupRequest) (*VMGroup, error) {
	var r VMGroup
	return &r, m.call(ctx, "create_group", req, &r)
}

// GetGroup returns a group with its members.
func (m *Manager) GetGroup(ctx context.Context, groupID string) (*GroupDetails, error) {
	var r GroupDetails
	return &r, m.call(ctx, "get_group", map[string]string{"group_id": groupID}, &r)
}

// ListGroups returns every group.
func (m *Manager) ListGroups(ctx context.Context) ([]VMGroup, error) {
	var r []VMGroup
	return r, m.call(ctx, "list_groups", struct{}{}, &r)
}

// AttachSchedule puts a group on a schedule ("" takes it off).
func (m *Manager) AttachSchedule(ctx context.Context, groupID, scheduleID string) (*VMGroup, error) {
	var r VMGroup
	body := map[string]any{"group_id": groupID, "schedule_id": nil}
	if scheduleID != "" {
		body["schedule_id"] = scheduleID
	}
	return &r, m.call(ctx, "attach_schedule", body, &r)
}

// AddToGroup puts a context in a group (a context is in at most one).
func (m *Manager) AddToGroup(ctx context.Context, req AddToGroupRequest) (*GroupMember, error) {
	var r GroupMember
	return &r, m.call(ctx, "add_to_group", req, &r)
}

// RemoveFromGroup takes a context out of its group.
func (m *Manager) RemoveFromGroup(ctx context.Context, contextID string) error {
	return m.call(ctx, "remove_from_group", map[string]string{"context_id": contextID}, nil)
}

// RunDueSchedules runs every schedule due at now (the zero time: the
// Manager's clock) and returns what each run did.
func (m *Manager) RunDueSchedules(ctx context.Context, now time.Time) ([]ScheduleExecution, error) {
	var r []ScheduleExecution
	body := map[string]any{}
	if !now.IsZero() {
		body["now"] = now.UTC().Format(time.RFC3339Nano)
	}
	return r, m.call(ctx, "run_due_schedules", body, &r)
}

// ListScheduleExecutions returns schedule executions, newest first.
func (m *Manager) ListScheduleExecutions(ctx context.Context, f ExecutionFilter) ([]ScheduleExecution, error) {
	var r []ScheduleExecution
	return r, m.call(ctx, "list_schedule_executions", f, &r)
}
