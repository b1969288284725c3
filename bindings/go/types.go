package migratekit

import (
	"encoding/json"
	"time"
)

// SourceDisk is a disk of the source VM.
type SourceDisk struct {
	ID         string `json:"id"`
	Label      string `json:"label,omitempty"`
	SizeGB     uint64 `json:"size_gb"`
	Datastore  string `json:"datastore,omitempty"`
	UnitNumber uint32 `json:"unit_number,omitempty"`
}

// SourceNetwork is a network adapter of the source VM.
type SourceNetwork struct {
	Label      string `json:"label,omitempty"`
	MacAddress string `json:"mac_address,omitempty"`
}

// SourceVM is the VM as discovered in vCenter.
type SourceVM struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Path       string          `json:"path,omitempty"`
	CPUs       uint32          `json:"cpus,omitempty"`
	MemoryMB   uint64          `json:"memory_mb,omitempty"`
	OSType     string          `json:"os_type,omitempty"`
	PowerState string          `json:"power_state,omitempty"`
	Disks      []SourceDisk    `json:"disks,omitempty"`
	Networks   []SourceNetwork `json:"networks,omitempty"`
}

// CreateMigrationRequest is the create_migration request; StartReplication nil means true.
type CreateMigrationRequest struct {
	SourceVM            SourceVM `json:"source_vm"`
	OsseaConfigID       int64    `json:"ossea_config_id,omitempty"`
	StartReplication    *bool    `json:"start_replication,omitempty"`
	ReplicationType     string   `json:"replication_type,omitempty"`
	TargetNetwork       string   `json:"target_network,omitempty"`
	VCenterHost         string   `json:"vcenter_host,omitempty"`
	Datacenter          string   `json:"datacenter,omitempty"`
	ChangeID            string   `json:"change_id,omitempty"`
	PreviousChangeID    string   `json:"previous_change_id,omitempty"`
	SnapshotID          string   `json:"snapshot_id,omitempty"`
	ScheduleExecutionID string   `json:"schedule_execution_id,omitempty"`
	VMGroupID           string   `json:"vm_group_id,omitempty"`
	ScheduledBy         string   `json:"scheduled_by,omitempty"`
}

// AddToManagementRequest is one VM of add_to_management(_bulk).
type AddToManagementRequest struct {
	SourceVM      SourceVM `json:"source_vm"`
	OsseaConfigID int64    `json:"ossea_config_id,omitempty"`
	TargetNetwork string   `json:"target_network,omitempty"`
	VCenterHost   string   `json:"vcenter_host,omitempty"`
	Datacenter    string   `json:"datacenter,omitempty"`
}

// ContextCreated answers create_migration with start_replication false.
type ContextCreated struct {
	ContextID     string    `json:"context_id"`
	VMName        string    `json:"vm_name"`
	VMwareVMID    string    `json:"vmware_vm_id"`
	CurrentStatus string    `json:"current_status"`
	Message       string    `json:"message"`
	CreatedAt     time.Time `json:"created_at"`
}

// JobStarted answers create_migration that started a job.
type JobStarted struct {
	JobID           string    `json:"job_id"`
	ContextID       string    `json:"context_id"`
	Status          string    `json:"status"`
	ProgressPercent float64   `json:"progress_percent"`
	CreatedVolumes  uint32    `json:"created_volumes"`
	MountedVolumes  uint32    `json:"mounted_volumes"`
	StartedAt       time.Time `json:"started_at"`
	// PreviousChangeIDs maps every disk of the VM to the change id its copy
	// starts from; "" means copy the disk whole.
	PreviousChangeIDs map[string]string `json:"previous_change_ids"`
	Message           string            `json:"message"`
}

// CreateMigrationResponse holds exactly one of the two answers.
type CreateMigrationResponse struct {
	Context *ContextCreated
	Job     *JobStarted
}

// UnmarshalJSON picks the answer by its fields.
func (r *CreateMigrationResponse) UnmarshalJSON(b []byte) error {
	var probe struct {
		JobID *string `json:"job_id"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return err
	}
	if probe.JobID != nil {
		r.Job = &JobStarted{}
		return json.Unmarshal(b, r.Job)
	}
	r.Context = &ContextCreated{}
	return json.Unmarshal(b, r.Context)
}

// ContextID of either answer.
func (r *CreateMigrationResponse) ContextID() string {
	if r.Job != nil {
		return r.Job.ContextID
	}
	return r.Context.ContextID
}

// ReplicationContext is a VM under management.
type ReplicationContext struct {
	ContextID           string   `json:"context_id"`
	VMName              string   `json:"vm_name"`
	VMwareVMID          string   `json:"vmware_vm_id"`
	VCenterHost         string   `json:"vcenter_host"`
	Datacenter          string   `json:"datacenter"`
	OsseaConfigID       int64    `json:"ossea_config_id"`
	TargetNetwork       string   `json:"target_network"`
	SourceVM            SourceVM `json:"source_vm"`
	CurrentStatus       string   `json:"current_status"`
	CurrentJobID        *string  `json:"current_job_id"`
	LastSuccessfulJobID *string  `json:"last_successful_job_id"`
	LastChangeID        *string  `json:"last_change_id"`
	// LastChangeIDs maps each disk to its change id of the last completed sync.
	LastChangeIDs        map[string]string `json:"last_change_ids"`
	ActiveOperation      *string           `json:"active_operation"`
	ActiveOperationJobID *string           `json:"active_operation_job_id"`
	LastError            *string           `json:"last_error"`
	CreatedAt            time.Time         `json:"created_at"`
	UpdatedAt            time.Time         `json:"updated_at"`
	LastStatusChange     time.Time         `json:"last_status_change"`
}

// ReplicationJob is one replication run.
type ReplicationJob struct {
	JobID            string  `json:"job_id"`
	ContextID        string  `json:"context_id"`
	ReplicationType  string  `json:"replication_type"`
	Status           string  `json:"status"`
	PreviousStatus   string  `json:"previous_status"`
	ProgressPercent  float64 `json:"progress_percent"`
	BytesTransferred uint64  `json:"bytes_transferred"`
	TotalBytes       *uint64 `json:"total_bytes"`
	ChangeID         string  `json:"change_id"`
	PreviousChangeID string  `json:"previous_change_id"`
	// PreviousChangeIDs maps every disk of the VM when the job started to
	// the change id its copy starts from ("": copy it whole).
	PreviousChangeIDs map[string]string `json:"previous_change_ids"`
	NewChangeID       *string           `json:"new_change_id"`
	// NewChangeIDs maps each disk to the change id the job produced.
	NewChangeIDs map[string]string `json:"new_change_ids"`
	// DiskProgress holds the bytes per disk the host reported.
	DiskProgress        map[string]DiskProgress `json:"disk_progress"`
	SnapshotID          string                  `json:"snapshot_id"`
	ScheduleExecutionID string                  `json:"schedule_execution_id"`
	VMGroupID           string                  `json:"vm_group_id"`
	ScheduledBy         string                  `json:"scheduled_by"`
	CreatedVolumes      uint32                  `json:"created_volumes"`
	MountedVolumes      uint32                  `json:"mounted_volumes"`
	Error               *string                 `json:"error"`
	StartedAt           time.Time               `json:"started_at"`
	UpdatedAt           time.Time               `json:"updated_at"`
	FinishedAt          *time.Time              `json:"finished_at"`
}

// DiskProgress is the bytes of one disk of a job; TotalBytes nil keeps the
// total reported before.
type DiskProgress struct {
	BytesTransferred uint64  `json:"bytes_transferred"`
	TotalBytes       *uint64 `json:"total_bytes,omitempty"`
}

// JobProgress is an update_job_progress request; Disks (optional) gives the
// bytes per disk, each a disk of the job's VM.
type JobProgress struct {
	JobID            string                  `json:"job_id"`
	ProgressPercent  float64                 `json:"progress_percent"`
	BytesTransferred uint64                  `json:"bytes_transferred"`
	TotalBytes       *uint64                 `json:"total_bytes,omitempty"`
	Disks            map[string]DiskProgress `json:"disks,omitempty"`
}

// Page is one page of a listing.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextOffset *uint64 `json:"next_offset"`
}

// ContextRef names a context: by ContextID, by VCenterHost+VMwareVMID, by VMwareVMID, or by VMName.
type ContextRef struct {
	ContextID   string
	VCenterHost string
	VMwareVMID  string
	VMName      string
}

// MarshalJSON writes the reference in the contract's shape.
func (r ContextRef) MarshalJSON() ([]byte, error) {
	switch {
	case r.ContextID != "":
		return json.Marshal(map[string]string{"context_id": r.ContextID})
	case r.VMwareVMID != "" && r.VCenterHost != "":
		return json.Marshal(map[string]any{"vm": map[string]string{"vcenter_host": r.VCenterHost, "vmware_vm_id": r.VMwareVMID}})
	case r.VMwareVMID != "":
		return json.Marshal(map[string]string{"vmware_vm_id": r.VMwareVMID})
	case r.VMName != "":
		return json.Marshal(map[string]string{"vm_name": r.VMName})
	}
	return []byte("{}"), nil
}

// ByID names a context by its id.
func ByID(contextID string) ContextRef { return ContextRef{ContextID: contextID} }

// FailoverTarget names the context of a cleanup or rollback.
type FailoverTarget struct {
	ContextID     string `json:"context_id,omitempty"`
	VMID          string `json:"vm_id,omitempty"`
	VMName        string `json:"vm_name,omitempty"`
	FailoverJobID string `json:"failover_job_id,omitempty"`
}

// BulkItemResult is the outcome for one VM of a bulk add.
type BulkItemResult struct {
	Result            string         `json:"result"`
	Index             int            `json:"index"`
	ContextID         string         `json:"context_id,omitempty"`
	ExistingContextID string         `json:"existing_context_id,omitempty"`
	VMwareVMID        string         `json:"vmware_vm_id,omitempty"`
	Error             map[string]any `json:"error,omitempty"`
}

// BulkAddResponse answers add_to_management_bulk.
type BulkAddResponse struct {
	Added          int `json:"added"`
	AlreadyManaged int `json:"already_managed"`
	Invalid        int `json:"invalid"`
	// Failed counts VMs whose batch the store could not write; running the
	// same bulk add again completes them.
	Failed  int              `json:"failed"`
	Results []BulkItemResult `json:"results"`
}

// Removed answers remove_from_management.
type Removed struct {
	ContextID   string `json:"context_id"`
	JobsDeleted uint64 `json:"jobs_deleted"`
	LogJobID    string `json:"log_job_id"`
}

// JobDeleted answers delete_job.
type JobDeleted struct {
	JobID          string   `json:"job_id"`
	ContextID      string   `json:"context_id"`
	VolumesDeleted []string `json:"volumes_deleted"`
	Status         string   `json:"status"`
	LogJobID       string   `json:"log_job_id"`
}

// VolumeRecord is a target volume recorded on a context.
type VolumeRecord struct {
	VolumeID       string  `json:"volume_id"`
	ContextID      string  `json:"context_id"`
	DiskID         string  `json:"disk_id"`
	Name           string  `json:"name"`
	SizeBytes      uint64  `json:"size_bytes"`
	DevicePath     *string `json:"device_path"`
	ExportName     string  `json:"export_name"`
	CreatedByJobID string  `json:"created_by_job_id"`
	// OwnerJobID is the job that last replicated into the volume.
	OwnerJobID string    `json:"owner_job_id"`
	CreatedAt  time.Time `json:"created_at"`
}

// FailoverJob is a test or live failover.
type FailoverJob struct {
	FailoverJobID     string  `json:"failover_job_id"`
	ContextID         string  `json:"context_id"`
	Kind              string  `json:"kind"`
	Status            string  `json:"status"`
	DestinationVMName string  `json:"destination_vm_name"`
	DestinationVMID   *string `json:"destination_vm_id"`
	LogJobID          string  `json:"log_job_id"`
	// Clones are the clones of the replica a test VM runs on (none for a
	// live failover, which runs on the replica itself).
	Clones    []TestClone `json:"clones"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// TestClone is a writable point-in-time clone of one replica volume.
type TestClone struct {
	DiskID         string `json:"disk_id"`
	SourceVolumeID string `json:"source_volume_id"`
	VolumeID       string `json:"volume_id"`
	Name           string `json:"name"`
}

// FailoverResult answers the failover operations.
type FailoverResult struct {
	ContextID       string   `json:"context_id"`
	FailoverJobID   string   `json:"failover_job_id"`
	DestinationVMID *string  `json:"destination_vm_id"`
	Status          string   `json:"status"`
	LogJobID        string   `json:"log_job_id"`
	SkippedSteps    []string `json:"skipped_steps"`
	Warnings        []string `json:"warnings"`
}

// ReconcileReport answers reconcile: the plan, and with Apply what was done.
type ReconcileReport struct {
	Applied         bool     `json:"applied"`
	ContextsChecked int      `json:"contexts_checked"`
	PlannedRepairs  []string `json:"planned_repairs"`
	PlannedRemovals []string `json:"planned_removals"`
	Repaired        []string `json:"repaired"`
	Removed         []string `json:"removed"`
	Reported        []string `json:"reported"`
	LogJobID        string   `json:"log_job_id"`
}

// LogEvent is a tracing event stored with its step.
type LogEvent struct {
	At      time.Time `json:"at"`
	Level   string    `json:"level"`
	Target  string    `json:"target"`
	Message string    `json:"message"`
}

// LogStep is a step of a log job.
type LogStep struct {
	Seq        uint32     `json:"seq"`
	Name       string     `json:"name"`
	Status     string     `json:"status"`
	Error      *string    `json:"error"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Events     []LogEvent `json:"events"`
}

// LogJob is an operation in the job log.
type LogJob struct {
	JobID      string     `json:"job_id"`
	Operation  string     `json:"operation"`
	ContextID  *string    `json:"context_id"`
	Status     string     `json:"status"`
	Error      *string    `json:"error"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Steps      []LogStep  `json:"steps"`
}

// ListFilter pages listings; Status and ContextID filter where the listing supports them.
type ListFilter struct {
	ContextID string `json:"context_id,omitempty"`
	Status    string `json:"status,omitempty"`
	Operation string `json:"operation,omitempty"`
	Limit     uint32 `json:"limit,omitempty"`
	Offset    uint64 `json:"offset,omitempty"`
}

// Schedule is a replication schedule: a 5-field cron expression read in a time zone.
type Schedule struct {
	ScheduleID        string    `json:"schedule_id"`
	Name              string    `json:"name"`
	CronExpression    string    `json:"cron_expression"`
	Timezone          string    `json:"timezone"`
	Enabled           bool      `json:"enabled"`
	MaxConcurrentJobs uint32    `json:"max_concurrent_jobs"`
	CreatedAt         time.Time `json:"created_at"`
}

// CreateScheduleRequest creates a schedule; Timezone "" means UTC, MaxConcurrentJobs 0 means 5.
type CreateScheduleRequest struct {
	Name              string `json:"name"`
	CronExpression    string `json:"cron_expression"`
	Timezone          string `json:"timezone,omitempty"`
	Enabled           *bool  `json:"enabled,omitempty"`
	MaxConcurrentJobs uint32 `json:"max_concurrent_jobs,omitempty"`
}

// VMGroup is a group of contexts.
type VMGroup struct {
	GroupID     string    `json:"group_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	ScheduleID  *string   `json:"schedule_id"`
	CreatedAt   time.Time `json:"created_at"`
}

// GroupMember is a context's membership of a group (lower priority runs first).
type GroupMember struct {
	GroupID   string    `json:"group_id"`
	ContextID string    `json:"context_id"`
	Priority  int32     `json:"priority"`
	AddedAt   time.Time `json:"added_at"`
}

// GroupDetails is a group with its members.
type GroupDetails struct {
	VMGroup
	Members []GroupMember `json:"members"`
}

// ScheduleExecution is one run of a schedule for one group.
type ScheduleExecution struct {
	ExecutionID       string    `json:"execution_id"`
	ScheduleID        string    `json:"schedule_id"`
	GroupID           string    `json:"group_id"`
	DueAt             time.Time `json:"due_at"`
	StartedAt         time.Time `json:"started_at"`
	JobsStarted       uint32    `json:"jobs_started"`
	SkippedActive     uint32    `json:"skipped_active"`
	SkippedLimit      uint32    `json:"skipped_limit"`
	SkippedIneligible uint32    `json:"skipped_ineligible"`
	Failed            uint32    `json:"failed"`
	JobIDs            []string  `json:"job_ids"`
}
