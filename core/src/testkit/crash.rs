//! Crash points: the process aborts — killed, not unwound — when a named step
//! of a named operation is reached, before it runs or right after its effect
//! and before its completion is recorded.
//!
//! Set `MIGRATEKIT_CRASH_AT=<operation>:<step>:<before|after>` in a child
//! process's environment, or call [`set`] in-process.

use std::sync::{LazyLock, Mutex};

/// When, relative to the step, the process dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the step's effect.
    Before,
    /// After the step's effect, before the job log and the store record it done.
    After,
}

impl Phase {
    fn parse(s: &str) -> Option<Phase> {
        match s {
            "before" => Some(Phase::Before),
            "after" => Some(Phase::After),
            _ => None,
        }
    }
}

/// The environment variable read once at the first step.
pub const ENV: &str = "MIGRATEKIT_CRASH_AT";

type Point = (String, String, Phase);

static POINT: LazyLock<Mutex<Option<Point>>> = LazyLock::new(|| {
    let parsed = std::env::var(ENV).ok().and_then(|v| {
        let mut parts = v.splitn(3, ':');
        let op = parts.next()?.to_owned();
        let step = parts.next()?.to_owned();
        let phase = Phase::parse(parts.next()?)?;
        Some((op, step, phase))
    });
    Mutex::new(parsed)
});

/// Arms a crash point in this process.
pub fn set(operation: &str, step: &str, phase: Phase) {
    *POINT.lock().unwrap_or_else(|e| e.into_inner()) =
        Some((operation.to_owned(), step.to_owned(), phase));
}

/// Disarms it.
pub fn clear() {
    *POINT.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// Called by the job tracker at every step boundary.
pub(crate) fn point(operation: &str, step: &str, phase: Phase) {
    let hit = POINT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_some_and(|(o, s, p)| o == operation && s == step && *p == phase);
    if hit {
        eprintln!("migratekit testkit: crashing at {operation}:{step}:{phase:?}");
        std::process::abort();
    }
}
