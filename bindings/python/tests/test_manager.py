"""The Manager as Python users expect it: a context manager with close(),
``Manager(path)`` working, ports checked at open, bulk adds that never fail
for one bad VM, and log records with attributes and per-area loggers."""

from __future__ import annotations

import logging
import pathlib
import threading
from typing import Any, cast

import pytest

import migratekit
from migratekit.types import SourceVmSpec
from memory_ports import MemoryCloud, MemoryExporter, MemoryVolumes
from migratekit import Manager

NOW = "2025-09-20T12:34:56Z"
VM: SourceVmSpec = {"id": "vm-123", "name": "web-01", "disks": [{"id": "disk-2000", "size_gb": 100}]}


def test_manager_of_a_path_opens_it(tmp_path: pathlib.Path) -> None:
    m = Manager(tmp_path / "x.db", fakes=True)
    assert m.add_to_management(source_vm=VM).current_status == "discovered"
    assert repr(m) == f"Manager({str(tmp_path / 'x.db')!r})"
    m.close()
    assert Manager.open(str(tmp_path / "x.db")).list_contexts()[0].vm_name == "web-01"


def test_a_manager_is_a_context_manager_and_close_is_final_and_idempotent(db: str) -> None:
    with Manager(db, fakes=True) as m:
        m.add_to_management(source_vm=VM)
        assert not m.closed
    assert m.closed and "closed" in repr(m)
    with pytest.raises(migratekit.ClosedError, match="closed"):
        m.list_contexts()
    m.close()
    with Manager(db) as again:  # the database was released
        assert len(again.list_contexts()) == 1


def test_close_while_a_port_calls_back_into_the_manager_does_not_deadlock(db: str) -> None:
    cloud = MemoryCloud()
    m = Manager(db, fakes=True, target_cloud=cloud)
    job = m.create_migration(source_vm=VM)
    assert isinstance(job, migratekit.JobStarted)
    m.complete_job(job.job_id, "cbt-1")
    entered, closed = threading.Event(), threading.Event()
    nested: list[BaseException] = []

    def calls_back() -> None:
        entered.set()
        assert closed.wait(10)
        try:
            m.get_context(job.context_id)
        except migratekit.ClosedError as e:
            nested.append(e)
            raise

    cloud.hook["create_vm"] = calls_back
    outcome: list[BaseException] = []

    def failover() -> None:
        try:
            m.test_failover(job.context_id)
        except migratekit.MigrateKitError as e:
            outcome.append(e)

    t = threading.Thread(target=failover)
    t.start()
    assert entered.wait(10)
    m.close()  # returns at once: the call in flight keeps the manager alive
    closed.set()
    t.join(20)
    assert not t.is_alive(), "hung"
    assert nested and isinstance(outcome[0], migratekit.AdapterError)
    assert isinstance(outcome[0].__cause__, migratekit.ClosedError)


class HalfACloud:
    def create_vm(self, spec: object) -> object:
        raise NotImplementedError

    def power_on(self, vm_id: str) -> None: ...

    delete_vm = 42  # not callable


def test_a_port_object_missing_methods_is_refused_at_open_naming_them(db: str) -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        Manager(db, target_cloud=cast(Any, HalfACloud()))
    assert e.value.field == "target_cloud"
    for missing in ("power_off", "delete_vm", "get_vm", "find_vm_by_name"):
        assert missing in e.value.details
    assert "create_vm" not in e.value.details and "HalfACloud" in e.value.details
    with pytest.raises(migratekit.ValidationError) as v:
        Manager(db, volume_daemon=cast(Any, MemoryExporter()))
    assert v.value.field == "volume_daemon" and "create_volume" in v.value.details
    Manager(db, volume_daemon=MemoryVolumes(), nbd_exporter=MemoryExporter(), target_cloud=MemoryCloud()).close()


def test_durability_is_an_open_option(tmp_path: pathlib.Path) -> None:
    with Manager(tmp_path / "full.db", fakes=True, durability="full") as m:
        assert m.add_to_management(source_vm=VM).current_status == "discovered"
    with pytest.raises(migratekit.ValidationError) as e:
        Manager(tmp_path / "x.db", durability=cast(Any, "fsync-everything"))
    assert e.value.field == "durability"


def test_an_unknown_or_malformed_open_option_is_refused(db: str) -> None:
    with pytest.raises(TypeError, match="colour"):
        Manager.open(db, colour="blue")
    with pytest.raises(migratekit.ValidationError):
        migratekit._migratekit.Manager(db, colour="blue")
    with pytest.raises(migratekit.ValidationError) as e:
        Manager(db, nbd_port=cast(Any, "ten"))
    assert "nbd_port" in str(e.value)


def test_one_bad_vm_in_a_bulk_add_is_one_invalid_result_at_its_index(manager: Manager) -> None:
    vms: list[Any] = [{"source_vm": {"id": f"vm-{i}", "name": f"bulk-{i}"}} for i in range(6)]
    vms[1] = {"source_vm": {"id": "vm-1", "name": "x", "cpus": b"two"}}  # not JSON-shaped
    vms[2] = {"source_vm": {"id": "vm-2", "name": "x"}, "colour": "blue"}  # unknown field
    vms[3] = {"source_vm": {"id": "", "name": "x"}}  # refused by the rules
    vms[4] = "not even an object"
    seen: list[tuple[int, int]] = []
    r = manager.add_to_management_bulk(vms, progress=lambda done, total: seen.append((done, total)))
    assert (r.added, r.invalid, r.already_managed) == (2, 4, 0)
    assert [x.index for x in r.results] == list(range(6))
    assert [x.result for x in r.results] == ["added", "invalid", "invalid", "invalid", "invalid", "added"]
    assert r.results[1].error["field"] == "vms[1].source_vm.cpus"
    assert r.results[2].error["field"] == "vms[2]" and "colour" in r.results[2].error["details"]
    assert r.results[3].error["field"] == "source_vm.id"
    assert seen[-1] == (6, 6)
    assert len(manager.list_contexts()) == 2


def test_log_records_carry_context_job_and_step_with_a_logger_per_area(
    manager: Manager, caplog: pytest.LogCaptureFixture
) -> None:
    job = manager.create_migration(source_vm=VM)
    assert isinstance(job, migratekit.JobStarted)
    manager.complete_job(job.job_id, "cbt-1")
    with caplog.at_level(logging.INFO, logger="migratekit"):
        result = manager.test_failover(job.context_id)
    records = [r for r in caplog.records if r.name.startswith("migratekit")]
    ready = [r for r in records if r.getMessage().startswith("target VM ready")]
    assert ready, [(r.name, r.getMessage()) for r in records]
    r = ready[0]
    assert r.name == "migratekit.failover"
    assert getattr(r, "context_id") == job.context_id
    assert getattr(r, "job_id") == result.log_job_id
    assert getattr(r, "step") == "create-test-vm"
    assert getattr(r, "fields")["vm_id"] == result.destination_vm_id
    assert "migratekit_core" not in r.getMessage()
    steps = {s.name for s in manager.log_job(result.log_job_id).steps}
    assert {getattr(x, "step") for x in records if getattr(x, "step", None)} <= steps
    clones = [x for x in records if x.getMessage().startswith("test clone ready")]
    assert clones and clones[0].name == "migratekit.clones"
