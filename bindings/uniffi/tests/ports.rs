//! Ports implemented outside the core (here in Rust, through the same
//! foreign traits a Go or Python host implements): a failure or a panic in
//! one is an `adapter` error naming the step, never a crash, and the
//! context is left as the lock rules say.

use migratekit_core::ErrorCode;
use migratekit_core::model::{
    CompleteJobRequest, ContextRef, CreateMigrationRequest, CreateMigrationResponse, SourceDisk,
    SourceVm, Status,
};
use migratekit_core::ports::{PowerState, TargetVm, VmSpec};
use migratekit_uniffi::{Manager, MkError, OpenOptions, PortError, TargetCloud};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How `power_on` misbehaves.
#[derive(Clone, Copy, PartialEq)]
enum PowerOn {
    Works,
    Fails,
    Panics,
}

struct Cloud {
    vms: Mutex<HashMap<String, TargetVm>>,
    power_on: Mutex<PowerOn>,
}

impl Cloud {
    fn new(power_on: PowerOn) -> Arc<Self> {
        Arc::new(Cloud {
            vms: Mutex::default(),
            power_on: Mutex::new(power_on),
        })
    }

    fn set_power(&self, id: &str, state: PowerState) {
        if let Some(vm) = self.vms.lock().unwrap().get_mut(id) {
            vm.power_state = state;
        }
    }
}

impl TargetCloud for Cloud {
    fn create_vm(&self, spec: VmSpec) -> Result<TargetVm, PortError> {
        let vm = TargetVm {
            vm_id: format!("i-{}", spec.name),
            name: spec.name,
            power_state: PowerState::Off,
        };
        self.vms
            .lock()
            .unwrap()
            .insert(vm.vm_id.clone(), vm.clone());
        Ok(vm)
    }
    fn power_on(&self, vm_id: String) -> Result<(), PortError> {
        let mode = *self.power_on.lock().unwrap();
        match mode {
            PowerOn::Works => {
                self.set_power(&vm_id, PowerState::On);
                Ok(())
            }
            PowerOn::Fails => Err(PortError::failed("no capacity in zone a")),
            PowerOn::Panics => panic!("host bug in power_on"),
        }
    }
    fn power_off(&self, vm_id: String) -> Result<(), PortError> {
        self.set_power(&vm_id, PowerState::Off);
        Ok(())
    }
    fn delete_vm(&self, vm_id: String) -> Result<(), PortError> {
        self.vms.lock().unwrap().remove(&vm_id);
        Ok(())
    }
    fn get_vm(&self, vm_id: String) -> Result<Option<TargetVm>, PortError> {
        Ok(self.vms.lock().unwrap().get(&vm_id).cloned())
    }
    fn find_vm_by_name(&self, name: String) -> Result<Option<TargetVm>, PortError> {
        Ok(self
            .vms
            .lock()
            .unwrap()
            .values()
            .find(|v| v.name == name)
            .cloned())
    }
}

/// A manager with `cloud` and the testkit's volumes and exporter, and a
/// VM replicated once (ready for failover).
fn replicated(cloud: Arc<Cloud>, dir: &std::path::Path) -> (Arc<Manager>, String) {
    let m = Manager::open_with_ports(
        OpenOptions {
            path: dir.join("ports.db").to_string_lossy().into_owned(),
            fakes: true,
            ..OpenOptions::default()
        },
        None,
        None,
        Some(cloud),
    )
    .unwrap();
    let mut vm = SourceVm::new("vm-1", "web-01");
    vm.disks.push(SourceDisk {
        id: "disk-2000".into(),
        label: String::new(),
        size_gb: 1,
        datastore: String::new(),
        unit_number: 0,
    });
    let CreateMigrationResponse::JobStarted(job) =
        m.create_migration(CreateMigrationRequest::new(vm)).unwrap()
    else {
        panic!("expected a job");
    };
    m.complete_job(CompleteJobRequest {
        job_id: job.job_id,
        change_id: "cbt-1".into(),
        change_ids: None,
    })
    .unwrap();
    (m, job.context_id)
}

fn adapter_step(e: &MkError) -> (&str, &str) {
    match e {
        MkError::Adapter { step, details, .. } => (step, details),
        other => panic!("expected an adapter error, got {other}"),
    }
}

#[test]
fn a_host_port_runs_the_whole_test_failover() {
    let dir = tempfile::tempdir().unwrap();
    let cloud = Cloud::new(PowerOn::Works);
    let (m, ctx) = replicated(cloud.clone(), dir.path());
    let r = m.test_failover(ContextRef::ContextId(ctx.clone())).unwrap();
    assert_eq!(r.status, Status::FailedOverTest);
    let vm_id = r.destination_vm_id.unwrap();
    assert_eq!(
        cloud.vms.lock().unwrap()[&vm_id].power_state,
        PowerState::On
    );
}

#[test]
fn a_port_failure_is_an_adapter_error_naming_the_step_and_a_retry_completes() {
    let dir = tempfile::tempdir().unwrap();
    let cloud = Cloud::new(PowerOn::Fails);
    let (m, ctx) = replicated(cloud.clone(), dir.path());
    let e = m
        .test_failover(ContextRef::ContextId(ctx.clone()))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Adapter);
    let (step, details) = adapter_step(&e);
    assert_eq!(step, "power-on-test-vm");
    assert!(details.contains("no capacity in zone a"), "{details}");
    let c = m.get_context(ContextRef::ContextId(ctx.clone())).unwrap();
    assert_eq!(c.current_status, Status::ReadyForFailover);
    assert!(c.last_error.unwrap().contains("no capacity"));

    *cloud.power_on.lock().unwrap() = PowerOn::Works;
    let r = m.test_failover(ContextRef::ContextId(ctx)).unwrap();
    assert_eq!(r.status, Status::FailedOverTest);
    assert_eq!(
        cloud.vms.lock().unwrap().len(),
        1,
        "the resumed run made no second VM"
    );
}

#[test]
fn a_panicking_port_is_an_adapter_error_and_the_process_lives_on() {
    let dir = tempfile::tempdir().unwrap();
    let cloud = Cloud::new(PowerOn::Panics);
    let (m, ctx) = replicated(cloud.clone(), dir.path());
    let e = m
        .test_failover(ContextRef::ContextId(ctx.clone()))
        .unwrap_err();
    let (step, details) = adapter_step(&e);
    assert_eq!(step, "power-on-test-vm");
    assert!(details.contains("panicked"), "{details}");
    *cloud.power_on.lock().unwrap() = PowerOn::Works;
    let r = m.test_failover(ContextRef::ContextId(ctx)).unwrap();
    assert_eq!(r.status, Status::FailedOverTest);
}
