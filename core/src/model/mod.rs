//! The data model and the JSON contract: every type here serialises to the
//! field names of DESIGN §4.

pub mod context;
pub mod cursor;
pub mod failover;
pub mod ids;
pub mod job;
pub mod names;
pub mod reconcile;
pub mod request;
pub mod response;
pub mod schedule;
pub mod status;

pub use context::{ContextFilter, ContextRef, ReplicationContext, VmIdentity};
pub use failover::{
    FailoverJob, FailoverKind, FailoverResult, FailoverStatus, FailoverTarget, TestClone,
    VolumeRecord,
};
pub use job::{DiskChangeIds, DiskProgress, JobFilter, ReplicationJob};
pub use reconcile::{DEFAULT_GRACE_SECONDS, ReconcileReport, ReconcileRequest};
pub use request::{
    AddToManagementRequest, CompleteJobRequest, CreateMigrationRequest, FailJobRequest, JobRef,
    SourceDisk, SourceNetwork, SourceVm, UpdateJobProgressRequest,
};
pub use response::{
    BulkAddResponse, BulkItemResult, BulkProgress, ContextCreated, CreateMigrationResponse,
    JobDeleted, JobStarted, Page, Removed,
};
pub use schedule::{
    AddToGroupRequest, CreateGroupRequest, CreateScheduleRequest, GroupDetails, GroupMember,
    Schedule, ScheduleExecution, VmGroup,
};
pub use status::{JobStatus, ReplicationType, Status};
