"""Ports written in Python (subclasses of the generated foreign traits) carry
a whole lifecycle; a port that fails, raises any exception or calls back into
the manager gives an adapter error naming the step, never a crash."""

from __future__ import annotations

import pathlib

import pytest

from conftest import mc, mu, open_manager, vm
from memory_ports import PyCloud, PyExporter, PyVolumes


class Rig:
    def __init__(self, path: pathlib.Path) -> None:
        self.volumes, self.exports, self.cloud = PyVolumes(), PyExporter(), PyCloud()
        self.m = open_manager(path, volume_daemon=self.volumes, nbd_exporter=self.exports,
                              target_cloud=self.cloud)

    def replicated(self, vm_id: str = "vm-1") -> str:
        started = self.m.create_migration(mc.CreateMigrationRequest(source_vm=vm(vm_id, disks=2),
                                                                   vcenter_host="vc01"))
        job = started[0]
        assert job.created_volumes == 2
        self.m.complete_job(mc.CompleteJobRequest(job_id=job.job_id,
                                                  change_ids={"disk-2000": "a/1", "disk-2001": "b/1"}))
        return job.context_id


@pytest.fixture
def rig(tmp_path: pathlib.Path) -> Rig:
    return Rig(tmp_path / "rig.db")


def ref(ctx: str) -> mc.ContextRef:
    return mc.ContextRef.CONTEXT_ID(ctx)


def test_python_ports_carry_the_whole_lifecycle(rig: Rig) -> None:
    ctx = rig.replicated()
    assert len(rig.volumes.volumes) == 2 and len(rig.exports.exports) == 2
    r = rig.m.test_failover(ref(ctx))
    assert r.status == mc.Status.FAILED_OVER_TEST
    assert rig.cloud.vms[r.destination_vm_id].power_state == mc.PowerState.ON
    assert len(rig.volumes.volumes) == 4, "the test VM runs on clones"
    rig.m.cleanup_test_failover(mc.FailoverTarget(context_id=ctx))
    assert not rig.cloud.vms and len(rig.volumes.volumes) == 2
    rig.m.live_failover(ref(ctx))
    done = rig.m.complete_migration(ref(ctx))
    assert done.status == mc.Status.COMPLETED
    assert len(rig.cloud.vms) == 1


def test_a_port_error_is_an_adapter_error_naming_the_step_and_a_retry_completes(rig: Rig) -> None:
    ctx = rig.replicated()
    rig.cloud.fail["power_on"] = mu.PortError.Failed("no capacity in zone a")
    with pytest.raises(mu.MkError.Adapter) as e:
        rig.m.test_failover(ref(ctx))
    assert e.value.step == "power-on-test-vm"
    assert e.value.details == "no capacity in zone a"
    assert e.value.code == mc.ErrorCode.ADAPTER
    assert rig.m.get_context(ref(ctx)).current_status == mc.Status.READY_FOR_FAILOVER
    del rig.cloud.fail["power_on"]
    assert rig.m.test_failover(ref(ctx)).status == mc.Status.FAILED_OVER_TEST
    assert len(rig.cloud.vms) == 1, "the resumed run made no second VM"


def test_any_python_exception_is_an_adapter_error_with_its_text(rig: Rig) -> None:
    ctx = rig.replicated()
    rig.cloud.fail["create_vm"] = KeyError("flavor m1.small")
    with pytest.raises(mu.MkError.Adapter) as e:
        rig.m.test_failover(ref(ctx))
    assert e.value.step == "create-test-vm"
    assert "flavor m1.small" in e.value.details
    last_error = rig.m.get_context(ref(ctx)).last_error
    assert last_error is not None and "flavor m1.small" in last_error


def test_a_port_may_call_back_into_the_manager(rig: Rig) -> None:
    ctx = rig.replicated()
    seen: list[mc.Status] = []
    rig.cloud.hook["create_vm"] = lambda: seen.append(rig.m.get_context(ref(ctx)).current_status)
    rig.m.test_failover(ref(ctx))
    assert seen == [mc.Status.READY_FOR_FAILOVER]


def test_bulk_progress_reaches_a_python_listener_and_its_failure_is_ignored(tmp_path: pathlib.Path) -> None:
    m = open_manager(tmp_path / "bulk.db")
    heard: list[tuple[int, int]] = []

    class Listener(mu.BulkProgressListener):
        def on_progress(self, progress: mc.BulkProgress) -> None:
            heard.append((progress.done, progress.total))
            raise RuntimeError("a listener bug")

    vms = [mc.AddToManagementRequest(source_vm=vm(f"vm-{i}", f"web-{i}")) for i in range(2500)]
    answer = m.add_to_management_bulk(vms, Listener())
    assert answer.added == 2500
    assert heard and heard[-1] == (2500, 2500)
