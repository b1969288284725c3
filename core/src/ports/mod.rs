//! Ports: the traits behind which the outside world sits. Services depend on
//! `Arc<dyn Port>`; the bundled adapters and the testkit implement them.

pub mod clock;
pub mod joblog;
pub mod store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use joblog::{JobLog, LogEvent, LogFilter, LogJob, LogRecord, LogStatus, LogStep};
pub use store::Store;
