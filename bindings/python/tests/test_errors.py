"""Errors as Python users expect them: a module of their own, messages that
say what and where, field paths for input that is not JSON-shaped, pickling
across a real process boundary, and a port's exception as ``__cause__``."""

from __future__ import annotations

import math
import multiprocessing
import pickle
import traceback
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, cast

import pytest

import migratekit
from migratekit.types import SourceVmSpec
from memory_ports import MemoryCloud
from migratekit import Manager, errors

NOW = "2025-09-20T12:34:56Z"
VM: SourceVmSpec = {"id": "vm-123", "name": "test-vm", "disks": [{"id": "disk-2000", "size_gb": 100}]}


def test_every_exception_lives_in_migratekit_errors_and_is_reexported() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert cls.__module__ == "migratekit.errors"
        assert getattr(migratekit, name) is cls
    codes = {getattr(errors, n).CODE for n in errors.__all__ if issubclass(getattr(errors, n), errors.MigrateKitError)}
    assert codes == {
        "", "already_managed", "replication_active", "invalid_transition", "not_found", "ambiguous", "validation",
        "operation_in_progress", "storage", "incompatible_schema", "adapter", "internal",
    }
    assert issubclass(errors.IncompatibleSchemaError, errors.StorageError)


@pytest.mark.parametrize(
    "bad,path",
    [
        (b"100", "source_vm.disks[0].size_gb"),
        ({100}, "source_vm.disks[0].size_gb"),
        (math.nan, "source_vm.disks[0].size_gb"),
        (math.inf, "source_vm.disks[0].size_gb"),
        (object(), "source_vm.disks[0].size_gb"),
        (Decimal("1.5"), "source_vm.disks[0].size_gb"),
        (datetime(2025, 1, 1, tzinfo=timezone.utc), "source_vm.disks[0].size_gb"),
        (1 << 70, "source_vm.disks[0].size_gb"),
        (-(1 << 70), "source_vm.disks[0].size_gb"),
        ({1: "one"}, "source_vm.disks[0].size_gb"),
    ],
    ids=["bytes", "set", "nan", "inf", "object", "decimal", "datetime", "huge-int", "huge-negative", "int-key"],
)
def test_input_that_is_not_json_shaped_is_a_validation_error_naming_its_field_path(
    manager: Manager, bad: Any, path: str
) -> None:
    vm: Any = {**VM, "disks": [{"id": "disk-2000", "size_gb": bad}]}
    with pytest.raises(migratekit.ValidationError) as e:
        manager.create_migration(source_vm=vm, start_replication=False)
    assert e.value.field == path
    assert path in str(e.value), str(e.value)
    assert e.value.code == "validation"
    assert manager.list_contexts().items == [], "nothing was written"


def test_a_top_level_field_that_is_not_json_shaped_is_named_too(manager: Manager) -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        manager.create_migration(source_vm=VM, vcenter_host=cast(Any, b"vc01"))
    assert e.value.field == "vcenter_host"
    assert "decode bytes to str" in e.value.details
    with pytest.raises(migratekit.ValidationError) as e2:
        manager.call("get_context", {"context_id": {"nested": {1, 2}}})
    assert e2.value.field == "context_id.nested"


def test_str_carries_the_message_the_details_and_the_field_path(manager: Manager) -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        manager.create_migration(source_vm={"id": "", "name": "x"})
    assert e.value.message == "invalid request"
    assert str(e.value).startswith("invalid request: source_vm.id")
    assert e.value.field == "source_vm.id"
    assert "ValidationError" in repr(e.value) and "source_vm.id" in repr(e.value)


def already_managed_in_this_process(db: str) -> str:
    """Runs in a child process: opens the database and adds a managed VM again."""
    with Manager(db, fakes=True, now=NOW) as m:
        m.add_to_management(source_vm=VM)
    return "unreachable"


def context_in_this_process(db: str, context_id: str) -> migratekit.ReplicationContext:
    with Manager(db, fakes=True, now=NOW) as m:
        return m.get_context(context_id)


def test_errors_and_records_cross_a_real_process_boundary_with_their_typed_fields(db: str) -> None:
    with Manager(db, fakes=True, now=NOW) as m:
        added = m.add_to_management(source_vm=VM)
    # spawn: a fresh interpreter, nothing inherited; the exception and the
    # record come back pickled.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(migratekit.AlreadyManagedError) as e:
            pool.submit(already_managed_in_this_process, db).result(timeout=60)
        ctx = pool.submit(context_in_this_process, db, added.context_id).result(timeout=60)
    assert type(e.value) is errors.AlreadyManagedError
    assert e.value.code == "already_managed"
    assert e.value.existing_context_id == added.context_id
    assert e.value.vmware_vm_id == "vm-123"
    assert e.value.fields["existing_context_id"] == added.context_id
    assert added.context_id in str(e.value)
    assert ctx.context_id == added.context_id
    assert isinstance(ctx, migratekit.ReplicationContext) and ctx.source_vm.disks[0].size_gb == 100


def test_every_error_class_pickles_with_its_fields() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not issubclass(cls, errors.MigrateKitError):
            continue
        e = cls("message", code=cls.CODE, details="details", fields={"field": "a.b", "job_id": "j"})
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is cls
        assert (back.message, back.code, back.details, back.fields) == ("message", cls.CODE, "details", e.fields)
        assert getattr(back, "job_id") == "j" and str(back) == str(e)


class RaisingCloud(MemoryCloud):
    def power_on(self, vm_id: str) -> None:
        self._raise_deep(vm_id)

    def _raise_deep(self, vm_id: str) -> None:
        raise ConnectionError(f"cloud API refused power_on of {vm_id}")


def test_a_ports_exception_is_the_adapter_errors_cause_with_its_traceback(db: str) -> None:
    with Manager(db, fakes=True, target_cloud=RaisingCloud()) as m:
        job = m.create_migration(source_vm=VM)
        assert isinstance(job, migratekit.JobStarted)
        m.complete_job(job.job_id, "cbt-1")
        with pytest.raises(migratekit.AdapterError) as e:
            m.test_failover(job.context_id)
    assert e.value.step == "power-on-test-vm"
    cause = e.value.__cause__
    assert isinstance(cause, ConnectionError)
    assert "refused power_on" in str(cause)
    frames = [f.name for f in traceback.extract_tb(cause.__traceback__)]
    assert frames[-2:] == ["power_on", "_raise_deep"], frames
    assert "ConnectionError" in e.value.details


def test_a_port_error_that_was_recovered_from_leaves_no_cause_behind(db: str) -> None:
    cloud = MemoryCloud()
    with Manager(db, fakes=True, target_cloud=cloud) as m:
        job = m.create_migration(source_vm=VM)
        assert isinstance(job, migratekit.JobStarted)
        m.complete_job(job.job_id, "cbt-1")
        cloud.fail_next("power_on")
        with pytest.raises(migratekit.AdapterError) as first:
            m.test_failover(job.context_id)
        assert isinstance(first.value.__cause__, RuntimeError)
        with pytest.raises(migratekit.OperationInProgressError) as other:
            m.live_failover(job.context_id)
        assert other.value.__cause__ is None
