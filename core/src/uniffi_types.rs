//! The model's field types uniffi has no builtin for, as uniffi custom types
//! (feature `uniffi`, for `bindings/uniffi`). Each maps onto a builtin once,
//! here, so every record that holds one derives as it is.
//!
//! They are `remote` custom types (the Rust types belong to other crates), so
//! a crate that uses one in its own signatures names it with
//! `uniffi::use_remote_type!(migratekit_core::<alias>)`.

use crate::model::{DiskChangeIds, DiskProgress};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};
use uniffi::deps::anyhow;

/// A point in time: `DateTime<Utc>` in Rust, the host's own time type in a
/// binding (Go `time.Time`, Python `datetime.datetime` — microseconds only).
pub type UtcTime = DateTime<Utc>;

/// A count or an index (`usize` in Rust), an unsigned 64-bit integer in a
/// binding.
pub type Usize = usize;

/// A JSON object, as its text: the typed fields of an error body
/// (`existing_context_id`, `job_id`, …), whose set depends on the code.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Bytes per disk of a job, by disk id.
pub type DiskProgressByDisk = BTreeMap<String, DiskProgress>;

uniffi::custom_type!(UtcTime, SystemTime, {
    remote,
    lower: |t| SystemTime::from(t),
    // chrono's own `From<SystemTime>` panics out of its range; a host's time
    // that far out is refused instead.
    try_lift: |t| {
        let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => (i64::try_from(d.as_secs())?, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let secs = -i64::try_from(d.as_secs())?;
                match d.subsec_nanos() {
                    0 => (secs, 0),
                    n => (secs - 1, 1_000_000_000 - n),
                }
            }
        };
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| anyhow::anyhow!("time out of range: {secs} s from 1970"))
    },
});

uniffi::custom_type!(Usize, u64, {
    remote,
    lower: |n| n as u64,
    try_lift: |n| Ok(usize::try_from(n)?),
});

uniffi::custom_type!(JsonObject, String, {
    remote,
    lower: |m| serde_json::Value::Object(m).to_string(),
    try_lift: |s| Ok(serde_json::from_str(&s)?),
});

uniffi::custom_type!(DiskChangeIds, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

uniffi::custom_type!(DiskProgressByDisk, HashMap<String, DiskProgress>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});
