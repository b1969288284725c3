package migratekit

import (
	"context"
	"time"
)

// CreateMigration adds a VM to management (StartReplication false) or starts
// replication (nil or true), with duplicate protection.
func (m *Manager) CreateMigration(ctx context.Context, req CreateMigrationRequest) (*CreateMigrationResponse, error) {
	var r CreateMigrationResponse
	return &r, m.call(ctx, "create_migration", req, &r)
}

// AddToManagement adds a VM to management without replicating it.
func (m *Manager) AddToManagement(ctx context.Context, req AddToManagementRequest) (*ContextCreated, error) {
	var r ContextCreated
	return &r, m.call(ctx, "add_to_management", req, &r)
}

// AddToManagementBulk adds many VMs; one result per VM.
func (m *Manager) AddToManagementBulk(ctx context.Context, vms []AddToManagementRequest) (*BulkAddResponse, error) {
	var r BulkAddResponse
	return &r, m.call(ctx, "add_to_management_bulk", map[string]any{"vms": vms}, &r)
}

// GetContext returns one context.
func (m *Manager) GetContext(ctx context.Context, ref ContextRef) (*ReplicationContext, error) {
	var r ReplicationContext
	return &r, m.call(ctx, "get_context", ref, &r)
}

// ListContexts returns a page of contexts (filter by Status; ContextID and
// Operation do not apply and are refused).
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

// UpdateJobProgress records progress of a job.
func (m *Manager) UpdateJobProgress(ctx context.Context, jobID string, percent float64, bytesTransferred uint64) (*ReplicationJob, error) {
	var r ReplicationJob
	body := map[string]any{"job_id": jobID, "progress_percent": percent, "bytes_transferred": bytesTransferred}
	return &r, m.call(ctx, "update_job_progress", body, &r)
}

// ReportJobProgress records progress of a job, with bytes per disk.
func (m *Manager) ReportJobProgress(ctx context.Context, p JobProgress) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "update_job_progress", p, &r)
}

// CompleteJob records a job done with the change id the next incremental
// starts from: valid for a VM with one disk (or none); a VM with several
// disks needs CompleteJobPerDisk (ErrValidation otherwise).
func (m *Manager) CompleteJob(ctx context.Context, jobID, changeID string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "complete_job", map[string]string{"job_id": jobID, "change_id": changeID}, &r)
}

// CompleteJobPerDisk records a job done with the CBT change id of each disk
// (disk id to change id); each is where that disk's next incremental starts.
func (m *Manager) CompleteJobPerDisk(ctx context.Context, jobID string, changeIDs map[string]string) (*ReplicationJob, error) {
	var r ReplicationJob
	if changeIDs == nil {
		changeIDs = map[string]string{}
	}
	body := map[string]any{"job_id": jobID, "change_ids": changeIDs}
	return &r, m.call(ctx, "complete_job", body, &r)
}

// FailJob records a job failed.
func (m *Manager) FailJob(ctx context.Context, jobID, reason string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "fail_job", map[string]string{"job_id": jobID, "error": reason}, &r)
}

// CancelJob cancels a job.
func (m *Manager) CancelJob(ctx context.Context, jobID string) (*ReplicationJob, error) {
	var r ReplicationJob
	return &r, m.call(ctx, "cancel_job", map[string]string{"job_id": jobID}, &r)
}

// DeleteJob deletes a finished job with the volumes it created.
func (m *Manager) DeleteJob(ctx context.Context, jobID string) (*JobDeleted, error) {
	var r JobDeleted
	return &r, m.call(ctx, "delete_job", map[string]string{"job_id": jobID}, &r)
}

// RemoveFromManagement removes a VM, cascading to everything it owns.
func (m *Manager) RemoveFromManagement(ctx context.Context, ref ContextRef) (*Removed, error) {
	var r Removed
	return &r, m.call(ctx, "remove_from_management", ref, &r)
}

// TestFailover boots a test VM on the replicated volumes.
func (m *Manager) TestFailover(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "test_failover", ByID(contextID), &r)
}

// CleanupTestFailover removes the test VM and returns the volumes to replication.
func (m *Manager) CleanupTestFailover(ctx context.Context, t FailoverTarget) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "cleanup_test_failover", t, &r)
}

// LiveFailover cuts over to the target cloud.
func (m *Manager) LiveFailover(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "live_failover", ByID(contextID), &r)
}

// RollbackLiveFailover undoes a live failover.
func (m *Manager) RollbackLiveFailover(ctx context.Context, t FailoverTarget) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "rollback_live_failover", t, &r)
}

// AbortOperation abandons a test or live failover that failed part-way, undoing what it did.
func (m *Manager) AbortOperation(ctx context.Context, contextID string) (*FailoverResult, error) {
	var r FailoverResult
	return &r, m.call(ctx, "abort_operation", ByID(contextID), &r)
}

// CompleteMigration finalises a live failover.
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

// ReconcileRequest asks reconcile to apply its plan; GraceSeconds (nil: 900)
// is how long an orphan must have been seen before Apply removes it.
type ReconcileRequest struct {
	Apply        bool    `json:"apply"`
	GraceSeconds *uint64 `json:"grace_seconds,omitempty"`
}

// Reconcile compares the records with the volume daemon and the exporter and
// returns the plan; with req.Apply it recreates missing exports and removes
// provable orphans of ours past the grace period.
func (m *Manager) Reconcile(ctx context.Context, req ReconcileRequest) (*ReconcileReport, error) {
	var r ReconcileReport
	return &r, m.call(ctx, "reconcile", req, &r)
}

// LogJob returns one log job with its steps and events.
func (m *Manager) LogJob(ctx context.Context, jobID string) (*LogJob, error) {
	var r LogJob
	return &r, m.call(ctx, "log_job", map[string]string{"job_id": jobID}, &r)
}

// LogJobs returns log jobs, newest first.
func (m *Manager) LogJobs(ctx context.Context, f ListFilter) (*Page[LogJob], error) {
	var r Page[LogJob]
	return &r, m.call(ctx, "log_jobs", f, &r)
}

// PruneJobLog deletes log jobs that finished before the given time.
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

// SetScheduleEnabled enables or disables a schedule.
func (m *Manager) SetScheduleEnabled(ctx context.Context, scheduleID string, enabled bool) (*Schedule, error) {
	var r Schedule
	return &r, m.call(ctx, "set_schedule_enabled", map[string]any{"schedule_id": scheduleID, "enabled": enabled}, &r)
}

// CreateGroup creates a group of contexts, on a schedule when scheduleID is not "".
func (m *Manager) CreateGroup(ctx context.Context, name, description, scheduleID string) (*VMGroup, error) {
	var r VMGroup
	body := map[string]any{"name": name, "description": description}
	if scheduleID != "" {
		body["schedule_id"] = scheduleID
	}
	return &r, m.call(ctx, "create_group", body, &r)
}

// GetGroup returns a group with its members.
func (m *Manager) GetGroup(ctx context.Context, groupID string) (*GroupDetails, error) {
	var r GroupDetails
	return &r, m.call(ctx, "get_group", map[string]string{"group_id": groupID}, &r)
}

// AddToGroup puts a context in a group (a context is in at most one).
func (m *Manager) AddToGroup(ctx context.Context, groupID, contextID string, priority int32) (*GroupMember, error) {
	var r GroupMember
	body := map[string]any{"group_id": groupID, "context_id": contextID, "priority": priority}
	return &r, m.call(ctx, "add_to_group", body, &r)
}

// RunDueSchedules runs every schedule due at now (the zero time: the manager's clock).
func (m *Manager) RunDueSchedules(ctx context.Context, now time.Time) ([]ScheduleExecution, error) {
	var r []ScheduleExecution
	body := map[string]any{}
	if !now.IsZero() {
		body["now"] = now.UTC().Format(time.RFC3339Nano)
	}
	return r, m.call(ctx, "run_due_schedules", body, &r)
}

// ListSchedules returns every schedule.
func (m *Manager) ListSchedules(ctx context.Context) ([]Schedule, error) {
	var r []Schedule
	return r, m.call(ctx, "list_schedules", map[string]any{}, &r)
}

// ListGroups returns every group.
func (m *Manager) ListGroups(ctx context.Context) ([]VMGroup, error) {
	var r []VMGroup
	return r, m.call(ctx, "list_groups", map[string]any{}, &r)
}

// AttachSchedule attaches a schedule to a group ("" detaches it).
func (m *Manager) AttachSchedule(ctx context.Context, groupID, scheduleID string) (*VMGroup, error) {
	var r VMGroup
	body := map[string]any{"group_id": groupID, "schedule_id": nil}
	if scheduleID != "" {
		body["schedule_id"] = scheduleID
	}
	return &r, m.call(ctx, "attach_schedule", body, &r)
}

// RemoveFromGroup takes a context out of its group.
func (m *Manager) RemoveFromGroup(ctx context.Context, contextID string) error {
	return m.call(ctx, "remove_from_group", map[string]string{"context_id": contextID}, nil)
}

// ListScheduleExecutions returns executions of a schedule ("" for all), newest first.
func (m *Manager) ListScheduleExecutions(ctx context.Context, scheduleID string, limit uint32) ([]ScheduleExecution, error) {
	var r []ScheduleExecution
	body := map[string]any{}
	if scheduleID != "" {
		body["schedule_id"] = scheduleID
	}
	if limit != 0 {
		body["limit"] = limit
	}
	return r, m.call(ctx, "list_schedule_executions", body, &r)
}
