//! Cross-crate integration tests and the runner of the shared scenario files
//! in `tests/scenarios/` (format: `tests/scenarios/README.md`).

pub mod model;
pub mod qemu;
pub mod rig;
pub mod scenario;
