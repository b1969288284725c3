"""The typed API: requests as dicts or keywords, results with attributes and
``to_dict()``, errors with codes and typed fields, logging."""

from __future__ import annotations

import logging
from typing import Any, cast
from datetime import datetime

import pytest

import migratekit
from migratekit.types import SourceDiskSpec, SourceVmSpec
from migratekit import Manager

VM: SourceVmSpec = {"id": "vm-123", "name": "test-vm", "cpus": 2, "memory_mb": 4096, "disks": [{"id": "disk-2000", "size_gb": 100}]}


def test_add_to_management_returns_a_typed_result_whose_dict_is_the_contract(manager: Manager) -> None:
    r = manager.create_migration(source_vm=VM, vcenter_host="vc01", start_replication=False)
    assert isinstance(r, migratekit.ContextCreated)
    assert r.context_id == "ctx-test-vm-20250920-123456"
    assert r.current_status == "discovered"
    assert isinstance(r.created_at, datetime)
    assert r.to_dict() == {
        "context_id": "ctx-test-vm-20250920-123456",
        "vm_name": "test-vm",
        "vmware_vm_id": "vm-123",
        "current_status": "discovered",
        "message": "VM added to management successfully",
        "created_at": "2025-09-20T12:34:56Z",
    }
    assert manager.list_jobs().items == []


def test_start_replication_absent_starts_a_job_on_the_same_context(manager: Manager) -> None:
    added = manager.add_to_management({"source_vm": VM, "vcenter_host": "vc01"})
    job = manager.create_migration({"source_vm": VM, "vcenter_host": "vc01"})
    assert isinstance(job, migratekit.JobStarted)
    assert job.context_id == added.context_id
    assert (job.created_volumes, job.mounted_volumes) == (1, 1)
    ctx = manager.get_context(added.context_id)
    assert ctx.current_status == "replicating"
    assert ctx.source_vm.disks[0].size_gb == 100
    assert manager.get_context(vcenter_host="vc01", vmware_vm_id="vm-123").context_id == added.context_id
    assert manager.get_context(vm_name="test-vm").context_id == added.context_id


def test_errors_carry_code_details_and_typed_fields(manager: Manager) -> None:
    job = manager.create_migration(source_vm=VM)
    assert isinstance(job, migratekit.JobStarted)
    with pytest.raises(migratekit.ReplicationActiveError) as active:
        manager.create_migration(source_vm=VM)
    assert active.value.code == "replication_active"
    assert active.value.job_id == job.job_id
    assert active.value.fields["context_id"] == job.context_id
    with pytest.raises(migratekit.AlreadyManagedError) as dup:
        manager.create_migration(source_vm=VM, start_replication=False)
    assert dup.value.existing_context_id == job.context_id
    assert dup.value.message == "VM already exists in management"
    assert dup.value.details == f"VM 'test-vm' (vm-123) is already managed with context ID: {job.context_id}"
    assert str(dup.value) == f"{dup.value.message}: {dup.value.details}"
    with pytest.raises(migratekit.InvalidTransitionError) as bad:
        manager.remove_from_management(job.context_id)
    assert (bad.value.status, bad.value.operation) == ("replicating", "remove_from_management")
    with pytest.raises(migratekit.NotFoundError):
        manager.get_job("job-nope")
    with pytest.raises(migratekit.ValidationError) as invalid:
        manager.create_migration(source_vm={"id": "", "name": "x"})
    assert invalid.value.field == "source_vm.id"
    with pytest.raises(migratekit.ValidationError):
        manager.create_migration(source_vm=VM, **cast(Any, {"colour": "blue"}))
    with pytest.raises(migratekit.ValidationError):
        manager.call("drop_everything", {})
    assert issubclass(migratekit.IncompatibleSchemaError, migratekit.StorageError)
    for cls in (migratekit.AlreadyManagedError, migratekit.AdapterError, migratekit.StorageError):
        assert issubclass(cls, migratekit.MigrateKitError)


def test_a_newer_database_is_refused(tmp_path: object) -> None:
    import pathlib
    import sqlite3

    path = pathlib.Path(str(tmp_path)) / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(migratekit.IncompatibleSchemaError) as e:
        Manager.open(str(path))
    assert e.value.found == 999


def test_job_lifecycle_and_bulk_with_progress(manager: Manager) -> None:
    seen: list[tuple[int, int]] = []
    vms: list[migratekit.types.AddToManagementRequest] = [
        {"source_vm": {"id": f"vm-{i}", "name": f"bulk-{i}"}} for i in range(2500)
    ]
    vms.append({"source_vm": {"id": "", "name": "bad"}})
    r = manager.add_to_management_bulk(vms, progress=lambda done, total: seen.append((done, total)))
    assert (r.added, r.already_managed, r.invalid) == (2500, 0, 1)
    assert r.results[-1].result == "invalid"
    assert seen[-1] == (2501, 2501)
    job = manager.create_migration(source_vm={"id": "vm-1", "name": "bulk-1"})
    assert isinstance(job, migratekit.JobStarted)
    running = manager.update_job_progress(job.job_id, 50.0, bytes_transferred=10)
    assert (running.status, running.progress_percent) == ("running", 50.0)
    done = manager.complete_job(job.job_id, "cbt-1")
    assert done.status == "completed"
    assert done.finished_at is not None
    assert manager.list_contexts(status="ready_for_failover").items[0].last_change_id == "cbt-1"
    assert manager.list_contexts(status="ready_for_failover").items[0].last_change_ids == {}


DISKS: list[SourceDiskSpec] = [{"id": "disk-2000", "size_gb": 1}, {"id": "disk-2001", "size_gb": 1}]
TWO_DISKS: SourceVmSpec = {"id": "vm-cbt", "name": "cbt", "disks": DISKS}


def test_change_ids_per_disk(manager: Manager) -> None:
    job = manager.create_migration(source_vm=TWO_DISKS)
    assert isinstance(job, migratekit.JobStarted)
    assert job.previous_change_ids == {"disk-2000": "", "disk-2001": ""}
    running = manager.update_job_progress(
        job.job_id, 10.0, disks={"disk-2000": {"bytes_transferred": 5, "total_bytes": 10}}
    )
    assert running.disk_progress == {"disk-2000": {"bytes_transferred": 5, "total_bytes": 10}}
    with pytest.raises(migratekit.ValidationError) as single:
        manager.complete_job(job.job_id, "cbt-1")
    assert single.value.field == "change_id"
    with pytest.raises(migratekit.ValidationError) as unknown:
        manager.complete_job(job.job_id, change_ids={"disk-2000": "a/1", "disk-9": "c/1"})
    assert unknown.value.field == "change_ids" and "'disk-9'" in unknown.value.details
    with pytest.raises(migratekit.ValidationError):
        manager.update_job_progress(job.job_id, 10.0, disks={"disk-9": {"bytes_transferred": 1}})
    assert manager.get_job(job.job_id).status == "running"
    done = manager.complete_job(job.job_id, change_ids={"disk-2000": "a/1", "disk-2001": "b/1"})
    assert done.new_change_ids == {"disk-2000": "a/1", "disk-2001": "b/1"}
    assert done.new_change_id is None
    ctx = manager.get_context(job.context_id)
    assert ctx.last_change_ids == {"disk-2000": "a/1", "disk-2001": "b/1"}
    assert ctx.last_change_id is None
    grown: SourceVmSpec = {**TWO_DISKS, "disks": [*DISKS, {"id": "disk-2002", "size_gb": 1}]}
    nxt = manager.create_migration(source_vm=grown)
    assert isinstance(nxt, migratekit.JobStarted)
    assert nxt.previous_change_ids == {"disk-2000": "a/1", "disk-2001": "b/1", "disk-2002": ""}
    assert manager.get_job(nxt.job_id).replication_type == "incremental"


def test_core_log_events_reach_python_logging(manager: Manager, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="migratekit"):
        added = manager.add_to_management(source_vm=VM)
    records = [r for r in caplog.records if r.name.startswith("migratekit")]
    added_log = [r for r in records if "VM added to management" in r.getMessage()]
    assert added_log and added.context_id in added_log[0].getMessage(), records
    assert added_log[0].name == "migratekit.management"
    assert getattr(added_log[0], "context_id") == added.context_id
    assert "migratekit_core" not in added_log[0].getMessage()


def test_the_job_log_is_readable_from_python(manager: Manager) -> None:
    added = manager.add_to_management(source_vm=VM)
    log = manager.log_jobs(context_id=added.context_id)
    entry = manager.log_job(log.items[0].job_id)
    assert entry.operation == "add_to_management"
    assert entry.steps[0].name == "create-context"
    assert entry.steps[0].events[0].level == "INFO"


def test_groups_and_schedules_from_python(manager: Manager) -> None:
    s = manager.create_schedule("nightly", "0 2 * * *", timezone="Europe/Berlin", max_concurrent_jobs=1)
    g = manager.create_group("web", schedule_id=s.schedule_id)
    for i in range(2):
        c = manager.add_to_management(source_vm={"id": f"vm-{i}", "name": f"web-{i}"})
        manager.add_to_group(g.group_id, c.context_id, priority=i)
    assert [m.priority for m in manager.get_group(g.group_id).members] == [0, 1]
    runs = manager.run_due_schedules("2025-09-21T00:00:30Z")
    assert len(runs) == 1 and runs[0].jobs_started == 1 and runs[0].skipped_limit == 1
    assert runs[0].due_at.isoformat() == "2025-09-21T00:00:00+00:00"
    job = manager.get_job(runs[0].job_ids[0])
    assert (job.vm_group_id, job.scheduled_by) == (g.group_id, "schedule:nightly")
    with pytest.raises(migratekit.ValidationError):
        manager.create_schedule("bad", "* * *")
