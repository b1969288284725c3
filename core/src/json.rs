//! The JSON surface: every operation by name, JSON body in, JSON body out.
//! The bindings and the scenario runner go through here, so every surface
//! parses and answers exactly alike.

use crate::error::{Error, Result};
use crate::manager::Manager;
use crate::model::{AddToManagementRequest, JobRef};
use crate::registry::Op;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every operation [`call`] knows, by wire name: [`Op::NAMES`], the
/// registry's.
pub const OPERATIONS: &[&str] = Op::NAMES;

/// Body of `add_to_management_bulk`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkBody {
    vms: Vec<AddToManagementRequest>,
}

/// A body that must be empty (`{}`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EmptyBody {}

/// Body of `set_schedule_enabled`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EnableBody {
    schedule_id: String,
    enabled: bool,
}

/// Body of `get_group`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupRef {
    group_id: String,
}

/// Body of `attach_schedule` (`schedule_id: null` detaches).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AttachBody {
    group_id: String,
    schedule_id: Option<String>,
}

/// Body of `remove_from_group`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRef {
    context_id: String,
}

/// Body of `run_due_schedules`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RunBody {
    #[serde(default)]
    now: Option<DateTime<Utc>>,
}

/// Body of `list_schedule_executions`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExecutionsBody {
    #[serde(default)]
    schedule_id: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

/// Body of `prune_job_log`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PruneBody {
    before: DateTime<Utc>,
}

/// Body of `prune_job_log`'s answer.
#[derive(Serialize)]
struct PruneAnswer {
    pruned: u64,
}

/// The VMs of an `add_to_management_bulk` body (`{"vms": [...]}`); the
/// bindings use it to add their progress callback.
pub fn parse_bulk(body: &Value) -> Result<Vec<AddToManagementRequest>> {
    Ok(parse::<BulkBody>(body)?.vms)
}

/// Parses a request body; any malformed body is a `validation` error
/// naming the field where it went wrong (`source_vm.cpus`), as the bindings
/// name a value they cannot convert.
pub fn parse<T: DeserializeOwned>(body: &Value) -> Result<T> {
    T::deserialize(body).map_err(|e| Error::validation(field_of::<T>(body), e.to_string()))
}

/// Where `body` fails to parse as `T`: a second walk, paid only by a body
/// that was refused ("" for the body as a whole).
fn field_of<T: DeserializeOwned>(body: &Value) -> String {
    match serde_path_to_error::deserialize::<_, T>(body) {
        Err(e) => {
            let path = e.path().to_string();
            if path == "." { String::new() } else { path }
        }
        Ok(_) => String::new(),
    }
}

fn to_value<T: Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Internal {
        details: e.to_string(),
    })
}

/// Runs `operation` with a JSON `body`; the answer is the operation's JSON
/// response. An unknown operation is a `validation` error.
pub async fn call(m: &Manager, operation: &str, body: &Value) -> Result<Value> {
    call_op(m, Op::from_name(operation)?, body).await
}

/// Runs the registry operation `op` with a JSON `body`: the one dispatch of
/// every surface, one arm per [`Op`] (the match is exhaustive, so a new
/// operation cannot be left out), each calling the [`Manager`] method of
/// the same name (whose parameter type says what the body must parse as).
pub async fn call_op(m: &Manager, op: Op, body: &Value) -> Result<Value> {
    match op {
        Op::CreateMigration => to_value(m.create_migration(parse(body)?).await?),
        Op::AddToManagement => to_value(m.add_to_management(parse(body)?).await?),
        Op::AddToManagementBulk => {
            to_value(m.add_to_management_bulk(parse_bulk(body)?, None).await?)
        }
        Op::GetContext => to_value(m.get_context(&parse(body)?).await?),
        Op::ListContexts => to_value(m.list_contexts(&parse(body)?).await?),
        Op::GetJob => to_value(m.get_job(&parse::<JobRef>(body)?.job_id).await?),
        Op::ListJobs => to_value(m.list_jobs(&parse(body)?).await?),
        Op::UpdateJobProgress => to_value(m.update_job_progress(&parse(body)?).await?),
        Op::CompleteJob => to_value(m.complete_job(&parse(body)?).await?),
        Op::FailJob => to_value(m.fail_job(&parse(body)?).await?),
        Op::CancelJob => to_value(m.cancel_job(&parse(body)?).await?),
        Op::RemoveFromManagement => to_value(m.remove_from_management(&parse(body)?).await?),
        Op::DeleteJob => to_value(m.delete_job(&parse(body)?).await?),
        Op::TestFailover => to_value(m.test_failover(&parse(body)?).await?),
        Op::CleanupTestFailover => to_value(m.cleanup_test_failover(&parse(body)?).await?),
        Op::LiveFailover => to_value(m.live_failover(&parse(body)?).await?),
        Op::RollbackLiveFailover => to_value(m.rollback_live_failover(&parse(body)?).await?),
        Op::CompleteMigration => to_value(m.complete_migration(&parse(body)?).await?),
        Op::AbortOperation => to_value(m.abort_operation(&parse(body)?).await?),
        Op::ListVolumes => to_value(m.list_volumes(&parse(body)?).await?),
        Op::ListFailoverJobs => to_value(m.list_failover_jobs(&parse(body)?).await?),
        Op::Reconcile => to_value(m.reconcile(&parse(body)?).await?),
        Op::CreateSchedule => to_value(m.create_schedule(&parse(body)?).await?),
        Op::ListSchedules => {
            let _: EmptyBody = parse(body)?;
            to_value(m.list_schedules().await?)
        }
        Op::SetScheduleEnabled => {
            let b: EnableBody = parse(body)?;
            to_value(m.set_schedule_enabled(&b.schedule_id, b.enabled).await?)
        }
        Op::CreateGroup => to_value(m.create_group(&parse(body)?).await?),
        Op::GetGroup => to_value(m.get_group(&parse::<GroupRef>(body)?.group_id).await?),
        Op::ListGroups => {
            let _: EmptyBody = parse(body)?;
            to_value(m.list_groups().await?)
        }
        Op::AttachSchedule => {
            let b: AttachBody = parse(body)?;
            to_value(
                m.attach_schedule(&b.group_id, b.schedule_id.as_deref())
                    .await?,
            )
        }
        Op::AddToGroup => to_value(m.add_to_group(&parse(body)?).await?),
        Op::RemoveFromGroup => {
            let b: MemberRef = parse(body)?;
            m.remove_from_group(&b.context_id).await?;
            Ok(serde_json::json!({"context_id": b.context_id}))
        }
        Op::RunDueSchedules => {
            let b: RunBody = parse(body)?;
            to_value(m.run_due_schedules(b.now).await?)
        }
        Op::ListScheduleExecutions => {
            let b: ExecutionsBody = parse(body)?;
            to_value(
                m.list_schedule_executions(b.schedule_id.as_deref(), b.limit)
                    .await?,
            )
        }
        Op::LogJob => to_value(m.log_job(&parse::<JobRef>(body)?.job_id).await?),
        Op::LogJobs => to_value(m.log_jobs(&parse(body)?).await?),
        Op::PruneJobLog => {
            let b: PruneBody = parse(body)?;
            to_value(PruneAnswer {
                pruned: m.prune_job_log(b.before).await?,
            })
        }
    }
}

/// Walks a JSON text and refuses an object that names a key twice (parsing
/// into a [`Value`] would silently keep the last: `{"change_ids": {"disk-1":
/// "a", "disk-1": "b"}}` must not pass as one id).
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeysVisitor)
    }
}

struct NoDuplicateKeysVisitor;

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_str<E>(self, _: &str) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_unit<E>(self) -> std::result::Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<NoDuplicateKeys, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<NoDuplicateKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<NoDuplicateKeys>()?;
            if let Some(key) = seen.replace(key) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key '{key}' in an object"
                )));
            }
        }
        Ok(NoDuplicateKeys)
    }
}

/// [`call`] on text: bad JSON is a `validation` error too, and so is an
/// object naming a key twice.
pub async fn call_str(m: &Manager, operation: &str, body: &str) -> Result<String> {
    let body = parse_text(body)?;
    answer_text(call(m, operation, &body).await?)
}

/// [`call_op`] on text, as [`call_str`].
pub async fn call_op_str(m: &Manager, op: Op, body: &str) -> Result<String> {
    let body = parse_text(body)?;
    answer_text(call_op(m, op, &body).await?)
}

/// A body's text as JSON (empty text is `{}`); bad JSON and an object naming
/// a key twice are `validation` errors.
fn parse_text(body: &str) -> Result<Value> {
    if body.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_str::<NoDuplicateKeys>(body)
        .map_err(|e| Error::validation("", e.to_string()))?;
    serde_json::from_str(body).map_err(|e| Error::validation("", e.to_string()))
}

fn answer_text(answer: Value) -> Result<String> {
    serde_json::to_string(&answer).map_err(|e| Error::Internal {
        details: e.to_string(),
    })
}
