"""Python objects as the volume daemon, NBD exporter and target cloud."""

from __future__ import annotations

import threading

import pytest

import migratekit
from memory_ports import MemoryCloud, MemoryExporter, MemoryVolumes
from migratekit import Manager
from migratekit.types import SourceVmSpec

VM: SourceVmSpec = {"id": "vm-1", "name": "web", "cpus": 2, "memory_mb": 2048,
      "disks": [{"id": "disk-0", "size_gb": 10}, {"id": "disk-1", "size_gb": 20}]}


class Rig:
    def __init__(self, db: str) -> None:
        self.volumes = MemoryVolumes()
        self.exporter = MemoryExporter()
        self.cloud = MemoryCloud()
        self.m = Manager.open(db, volume_daemon=self.volumes, nbd_exporter=self.exporter, target_cloud=self.cloud,
                              operation_lease_seconds=0.2)

    def ready(self) -> str:
        job = self.m.create_migration(source_vm=VM)
        assert isinstance(job, migratekit.JobStarted)
        self.m.complete_job(job.job_id, change_ids={"disk-0": "cbt-1-disk-0", "disk-1": "cbt-1-disk-1"})
        return job.context_id


@pytest.fixture
def rig(db: str) -> Rig:
    return Rig(db)


def test_the_whole_lifecycle_with_python_ports(rig: Rig) -> None:
    m = rig.m
    added = m.add_to_management(source_vm=VM)
    job = m.create_migration(source_vm=VM)
    assert isinstance(job, migratekit.JobStarted)
    assert (job.created_volumes, job.mounted_volumes) == (2, 2)
    assert {e["name"] for e in rig.exporter.exports.values()} == {v.export_name for v in m.list_volumes(added.context_id)}
    m.complete_job(job.job_id, change_ids={"disk-0": "cbt-1-disk-0", "disk-1": "cbt-1-disk-1"})
    test = m.test_failover(added.context_id)
    assert test.status == "failed_over_test"
    # The test VM runs on clones made by the Python port; the replica stays
    # on the appliance and exported.
    assert len(rig.exporter.exports) == 2
    vm_id = test.destination_vm_id
    assert vm_id is not None and rig.cloud.vms[vm_id]["power_state"] == "on"
    clones = [v for v in rig.volumes.volumes.values() if v["name"].endswith("-test")]
    replica = [v for v in rig.volumes.volumes.values() if not v["name"].endswith("-test")]
    assert len(clones) == 2 and all(v["attached_to"] == vm_id for v in clones)
    assert all(v["attached_to"] == "oma-appliance" for v in replica)
    assert [c.volume_id for c in m.list_failover_jobs(added.context_id)[0].clones] == [
        v["volume_id"] for v in clones
    ]
    assert m.cleanup_test_failover(vm_name="web").status == "ready_for_failover"
    assert rig.cloud.vms == {} and len(rig.exporter.exports) == 2
    assert len(rig.volumes.volumes) == 2, "the clones are gone"
    assert m.live_failover(added.context_id).status == "failed_over_live"
    assert m.rollback_live_failover(added.context_id).status == "ready_for_failover"
    assert m.live_failover(added.context_id).status == "failed_over_live"
    assert m.complete_migration(added.context_id).status == "completed"
    m.remove_from_management(added.context_id)
    assert len(rig.volumes.volumes) == 2, "a completed migration's volumes belong to the VM"


def test_a_port_that_raises_is_an_adapter_error_naming_the_step_and_a_retry_succeeds(rig: Rig) -> None:
    ctx = rig.ready()
    rig.cloud.fail_next("power_on")
    with pytest.raises(migratekit.AdapterError) as e:
        rig.m.test_failover(ctx)
    assert e.value.step == "power-on-test-vm"
    assert e.value.operation == "test_failover"
    assert "RuntimeError" in e.value.details and "injected fault in power_on" in e.value.details
    c = rig.m.get_context(ctx)
    assert c.current_status == "ready_for_failover"
    assert c.last_error is not None and "power-on-test-vm" in c.last_error
    r = rig.m.test_failover(ctx)
    assert r.status == "failed_over_test"
    assert "create-test-vm" in r.skipped_steps
    assert len(rig.cloud.vms) == 1


@pytest.mark.parametrize("port,method", [
    ("volumes", "clone_volume"), ("volumes", "attach_volume"), ("volumes", "list_volumes"),
    ("cloud", "create_vm"), ("cloud", "find_vm_by_name"), ("cloud", "get_vm"),
])
def test_every_python_port_fault_fails_cleanly(rig: Rig, port: str, method: str) -> None:
    ctx = rig.ready()
    getattr(rig, port).fail_next(method)
    with pytest.raises(migratekit.AdapterError):
        rig.m.test_failover(ctx)
    assert rig.m.get_context(ctx).current_status == "ready_for_failover"
    assert rig.m.test_failover(ctx).status == "failed_over_test"
    assert len(rig.cloud.vms) == 1


def test_a_port_returning_garbage_is_an_adapter_error(rig: Rig) -> None:
    ctx = rig.ready()
    original = rig.cloud.create_vm
    setattr(rig.cloud, "create_vm", lambda spec: {"oops": True})
    with pytest.raises(migratekit.AdapterError) as e:
        rig.m.test_failover(ctx)
    assert "unexpected value" in e.value.details
    setattr(rig.cloud, "create_vm", original)
    assert rig.m.test_failover(ctx).status == "failed_over_test"


def test_a_sleeping_port_does_not_block_other_threads(rig: Rig) -> None:
    ctx = rig.ready()
    entered = threading.Event()
    rig.cloud.hook["create_vm"] = entered.set
    rig.cloud.sleep["create_vm"] = 3.0
    t = threading.Thread(target=rig.m.test_failover, args=(ctx,))
    t.start()
    assert entered.wait(10)
    for i in range(20):
        rig.m.add_to_management(source_vm={"id": f"other-{i}", "name": f"other-{i}"})
    assert rig.m.get_context(ctx).active_operation == "test_failover"
    # Twenty calls and a read finished while the port still sleeps.
    assert t.is_alive()
    t.join()
    assert rig.m.get_context(ctx).current_status == "failed_over_test"


def test_a_port_may_call_back_into_the_manager(rig: Rig) -> None:
    ctx = rig.ready()
    seen: list[str] = []
    rig.cloud.hook["create_vm"] = lambda: seen.append(rig.m.get_context(ctx).active_operation or "")
    assert rig.m.test_failover(ctx).status == "failed_over_test"
    assert seen == ["test_failover"]


def test_a_failed_failover_can_be_aborted(rig: Rig) -> None:
    ctx = rig.ready()
    rig.cloud.fail_next("power_on")
    with pytest.raises(migratekit.AdapterError):
        rig.m.test_failover(ctx)
    assert rig.m.abort_operation(ctx).status == "ready_for_failover"
    assert rig.cloud.vms == {} and len(rig.exporter.exports) == 2
    assert rig.m.get_context(ctx).active_operation is None
