//! The JSON contract's bodies as typed values: [`parse_request`] reads an
//! operation's request body into a [`Request`] (with the contract's rules:
//! unknown fields refused, defaults filled, the same `validation` errors as
//! every surface), and [`answer_json`] writes an [`Answer`] as the
//! contract's answer body. A host serving the contract over HTTP parses,
//! calls the typed method and answers; the shared scenario files run through
//! the typed methods the same way.
//!
//! Each variant's fields are the arguments of the [`crate::Manager`] method
//! of the same name, in order.

use crate::pages::{ContextPage, JobPage, LogJobPage};
use crate::{MkError, UtcTime};
use migratekit_core::json::{AsText, AsValue, Encode, parse, parse_bulk};
use migratekit_core::model::{
    AddToGroupRequest, AddToManagementRequest, BulkAddResponse, CompleteJobRequest, ContextCreated,
    ContextFilter, ContextRef, CreateGroupRequest, CreateMigrationRequest, CreateMigrationResponse,
    CreateScheduleRequest, FailJobRequest, FailoverJob, FailoverResult, FailoverTarget,
    GroupDetails, GroupMember, JobDeleted, JobFilter, JobRef, Page, ReconcileReport,
    ReconcileRequest, Removed, ReplicationContext, ReplicationJob, Schedule, ScheduleExecution,
    UpdateJobProgressRequest, VmGroup, VolumeRecord,
};
use migratekit_core::ports::{LogFilter, LogJob};
use migratekit_core::registry::Op;
use serde::Deserialize;
use serde_json::{Value, json};

/// An operation with its typed request: one variant per registry operation.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Request {
    /// `create_migration`.
    CreateMigration {
        /// The request.
        request: CreateMigrationRequest,
    },
    /// `add_to_management`.
    AddToManagement {
        /// The request.
        request: AddToManagementRequest,
    },
    /// `add_to_management_bulk`.
    AddToManagementBulk {
        /// The VMs.
        vms: Vec<AddToManagementRequest>,
    },
    /// `get_context`.
    GetContext {
        /// The context.
        reference: ContextRef,
    },
    /// `list_contexts`.
    ListContexts {
        /// Filter and page.
        filter: ContextFilter,
    },
    /// `get_job`.
    GetJob {
        /// The job.
        job_id: String,
    },
    /// `list_jobs`.
    ListJobs {
        /// Filter and page.
        filter: JobFilter,
    },
    /// `update_job_progress`.
    UpdateJobProgress {
        /// The progress.
        request: UpdateJobProgressRequest,
    },
    /// `complete_job`.
    CompleteJob {
        /// The completion.
        request: CompleteJobRequest,
    },
    /// `fail_job`.
    FailJob {
        /// The failure.
        request: FailJobRequest,
    },
    /// `cancel_job`.
    CancelJob {
        /// The job.
        job_id: String,
    },
    /// `remove_from_management`.
    RemoveFromManagement {
        /// The context.
        reference: ContextRef,
    },
    /// `delete_job`.
    DeleteJob {
        /// The job.
        job_id: String,
    },
    /// `test_failover`.
    TestFailover {
        /// The context.
        reference: ContextRef,
    },
    /// `cleanup_test_failover`.
    CleanupTestFailover {
        /// The context (and failover job).
        target: FailoverTarget,
    },
    /// `live_failover`.
    LiveFailover {
        /// The context.
        reference: ContextRef,
    },
    /// `rollback_live_failover`.
    RollbackLiveFailover {
        /// The context (and failover job).
        target: FailoverTarget,
    },
    /// `complete_migration`.
    CompleteMigration {
        /// The context.
        reference: ContextRef,
    },
    /// `abort_operation`.
    AbortOperation {
        /// The context.
        reference: ContextRef,
    },
    /// `list_volumes`.
    ListVolumes {
        /// The context.
        reference: ContextRef,
    },
    /// `list_failover_jobs`.
    ListFailoverJobs {
        /// The context.
        reference: ContextRef,
    },
    /// `reconcile`.
    Reconcile {
        /// Plan or apply.
        request: ReconcileRequest,
    },
    /// `create_schedule`.
    CreateSchedule {
        /// The schedule.
        request: CreateScheduleRequest,
    },
    /// `list_schedules`.
    ListSchedules,
    /// `set_schedule_enabled`.
    SetScheduleEnabled {
        /// The schedule.
        schedule_id: String,
        /// On or off.
        enabled: bool,
    },
    /// `create_group`.
    CreateGroup {
        /// The group.
        request: CreateGroupRequest,
    },
    /// `get_group`.
    GetGroup {
        /// The group.
        group_id: String,
    },
    /// `list_groups`.
    ListGroups,
    /// `attach_schedule`.
    AttachSchedule {
        /// The group.
        group_id: String,
        /// The schedule; `None` detaches.
        schedule_id: Option<String>,
    },
    /// `add_to_group`.
    AddToGroup {
        /// The membership.
        request: AddToGroupRequest,
    },
    /// `remove_from_group`.
    RemoveFromGroup {
        /// The context.
        context_id: String,
    },
    /// `run_due_schedules`.
    RunDueSchedules {
        /// The time to run at (default: the clock's now).
        now: Option<UtcTime>,
    },
    /// `list_schedule_executions`.
    ListScheduleExecutions {
        /// Only this schedule's.
        schedule_id: Option<String>,
        /// At most this many.
        limit: Option<u32>,
    },
    /// `log_job`.
    LogJob {
        /// The log job.
        job_id: String,
    },
    /// `log_jobs`.
    LogJobs {
        /// Filter and page.
        filter: LogFilter,
    },
    /// `prune_job_log`.
    PruneJobLog {
        /// Log jobs finished before this go.
        before: UtcTime,
    },
}

/// An operation's typed answer: one variant per registry operation, holding
/// what the [`crate::Manager`] method of the same name returns.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum Answer {
    /// `create_migration`.
    CreateMigration {
        /// The answer.
        answer: CreateMigrationResponse,
    },
    /// `add_to_management`.
    AddToManagement {
        /// The answer.
        answer: ContextCreated,
    },
    /// `add_to_management_bulk`.
    AddToManagementBulk {
        /// The answer.
        answer: BulkAddResponse,
    },
    /// `get_context`.
    GetContext {
        /// The answer.
        answer: ReplicationContext,
    },
    /// `list_contexts`.
    ListContexts {
        /// The answer.
        answer: ContextPage,
    },
    /// `get_job`.
    GetJob {
        /// The answer.
        answer: ReplicationJob,
    },
    /// `list_jobs`.
    ListJobs {
        /// The answer.
        answer: JobPage,
    },
    /// `update_job_progress`.
    UpdateJobProgress {
        /// The answer.
        answer: ReplicationJob,
    },
    /// `complete_job`.
    CompleteJob {
        /// The answer.
        answer: ReplicationJob,
    },
    /// `fail_job`.
    FailJob {
        /// The answer.
        answer: ReplicationJob,
    },
    /// `cancel_job`.
    CancelJob {
        /// The answer.
        answer: ReplicationJob,
    },
    /// `remove_from_management`.
    RemoveFromManagement {
        /// The answer.
        answer: Removed,
    },
    /// `delete_job`.
    DeleteJob {
        /// The answer.
        answer: JobDeleted,
    },
    /// `test_failover`.
    TestFailover {
        /// The answer.
        answer: FailoverResult,
    },
    /// `cleanup_test_failover`.
    CleanupTestFailover {
        /// The answer.
        answer: FailoverResult,
    },
    /// `live_failover`.
    LiveFailover {
        /// The answer.
        answer: FailoverResult,
    },
    /// `rollback_live_failover`.
    RollbackLiveFailover {
        /// The answer.
        answer: FailoverResult,
    },
    /// `complete_migration`.
    CompleteMigration {
        /// The answer.
        answer: FailoverResult,
    },
    /// `abort_operation`.
    AbortOperation {
        /// The answer.
        answer: FailoverResult,
    },
    /// `list_volumes`.
    ListVolumes {
        /// The answer.
        answer: Vec<VolumeRecord>,
    },
    /// `list_failover_jobs`.
    ListFailoverJobs {
        /// The answer.
        answer: Vec<FailoverJob>,
    },
    /// `reconcile`.
    Reconcile {
        /// The answer.
        answer: ReconcileReport,
    },
    /// `create_schedule`.
    CreateSchedule {
        /// The answer.
        answer: Schedule,
    },
    /// `list_schedules`.
    ListSchedules {
        /// The answer.
        answer: Vec<Schedule>,
    },
    /// `set_schedule_enabled`.
    SetScheduleEnabled {
        /// The answer.
        answer: Schedule,
    },
    /// `create_group`.
    CreateGroup {
        /// The answer.
        answer: VmGroup,
    },
    /// `get_group`.
    GetGroup {
        /// The answer.
        answer: GroupDetails,
    },
    /// `list_groups`.
    ListGroups {
        /// The answer.
        answer: Vec<VmGroup>,
    },
    /// `attach_schedule`.
    AttachSchedule {
        /// The answer.
        answer: VmGroup,
    },
    /// `add_to_group`.
    AddToGroup {
        /// The answer.
        answer: GroupMember,
    },
    /// `remove_from_group` (the method answers nothing; the contract's
    /// answer names the context).
    RemoveFromGroup {
        /// The context taken out of its group.
        context_id: String,
    },
    /// `run_due_schedules`.
    RunDueSchedules {
        /// The answer.
        answer: Vec<ScheduleExecution>,
    },
    /// `list_schedule_executions`.
    ListScheduleExecutions {
        /// The answer.
        answer: Vec<ScheduleExecution>,
    },
    /// `log_job`.
    LogJob {
        /// The answer.
        answer: LogJob,
    },
    /// `log_jobs`.
    LogJobs {
        /// The answer.
        answer: LogJobPage,
    },
    /// `prune_job_log`.
    PruneJobLog {
        /// Log jobs deleted.
        pruned: u64,
    },
}

// The bodies of the operations whose typed arguments are fields rather than
// one model type, read with the contract's rules.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleEnabled {
    schedule_id: String,
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupId {
    group_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attach {
    group_id: String,
    schedule_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextId {
    context_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunAt {
    #[serde(default)]
    now: Option<UtcTime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Executions {
    #[serde(default)]
    schedule_id: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Before {
    before: UtcTime,
}

/// Reads `operation`'s request `body` (JSON text; empty is `{}`) into a
/// typed request. An unknown operation, bad JSON, an unknown field or a
/// wrong type is a `validation` error, as on every surface.
#[uniffi::export]
pub fn parse_request(operation: String, body: String) -> Result<Request, MkError> {
    let op = Op::from_name(&operation)?;
    Ok(request_of(op, &body_value(&body)?)?)
}

/// A body's text as JSON, read as `json::call_str` reads it: empty is `{}`;
/// bad JSON, and an object naming a key twice (`{"change_ids": {"disk-1":
/// "a", "disk-1": "b"}}` must not pass as one id), are `validation` errors.
fn body_value(text: &str) -> migratekit_core::Result<Value> {
    if text.trim().is_empty() {
        return Ok(json!({}));
    }
    let invalid = |e: serde_json::Error| migratekit_core::Error::validation("", e.to_string());
    serde_json::from_str::<UniqueKeys>(text).map_err(invalid)?;
    serde_json::from_str(text).map_err(invalid)
}

/// Any JSON value whose objects name each key once.
struct UniqueKeys;

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UniqueKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<UniqueKeys>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<UniqueKeys>()?;
            if let Some(key) = seen.replace(key) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key '{key}' in an object"
                )));
            }
        }
        Ok(self)
    }
}

/// The typed request of `op` from its parsed body.
pub fn request_of(op: Op, body: &Value) -> migratekit_core::Result<Request> {
    Ok(match op {
        Op::CreateMigration => Request::CreateMigration {
            request: parse(body)?,
        },
        Op::AddToManagement => Request::AddToManagement {
            request: parse(body)?,
        },
        Op::AddToManagementBulk => Request::AddToManagementBulk {
            vms: parse_bulk(body)?,
        },
        Op::GetContext => Request::GetContext {
            reference: parse(body)?,
        },
        Op::ListContexts => Request::ListContexts {
            filter: parse(body)?,
        },
        Op::GetJob => Request::GetJob {
            job_id: parse::<JobRef>(body)?.job_id,
        },
        Op::ListJobs => Request::ListJobs {
            filter: parse(body)?,
        },
        Op::UpdateJobProgress => Request::UpdateJobProgress {
            request: parse(body)?,
        },
        Op::CompleteJob => Request::CompleteJob {
            request: parse(body)?,
        },
        Op::FailJob => Request::FailJob {
            request: parse(body)?,
        },
        Op::CancelJob => Request::CancelJob {
            job_id: parse::<JobRef>(body)?.job_id,
        },
        Op::RemoveFromManagement => Request::RemoveFromManagement {
            reference: parse(body)?,
        },
        Op::DeleteJob => Request::DeleteJob {
            job_id: parse::<JobRef>(body)?.job_id,
        },
        Op::TestFailover => Request::TestFailover {
            reference: parse(body)?,
        },
        Op::CleanupTestFailover => Request::CleanupTestFailover {
            target: parse(body)?,
        },
        Op::LiveFailover => Request::LiveFailover {
            reference: parse(body)?,
        },
        Op::RollbackLiveFailover => Request::RollbackLiveFailover {
            target: parse(body)?,
        },
        Op::CompleteMigration => Request::CompleteMigration {
            reference: parse(body)?,
        },
        Op::AbortOperation => Request::AbortOperation {
            reference: parse(body)?,
        },
        Op::ListVolumes => Request::ListVolumes {
            reference: parse(body)?,
        },
        Op::ListFailoverJobs => Request::ListFailoverJobs {
            reference: parse(body)?,
        },
        Op::Reconcile => Request::Reconcile {
            request: parse(body)?,
        },
        Op::CreateSchedule => Request::CreateSchedule {
            request: parse(body)?,
        },
        Op::ListSchedules => {
            parse::<NoFields>(body)?;
            Request::ListSchedules
        }
        Op::SetScheduleEnabled => {
            let b: ScheduleEnabled = parse(body)?;
            Request::SetScheduleEnabled {
                schedule_id: b.schedule_id,
                enabled: b.enabled,
            }
        }
        Op::CreateGroup => Request::CreateGroup {
            request: parse(body)?,
        },
        Op::GetGroup => Request::GetGroup {
            group_id: parse::<GroupId>(body)?.group_id,
        },
        Op::ListGroups => {
            parse::<NoFields>(body)?;
            Request::ListGroups
        }
        Op::AttachSchedule => {
            let b: Attach = parse(body)?;
            Request::AttachSchedule {
                group_id: b.group_id,
                schedule_id: b.schedule_id,
            }
        }
        Op::AddToGroup => Request::AddToGroup {
            request: parse(body)?,
        },
        Op::RemoveFromGroup => Request::RemoveFromGroup {
            context_id: parse::<ContextId>(body)?.context_id,
        },
        Op::RunDueSchedules => Request::RunDueSchedules {
            now: parse::<RunAt>(body)?.now,
        },
        Op::ListScheduleExecutions => {
            let b: Executions = parse(body)?;
            Request::ListScheduleExecutions {
                schedule_id: b.schedule_id,
                limit: b.limit,
            }
        }
        Op::LogJob => Request::LogJob {
            job_id: parse::<JobRef>(body)?.job_id,
        },
        Op::LogJobs => Request::LogJobs {
            filter: parse(body)?,
        },
        Op::PruneJobLog => Request::PruneJobLog {
            before: parse::<Before>(body)?.before,
        },
    })
}

impl Request {
    /// The registry operation.
    pub fn op(&self) -> Op {
        match self {
            Request::CreateMigration { .. } => Op::CreateMigration,
            Request::AddToManagement { .. } => Op::AddToManagement,
            Request::AddToManagementBulk { .. } => Op::AddToManagementBulk,
            Request::GetContext { .. } => Op::GetContext,
            Request::ListContexts { .. } => Op::ListContexts,
            Request::GetJob { .. } => Op::GetJob,
            Request::ListJobs { .. } => Op::ListJobs,
            Request::UpdateJobProgress { .. } => Op::UpdateJobProgress,
            Request::CompleteJob { .. } => Op::CompleteJob,
            Request::FailJob { .. } => Op::FailJob,
            Request::CancelJob { .. } => Op::CancelJob,
            Request::RemoveFromManagement { .. } => Op::RemoveFromManagement,
            Request::DeleteJob { .. } => Op::DeleteJob,
            Request::TestFailover { .. } => Op::TestFailover,
            Request::CleanupTestFailover { .. } => Op::CleanupTestFailover,
            Request::LiveFailover { .. } => Op::LiveFailover,
            Request::RollbackLiveFailover { .. } => Op::RollbackLiveFailover,
            Request::CompleteMigration { .. } => Op::CompleteMigration,
            Request::AbortOperation { .. } => Op::AbortOperation,
            Request::ListVolumes { .. } => Op::ListVolumes,
            Request::ListFailoverJobs { .. } => Op::ListFailoverJobs,
            Request::Reconcile { .. } => Op::Reconcile,
            Request::CreateSchedule { .. } => Op::CreateSchedule,
            Request::ListSchedules => Op::ListSchedules,
            Request::SetScheduleEnabled { .. } => Op::SetScheduleEnabled,
            Request::CreateGroup { .. } => Op::CreateGroup,
            Request::GetGroup { .. } => Op::GetGroup,
            Request::ListGroups => Op::ListGroups,
            Request::AttachSchedule { .. } => Op::AttachSchedule,
            Request::AddToGroup { .. } => Op::AddToGroup,
            Request::RemoveFromGroup { .. } => Op::RemoveFromGroup,
            Request::RunDueSchedules { .. } => Op::RunDueSchedules,
            Request::ListScheduleExecutions { .. } => Op::ListScheduleExecutions,
            Request::LogJob { .. } => Op::LogJob,
            Request::LogJobs { .. } => Op::LogJobs,
            Request::PruneJobLog { .. } => Op::PruneJobLog,
        }
    }
}

/// Writes a typed answer as the contract's JSON answer body — the text
/// `json::call` answers for the same operation, fields in the same order
/// (written straight from the typed answer, as `json::call` does; through a
/// [`Value`] they would come out sorted by name).
#[uniffi::export]
pub fn answer_json(answer: Answer) -> Result<String, MkError> {
    Ok(written::<AsText>(answer)?)
}

/// The JSON value of a typed answer.
pub fn answer_value(answer: Answer) -> migratekit_core::Result<Value> {
    written::<AsValue>(answer)
}

/// A typed answer written by `W` (the core dispatch's encoders): each variant's answer as the contract has it.
fn written<W: Encode>(answer: Answer) -> migratekit_core::Result<W::Out> {
    match answer {
        Answer::CreateMigration { answer } => W::encode(&answer),
        Answer::AddToManagement { answer } => W::encode(&answer),
        Answer::AddToManagementBulk { answer } => W::encode(&answer),
        Answer::GetContext { answer } => W::encode(&answer),
        Answer::ListContexts { answer } => W::encode(&Page::from(answer)),
        Answer::GetJob { answer }
        | Answer::UpdateJobProgress { answer }
        | Answer::CompleteJob { answer }
        | Answer::FailJob { answer }
        | Answer::CancelJob { answer } => W::encode(&answer),
        Answer::ListJobs { answer } => W::encode(&Page::from(answer)),
        Answer::RemoveFromManagement { answer } => W::encode(&answer),
        Answer::DeleteJob { answer } => W::encode(&answer),
        Answer::TestFailover { answer }
        | Answer::CleanupTestFailover { answer }
        | Answer::LiveFailover { answer }
        | Answer::RollbackLiveFailover { answer }
        | Answer::CompleteMigration { answer }
        | Answer::AbortOperation { answer } => W::encode(&answer),
        Answer::ListVolumes { answer } => W::encode(&answer),
        Answer::ListFailoverJobs { answer } => W::encode(&answer),
        Answer::Reconcile { answer } => W::encode(&answer),
        Answer::CreateSchedule { answer } | Answer::SetScheduleEnabled { answer } => {
            W::encode(&answer)
        }
        Answer::ListSchedules { answer } => W::encode(&answer),
        Answer::CreateGroup { answer } | Answer::AttachSchedule { answer } => W::encode(&answer),
        Answer::GetGroup { answer } => W::encode(&answer),
        Answer::ListGroups { answer } => W::encode(&answer),
        Answer::AddToGroup { answer } => W::encode(&answer),
        Answer::RemoveFromGroup { context_id } => W::encode(&json!({ "context_id": context_id })),
        Answer::RunDueSchedules { answer } | Answer::ListScheduleExecutions { answer } => {
            W::encode(&answer)
        }
        Answer::LogJob { answer } => W::encode(&answer),
        Answer::LogJobs { answer } => W::encode(&Page::from(answer)),
        Answer::PruneJobLog { pruned } => W::encode(&json!({ "pruned": pruned })),
    }
}
