//! Conversions between model values and SQLite columns.

use super::db::DbError;
use chrono::{DateTime, SecondsFormat, Utc};

use crate::model::response::{DEFAULT_PAGE, MAX_PAGE};

/// Timestamps are stored as fixed-width RFC 3339 text (microseconds, `Z`), so
/// text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(column: &'static str, s: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DbError::Corrupt {
            column,
            value: s.to_owned(),
        })
}

pub(crate) fn parse_opt_ts(
    column: &'static str,
    s: Option<String>,
) -> Result<Option<DateTime<Utc>>, DbError> {
    s.map(|s| parse_ts(column, &s)).transpose()
}

pub(crate) fn parse_enum<T>(
    column: &'static str,
    s: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, DbError> {
    parse(s).ok_or_else(|| DbError::Corrupt {
        column,
        value: s.to_owned(),
    })
}

pub(crate) fn page_limit(limit: Option<u32>) -> i64 {
    i64::from(limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE))
}

pub(crate) fn page_offset(offset: u64) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
}

/// `u64` counters are stored as SQLite's signed 64-bit integers.
pub(crate) fn to_sql_u64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub(crate) fn from_sql_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Every row of `rows`, mapped.
pub(crate) fn collect<T>(
    mut rows: rusqlite::Rows<'_>,
    map: impl Fn(&rusqlite::Row<'_>) -> Result<T, DbError>,
) -> Result<Vec<T>, DbError> {
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(map(row)?);
    }
    Ok(out)
}

/// Whether `e` is a violation of a UNIQUE or PRIMARY KEY constraint.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}
