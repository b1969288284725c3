//! Ports: the traits behind which the outside world sits. Services depend on
//! `Arc<dyn Port>`; the bundled adapters and the testkit implement them.

pub mod clock;
pub mod cloud;
pub mod joblog;
pub mod json_port;
pub mod nbd;
pub mod store;
pub mod volumes;

pub use clock::{Clock, ManualClock, SystemClock};
pub use cloud::{PowerState, TargetCloud, TargetVm, VmSpec};
pub use joblog::{JobLog, LogEvent, LogFilter, LogJob, LogRecord, LogStatus, LogStep};
pub use json_port::{BlockingJsonPortCall, JsonPort, JsonPortCall};
pub use nbd::{NbdExport, NbdExporter};
pub use store::{ContextStore, FailoverStore, GroupStore, JobStore, LockStore, Store, VolumeStore};
pub use volumes::{Volume, VolumeDaemon};

/// What a port reports when a call fails: its own words, which become the
/// `details` of an `adapter` error naming the operation and step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PortError {
    /// The port's message.
    pub message: String,
}

impl PortError {
    /// A port error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        PortError {
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for PortError {
    fn from(e: std::io::Error) -> Self {
        PortError::new(e.to_string())
    }
}

/// `Result` of a port call.
pub type PortResult<T> = std::result::Result<T, PortError>;
