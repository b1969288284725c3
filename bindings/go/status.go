package migratekit

// Status is where a replication context stands in the lifecycle (README:
// Lifecycle).
type Status string

// The statuses of a context.
const (
	// StatusDiscovered: under management, no replication has run yet.
	StatusDiscovered Status = "discovered"
	// StatusReplicating: a replication job is active.
	StatusReplicating Status = "replicating"
	// StatusReadyForFailover: the last replication succeeded.
	StatusReadyForFailover Status = "ready_for_failover"
	// StatusFailed: the last replication failed; it can be retried.
	StatusFailed Status = "failed"
	// StatusFailedOverTest: a test VM runs on clones of the replica.
	StatusFailedOverTest Status = "failed_over_test"
	// StatusFailedOverLive: cut over; the VM runs in the target cloud.
	StatusFailedOverLive Status = "failed_over_live"
	// StatusCompleted: migration finalised; the context is history.
	StatusCompleted Status = "completed"
)

// JobStatus is where a replication job stands.
type JobStatus string

// The statuses of a replication job.
const (
	JobPending   JobStatus = "pending"
	JobRunning   JobStatus = "running"
	JobCompleted JobStatus = "completed"
	JobFailed    JobStatus = "failed"
	JobCancelled JobStatus = "cancelled"
)

// ReplicationType says whether a job copies whole disks or changes only.
type ReplicationType string

// The replication types.
const (
	// ReplicationInitial copies every disk whole.
	ReplicationInitial ReplicationType = "initial"
	// ReplicationIncremental copies the blocks changed since each disk's
	// last change id (a disk added since then is copied whole).
	ReplicationIncremental ReplicationType = "incremental"
)

// FailoverKind is a test or a live failover.
type FailoverKind string

// The failover kinds.
const (
	FailoverTest FailoverKind = "test"
	FailoverLive FailoverKind = "live"
)

// FailoverStatus is where a failover job stands.
type FailoverStatus string

// The statuses of a failover job.
const (
	FailoverInProgress FailoverStatus = "in_progress"
	FailoverActive     FailoverStatus = "active"
	FailoverCleaned    FailoverStatus = "cleaned"
	FailoverRolledBack FailoverStatus = "rolled_back"
	FailoverCompleted  FailoverStatus = "completed"
	FailoverAborted    FailoverStatus = "aborted"
)

// LogStatus is where a log job or one of its steps stands.
type LogStatus string

// The statuses of log jobs and steps.
const (
	LogRunning   LogStatus = "running"
	LogCompleted LogStatus = "completed"
	LogFailed    LogStatus = "failed"
	// LogSkipped: the step found its effect in place (a resumed run).
	LogSkipped LogStatus = "skipped"
)

// PowerState is a target VM's power state.
type PowerState string

// The power states.
const (
	PowerOn  PowerState = "on"
	PowerOff PowerState = "off"
)

// BulkResult is the outcome for one VM of a bulk add.
type BulkResult string

// The outcomes of a bulk add.
const (
	BulkAdded          BulkResult = "added"
	BulkAlreadyManaged BulkResult = "already_managed"
	// BulkInvalid: the VM was refused; Error says why.
	BulkInvalid BulkResult = "invalid"
	// BulkFailed: the store could not write the VM's batch; running the
	// same bulk add again completes it.
	BulkFailed BulkResult = "failed"
)

// Durability is what a committed write survives.
type Durability string

// The durability settings.
const (
	// DurabilityNormal (the default): a committed write survives the
	// process being killed; a power loss may lose the last commits, never
	// corrupting the database.
	DurabilityNormal Durability = "normal"
	// DurabilityFull: a committed write survives a power loss too, at one
	// fsync per commit (per group of concurrent commits).
	DurabilityFull Durability = "full"
)
