//! The deterministic names migratekit gives what it creates, so a step
//! re-run after a crash finds what the killed run made — and so `reconcile`
//! can tell what is ours.

use super::{FailoverKind, ReplicationContext};

/// Prefix of every volume name migratekit creates (`mk-<context_id>-<disk_id>`).
pub const VOLUME_PREFIX: &str = "mk-";
/// Prefix of every export name migratekit creates (`migration-vol-<volume_id>`).
pub const EXPORT_PREFIX: &str = "migration-vol-";

/// The name of a context's replica volume of one source disk.
pub fn volume_name(context_id: &str, disk_id: &str) -> String {
    format!("{VOLUME_PREFIX}{context_id}-{disk_id}")
}

/// The NBD export name of a volume.
pub fn export_name(volume_id: &str) -> String {
    format!("{EXPORT_PREFIX}{volume_id}")
}

/// The name of a context's test clone of one disk.
pub fn clone_name(context_id: &str, disk_id: &str) -> String {
    format!("{VOLUME_PREFIX}{context_id}-{disk_id}-test")
}

/// The name of the VM a failover of `ctx` creates in the target cloud.
pub fn destination_vm_name(ctx: &ReplicationContext, kind: FailoverKind) -> String {
    let tag = short_hash(&ctx.context_id);
    match kind {
        FailoverKind::Test => format!("{}-test-{tag}", ctx.vm_name),
        FailoverKind::Live => format!("{}-{tag}", ctx.vm_name),
    }
}

/// A short, stable hash of a context id (FNV-1a, 8 hex digits).
pub(crate) fn short_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}
