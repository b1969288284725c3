//! Time as a port, so schedules and timestamps are deterministic in tests.

use chrono::{DateTime, Duration, Utc};
use std::fmt::Debug;
use std::sync::Mutex;

/// Where the library reads the time.
pub trait Clock: Send + Sync + Debug {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock standing at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward. Panics when the time leaves chrono's range;
    /// surfaces taking the amount from outside use [`ManualClock::try_advance`]
    /// or [`ManualClock::advance_seconds`].
    pub fn advance(&self, by: Duration) {
        if let Err(e) = self.try_advance(by) {
            panic!("{e}");
        }
    }

    /// Moves the clock by `by`; a `validation` error (the clock unchanged)
    /// when the result is not a representable time.
    pub fn try_advance(&self, by: Duration) -> crate::Result<()> {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        let next = now.checked_add_signed(by).ok_or_else(|| {
            crate::Error::validation("seconds", "moves the clock out of the representable range")
        })?;
        *now = next;
        Ok(())
    }

    /// Moves the clock by `seconds` (the JSON/binding `advance_clock`): any
    /// `i64` is accepted as input, and one whose result is not a
    /// representable time is a `validation` error, never a panic.
    pub fn advance_seconds(&self, seconds: i64) -> crate::Result<()> {
        let by = Duration::try_seconds(seconds).ok_or_else(|| {
            crate::Error::validation("seconds", format!("{seconds} seconds is out of range"))
        })?;
        self.try_advance(by)
    }

    /// Sets the clock.
    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}
