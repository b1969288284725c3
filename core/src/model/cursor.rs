//! Keyset cursors: where the next page of a listing starts.
//!
//! A page answers `next_cursor` when it is full; passing it back as `after`
//! gives the next page at the cost of the first, however deep — unlike
//! `offset`, which the store must count past (O(offset); kept for
//! compatibility and small listings). A cursor is opaque to callers: the
//! context id for contexts (ordered by id), `<started_at>/<id>` for jobs and
//! log jobs (newest first).

use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};

/// Longest cursor accepted.
const MAX_CURSOR: usize = 512;

/// The cursor after an item listed newest first by (start time, id).
pub fn after_started(at: DateTime<Utc>, id: &str) -> String {
    format!("{}/{id}", at.to_rfc3339_opts(SecondsFormat::Micros, true))
}

/// A newest-first cursor's start time and id; `validation` naming `after`
/// when it is not one this library gave.
pub fn parse_started(cursor: &str) -> Result<(DateTime<Utc>, String)> {
    let bad = not_a_cursor;
    let (at, id) = cursor.split_once('/').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    if id.is_empty() || id.len() > MAX_CURSOR {
        return Err(bad());
    }
    Ok((at.with_timezone(&Utc), id.to_owned()))
}

/// A context listing's cursor (a context id); `validation` when it cannot
/// be one. Context ids are `ctx-` and letters, digits, `-`, `_` only
/// (`ids::context_id`), so a job's cursor or made-up text is refused rather
/// than read as a position (which would answer a wrong page, silently).
pub fn check_context(cursor: &str) -> Result<()> {
    let shaped = cursor.starts_with("ctx-")
        && cursor.len() <= MAX_CURSOR
        && cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !shaped {
        return Err(not_a_cursor());
    }
    Ok(())
}

/// The one refusal of a cursor this library did not give.
fn not_a_cursor() -> Error {
    Error::validation(
        "after",
        "not a cursor of this listing (pass the next_cursor of a previous page)",
    )
}
