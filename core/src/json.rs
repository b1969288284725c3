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

/// Body of `remove_from_group`, and its answer.
#[derive(serde::Deserialize, Serialize)]
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

/// Parses a request body; any malformed body is a `validation` error.
pub fn parse<T: DeserializeOwned>(body: &Value) -> Result<T> {
    body.parse()
}

/// A request body the dispatch reads each operation's typed request from:
/// a JSON value (Rust and Python hosts) or the text itself (the C ABI, Go,
/// uniffi), read straight into the typed request with no value in between.
pub trait Body {
    /// The body as `T`; a body that is not a `T` is a `validation` error
    /// with the same message whichever kind of body it came from.
    fn parse<T: DeserializeOwned>(&self) -> Result<T>;
}

impl Body for Value {
    fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(self).map_err(|e| Error::validation("", e.to_string()))
    }
}

/// A body's JSON text, already checked to be JSON with no key named twice
/// ([`Text::checked`]); empty text is `{}`.
pub struct Text<'a>(&'a str);

impl<'a> Text<'a> {
    /// Checks `body`: bad JSON and an object naming a key twice are
    /// `validation` errors.
    pub fn checked(body: &'a str) -> Result<Self> {
        if body.trim().is_empty() {
            return Ok(Text("{}"));
        }
        serde_json::from_str::<NoDuplicateKeys>(body)
            .map_err(|e| Error::validation("", e.to_string()))?;
        Ok(Text(body))
    }
}

impl Body for Text<'_> {
    fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(self.0).map_err(|e| self.refusal::<T>(e))
    }
}

impl Text<'_> {
    /// The error a value body with the same JSON gets: serde_json words some
    /// refusals differently when it reads text (an enum given `[]` is
    /// "expected value" there), and every surface answers a bad body alike.
    /// Only a refused body pays for the value.
    #[cold]
    fn refusal<T: DeserializeOwned>(&self, e: serde_json::Error) -> Error {
        match serde_json::from_str::<Value>(self.0) {
            Ok(value) => match value.parse::<T>() {
                Err(canonical) => canonical,
                Ok(_) => Error::validation("", e.to_string()),
            },
            Err(_) => Error::validation("", e.to_string()),
        }
    }
}

/// What the dispatch makes of a typed answer: a JSON value ([`AsValue`]) or
/// its text ([`AsText`]), each straight from the typed answer.
pub trait Encode {
    /// The encoded answer.
    type Out;
    /// Encodes `answer`.
    fn encode<T: Serialize>(answer: &T) -> Result<Self::Out>;
}

/// Answers as [`Value`]s.
pub struct AsValue;

impl Encode for AsValue {
    type Out = Value;
    fn encode<T: Serialize>(answer: &T) -> Result<Value> {
        serde_json::to_value(answer).map_err(internal)
    }
}

/// Answers as JSON text.
pub struct AsText;

impl Encode for AsText {
    type Out = String;
    fn encode<T: Serialize>(answer: &T) -> Result<String> {
        serde_json::to_string(answer).map_err(internal)
    }
}

fn internal(e: serde_json::Error) -> Error {
    Error::Internal {
        details: e.to_string(),
    }
}

/// Runs `operation` with a JSON `body`; the answer is the operation's JSON
/// response. An unknown operation is a `validation` error.
pub async fn call(m: &Manager, operation: &str, body: &Value) -> Result<Value> {
    call_op(m, Op::from_name(operation)?, body).await
}

/// Runs the registry operation `op` with a JSON `body`: [`dispatch`] on
/// values.
pub async fn call_op(m: &Manager, op: Op, body: &Value) -> Result<Value> {
    dispatch::<_, AsValue>(m, op, body).await
}

/// Runs the registry operation `op` with `body`, its answer encoded by `E`:
/// the one dispatch of every surface, one arm per [`Op`] (the match is
/// exhaustive, so a new operation cannot be left out), each calling the
/// [`Manager`] method of the same name (whose parameter type says what the
/// body must parse as).
pub async fn dispatch<B: Body, E: Encode>(m: &Manager, op: Op, body: &B) -> Result<E::Out> {
    match op {
        Op::CreateMigration => E::encode(&m.create_migration(body.parse()?).await?),
        Op::AddToManagement => E::encode(&m.add_to_management(body.parse()?).await?),
        Op::AddToManagementBulk => {
            let b: BulkBody = body.parse()?;
            E::encode(&m.add_to_management_bulk(b.vms, None).await?)
        }
        Op::GetContext => E::encode(&m.get_context(&body.parse()?).await?),
        Op::ListContexts => E::encode(&m.list_contexts(&body.parse()?).await?),
        Op::GetJob => E::encode(&m.get_job(&body.parse::<JobRef>()?.job_id).await?),
        Op::ListJobs => E::encode(&m.list_jobs(&body.parse()?).await?),
        Op::UpdateJobProgress => E::encode(&m.update_job_progress(&body.parse()?).await?),
        Op::CompleteJob => E::encode(&m.complete_job(&body.parse()?).await?),
        Op::FailJob => E::encode(&m.fail_job(&body.parse()?).await?),
        Op::CancelJob => E::encode(&m.cancel_job(&body.parse()?).await?),
        Op::RemoveFromManagement => E::encode(&m.remove_from_management(&body.parse()?).await?),
        Op::DeleteJob => E::encode(&m.delete_job(&body.parse()?).await?),
        Op::TestFailover => E::encode(&m.test_failover(&body.parse()?).await?),
        Op::CleanupTestFailover => E::encode(&m.cleanup_test_failover(&body.parse()?).await?),
        Op::LiveFailover => E::encode(&m.live_failover(&body.parse()?).await?),
        Op::RollbackLiveFailover => E::encode(&m.rollback_live_failover(&body.parse()?).await?),
        Op::CompleteMigration => E::encode(&m.complete_migration(&body.parse()?).await?),
        Op::AbortOperation => E::encode(&m.abort_operation(&body.parse()?).await?),
        Op::ListVolumes => E::encode(&m.list_volumes(&body.parse()?).await?),
        Op::ListFailoverJobs => E::encode(&m.list_failover_jobs(&body.parse()?).await?),
        Op::Reconcile => E::encode(&m.reconcile(&body.parse()?).await?),
        Op::CreateSchedule => E::encode(&m.create_schedule(&body.parse()?).await?),
        Op::ListSchedules => {
            let _: EmptyBody = body.parse()?;
            E::encode(&m.list_schedules().await?)
        }
        Op::SetScheduleEnabled => {
            let b: EnableBody = body.parse()?;
            E::encode(&m.set_schedule_enabled(&b.schedule_id, b.enabled).await?)
        }
        Op::CreateGroup => E::encode(&m.create_group(&body.parse()?).await?),
        Op::GetGroup => E::encode(&m.get_group(&body.parse::<GroupRef>()?.group_id).await?),
        Op::ListGroups => {
            let _: EmptyBody = body.parse()?;
            E::encode(&m.list_groups().await?)
        }
        Op::AttachSchedule => {
            let b: AttachBody = body.parse()?;
            E::encode(
                &m.attach_schedule(&b.group_id, b.schedule_id.as_deref())
                    .await?,
            )
        }
        Op::AddToGroup => E::encode(&m.add_to_group(&body.parse()?).await?),
        Op::RemoveFromGroup => {
            let b: MemberRef = body.parse()?;
            m.remove_from_group(&b.context_id).await?;
            E::encode(&b)
        }
        Op::RunDueSchedules => {
            let b: RunBody = body.parse()?;
            E::encode(&m.run_due_schedules(b.now).await?)
        }
        Op::ListScheduleExecutions => {
            let b: ExecutionsBody = body.parse()?;
            E::encode(
                &m.list_schedule_executions(b.schedule_id.as_deref(), b.limit)
                    .await?,
            )
        }
        Op::LogJob => E::encode(&m.log_job(&body.parse::<JobRef>()?.job_id).await?),
        Op::LogJobs => E::encode(&m.log_jobs(&body.parse()?).await?),
        Op::PruneJobLog => {
            let b: PruneBody = body.parse()?;
            E::encode(&PruneAnswer {
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
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
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

/// An object's key, borrowed from the text when it has no escapes (the
/// check of every text body allocates nothing per key then).
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// [`call`] on text: bad JSON is a `validation` error too, and so is an
/// object naming a key twice.
pub async fn call_str(m: &Manager, operation: &str, body: &str) -> Result<String> {
    let body = Text::checked(body)?;
    dispatch::<_, AsText>(m, Op::from_name(operation)?, &body).await
}

/// [`call_op`] on text, as [`call_str`]: the body read straight into the
/// operation's typed request and the typed answer printed straight to text.
pub async fn call_op_str(m: &Manager, op: Op, body: &str) -> Result<String> {
    dispatch::<_, AsText>(m, op, &Text::checked(body)?).await
}
