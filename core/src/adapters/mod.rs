//! The bundled adapters, each tested against the real thing: local volume
//! files, and NBD exports over qemu-storage-daemon.

pub mod local_volumes;
pub mod qsd;
pub(crate) mod state_file;

pub use local_volumes::LocalVolumes;
pub use qsd::{QsdConfig, QsdExporter};
