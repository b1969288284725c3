"""Adversarial tests (issue 13): the package used the way a hurried or hostile
host would. Non-JSON input at every depth, exceptions across a real process
boundary, ports that raise, lie, hang or call back, threads racing close,
signals during a long call, and type-checker runs on user code with mistakes.

Names start with ``brk`` so this file stays independent of the other tests'
fixtures. Tests whose failure could kill the interpreter (a stack overflow,
a signal) run in a child process.
"""

from __future__ import annotations

import collections
import datetime as dt
import decimal
import enum
import multiprocessing
import os
import pathlib
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Callable, Optional

import pytest

import migratekit
from migratekit import errors

# ---------------------------------------------------------------- helpers


def brk_vm(name: str, **extra: Any) -> Any:
    vm: dict[str, Any] = {
        "id": f"vm-{name}",
        "name": name,
        "cpus": 2,
        "memory_mb": 2048,
        "disks": [{"id": "disk-2000", "size_gb": 1}],
    }
    vm.update(extra)
    return vm


@pytest.fixture
def brk_path(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "mk.db")


@pytest.fixture
def brk_m(brk_path: str) -> Any:
    with migratekit.Manager(brk_path, fakes=True) as m:
        yield m


def brk_ready(m: migratekit.Manager, name: str) -> str:
    """A new VM taken to ready_for_failover."""
    job = m.create_migration(source_vm=brk_vm(name), vcenter_host="vc01")
    assert isinstance(job, migratekit.JobStarted)
    m.complete_job(job.job_id, change_ids={"disk-2000": "cbt/1"})
    return job.context_id


BRK_UNSET = object()


class BrkCloud:
    """A target cloud whose methods a test can replace."""

    def __init__(self) -> None:
        self.vms: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.on_create: Optional[Callable[[dict[str, Any]], Any]] = None
        self.on_power_on: Optional[Callable[[str], None]] = None
        self.powered: list[str] = []
        self.fixed_answer: Any = BRK_UNSET

    def create_vm(self, spec: Any) -> Any:
        if self.fixed_answer is not BRK_UNSET:
            return self.fixed_answer
        if self.on_create is not None:
            answer = self.on_create(spec)
            if answer is not None:
                return answer
        with self.lock:
            for vm in self.vms.values():
                if vm["name"] == spec["name"]:
                    return dict(vm)
            vm = {"vm_id": f"tvm-{len(self.vms) + 1}", "name": spec["name"], "power_state": "off"}
            self.vms[vm["vm_id"]] = vm
            return dict(vm)

    def power_on(self, vm_id: str) -> None:
        if self.on_power_on is not None:
            self.on_power_on(vm_id)
        with self.lock:
            self.powered.append(vm_id)
            if vm_id in self.vms:
                self.vms[vm_id]["power_state"] = "on"

    def power_off(self, vm_id: str) -> None:
        with self.lock:
            if vm_id in self.vms:
                self.vms[vm_id]["power_state"] = "off"

    def delete_vm(self, vm_id: str) -> None:
        with self.lock:
            self.vms.pop(vm_id, None)

    def get_vm(self, vm_id: str) -> Any:
        with self.lock:
            vm = self.vms.get(vm_id)
            return dict(vm) if vm else None

    def find_vm_by_name(self, name: str) -> Any:
        with self.lock:
            for vm in self.vms.values():
                if vm["name"] == name:
                    return dict(vm)
            return None


def brk_child(code: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """Runs ``code`` in a fresh interpreter (for what could kill this one)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# ---------------------------------------------------------------- non-JSON input


class BrkStr(str):
    """A str subclass that lies about itself when printed."""

    def __str__(self) -> str:
        return "lie"


class BrkColour(enum.Enum):
    RED = "red"


class BrkObj:
    pass


def brk_set_in(vm: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = vm
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


# (where in source_vm, the bad value, the field path the error must name)
BRK_BAD_VALUES: list[tuple[tuple[Any, ...], Any, str]] = [
    (("disks", 0, "size_gb"), b"1", "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), bytearray(b"1"), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), {1, 2}, "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), frozenset(), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), float("nan"), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), float("inf"), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), float("-inf"), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), 2**64, "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), -(2**63) - 1, "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), 10**400, "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), decimal.Decimal("1"), "source_vm.disks[0].size_gb"),
    (("disks", 0, "size_gb"), complex(1, 1), "source_vm.disks[0].size_gb"),
    (("disks", 0, "id"), BrkObj(), "source_vm.disks[0].id"),
    (("disks", 0, "id"), BrkColour.RED, "source_vm.disks[0].id"),
    (("disks", 0, "id"), "\ud800", "source_vm.disks[0].id"),
    (("disks", 0, "id"), dt.datetime(2025, 1, 1), "source_vm.disks[0].id"),
    (("disks", 0, "id"), memoryview(b"x"), "source_vm.disks[0].id"),
    (("disks", 0, "id"), print, "source_vm.disks[0].id"),
    (("disks", 0, "id"), type, "source_vm.disks[0].id"),
    (("name",), b"web", "source_vm.name"),
    (("name",), "web\udcff", "source_vm.name"),
    (("cpus",), float("nan"), "source_vm.cpus"),
    (("networks",), [{"label": {"x": {b"k": 1}}}], "source_vm.networks[0].label.x"),
    (("networks",), [{"label": {1: "one"}}], "source_vm.networks[0].label"),
    (("networks",), [{"label": {None: "none"}}], "source_vm.networks[0].label"),
    (("networks",), [{"label": {("a", "b"): "tuple"}}], "source_vm.networks[0].label"),
    (("networks",), [{"label": {"\ud800": "surrogate key"}}], "source_vm.networks[0].label"),
]


@pytest.mark.parametrize(("path", "value", "field"), BRK_BAD_VALUES, ids=[f"{f}={v!r:.30}" for _, v, f in BRK_BAD_VALUES])
def test_break_non_json_value_is_validation_error_naming_its_path(
    brk_m: migratekit.Manager, path: tuple[Any, ...], value: Any, field: str
) -> None:
    vm = brk_vm("nonjson")
    brk_set_in(vm, path, value)
    with pytest.raises(errors.ValidationError) as info:
        brk_m.add_to_management(source_vm=vm)
    assert info.value.field == field, (info.value.field, str(info.value))
    assert field in str(info.value)
    # Through Manager.call and bulk too.
    with pytest.raises(errors.ValidationError) as info:
        brk_m.call("add_to_management", {"source_vm": vm})
    assert info.value.field == field
    r = brk_m.add_to_management_bulk([{"source_vm": brk_vm("ok")}, {"source_vm": vm}])
    assert (r.added, r.invalid) == (1, 1)
    assert r.results[1].index == 1 and r.results[1].result == "invalid"
    # The path is the VM's own, or prefixed with its place in the request.
    assert r.results[1].error is not None and r.results[1].error["field"] in (field, f"vms[1].{field}")
    # Nothing of the bad VM was written.
    assert [c.vm_name for c in brk_m.list_contexts()] == ["ok"]


def test_break_recursive_and_deep_structures_are_validation_errors_not_crashes() -> None:
    # In a child: an unbounded recursion in the converter would overflow the
    # native stack and kill the interpreter.
    out = brk_child(
        """
        import sys, tempfile, os, migratekit
        from migratekit import errors
        d = tempfile.mkdtemp()
        with migratekit.Manager(os.path.join(d, "mk.db"), fakes=True) as m:
            cases = {}
            rec = {}; rec["x"] = rec
            cases["recursive dict"] = {"id": "vm-1", "name": "n", "path": rec}
            lst = []; lst.append(lst)
            cases["recursive list"] = {"id": "vm-1", "name": "n", "disks": lst}
            deep = []
            for _ in range(200000):
                deep = [deep]
            cases["deep list"] = {"id": "vm-1", "name": "n", "disks": deep}
            deepd = {}
            for _ in range(200000):
                deepd = {"a": deepd}
            cases["deep dict"] = {"id": "vm-1", "name": "n", "path": deepd}
            for name, vm in cases.items():
                try:
                    m.add_to_management(source_vm=vm)
                except errors.ValidationError as e:
                    assert e.field.startswith("source_vm."), (name, e.field)
                    print("ok", name, e.field[:40])
                else:
                    print("accepted", name)
                    sys.exit(1)
                r = m.add_to_management_bulk([{"source_vm": vm}])
                assert r.invalid == 1, (name, r)
        print("done")
        """
    )
    assert out.returncode == 0 and "done" in out.stdout, (out.returncode, out.stdout, out.stderr[-3000:])


def test_break_json_shaped_lookalikes_are_accepted_as_their_values(brk_m: migratekit.Manager) -> None:
    # What json.dumps accepts a host may fairly pass: a str subclass is its
    # characters (not its __str__), an IntEnum its number, a tuple a list,
    # an OrderedDict an object. (A MappingProxyType json.dumps refuses too:
    # it is a ValidationError.)
    class Cpus(enum.IntEnum):
        TWO = 2

    vm = brk_vm("lookalike")
    vm["name"] = BrkStr("lookalike")
    vm["cpus"] = Cpus.TWO
    vm["disks"] = ({"id": BrkStr("disk-2000"), "size_gb": True and 1},)
    with pytest.raises(errors.ValidationError) as info:
        brk_m.add_to_management(source_vm=types.MappingProxyType(vm))  # type: ignore[arg-type]
    assert info.value.field == "source_vm"
    added = brk_m.add_to_management(source_vm=vm)
    assert added.vm_name == "lookalike"
    ctx = brk_m.get_context(added.context_id)
    assert ctx.source_vm.cpus == 2
    assert ctx.source_vm.disks[0].id == "disk-2000"
    od = collections.OrderedDict(brk_vm("ordered"))
    assert brk_m.add_to_management(source_vm=od).vm_name == "ordered"  # type: ignore[arg-type]


def test_break_bool_is_not_an_integer(brk_m: migratekit.Manager) -> None:
    with pytest.raises(errors.ValidationError) as info:
        brk_m.add_to_management(source_vm=brk_vm("boolcpu", cpus=True))
    assert info.value.field == "source_vm.cpus"


def test_break_nul_in_strings_round_trips_or_is_refused(brk_m: migratekit.Manager) -> None:
    vm = brk_vm("nul")
    vm["id"] = "vm-\x00-1"
    vm["name"] = "na\x00me"
    try:
        added = brk_m.add_to_management(source_vm=vm, vcenter_host="vc\x00")
    except errors.ValidationError:
        return
    got = brk_m.get_context(added.context_id)
    assert (got.vmware_vm_id, got.vm_name) == (vm["id"], vm["name"])
    assert brk_m.get_context(vcenter_host="vc\x00", vmware_vm_id=vm["id"]).context_id == added.context_id


def test_break_keyword_arguments_of_wrong_shape_are_validation_errors(brk_m: migratekit.Manager) -> None:
    job = brk_m.create_migration(source_vm=brk_vm("kw"))
    assert isinstance(job, migratekit.JobStarted)
    bad_calls: dict[str, tuple[Callable[[], Any], str]] = {
        "nan progress": (lambda: brk_m.update_job_progress(job.job_id, float("nan")), "progress_percent"),
        "inf progress": (lambda: brk_m.update_job_progress(job.job_id, float("inf")), "progress_percent"),
        "bytes job id": (lambda: brk_m.update_job_progress(b"job", 1.0), "job_id"),  # type: ignore[arg-type]
        "huge bytes_transferred": (lambda: brk_m.update_job_progress(job.job_id, 1.0, bytes_transferred=2**70), "bytes_transferred"),
        "negative bytes": (lambda: brk_m.update_job_progress(job.job_id, 1.0, bytes_transferred=-1), "bytes_transferred"),
        "set disks": (lambda: brk_m.update_job_progress(job.job_id, 1.0, disks={"disk-2000": {"bytes_transferred": {1}}}), "disks.disk-2000.bytes_transferred"),  # type: ignore[typeddict-item]
        "vcenter bytes": (lambda: brk_m.create_migration(source_vm=brk_vm("kw2"), vcenter_host=b"vc"), "vcenter_host"),  # type: ignore[arg-type]
        "change ids non-str key": (lambda: brk_m.complete_job(job.job_id, change_ids={1: "x"}), "change_ids"),  # type: ignore[dict-item]
        "context id object": (lambda: brk_m.get_context(object()), "context_id"),  # type: ignore[arg-type]
        "limit float": (lambda: brk_m.list_contexts(limit=1.5), "limit"),  # type: ignore[arg-type]
        "limit huge": (lambda: brk_m.list_contexts(limit=2**80), "limit"),
        "prune naive garbage": (lambda: brk_m.prune_job_log("not a time"), "before"),
        "run due object": (lambda: brk_m.run_due_schedules(object()), "now"),  # type: ignore[arg-type]
        "group priority huge": (lambda: brk_m.add_to_group("g", "c", priority=2**40), "priority"),
        "reconcile grace negative": (lambda: brk_m.reconcile(grace_seconds=-5), "grace_seconds"),
        "reconcile grace nan": (lambda: brk_m.reconcile(grace_seconds=float("nan")), "grace_seconds"),  # type: ignore[arg-type]
    }
    failures = []
    for name, (call, field) in bad_calls.items():
        try:
            call()
        except errors.ValidationError as e:
            if e.field != field:
                failures.append(f"{name}: field {e.field!r}, want {field!r} ({e})")
        except BaseException as e:  # noqa: BLE001 - we report what escaped
            failures.append(f"{name}: {type(e).__name__}: {e}")
        else:
            failures.append(f"{name}: accepted")
    assert not failures, "\n".join(failures)


def test_break_call_body_that_is_not_a_mapping(brk_m: migratekit.Manager) -> None:
    for body in ([1, 2], "text", 5, b"{}", {"context_id"}):
        with pytest.raises(errors.ValidationError):
            brk_m.call("get_context", body)  # type: ignore[arg-type]
    with pytest.raises(errors.ValidationError):
        brk_m.call("no_such_operation", {})
    with pytest.raises(errors.ValidationError):
        brk_m.call("get_context\x00", {"context_id": "x"})
    with pytest.raises(errors.ValidationError):
        brk_m.call("\ud800", {})


def test_break_bulk_iterable_misbehaving(brk_m: migratekit.Manager) -> None:
    class Boom(Exception):
        pass

    def gen() -> Any:
        yield {"source_vm": brk_vm("g1")}
        raise Boom("the host's own error")

    # The host's exception from its own iterable is its own: not swallowed,
    # not turned into something else, and nothing half-written.
    with pytest.raises(Boom):
        brk_m.add_to_management_bulk(gen())
    # Non-dict items are each one invalid result.
    mixed: list[Any] = [{"source_vm": brk_vm("b1")}, None, 5, "vm", [1], {"source_vm": brk_vm("b2")}]
    r = brk_m.add_to_management_bulk(mixed)
    assert (r.added, r.invalid) == (2, 4), r
    assert [x.index for x in r.results] == [0, 1, 2, 3, 4, 5]
    with pytest.raises((errors.ValidationError, TypeError)):
        brk_m.add_to_management_bulk(5)  # type: ignore[arg-type]


def test_break_bulk_progress_raising_propagates_and_leaves_manager_usable(brk_m: migratekit.Manager) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        raise Stop(f"{done}/{total}")

    vms = [{"source_vm": brk_vm(f"p{i}")} for i in range(2500)]
    with pytest.raises(Stop):
        brk_m.add_to_management_bulk(vms, progress)  # type: ignore[arg-type]
    # Nothing is half-written, and the same bulk add completes it.
    r = brk_m.add_to_management_bulk(vms)  # type: ignore[arg-type]
    assert r.added + r.already_managed == len(vms)
    assert len(brk_m.list_contexts(limit=10000)) == len(vms)


def test_break_bulk_progress_may_call_back_into_the_manager(brk_m: migratekit.Manager) -> None:
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        brk_m.list_contexts(limit=1)
        brk_m.add_to_management(source_vm=brk_vm(f"from-progress-{done}"))
        seen.append(done)

    vms = [{"source_vm": brk_vm(f"cb{i}")} for i in range(2100)]
    r = brk_m.add_to_management_bulk(vms, progress)  # type: ignore[arg-type]
    assert r.added == len(vms)
    assert seen and seen[-1] == len(vms)


# ---------------------------------------------------------------- pickling across processes


def brk_worker_already_managed(path: str) -> None:
    with migratekit.Manager(path, fakes=True) as m:
        m.add_to_management(source_vm=brk_vm("dup"), vcenter_host="vc01")
        m.add_to_management(source_vm=brk_vm("dup"), vcenter_host="vc01")


def brk_worker_validation(path: str) -> None:
    with migratekit.Manager(path, fakes=True) as m:
        m.add_to_management(source_vm=brk_vm("v", disks=[{"id": "d", "size_gb": b"1"}]))


def brk_worker_adapter(path: str) -> None:
    class Failing(BrkCloud):
        def power_on(self, vm_id: str) -> None:
            raise RuntimeError("power is out")

    with migratekit.Manager(path, fakes=True, target_cloud=Failing()) as m:
        ctx = brk_ready(m, "adapt")
        m.test_failover(ctx)


def brk_worker_closed(path: str) -> None:
    m = migratekit.Manager(path, fakes=True)
    m.close()
    m.list_contexts()


def brk_worker_record(path: str) -> Any:
    with migratekit.Manager(path, fakes=True) as m:
        added = m.add_to_management(source_vm=brk_vm("rec"))
        return m.get_context(added.context_id), m.list_contexts()


def brk_check_errors(run: Callable[[Callable[[str], Any], str], Any], tmp_path: pathlib.Path) -> None:
    with pytest.raises(errors.AlreadyManagedError) as info:
        run(brk_worker_already_managed, str(tmp_path / "a.db"))
    e = info.value
    assert e.code == "already_managed"
    assert e.existing_context_id.startswith("ctx-dup-")
    assert e.fields["existing_context_id"] == e.existing_context_id
    assert e.existing_context_id in str(e)

    with pytest.raises(errors.ValidationError) as vinfo:
        run(brk_worker_validation, str(tmp_path / "v.db"))
    assert vinfo.value.field == "source_vm.disks[0].size_gb"
    assert "source_vm.disks[0].size_gb" in str(vinfo.value)

    with pytest.raises(errors.AdapterError) as ainfo:
        run(brk_worker_adapter, str(tmp_path / "ad.db"))
    assert ainfo.value.operation == "test_failover"
    assert ainfo.value.step
    assert "power is out" in str(ainfo.value)

    with pytest.raises(errors.ClosedError):
        run(brk_worker_closed, str(tmp_path / "c.db"))

    ctx, page = run(brk_worker_record, str(tmp_path / "r.db"))
    assert isinstance(ctx, migratekit.ReplicationContext) and ctx.vm_name == "rec"
    assert len(page) == 1 and page[0] == ctx


def test_break_errors_and_records_cross_a_spawned_process_pool(tmp_path: pathlib.Path) -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        brk_check_errors(lambda f, p: pool.submit(f, p).result(timeout=60), tmp_path)


def brk_queue_worker(q: Any, path: str) -> None:
    try:
        brk_worker_already_managed(path)
    except BaseException as e:  # noqa: BLE001 - sent back as it is
        q.put(e)


def test_break_errors_cross_a_multiprocessing_queue(tmp_path: pathlib.Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=brk_queue_worker, args=(q, str(tmp_path / "q.db")))
    p.start()
    e = q.get(timeout=60)
    p.join(60)
    assert isinstance(e, errors.AlreadyManagedError), repr(e)
    assert e.existing_context_id.startswith("ctx-dup-")
    assert e.vmware_vm_id == "vm-dup"


def test_break_error_pickle_round_trip_keeps_every_field_and_subclass(brk_m: migratekit.Manager) -> None:
    brk_m.add_to_management(source_vm=brk_vm("pk"), vcenter_host="vc01")
    try:
        brk_m.add_to_management(source_vm=brk_vm("pk"), vcenter_host="vc01")
    except errors.AlreadyManagedError as e:
        for proto in range(pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(e, protocol=proto))
            assert type(back) is type(e)
            assert (back.code, back.message, back.details, back.fields) == (e.code, e.message, e.details, e.fields)
            assert back.existing_context_id == e.existing_context_id
            assert str(back) == str(e) and repr(back) == repr(e)
    else:
        pytest.fail("no AlreadyManagedError")
    s = errors.IncompatibleSchemaError("newer", details="x", fields={"found": 9, "supported": 3})
    back = pickle.loads(pickle.dumps(s))
    assert isinstance(back, errors.IncompatibleSchemaError) and isinstance(back, errors.StorageError)
    assert back.found == 9


# ---------------------------------------------------------------- ports


def test_break_port_exception_is_cause_with_traceback(brk_path: str) -> None:
    cloud = BrkCloud()

    def explode(vm_id: str) -> None:
        raise LookupError("no such host")

    cloud.on_power_on = explode
    with migratekit.Manager(brk_path, fakes=True, target_cloud=cloud) as m:
        ctx = brk_ready(m, "cause")
        with pytest.raises(errors.AdapterError) as info:
            m.test_failover(ctx)
        cause = info.value.__cause__
        assert isinstance(cause, LookupError)
        assert cause.__traceback__ is not None
        frames = [f.name for f in __import__("traceback").extract_tb(cause.__traceback__)]
        assert "explode" in frames, frames
        assert info.value.step and info.value.operation == "test_failover"
        # Resumes once the port works.
        cloud.on_power_on = None
        assert m.test_failover(ctx).status == "failed_over_test"


BRK_WRONG_ANSWERS: list[Any] = [
    None,
    "tvm-1",
    42,
    [],
    {"vm_id": 1, "name": "x", "power_state": "off"},
    {"vm_id": "x", "name": "x", "power_state": "sideways"},
    {"vm_id": "x"},
    {"vm_id": "\ud800", "name": "x", "power_state": "off"},
    {"vm_id": b"x", "name": "x", "power_state": "off"},
    {"vm_id": "x", "name": "x", "power_state": "off", "extra": float("nan")},
    {"vm_id": "x", "name": "x", "power_state": "off", "extra": object()},
    object(),
]


@pytest.mark.parametrize("answer", BRK_WRONG_ANSWERS, ids=[f"{a!r:.40}" for a in BRK_WRONG_ANSWERS])
def test_break_port_answering_the_wrong_type_is_an_adapter_error(brk_path: str, answer: Any) -> None:
    cloud = BrkCloud()
    cloud.fixed_answer = answer
    with migratekit.Manager(brk_path, fakes=True, target_cloud=cloud) as m:
        ctx = brk_ready(m, "wrong")
        with pytest.raises(errors.AdapterError) as info:
            m.test_failover(ctx)
        assert info.value.step, info.value
        assert "create_vm" in str(info.value), str(info.value)
        assert m.get_context(ctx).current_status in ("ready_for_failover", "failed")


def test_break_port_raising_base_exceptions(tmp_path: pathlib.Path) -> None:
    cloud = BrkCloud()
    for i, exc in enumerate((KeyboardInterrupt(), SystemExit(3), GeneratorExit())):

        def boom(vm_id: str, exc: BaseException = exc) -> None:
            raise exc

        cloud.on_power_on = boom
        # A file per round: the testkit's fake volume ids restart with each
        # manager (see the volume-id test below).
        with migratekit.Manager(str(tmp_path / f"{i}.db"), fakes=True, target_cloud=cloud) as m:
            ctx = brk_ready(m, f"base-{type(exc).__name__.lower()}")
            with pytest.raises((errors.AdapterError, type(exc))):
                m.test_failover(ctx)
            cloud.on_power_on = None
            m.abort_operation(ctx)
            assert len(m.list_contexts()) >= 1


def test_break_port_missing_methods_listed_at_open(brk_path: str) -> None:
    class Half:
        def create_vm(self, spec: Any) -> Any:
            return None

        power_on = "not callable"

    with pytest.raises(errors.ValidationError) as info:
        migratekit.Manager(brk_path, target_cloud=Half())  # type: ignore[arg-type]
    text = str(info.value)
    for name in ("power_off", "delete_vm", "get_vm", "find_vm_by_name", "power_on"):
        assert name in text, text
    assert "create_vm" not in text.split(":", 1)[-1].replace("create_vm(", ""), text
    with pytest.raises(errors.ValidationError):
        migratekit.Manager(brk_path, volume_daemon=object())  # type: ignore[arg-type]


def test_break_port_calling_back_and_closing_during_its_call(brk_path: str) -> None:
    cloud = BrkCloud()
    m = migratekit.Manager(brk_path, fakes=True, target_cloud=cloud)
    ctx = brk_ready(m, "closer")
    nested: list[BaseException] = []

    def create(spec: dict[str, Any]) -> Any:
        assert m.get_context(ctx).context_id == ctx  # calling back works
        m.close()
        try:
            m.get_context(ctx)
        except BaseException as e:  # noqa: BLE001
            nested.append(e)
        return None

    cloud.on_create = create
    done = threading.Event()
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(m.test_failover(ctx))
        except BaseException as e:  # noqa: BLE001
            result.append(e)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(30), "a port closing its manager deadlocked the call"
    assert nested and isinstance(nested[0], errors.ClosedError), nested
    assert m.closed
    with pytest.raises(errors.ClosedError):
        m.list_contexts()


def test_break_hanging_port_and_keyboard_interrupt_in_main_thread() -> None:
    # In a child: SIGINT arrives while the main thread waits in the library
    # for a port that takes seconds. The call must end with
    # KeyboardInterrupt, without running the next step, and the operation
    # must resume afterwards.
    out = brk_child(
        """
        import os, signal, sys, tempfile, threading, time, migratekit
        # A shell running the suite in the background starts it with SIGINT
        # ignored, and Python keeps that: install Ctrl-C's usual handler.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.path.insert(0, %r)
        from test_break import BrkCloud, brk_ready
        cloud = BrkCloud()
        entered = threading.Event()
        def slow(spec):
            entered.set()
            time.sleep(3)
        cloud.on_create = slow
        d = tempfile.mkdtemp()
        m = migratekit.Manager(os.path.join(d, "mk.db"), fakes=True, target_cloud=cloud)
        ctx = brk_ready(m, "sigint")
        def interrupt():
            entered.wait(10)
            time.sleep(0.2)
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        t0 = time.monotonic()
        try:
            m.test_failover(ctx)
        except KeyboardInterrupt:
            print("interrupted after %%.1fs" %% (time.monotonic() - t0))
        except BaseException as e:
            print("other", type(e).__name__, e)
            sys.exit(2)
        else:
            print("not interrupted")
            sys.exit(3)
        assert cloud.powered == [], cloud.powered
        cloud.on_create = None
        print(m.test_failover(ctx).status)
        m.close()
        """
        % os.path.dirname(__file__)
    )
    assert out.returncode == 0, (out.stdout, out.stderr[-3000:])
    assert "interrupted" in out.stdout and "failed_over_test" in out.stdout, out.stdout


# ---------------------------------------------------------------- threads and close


def test_break_close_while_threads_call_loses_nothing(brk_path: str) -> None:
    m = migratekit.Manager(brk_path, fakes=True)
    ok: list[str] = []
    bad: list[BaseException] = []
    stop = threading.Event()

    def worker(w: int) -> None:
        i = 0
        while True:
            name = f"t{w}-{i}"
            try:
                m.add_to_management(source_vm=brk_vm(name))
            except errors.ClosedError:
                return
            except BaseException as e:  # noqa: BLE001
                bad.append(e)
                return
            ok.append(name)
            i += 1
            if stop.is_set() and i > 10_000:
                return

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(16)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    m.close()
    stop.set()
    for t in threads:
        t.join(30)
        assert not t.is_alive()
    assert not bad, bad[:3]
    assert ok, "no call ran before close"
    with migratekit.Manager(brk_path) as m2:
        names = {c.vm_name for c in m2.list_contexts(limit=10000)}
    assert names == set(ok)


def test_break_every_method_after_close_raises_closed_error(brk_path: str) -> None:
    m = migratekit.Manager(brk_path, fakes=True, now="2025-01-01T00:00:00Z")
    m.close()
    m.close()
    assert m.closed and "closed" in repr(m)
    calls: dict[str, Callable[[], Any]] = {
        "call": lambda: m.call("list_contexts", {}),
        "create_migration": lambda: m.create_migration(source_vm=brk_vm("x")),
        "add_to_management": lambda: m.add_to_management(source_vm=brk_vm("x")),
        "bulk": lambda: m.add_to_management_bulk([]),
        "get_context": lambda: m.get_context("x"),
        "list_contexts": lambda: m.list_contexts(),
        "get_job": lambda: m.get_job("x"),
        "list_jobs": lambda: m.list_jobs(),
        "update_job_progress": lambda: m.update_job_progress("x", 1.0),
        "complete_job": lambda: m.complete_job("x"),
        "fail_job": lambda: m.fail_job("x", "y"),
        "cancel_job": lambda: m.cancel_job("x"),
        "delete_job": lambda: m.delete_job("x"),
        "remove_from_management": lambda: m.remove_from_management("x"),
        "test_failover": lambda: m.test_failover("x"),
        "cleanup_test_failover": lambda: m.cleanup_test_failover("x"),
        "live_failover": lambda: m.live_failover("x"),
        "rollback_live_failover": lambda: m.rollback_live_failover("x"),
        "abort_operation": lambda: m.abort_operation("x"),
        "complete_migration": lambda: m.complete_migration("x"),
        "list_volumes": lambda: m.list_volumes("x"),
        "list_failover_jobs": lambda: m.list_failover_jobs("x"),
        "reconcile": lambda: m.reconcile(),
        "create_schedule": lambda: m.create_schedule("s", "* * * * *"),
        "list_schedules": lambda: m.list_schedules(),
        "set_schedule_enabled": lambda: m.set_schedule_enabled("s", True),
        "create_group": lambda: m.create_group("g"),
        "get_group": lambda: m.get_group("g"),
        "list_groups": lambda: m.list_groups(),
        "attach_schedule": lambda: m.attach_schedule("g", None),
        "add_to_group": lambda: m.add_to_group("g", "c"),
        "remove_from_group": lambda: m.remove_from_group("c"),
        "run_due_schedules": lambda: m.run_due_schedules(),
        "list_schedule_executions": lambda: m.list_schedule_executions(),
        "log_job": lambda: m.log_job("x"),
        "log_jobs": lambda: m.log_jobs(),
        "prune_job_log": lambda: m.prune_job_log("2025-01-01T00:00:00Z"),
        "advance_clock": lambda: m.advance_clock(1),
        "shutdown_exporter": lambda: m.shutdown_exporter(),
        "exporter_pid": lambda: m.exporter_pid,
    }
    escaped = []
    for name, call in calls.items():
        try:
            call()
        except errors.ClosedError:
            pass
        except BaseException as e:  # noqa: BLE001
            escaped.append(f"{name}: {type(e).__name__}: {e}")
        else:
            if name != "exporter_pid":
                escaped.append(f"{name}: no error")
    assert not escaped, "\n".join(escaped)
    m.close(stop_exporter=True)


def test_break_context_manager_exit_on_exception_closes_and_propagates(brk_path: str) -> None:
    class Mine(Exception):
        pass

    with pytest.raises(Mine):
        with migratekit.Manager(brk_path, fakes=True) as m:
            m.add_to_management(source_vm=brk_vm("cm"))
            raise Mine()
    assert m.closed
    with pytest.raises(errors.AlreadyManagedError):
        with migratekit.Manager(brk_path, fakes=True) as m2:
            m2.add_to_management(source_vm=brk_vm("cm"))
    assert m2.closed
    # Nested use of one manager as a context manager twice.
    m3 = migratekit.Manager(brk_path, fakes=True)
    with m3:
        pass
    with pytest.raises(errors.ClosedError):
        with m3:
            m3.list_contexts()


def test_break_many_threads_with_ports_that_call_back(brk_path: str) -> None:
    cloud = BrkCloud()
    with migratekit.Manager(brk_path, fakes=True, target_cloud=cloud) as m:
        ids = [brk_ready(m, f"th{i}") for i in range(12)]

        def on_create(spec: dict[str, Any]) -> None:
            m.list_contexts(limit=2)
            return None

        cloud.on_create = on_create
        with ThreadPoolExecutor(12) as pool:
            results = list(pool.map(m.test_failover, ids))
        assert {r.status for r in results} == {"failed_over_test"}


def test_break_open_options_of_wrong_shape(tmp_path: pathlib.Path) -> None:
    p = str(tmp_path / "o.db")
    bad: dict[str, dict[str, Any]] = {
        "nbd_port": {"nbd_port": 70000},
        "negative nbd_port": {"nbd_port": -1},
        "operation_lease_seconds": {"operation_lease_seconds": float("nan")},
        "negative lease": {"operation_lease_seconds": -5},
        "durability": {"durability": "fast"},
        "now": {"now": "yesterday"},
        "naive now": {"now": dt.datetime(2025, 1, 1)},
        "appliance bytes": {"appliance_id": b"x"},
    }
    failures = []
    for name, opts in bad.items():
        try:
            migratekit.Manager(p, fakes=True, **opts).close()
        except errors.ValidationError as e:
            if not e.field and name.split()[-1] not in str(e):
                failures.append(f"{name}: no field named: {e}")
        except BaseException as e:  # noqa: BLE001
            failures.append(f"{name}: {type(e).__name__}: {e}")
        else:
            failures.append(f"{name}: accepted")
    assert not failures, "\n".join(failures)
    with migratekit.Manager(pathlib.Path(p)) as m:
        assert not m.closed
    with pytest.raises((errors.ValidationError, TypeError)):
        migratekit.Manager(12)  # type: ignore[arg-type]
    with pytest.raises((errors.ValidationError, errors.StorageError)):
        migratekit.Manager(str(tmp_path / "nul\x00.db"))


# ---------------------------------------------------------------- pages and cursors


def test_break_page_cursor_misuse(brk_m: migratekit.Manager) -> None:
    for i in range(3):
        brk_m.create_migration(source_vm=brk_vm(f"c{i}"))
    cp = brk_m.list_contexts(limit=1)
    jp = brk_m.list_jobs(limit=1)
    assert cp.next_cursor and jp.next_cursor
    misuse: dict[str, Callable[[], Any]] = {
        "garbage": lambda: brk_m.list_contexts(after="garbage"),
        "job cursor on contexts": lambda: brk_m.list_contexts(after=jp.next_cursor),
        "context cursor on jobs": lambda: brk_m.list_jobs(after=cp.next_cursor),
        "context cursor on log jobs": lambda: brk_m.log_jobs(after=cp.next_cursor),
        "page as cursor": lambda: brk_m.list_contexts(after=cp),  # type: ignore[arg-type]
        "int cursor": lambda: brk_m.list_contexts(after=5),  # type: ignore[arg-type]
        "surrogate cursor": lambda: brk_m.list_contexts(after="\udc80"),
        "negative offset": lambda: brk_m.list_contexts(offset=-1),
    }
    escaped = []
    for name, call in misuse.items():
        try:
            call()
        except errors.ValidationError:
            pass
        except BaseException as e:  # noqa: BLE001
            escaped.append(f"{name}: {type(e).__name__}: {e}")
        else:
            escaped.append(f"{name}: accepted")
    assert not escaped, "\n".join(escaped)
    # A page is a sequence of its records, and pickles.
    assert len(cp) == 1 and cp[0] is cp.items[0] and list(cp) == list(cp)
    with pytest.raises(IndexError):
        cp[5]
    assert pickle.loads(pickle.dumps(cp)) == cp
    # Walking every page by cursor sees every context once.
    seen, after = [], None
    while True:
        page = brk_m.list_contexts(limit=1, after=after)
        seen += [c.context_id for c in page]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == 3


# ---------------------------------------------------------------- mypy on user code


BRK_MYPY_OK = """
import migratekit
from migratekit.types import CreateMigrationRequest, SourceVmSpec

def run(m: migratekit.Manager) -> str:
    vm: SourceVmSpec = {"id": "vm-1", "name": "web", "disks": [{"id": "d", "size_gb": 1}]}
    req: CreateMigrationRequest = {"source_vm": vm, "vcenter_host": "vc", "start_replication": False}
    r = m.create_migration(req)
    for c in m.list_contexts(status="ready_for_failover"):
        print(c.vm_name, c.current_status)
    try:
        m.get_context(r.context_id)
    except migratekit.AlreadyManagedError as e:
        return e.existing_context_id
    return r.context_id
"""

BRK_MYPY_MISTAKES = {
    "misspelt request field": 'm.create_migration({"source_vm": {"id": "x", "name": "y"}, "vcenter_hots": "vc"})',
    "misspelt nested field": 'm.create_migration(source_vm={"id": "x", "name": "y", "disks": [{"id": "d", "size_gb": 1, "sise": 2}]})',
    "misspelt keyword": 'm.create_migration(source_vm={"id": "x", "name": "y"}, start_replicaton=False)',
    "wrong status literal": 'm.list_contexts(status="ready")',
    "misspelt record attribute": 'print(m.get_context("c").contxt_id)',
    "wrong field type": 'm.create_migration(source_vm={"id": 1, "name": "y"})',
    "missing required field": 'm.create_migration(source_vm={"name": "y"})',
    "progress percent as str": 'm.update_job_progress("j", "50")',
    "page item attribute": 'print(m.list_jobs()[0].staus)',
    "error attribute": "e = migratekit.AlreadyManagedError('x'); print(e.existing_context)",
    "durability literal": 'migratekit.Manager("x.db", durability="fsync")',
}


def brk_mypy(tmp_path: pathlib.Path, body: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    f = tmp_path / "user_code.py"
    f.write_text(body)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(f)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_break_mypy_strict_catches_each_user_mistake(tmp_path: pathlib.Path) -> None:
    ok = brk_mypy(tmp_path, BRK_MYPY_OK)
    assert ok.returncode == 0, ok.stdout
    # One file with every mistake, one per function: each must be reported
    # on its own line.
    lines = ["import migratekit", ""]
    where = {}
    for i, (name, stmt) in enumerate(BRK_MYPY_MISTAKES.items()):
        lines.append(f"def mistake_{i}(m: migratekit.Manager) -> None:")
        where[len(lines) + 1] = name
        lines.append(f"    {stmt}")
        lines.append("")
    out = brk_mypy(tmp_path, "\n".join(lines) + "\n")
    reported = {int(line.split(":")[1]) for line in out.stdout.splitlines() if ": error:" in line}
    missed = [name for line, name in where.items() if line not in reported]
    assert not missed, f"mypy --strict missed: {missed}\n{out.stdout}"


def test_break_reused_volume_id_never_takes_another_contexts_volume(brk_path: str) -> None:
    with migratekit.Manager(brk_path, fakes=True) as m:
        a = m.create_migration(source_vm=brk_vm("a"))
        assert isinstance(a, migratekit.JobStarted)
    with migratekit.Manager(brk_path, fakes=True) as m:
        try:
            b = m.create_migration(source_vm=brk_vm("b"))
        except errors.MigrateKitError:
            b = None  # refusing the reused id is fine too
        va = m.list_volumes(a.context_id)
        assert [v.owner_job_id for v in va] == [a.job_id], va
        if b is not None:
            vb = m.list_volumes(b.context_id)
            assert len(vb) == 1 and vb[0].volume_id != va[0].volume_id, vb
