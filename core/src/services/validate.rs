//! Input validation: every request is checked here before anything is written.

use crate::error::{Error, Result};
use crate::model::{AddToManagementRequest, CreateMigrationRequest, SourceVm};

/// Longest id (`vmware_vm_id`, disk ids, job ids).
pub const MAX_ID_BYTES: usize = 255;
/// Longest name.
pub const MAX_NAME_BYTES: usize = 1024;
/// Longest other text field.
pub const MAX_TEXT_BYTES: usize = 4096;
/// Most disks or networks per VM.
pub const MAX_DEVICES: usize = 256;
/// Largest disk, in GiB (64 TiB).
pub const MAX_DISK_GB: u64 = 64 * 1024;

fn text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::validation(
            field,
            format!("longer than {max} bytes ({} bytes)", value.len()),
        ));
    }
    if value.contains('\0') {
        return Err(Error::validation(field, "contains a NUL byte"));
    }
    Ok(())
}

fn required(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(
            field,
            "is required and must not be empty",
        ));
    }
    text(field, value, max)
}

/// An id addressing an existing object (`job_id`, `context_id`).
pub fn id(field: &str, value: &str) -> Result<()> {
    required(field, value, MAX_ID_BYTES)
}

fn source_vm(vm: &SourceVm) -> Result<()> {
    required("source_vm.id", &vm.id, MAX_ID_BYTES)?;
    required("source_vm.name", &vm.name, MAX_NAME_BYTES)?;
    text("source_vm.path", &vm.path, MAX_TEXT_BYTES)?;
    text("source_vm.os_type", &vm.os_type, MAX_ID_BYTES)?;
    text("source_vm.power_state", &vm.power_state, MAX_ID_BYTES)?;
    if vm.disks.len() > MAX_DEVICES {
        return Err(Error::validation("source_vm.disks", "too many disks"));
    }
    if vm.networks.len() > MAX_DEVICES {
        return Err(Error::validation("source_vm.networks", "too many networks"));
    }
    for (i, d) in vm.disks.iter().enumerate() {
        required(&format!("source_vm.disks[{i}].id"), &d.id, MAX_ID_BYTES)?;
        text(
            &format!("source_vm.disks[{i}].label"),
            &d.label,
            MAX_NAME_BYTES,
        )?;
        text(
            &format!("source_vm.disks[{i}].datastore"),
            &d.datastore,
            MAX_NAME_BYTES,
        )?;
        if d.size_gb == 0 || d.size_gb > MAX_DISK_GB {
            return Err(Error::validation(
                format!("source_vm.disks[{i}].size_gb"),
                format!("must be between 1 and {MAX_DISK_GB}"),
            ));
        }
        if vm.disks[..i].iter().any(|o| o.id == d.id) {
            return Err(Error::validation(
                format!("source_vm.disks[{i}].id"),
                format!("disk id '{}' appears twice", d.id),
            ));
        }
    }
    for (i, n) in vm.networks.iter().enumerate() {
        text(
            &format!("source_vm.networks[{i}].label"),
            &n.label,
            MAX_NAME_BYTES,
        )?;
        text(
            &format!("source_vm.networks[{i}].mac_address"),
            &n.mac_address,
            MAX_ID_BYTES,
        )?;
    }
    Ok(())
}

fn managed(
    vm: &SourceVm,
    ossea_config_id: i64,
    target_network: &str,
    vcenter_host: &str,
    datacenter: &str,
) -> Result<()> {
    source_vm(vm)?;
    if ossea_config_id < 0 {
        return Err(Error::validation("ossea_config_id", "must not be negative"));
    }
    text("target_network", target_network, MAX_NAME_BYTES)?;
    text("vcenter_host", vcenter_host, MAX_ID_BYTES)?;
    text("datacenter", datacenter, MAX_NAME_BYTES)
}

/// The management part of a request.
pub fn add_to_management(r: &AddToManagementRequest) -> Result<()> {
    managed(
        &r.source_vm,
        r.ossea_config_id,
        &r.target_network,
        &r.vcenter_host,
        &r.datacenter,
    )
}

/// A whole `create_migration` request.
pub fn create_migration(r: &CreateMigrationRequest) -> Result<()> {
    managed(
        &r.source_vm,
        r.ossea_config_id,
        &r.target_network,
        &r.vcenter_host,
        &r.datacenter,
    )?;
    for (field, value) in [
        ("change_id", &r.change_id),
        ("previous_change_id", &r.previous_change_id),
        ("snapshot_id", &r.snapshot_id),
        ("schedule_execution_id", &r.schedule_execution_id),
        ("vm_group_id", &r.vm_group_id),
        ("scheduled_by", &r.scheduled_by),
    ] {
        text(field, value, MAX_TEXT_BYTES)?;
    }
    Ok(())
}

/// A progress report.
pub fn progress(percent: f64) -> Result<()> {
    if !percent.is_finite() || !(0.0..=100.0).contains(&percent) {
        return Err(Error::validation(
            "progress_percent",
            "must be a number between 0 and 100",
        ));
    }
    Ok(())
}

/// A free-text field such as an error message or change id.
pub fn free_text(field: &str, value: &str) -> Result<()> {
    text(field, value, MAX_TEXT_BYTES)
}
