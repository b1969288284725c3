//! The bundled adapters, each tested against the real thing: local volume
//! files, and NBD exports over qemu-storage-daemon.
//!
//! Both keep their state in JSON files written atomically under a file lock
//! (`state_file`), recover what a killed process left behind, and bound or
//! check what comes from outside: [`local_volumes`] checks every volume id
//! and adopts orphan files, [`qsd`] bounds every QMP exchange and restarts a
//! daemon it started. Their module docs hold the details.

pub mod local_volumes;
pub mod qsd;
pub(crate) mod state_file;

pub use local_volumes::{CloneMode, LocalVolumes};
pub use qsd::{QsdConfig, QsdExporter};
