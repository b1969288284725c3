//! Input validation: every request is checked here before anything is written.
//!
//! # Limits
//!
//! One limit per kind of field, the same on every path that takes it (add,
//! start, bulk, look-ups, filters): ids [`MAX_ID_BYTES`], the vCenter host
//! [`MAX_HOST_BYTES`], names [`MAX_NAME_BYTES`], other text
//! [`MAX_TEXT_BYTES`]. No text field may hold a NUL byte. Counters stored as
//! SQLite integers must not exceed [`MAX_STORED_INTEGER`] (`i64::MAX`).
//!
//! # VM identity
//!
//! A VM's identity is (`vcenter_host`, `vmware_vm_id`). Both are normalised
//! once, where a request enters ([`normalize_create_migration`],
//! [`normalize_add_to_management`], [`normalize_context_ref`],
//! [`normalize_failover_target`]), so the services and the store only ever
//! see the normal form:
//!
//! * surrounding whitespace (Unicode `White_Space`) is trimmed from both;
//! * `vcenter_host` is ASCII-lowercased (host names compare without case;
//!   `VC01` and `vc01` are one vCenter); `vmware_vm_id` keeps its case
//!   (moref ids are case-sensitive);
//! * invisible characters anywhere in either — control characters (`Cc`),
//!   format characters (`Cf`: U+200B zero-width space, U+FEFF byte-order
//!   mark, U+2060 word joiner, bidi controls, soft hyphen, …), line and
//!   paragraph separators, variation selectors and the Hangul fillers — are
//!   refused with a `validation` error naming the field; they are never
//!   silently removed, since two ids differing only by them would look alike.
//!
//! The validators ([`add_to_management`], [`create_migration`],
//! [`context_ref`]) refuse an identity that is not in normal form, so a path
//! that forgot to normalise fails loudly instead of defeating duplicate
//! protection.

use crate::error::{Error, Result};
use crate::model::cursor;
use crate::model::{
    AddToManagementRequest, ContextFilter, ContextRef, CreateMigrationRequest, DiskChangeIds,
    FailoverTarget, JobFilter, SourceVm, UpdateJobProgressRequest,
};
use crate::ports::LogFilter;

/// Longest id (`vmware_vm_id`, `context_id`, job ids, disk ids, filter values).
pub const MAX_ID_BYTES: usize = 255;
/// Longest `vcenter_host` (a DNS name is at most 253 bytes).
pub const MAX_HOST_BYTES: usize = 255;
/// Longest name (VM name when added and when looked up, labels, datacenter).
pub const MAX_NAME_BYTES: usize = 1024;
/// Longest other text field.
pub const MAX_TEXT_BYTES: usize = 4096;
/// Most disks or networks per VM.
pub const MAX_DEVICES: usize = 256;
/// Largest disk, in GiB (64 TiB).
pub const MAX_DISK_GB: u64 = 64 * 1024;
/// Largest counter the store keeps (SQLite integers are signed 64-bit).
pub const MAX_STORED_INTEGER: u64 = i64::MAX as u64;

/// Whether `c` is invisible: a control or format character, a line or
/// paragraph separator, a variation selector or a Hangul filler.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061C}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08E2}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Trims `value` in place (no copy when nothing to trim).
fn trim_in_place(value: &mut String) {
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        *value = trimmed.to_owned();
    }
}

/// Puts a `vcenter_host` in normal form: trimmed, ASCII-lowercased.
pub fn normalize_vcenter_host(value: &mut String) {
    trim_in_place(value);
    value.make_ascii_lowercase();
}

/// Puts a `vmware_vm_id` in normal form: trimmed.
pub fn normalize_vmware_vm_id(value: &mut String) {
    trim_in_place(value);
}

/// Checks an identity field: length, no invisible character, and in normal
/// form (`lowercase` for the host).
fn identity(field: &str, value: &str, max: usize, lowercase: bool) -> Result<()> {
    text(field, value, max)?;
    if let Some(c) = value.chars().find(|c| is_invisible(*c)) {
        return Err(Error::validation(
            field,
            format!("contains an invisible character (U+{:04X})", u32::from(c)),
        ));
    }
    if value.trim().len() != value.len() {
        return Err(Error::validation(
            field,
            "has surrounding whitespace (not normalised)",
        ));
    }
    if lowercase && value.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Error::validation(
            field,
            "has upper-case letters (not normalised)",
        ));
    }
    Ok(())
}

/// A `vcenter_host` in normal form (may be empty).
pub fn vcenter_host(field: &str, value: &str) -> Result<()> {
    identity(field, value, MAX_HOST_BYTES, true)
}

/// A `vmware_vm_id` in normal form (required).
pub fn vmware_vm_id(field: &str, value: &str) -> Result<()> {
    required(field, value, MAX_ID_BYTES)?;
    identity(field, value, MAX_ID_BYTES, false)
}

/// Normalises the identity of a `create_migration` request, then validates
/// the whole request. Call it where the request enters, before anything else.
pub fn normalize_create_migration(r: &mut CreateMigrationRequest) -> Result<()> {
    normalize_vcenter_host(&mut r.vcenter_host);
    normalize_vmware_vm_id(&mut r.source_vm.id);
    create_migration(r)
}

/// Normalises the identity of an `add_to_management` request (one VM of a
/// bulk add too), then validates it.
pub fn normalize_add_to_management(r: &mut AddToManagementRequest) -> Result<()> {
    normalize_identity(r);
    add_to_management(r)
}

/// Normalises the identity of an `add_to_management` request without
/// validating it (the bulk add validates each VM itself, to answer
/// `invalid` for that VM alone).
pub fn normalize_identity(r: &mut AddToManagementRequest) {
    normalize_vcenter_host(&mut r.vcenter_host);
    normalize_vmware_vm_id(&mut r.source_vm.id);
}

/// Normalises a context reference (the identity parts), then validates it.
pub fn normalize_context_ref(r: &mut ContextRef) -> Result<()> {
    match r {
        ContextRef::Vm(v) => {
            normalize_vcenter_host(&mut v.vcenter_host);
            normalize_vmware_vm_id(&mut v.vmware_vm_id);
        }
        ContextRef::VmwareVmId(id) => normalize_vmware_vm_id(id),
        ContextRef::ContextId(_) | ContextRef::VmName(_) => {}
    }
    context_ref(r)
}

/// A context reference: each kind with its own field's limit.
pub fn context_ref(r: &ContextRef) -> Result<()> {
    match r {
        ContextRef::ContextId(id) => self::id("context_id", id),
        ContextRef::Vm(v) => {
            vcenter_host("vcenter_host", &v.vcenter_host)?;
            vmware_vm_id("vmware_vm_id", &v.vmware_vm_id)
        }
        ContextRef::VmwareVmId(id) => vmware_vm_id("vmware_vm_id", id),
        ContextRef::VmName(name) => required("vm_name", name, MAX_NAME_BYTES),
    }
}

/// Normalises the target of a cleanup or rollback (`vm_id` is a
/// `vmware_vm_id`), then validates it.
pub fn normalize_failover_target(t: &mut FailoverTarget) -> Result<()> {
    if let Some(id) = &mut t.vm_id {
        normalize_vmware_vm_id(id);
    }
    failover_target(t)
}

/// The target of a cleanup or rollback: each field present is checked.
pub fn failover_target(t: &FailoverTarget) -> Result<()> {
    if let Some(id) = &t.context_id {
        self::id("context_id", id)?;
    }
    if let Some(id) = &t.vm_id {
        vmware_vm_id("vm_id", id)?;
    }
    if let Some(name) = &t.vm_name {
        required("vm_name", name, MAX_NAME_BYTES)?;
    }
    if let Some(id) = &t.failover_job_id {
        self::id("failover_job_id", id)?;
    }
    Ok(())
}

/// A filter value, checked like an id.
fn filter(field: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| id(field, v))
}

/// A time-ordered listing's cursor (jobs, log jobs), when given.
fn started_cursor(after: Option<&str>) -> Result<()> {
    after.map_or(Ok(()), |a| cursor::parse_started(a).map(drop))
}

/// A page offset the store can bind.
fn offset(value: u64) -> Result<()> {
    stored_integer("offset", value)
}

/// The filter of `list_contexts`.
pub fn context_filter(f: &ContextFilter) -> Result<()> {
    if let Some(after) = &f.after {
        cursor::check_context(after)?;
    }
    offset(f.offset)
}

/// The filter of `list_jobs`.
pub fn job_filter(f: &JobFilter) -> Result<()> {
    filter("context_id", f.context_id.as_deref())?;
    started_cursor(f.after.as_deref())?;
    offset(f.offset)
}

/// The filter of `log_jobs`.
pub fn log_filter(f: &LogFilter) -> Result<()> {
    filter("context_id", f.context_id.as_deref())?;
    filter("operation", f.operation.as_deref())?;
    started_cursor(f.after.as_deref())?;
    offset(f.offset)
}

/// The filter of `list_schedule_executions`.
pub fn execution_filter(schedule_id: Option<&str>) -> Result<()> {
    filter("schedule_id", schedule_id)
}

/// A counter the store keeps as a SQLite integer.
pub fn stored_integer(field: &str, value: u64) -> Result<()> {
    if value > MAX_STORED_INTEGER {
        return Err(Error::validation(
            field,
            format!("must be at most {MAX_STORED_INTEGER}"),
        ));
    }
    Ok(())
}

/// A whole `update_job_progress` request.
pub fn update_job_progress(r: &UpdateJobProgressRequest) -> Result<()> {
    id("job_id", &r.job_id)?;
    progress(r.progress_percent)?;
    stored_integer("bytes_transferred", r.bytes_transferred)?;
    if let Some(total) = r.total_bytes {
        stored_integer("total_bytes", total)?;
    }
    for (disk, p) in &r.disks {
        id("disks", disk)?;
        stored_integer(
            &format!("disks.{disk}.bytes_transferred"),
            p.bytes_transferred,
        )?;
        if let Some(total) = p.total_bytes {
            stored_integer(&format!("disks.{disk}.total_bytes"), total)?;
        }
    }
    Ok(())
}

/// Every disk `named` in `field` is one of the job's disks (the keys of its
/// `previous_change_ids`: every disk of the VM when the job started).
pub fn known_disks<'a>(
    field: &str,
    job_disks: &DiskChangeIds,
    named: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    for disk in named {
        if !job_disks.contains_key(disk) {
            let has = if job_disks.is_empty() {
                "it has no disks".to_owned()
            } else {
                format!(
                    "its disks: {}",
                    job_disks.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            };
            return Err(Error::validation(
                field,
                format!("names disk '{disk}', which the job's VM does not have ({has})"),
            ));
        }
    }
    Ok(())
}

/// The per-disk change ids of a completion: each for a disk of the job, none
/// empty, none given to two disks (CBT change ids are per disk: two disks
/// with one id is a mix-up).
pub fn change_ids(job_disks: &DiskChangeIds, ids: &DiskChangeIds) -> Result<()> {
    known_disks("change_ids", job_disks, ids.keys())?;
    for (disk, change_id) in ids {
        if change_id.trim().is_empty() {
            return Err(Error::validation(
                "change_ids",
                format!("the change id of disk '{disk}' is empty"),
            ));
        }
        text(&format!("change_ids.{disk}"), change_id, MAX_TEXT_BYTES)?;
        if let Some((other, _)) = ids
            .iter()
            .take_while(|(d, _)| *d != disk)
            .find(|(_, c)| *c == change_id)
        {
            return Err(Error::validation(
                "change_ids",
                format!(
                    "disks '{other}' and '{disk}' have the same change id '{change_id}'; \
                     VMware CBT keeps one per disk"
                ),
            ));
        }
    }
    Ok(())
}

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
    vmware_vm_id("source_vm.id", &vm.id)?;
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

/// The management part of a request, its identity in normal form (see
/// [`normalize_add_to_management`]).
pub fn add_to_management(r: &AddToManagementRequest) -> Result<()> {
    source_vm(&r.source_vm)?;
    if r.ossea_config_id < 0 {
        return Err(Error::validation("ossea_config_id", "must not be negative"));
    }
    text("target_network", &r.target_network, MAX_NAME_BYTES)?;
    self::vcenter_host("vcenter_host", &r.vcenter_host)?;
    text("datacenter", &r.datacenter, MAX_NAME_BYTES)
}

/// A whole `create_migration` request, its identity in normal form (see
/// [`normalize_create_migration`]).
pub fn create_migration(r: &CreateMigrationRequest) -> Result<()> {
    // Its management part is an `add_to_management` request.
    add_to_management(&AddToManagementRequest::from(r))?;
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
