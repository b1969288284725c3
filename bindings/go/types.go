package migratekit

import (
	"encoding/json"
	"fmt"
	"time"
)

// SourceDisk is a disk of the source VM.
type SourceDisk struct {
	// ID is vCenter's id of the disk ("disk-2000").
	ID string `json:"id"`
	// Label is the disk's label ("Hard disk 1").
	Label string `json:"label,omitempty"`
	// SizeGB is the disk's size in GiB; its target volume gets as much.
	SizeGB uint64 `json:"size_gb"`
	// Datastore is the datastore holding the disk.
	Datastore string `json:"datastore,omitempty"`
	// UnitNumber is the disk's unit on its controller.
	UnitNumber uint32 `json:"unit_number,omitempty"`
}

// SourceNetwork is a network adapter of the source VM.
type SourceNetwork struct {
	// Label is the network's name in vCenter ("VM Network").
	Label string `json:"label,omitempty"`
	// MACAddress is the adapter's MAC address.
	MACAddress string `json:"mac_address,omitempty"`
}

// SourceVM is the VM as discovered in vCenter.
type SourceVM struct {
	// ID is vCenter's managed-object id ("vm-123"), required; unique only
	// within one vCenter.
	ID string `json:"id"`
	// Name is the VM's name; the context id is derived from it.
	Name string `json:"name"`
	// Path is the VM's inventory path.
	Path string `json:"path,omitempty"`
	// CPUs is the number of virtual CPUs (the target VM gets as many).
	CPUs uint32 `json:"cpus,omitempty"`
	// MemoryMB is the memory in MiB.
	MemoryMB uint64 `json:"memory_mb,omitempty"`
	// OSType is the guest OS family.
	OSType string `json:"os_type,omitempty"`
	// PowerState is vCenter's power state ("poweredOn").
	PowerState string `json:"power_state,omitempty"`
	// Disks are the VM's disks; each gets a target volume.
	Disks []SourceDisk `json:"disks,omitempty"`
	// Networks are the VM's network adapters.
	Networks []SourceNetwork `json:"networks,omitempty"`
}

// CreateMigrationRequest is the create_migration request (the original
// system's POST /api/v1/replications).
type CreateMigrationRequest struct {
	// SourceVM is the VM to manage or replicate.
	SourceVM SourceVM `json:"source_vm"`
	// OSSEAConfigID names the target cloud configuration.
	OSSEAConfigID int64 `json:"ossea_config_id,omitempty"`
	// StartReplication false adds the VM to management only; nil or true
	// starts a replication job (reusing the VM's context).
	StartReplication *bool `json:"start_replication,omitempty"`
	// ReplicationType forces initial or incremental ("": the library
	// decides from the context's history).
	ReplicationType ReplicationType `json:"replication_type,omitempty"`
	// TargetNetwork is the network the failed-over VM joins.
	TargetNetwork string `json:"target_network,omitempty"`
	// VCenterHost is the vCenter the VM lives in: with SourceVM.ID, the
	// VM's identity.
	VCenterHost string `json:"vcenter_host,omitempty"`
	// Datacenter is the VM's datacenter.
	Datacenter string `json:"datacenter,omitempty"`
	// ChangeID is the VM's current CBT change id, if the host knows it.
	ChangeID string `json:"change_id,omitempty"`
	// PreviousChangeID is a change id to start from (legacy, one disk).
	PreviousChangeID string `json:"previous_change_id,omitempty"`
	// SnapshotID is the VMware snapshot the copy reads.
	SnapshotID string `json:"snapshot_id,omitempty"`
	// ScheduleExecutionID, VMGroupID and ScheduledBy tie a job to the
	// schedule run that started it.
	ScheduleExecutionID string `json:"schedule_execution_id,omitempty"`
	VMGroupID           string `json:"vm_group_id,omitempty"`
	ScheduledBy         string `json:"scheduled_by,omitempty"`
}

// AddToManagementRequest is one VM of AddToManagement and
// AddToManagementBulk.
type AddToManagementRequest struct {
	// SourceVM is the VM to manage.
	SourceVM SourceVM `json:"source_vm"`
	// OSSEAConfigID names the target cloud configuration.
	OSSEAConfigID int64 `json:"ossea_config_id,omitempty"`
	// TargetNetwork is the network the failed-over VM joins.
	TargetNetwork string `json:"target_network,omitempty"`
	// VCenterHost is the vCenter the VM lives in.
	VCenterHost string `json:"vcenter_host,omitempty"`
	// Datacenter is the VM's datacenter.
	Datacenter string `json:"datacenter,omitempty"`
}

// BulkAddRequest adds many VMs at once (a whole vCenter).
type BulkAddRequest struct {
	// VMs are the VMs to add.
	VMs []AddToManagementRequest
	// Progress (optional) is called after each batch with how many of the
	// VMs are done, on the calling goroutine.
	Progress func(done, total int)
}

// ContextCreated answers create_migration with start_replication false.
type ContextCreated struct {
	// ContextID is the new context (ctx-<vm name>-<YYYYMMDD-HHMMSS>).
	ContextID string `json:"context_id"`
	// VMName is the VM's name.
	VMName string `json:"vm_name"`
	// VMwareVMID is vCenter's id of the VM.
	VMwareVMID string `json:"vmware_vm_id"`
	// CurrentStatus is StatusDiscovered.
	CurrentStatus Status `json:"current_status"`
	// Message is "VM added to management successfully".
	Message string `json:"message"`
	// CreatedAt is when the context was created.
	CreatedAt time.Time `json:"created_at"`
}

// JobStarted answers create_migration that started a job.
type JobStarted struct {
	// JobID is the new job (job-<YYYYMMDD-HHMMSS.mmm>-<6 hex>).
	JobID string `json:"job_id"`
	// ContextID is the VM's context (reused when it existed).
	ContextID string `json:"context_id"`
	// Status is StatusReplicating.
	Status Status `json:"status"`
	// ProgressPercent is 0.
	ProgressPercent float64 `json:"progress_percent"`
	// CreatedVolumes is how many target volumes the start created.
	CreatedVolumes uint32 `json:"created_volumes"`
	// MountedVolumes is how many are attached to the appliance.
	MountedVolumes uint32 `json:"mounted_volumes"`
	// StartedAt is when the job started.
	StartedAt time.Time `json:"started_at"`
	// PreviousChangeIDs maps every disk of the VM to the change id its copy
	// starts from; "" means copy the disk whole.
	PreviousChangeIDs map[string]string `json:"previous_change_ids"`
	// Message describes the start.
	Message string `json:"message"`
}

// CreateMigrationResponse holds exactly one of the two answers.
type CreateMigrationResponse struct {
	// Context is set when the VM was only added to management.
	Context *ContextCreated
	// Job is set when a replication job started.
	Job *JobStarted
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
	// ContextID identifies the context everywhere.
	ContextID string `json:"context_id"`
	// VMName is the VM's name.
	VMName string `json:"vm_name"`
	// VMwareVMID is vCenter's id of the VM (with VCenterHost, its identity).
	VMwareVMID string `json:"vmware_vm_id"`
	// VCenterHost is the VM's vCenter (lower case).
	VCenterHost string `json:"vcenter_host"`
	// Datacenter is the VM's datacenter.
	Datacenter string `json:"datacenter"`
	// OSSEAConfigID names the target cloud configuration.
	OSSEAConfigID int64 `json:"ossea_config_id"`
	// TargetNetwork is the network the failed-over VM joins.
	TargetNetwork string `json:"target_network"`
	// SourceVM is the VM as last reported.
	SourceVM SourceVM `json:"source_vm"`
	// CurrentStatus is where the context stands.
	CurrentStatus Status `json:"current_status"`
	// CurrentJobID is the active replication job, if any.
	CurrentJobID *string `json:"current_job_id"`
	// LastSuccessfulJobID is the last completed replication job, if any.
	LastSuccessfulJobID *string `json:"last_successful_job_id"`
	// LastChangeID is the one disk's change id of the last sync (nil once
	// a VM with several disks synced per disk).
	LastChangeID *string `json:"last_change_id"`
	// LastChangeIDs maps each disk to its change id of the last sync.
	LastChangeIDs map[string]string `json:"last_change_ids"`
	// ActiveOperation is the operation holding the context's lock, if any.
	ActiveOperation *string `json:"active_operation"`
	// ActiveOperationJobID is that operation's log job.
	ActiveOperationJobID *string `json:"active_operation_job_id"`
	// LastError says why the last operation failed, if it did.
	LastError *string `json:"last_error"`
	// CreatedAt is when the context was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when it last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// LastStatusChange is when its status last changed.
	LastStatusChange time.Time `json:"last_status_change"`
}

// ReplicationJob is one replication run of a context.
type ReplicationJob struct {
	// JobID identifies the job.
	JobID string `json:"job_id"`
	// ContextID is the job's context.
	ContextID string `json:"context_id"`
	// ReplicationType is initial or incremental.
	ReplicationType ReplicationType `json:"replication_type"`
	// Status is where the job stands.
	Status JobStatus `json:"status"`
	// PreviousStatus is the context's status before the job (a cancel
	// returns to it).
	PreviousStatus Status `json:"previous_status"`
	// ProgressPercent is the progress the host reported.
	ProgressPercent float64 `json:"progress_percent"`
	// BytesTransferred is the bytes copied so far.
	BytesTransferred uint64 `json:"bytes_transferred"`
	// TotalBytes is the bytes to copy, when the host reported it.
	TotalBytes *uint64 `json:"total_bytes"`
	// ChangeID is the change id the request carried.
	ChangeID string `json:"change_id"`
	// PreviousChangeID is the one disk's starting change id (legacy).
	PreviousChangeID string `json:"previous_change_id"`
	// PreviousChangeIDs maps every disk of the VM when the job started to
	// the change id its copy starts from ("": copy it whole).
	PreviousChangeIDs map[string]string `json:"previous_change_ids"`
	// NewChangeID is the one disk's change id the job produced (legacy).
	NewChangeID *string `json:"new_change_id"`
	// NewChangeIDs maps each disk to the change id the job produced.
	NewChangeIDs map[string]string `json:"new_change_ids"`
	// DiskProgress holds the bytes per disk the host reported.
	DiskProgress map[string]DiskProgress `json:"disk_progress"`
	// SnapshotID is the VMware snapshot the copy reads.
	SnapshotID string `json:"snapshot_id"`
	// ScheduleExecutionID, VMGroupID and ScheduledBy name the schedule run
	// that started the job ("" when a host did).
	ScheduleExecutionID string `json:"schedule_execution_id"`
	VMGroupID           string `json:"vm_group_id"`
	ScheduledBy         string `json:"scheduled_by"`
	// CreatedVolumes is how many target volumes the start created.
	CreatedVolumes uint32 `json:"created_volumes"`
	// MountedVolumes is how many are attached to the appliance.
	MountedVolumes uint32 `json:"mounted_volumes"`
	// Error says why a failed job failed.
	Error *string `json:"error"`
	// StartedAt is when the job started.
	StartedAt time.Time `json:"started_at"`
	// UpdatedAt is when it last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// FinishedAt is when it ended, if it did.
	FinishedAt *time.Time `json:"finished_at"`
}

// DiskProgress is the bytes of one disk of a job.
type DiskProgress struct {
	// BytesTransferred is the disk's bytes copied so far.
	BytesTransferred uint64 `json:"bytes_transferred"`
	// TotalBytes is the disk's bytes to copy; nil in a report keeps the
	// total reported before.
	TotalBytes *uint64 `json:"total_bytes,omitempty"`
}

// JobProgress is an update_job_progress request.
type JobProgress struct {
	// JobID is the job.
	JobID string `json:"job_id"`
	// ProgressPercent is the progress, 0 to 100.
	ProgressPercent float64 `json:"progress_percent"`
	// BytesTransferred is the bytes copied so far.
	BytesTransferred uint64 `json:"bytes_transferred"`
	// TotalBytes is the bytes to copy (nil: unknown, or as reported before).
	TotalBytes *uint64 `json:"total_bytes,omitempty"`
	// Disks (optional) gives the bytes per disk, each a disk of the job's
	// VM; merged into the job's DiskProgress.
	Disks map[string]DiskProgress `json:"disks,omitempty"`
}

// CompleteJobRequest reports a job done with where each disk's next
// incremental starts.
type CompleteJobRequest struct {
	// JobID is the job.
	JobID string `json:"job_id"`
	// ChangeIDs maps each disk of the job's VM to its new CBT change id.
	ChangeIDs map[string]string `json:"change_ids,omitempty"`
	// ChangeID is the change id of a VM with one disk (or none); for
	// several disks it is refused (ErrValidation): use ChangeIDs.
	ChangeID string `json:"change_id,omitempty"`
}

// Page is one page of a listing.
type Page[T any] struct {
	// Items are the page's items.
	Items []T `json:"items"`
	// NextOffset is where the next page starts, nil on the last page.
	NextOffset *uint64 `json:"next_offset"`
	// NextCursor names the next page ("" on the last page); pass it as
	// ListFilter.After.
	NextCursor string `json:"next_cursor,omitempty"`
}

// ContextRef names a context one way: by ContextID, by
// VCenterHost+VMwareVMID, by VMwareVMID, or by VMName (a name or id
// matching several contexts is ErrAmbiguous). A reference that names it
// two ways (ContextID and VMName, VCenterHost and VMName, …) is
// ErrValidation. The json tags name the fields in validation errors;
// MarshalJSON writes the contract's shape.
type ContextRef struct {
	// ContextID is the context's id.
	ContextID string `json:"context_id"`
	// VCenterHost is the VM's vCenter; only with VMwareVMID.
	VCenterHost string `json:"vcenter_host"`
	// VMwareVMID is vCenter's id of the VM.
	VMwareVMID string `json:"vmware_vm_id"`
	// VMName is the VM's name.
	VMName string `json:"vm_name"`
}

// MarshalJSON writes the reference in the contract's shape.
func (r ContextRef) MarshalJSON() ([]byte, error) {
	// Every way of naming that is set goes out, so that a reference naming
	// a context two ways (an id and another VM's name, a name and a
	// vCenter) is refused by the library as it is, never narrowed here to
	// one of them: a removal through it would remove the wrong VM.
	ref := make(map[string]any, 1)
	if r.ContextID != "" {
		ref["context_id"] = r.ContextID
	}
	switch {
	case r.VCenterHost != "" && r.VMwareVMID != "":
		ref["vm"] = map[string]string{"vcenter_host": r.VCenterHost, "vmware_vm_id": r.VMwareVMID}
	case r.VCenterHost != "":
		ref["vm"] = map[string]string{"vcenter_host": r.VCenterHost}
	case r.VMwareVMID != "":
		ref["vmware_vm_id"] = r.VMwareVMID
	}
	if r.VMName != "" {
		ref["vm_name"] = r.VMName
	}
	return json.Marshal(ref)
}

// ByID names a context by its id.
func ByID(contextID string) ContextRef { return ContextRef{ContextID: contextID} }

// FailoverTarget names the failover a cleanup or rollback undoes: by
// ContextID, or for compatibility by VMID (vCenter's id) or VMName;
// FailoverJobID picks one failover job.
type FailoverTarget struct {
	ContextID     string `json:"context_id,omitempty"`
	VMID          string `json:"vm_id,omitempty"`
	VMName        string `json:"vm_name,omitempty"`
	FailoverJobID string `json:"failover_job_id,omitempty"`
}

// BulkItemResult is the outcome for one VM of a bulk add.
type BulkItemResult struct {
	// Result is what happened to the VM.
	Result BulkResult `json:"result"`
	// Index is the VM's position in the request.
	Index int `json:"index"`
	// ContextID is the context created (BulkAdded).
	ContextID string `json:"context_id,omitempty"`
	// ExistingContextID is the VM's context (BulkAlreadyManaged).
	ExistingContextID string `json:"existing_context_id,omitempty"`
	// VMwareVMID is vCenter's id of the VM.
	VMwareVMID string `json:"vmware_vm_id,omitempty"`
	// Error is the error body of a BulkInvalid or BulkFailed VM.
	Error map[string]any `json:"error,omitempty"`
}

// BulkAddResponse answers AddToManagementBulk: one result per VM.
type BulkAddResponse struct {
	// Added counts the contexts created.
	Added int `json:"added"`
	// AlreadyManaged counts the VMs that had a context.
	AlreadyManaged int `json:"already_managed"`
	// Invalid counts the VMs refused.
	Invalid int `json:"invalid"`
	// Failed counts VMs whose batch the store could not write; running the
	// same bulk add again completes them.
	Failed int `json:"failed"`
	// Results holds one result per VM, in request order.
	Results []BulkItemResult `json:"results"`
}

// Removed answers RemoveFromManagement.
type Removed struct {
	// ContextID is the removed context.
	ContextID string `json:"context_id"`
	// JobsDeleted counts its replication jobs deleted with it.
	JobsDeleted uint64 `json:"jobs_deleted"`
	// LogJobID is the removal's log job (kept as the audit trail).
	LogJobID string `json:"log_job_id"`
}

// JobDeleted answers DeleteJob.
type JobDeleted struct {
	// JobID is the deleted job.
	JobID string `json:"job_id"`
	// ContextID is its context.
	ContextID string `json:"context_id"`
	// VolumesDeleted are the volumes the job owned, deleted with it.
	VolumesDeleted []string `json:"volumes_deleted"`
	// Status is the context's status afterwards.
	Status Status `json:"status"`
	// LogJobID is the deletion's log job.
	LogJobID string `json:"log_job_id"`
}

// VolumeRecord is a target volume recorded on a context.
type VolumeRecord struct {
	// VolumeID is the volume daemon's id.
	VolumeID string `json:"volume_id"`
	// ContextID is the context.
	ContextID string `json:"context_id"`
	// DiskID is the source disk the volume replicates.
	DiskID string `json:"disk_id"`
	// Name is the volume's name.
	Name string `json:"name"`
	// SizeBytes is its size.
	SizeBytes uint64 `json:"size_bytes"`
	// DevicePath is its device on the appliance, when attached.
	DevicePath *string `json:"device_path"`
	// ExportName is its NBD export (migration-vol-<volume id>).
	ExportName string `json:"export_name"`
	// CreatedByJobID is the job that created it.
	CreatedByJobID string `json:"created_by_job_id"`
	// OwnerJobID is the job that last replicated into it.
	OwnerJobID string `json:"owner_job_id"`
	// CreatedAt is when it was recorded.
	CreatedAt time.Time `json:"created_at"`
}

// FailoverJob is a test or live failover of a context.
type FailoverJob struct {
	// FailoverJobID identifies it.
	FailoverJobID string `json:"failover_job_id"`
	// ContextID is the context.
	ContextID string `json:"context_id"`
	// Kind is test or live.
	Kind FailoverKind `json:"kind"`
	// Status is where it stands.
	Status FailoverStatus `json:"status"`
	// DestinationVMName is the target VM's (deterministic) name.
	DestinationVMName string `json:"destination_vm_name"`
	// DestinationVMID is the target VM, once created.
	DestinationVMID *string `json:"destination_vm_id"`
	// LogJobID is the failover's log job.
	LogJobID string `json:"log_job_id"`
	// Clones are the clones of the replica a test VM runs on (none for a
	// live failover, which runs on the replica itself).
	Clones []TestClone `json:"clones"`
	// CreatedAt is when it started.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when it last changed.
	UpdatedAt time.Time `json:"updated_at"`
}

// TestClone is a writable point-in-time clone of one replica volume.
type TestClone struct {
	// DiskID is the source disk.
	DiskID string `json:"disk_id"`
	// SourceVolumeID is the replica volume cloned.
	SourceVolumeID string `json:"source_volume_id"`
	// VolumeID is the clone.
	VolumeID string `json:"volume_id"`
	// Name is the clone's name.
	Name string `json:"name"`
}

// FailoverResult answers the failover operations.
type FailoverResult struct {
	// ContextID is the context.
	ContextID string `json:"context_id"`
	// FailoverJobID is the failover job.
	FailoverJobID string `json:"failover_job_id"`
	// DestinationVMID is the target VM, if any.
	DestinationVMID *string `json:"destination_vm_id"`
	// Status is the context's status afterwards.
	Status Status `json:"status"`
	// LogJobID is the operation's log job.
	LogJobID string `json:"log_job_id"`
	// SkippedSteps are the steps a resumed run found done already.
	SkippedSteps []string `json:"skipped_steps"`
	// Warnings are what went wrong without failing the operation.
	Warnings []string `json:"warnings"`
}

// ReconcileRequest asks reconcile for a plan, or to apply it.
type ReconcileRequest struct {
	// Apply recreates missing exports and removes provable orphans.
	Apply bool
	// Grace is how long an orphan must have been seen before Apply removes
	// it (0: 15 minutes); rounded up to whole seconds, never down (less
	// grace than asked would remove sooner). Negative is ErrValidation.
	Grace time.Duration
}

// MarshalJSON writes the request in the contract's shape.
func (r ReconcileRequest) MarshalJSON() ([]byte, error) {
	if r.Grace < 0 {
		return nil, validationError("grace_seconds", fmt.Sprintf("a negative grace (%v)", r.Grace))
	}
	body := map[string]any{"apply": r.Apply}
	if r.Grace > 0 {
		body["grace_seconds"] = uint64((r.Grace + time.Second - 1) / time.Second)
	}
	return json.Marshal(body)
}

// ReconcileReport answers reconcile: the plan, and with Apply what was done.
type ReconcileReport struct {
	// Applied says whether the plan was carried out.
	Applied bool `json:"applied"`
	// ContextsChecked counts the contexts compared.
	ContextsChecked int `json:"contexts_checked"`
	// PlannedRepairs are the exports it would recreate.
	PlannedRepairs []string `json:"planned_repairs"`
	// PlannedRemovals are the orphans it would remove.
	PlannedRemovals []string `json:"planned_removals"`
	// Repaired are the exports recreated (Apply).
	Repaired []string `json:"repaired"`
	// Removed are the orphans removed (Apply).
	Removed []string `json:"removed"`
	// Reported are the differences it never touches.
	Reported []string `json:"reported"`
	// LogJobID is the run's log job.
	LogJobID string `json:"log_job_id"`
}

// LogEvent is a tracing event stored with its step.
type LogEvent struct {
	// At is when it was emitted.
	At time.Time `json:"at"`
	// Level is INFO, WARN or ERROR.
	Level string `json:"level"`
	// Target is the emitting module.
	Target string `json:"target"`
	// Message is the message followed by its key=value fields.
	Message string `json:"message"`
}

// LogStep is a step of a log job.
type LogStep struct {
	// Seq is the step's place in its job, from 1.
	Seq uint32 `json:"seq"`
	// Name is the step ("create-test-vm").
	Name string `json:"name"`
	// Status is where the step stands.
	Status LogStatus `json:"status"`
	// Error says why a failed step failed.
	Error *string `json:"error"`
	// StartedAt is when it started.
	StartedAt time.Time `json:"started_at"`
	// FinishedAt is when it ended, if it did.
	FinishedAt *time.Time `json:"finished_at"`
	// Events are the events emitted inside it.
	Events []LogEvent `json:"events"`
}

// LogJob is an operation in the job log.
type LogJob struct {
	// JobID identifies the log job.
	JobID string `json:"job_id"`
	// Operation is the operation ("test_failover").
	Operation string `json:"operation"`
	// ContextID is its context, if it had one.
	ContextID *string `json:"context_id"`
	// CorrelationID correlates log jobs of one request.
	CorrelationID *string `json:"correlation_id"`
	// ParentJobID is the log job this one ran inside (a schedule run).
	ParentJobID *string `json:"parent_job_id"`
	// Status is where it stands.
	Status LogStatus `json:"status"`
	// Error says why a failed operation failed.
	Error *string `json:"error"`
	// StartedAt is when it started.
	StartedAt time.Time `json:"started_at"`
	// FinishedAt is when it ended, if it did.
	FinishedAt *time.Time `json:"finished_at"`
	// Steps are its steps in order.
	Steps []LogStep `json:"steps"`
}

// ListFilter pages and filters a listing; each listing refuses the fields
// it has no use for (ErrValidation).
type ListFilter struct {
	// ContextID keeps one context's jobs or log jobs.
	ContextID string `json:"context_id,omitempty"`
	// Status keeps items in one status (a Status, JobStatus or LogStatus
	// as text).
	Status string `json:"status,omitempty"`
	// Operation keeps log jobs of one operation.
	Operation string `json:"operation,omitempty"`
	// Limit is the page size (0: 100; at most 10,000).
	Limit uint32 `json:"limit,omitempty"`
	// Offset skips items (each page costs more the further it goes: prefer
	// After).
	Offset uint64 `json:"offset,omitempty"`
	// After is a page's NextCursor: the page after it (keyset paging: any
	// page costs what the first does).
	After string `json:"after,omitempty"`
}

// Schedule is a replication schedule: a 5-field cron expression read in a
// time zone.
type Schedule struct {
	// ScheduleID identifies it.
	ScheduleID string `json:"schedule_id"`
	// Name is its unique name.
	Name string `json:"name"`
	// CronExpression is a 5-field cron expression.
	CronExpression string `json:"cron_expression"`
	// Timezone is the IANA zone the expression is read in.
	Timezone string `json:"timezone"`
	// Enabled schedules run; disabled ones do not.
	Enabled bool `json:"enabled"`
	// MaxConcurrentJobs caps a group's active jobs.
	MaxConcurrentJobs uint32 `json:"max_concurrent_jobs"`
	// CreatedAt is when it was created.
	CreatedAt time.Time `json:"created_at"`
}

// CreateScheduleRequest creates a schedule.
type CreateScheduleRequest struct {
	// Name is the schedule's unique name.
	Name string `json:"name"`
	// CronExpression is a 5-field cron expression.
	CronExpression string `json:"cron_expression"`
	// Timezone is the IANA zone ("": UTC).
	Timezone string `json:"timezone,omitempty"`
	// Enabled (nil: true).
	Enabled *bool `json:"enabled,omitempty"`
	// MaxConcurrentJobs caps a group's active jobs (0: 5).
	MaxConcurrentJobs uint32 `json:"max_concurrent_jobs,omitempty"`
}

// CreateGroupRequest creates a group of contexts.
type CreateGroupRequest struct {
	// Name is the group's unique name.
	Name string `json:"name"`
	// Description is free text.
	Description string `json:"description,omitempty"`
	// ScheduleID puts the group on a schedule ("": none).
	ScheduleID string `json:"schedule_id,omitempty"`
}

// AddToGroupRequest puts a context in a group.
type AddToGroupRequest struct {
	// GroupID is the group.
	GroupID string `json:"group_id"`
	// ContextID is the context (in at most one group).
	ContextID string `json:"context_id"`
	// Priority orders the group's members (lower runs first; 0 is a
	// priority like any other).
	Priority int32 `json:"priority"`
}

// ExecutionFilter selects schedule executions.
type ExecutionFilter struct {
	// ScheduleID keeps one schedule's executions ("": all).
	ScheduleID string `json:"schedule_id,omitempty"`
	// Limit caps how many (0: the library's default).
	Limit uint32 `json:"limit,omitempty"`
}

// VMGroup is a group of contexts.
type VMGroup struct {
	// GroupID identifies it.
	GroupID string `json:"group_id"`
	// Name is its unique name.
	Name string `json:"name"`
	// Description is free text.
	Description string `json:"description"`
	// ScheduleID is its schedule, if any.
	ScheduleID *string `json:"schedule_id"`
	// CreatedAt is when it was created.
	CreatedAt time.Time `json:"created_at"`
}

// GroupMember is a context's membership of a group.
type GroupMember struct {
	// GroupID is the group.
	GroupID string `json:"group_id"`
	// ContextID is the context.
	ContextID string `json:"context_id"`
	// Priority orders members (lower runs first).
	Priority int32 `json:"priority"`
	// AddedAt is when it joined.
	AddedAt time.Time `json:"added_at"`
}

// GroupDetails is a group with its members.
type GroupDetails struct {
	VMGroup
	// Members are the group's contexts, by priority.
	Members []GroupMember `json:"members"`
}

// ScheduleExecution is one run of a schedule for one group.
type ScheduleExecution struct {
	// ExecutionID identifies it (it lands on every job it started).
	ExecutionID string `json:"execution_id"`
	// ScheduleID is the schedule.
	ScheduleID string `json:"schedule_id"`
	// GroupID is the group.
	GroupID string `json:"group_id"`
	// DueAt is the cron time it ran for.
	DueAt time.Time `json:"due_at"`
	// StartedAt is when it ran.
	StartedAt time.Time `json:"started_at"`
	// JobsStarted counts the jobs it started.
	JobsStarted uint32 `json:"jobs_started"`
	// SkippedActive counts members with an active job.
	SkippedActive uint32 `json:"skipped_active"`
	// SkippedLimit counts members over MaxConcurrentJobs.
	SkippedLimit uint32 `json:"skipped_limit"`
	// SkippedIneligible counts members in a status that cannot replicate.
	SkippedIneligible uint32 `json:"skipped_ineligible"`
	// Failed counts members whose start failed.
	Failed uint32 `json:"failed"`
	// JobIDs are the jobs it started.
	JobIDs []string `json:"job_ids"`
}
