//! Identifier formats (DESIGN §4). Uniqueness under concurrency is the store's
//! job: a taken id gets a `-2`, `-3`, … suffix there, never an error.

use chrono::{DateTime, Utc};

/// Longest VM-name part of a context id.
pub const MAX_NAME_PART: usize = 48;

/// `ctx-<vm name>-<YYYYMMDD-HHMMSS>`, the name reduced to letters, digits, `-`, `_`.
pub fn context_id(vm_name: &str, now: DateTime<Utc>) -> String {
    named_id("ctx", vm_name, now)
}

/// `group-<name>-<YYYYMMDD-HHMMSS>`.
pub fn group_id(name: &str, now: DateTime<Utc>) -> String {
    named_id("group", name, now)
}

/// `schedule-<name>-<YYYYMMDD-HHMMSS>`.
pub fn schedule_id(name: &str, now: DateTime<Utc>) -> String {
    named_id("schedule", name, now)
}

/// `exec-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`.
pub fn execution_id(now: DateTime<Utc>) -> String {
    prefixed_time_id("exec", now)
}

fn named_id(prefix: &str, vm_name: &str, now: DateTime<Utc>) -> String {
    let mut name: String = vm_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(MAX_NAME_PART)
        .collect();
    if name.is_empty() {
        name.push_str("vm");
    }
    format!("{prefix}-{name}-{}", now.format("%Y%m%d-%H%M%S"))
}

/// `job-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`.
pub fn job_id(now: DateTime<Utc>) -> String {
    prefixed_time_id("job", now)
}

/// `op-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`: a job-log entry.
pub fn log_job_id(now: DateTime<Utc>) -> String {
    prefixed_time_id("op", now)
}

/// `failover-<YYYYMMDD-HHMMSS.mmm>-<6 hex>`.
pub fn failover_job_id(now: DateTime<Utc>) -> String {
    prefixed_time_id("failover", now)
}

fn prefixed_time_id(prefix: &str, now: DateTime<Utc>) -> String {
    format!(
        "{prefix}-{}-{:06x}",
        now.format("%Y%m%d-%H%M%S%.3f"),
        fastrand::u32(..0x0100_0000)
    )
}

/// The `n`th candidate for a taken id: `base`, `base-2`, `base-3`, …
pub fn with_suffix(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn context_id_reduces_the_name_and_stamps_the_second() {
        let t = Utc.with_ymd_and_hms(2025, 9, 20, 12, 34, 56).unwrap();
        assert_eq!(
            context_id("test vm;--'é", t),
            "ctx-testvm---20250920-123456"
        );
        assert_eq!(context_id("", t), "ctx-vm-20250920-123456");
        let long = "a".repeat(100);
        assert_eq!(
            context_id(&long, t).len(),
            "ctx--20250920-123456".len() + 48
        );
    }

    #[test]
    fn job_id_has_millis_and_six_hex() {
        let t = Utc.with_ymd_and_hms(2025, 9, 20, 6, 8, 53).unwrap()
            + chrono::Duration::milliseconds(973);
        let id = job_id(t);
        assert!(id.starts_with("job-20250920-060853.973-"), "{id}");
        let hex = id.rsplit('-').next().unwrap();
        assert_eq!(hex.len(), 6);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
