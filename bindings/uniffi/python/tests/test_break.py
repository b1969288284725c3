"""Adversarial tests of the uniffi Python bindings, written from the outside
(the issue, DESIGN.md and the README): Python ports that raise anything,
answer garbage, hang or call back; managers on bad files and from many
threads; hostile input on the methods. Every failure must be a typed
``MkError`` with its stable code (or, for a value Python cannot even lower,
a ``ValueError``/``TypeError`` raised before the call crosses), never a
crash, and must change nothing."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from typing import Callable, Dict, List, Optional

import pytest

import migratekit_core as mc
import migratekit_uniffi as mu


# ------------------------------------------------------------------ helpers


def code_of(e: BaseException) -> mc.ErrorCode:
    assert isinstance(e, mu.MkError), f"not an MkError: {type(e)} {e!r}"
    return e.code  # type: ignore[attr-defined,no-any-return]


def vm(vm_id: str, disks: int = 1) -> mc.SourceVm:
    return mc.SourceVm(
        id=vm_id, name=f"vm-{vm_id}", cpus=2, memory_mb=2048, os_type="linux",
        disks=[mc.SourceDisk(id=f"disk-{2000 + i}", size_gb=1, unit_number=i) for i in range(disks)],
    )


def ref(ctx: str) -> mc.ContextRef:
    return mc.ContextRef.CONTEXT_ID(ctx)


def ready(m: mu.Manager, vm_id: str, disks: int = 1) -> str:
    started = m.create_migration(mc.CreateMigrationRequest(source_vm=vm(vm_id, disks), vcenter_host="vc"))
    job = started[0]
    m.complete_job(mc.CompleteJobRequest(
        job_id=job.job_id, change_ids={f"disk-{2000 + i}": f"cbt-{i}" for i in range(disks)}))
    return job.context_id  # type: ignore[no-any-return]


Hook = Optional[Callable[[str], None]]


class Cloud(mu.TargetCloud):
    """An in-memory target cloud whose methods first run ``hook``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.vms: Dict[str, mc.TargetVm] = {}
        self.n = 0
        self.hook: Hook = None
        self.answer: Optional[Callable[[mc.TargetVm], object]] = None

    def _before(self, method: str) -> None:
        h = self.hook
        if h is not None:
            h(method)

    def create_vm(self, spec: mc.VmSpec) -> mc.TargetVm:
        self._before("create_vm")
        with self.lock:
            for v in self.vms.values():
                if v.name == spec.name:
                    return v
            self.n += 1
            v = mc.TargetVm(vm_id=f"i-{self.n}", name=spec.name, power_state=mc.PowerState.OFF)
            self.vms[v.vm_id] = v
        if self.answer is not None:
            return self.answer(v)  # type: ignore[return-value]
        return v

    def _power(self, vm_id: str, state: mc.PowerState, method: str) -> None:
        self._before(method)
        with self.lock:
            v = self.vms.get(vm_id)
            if v is None:
                raise mu.PortError.Failed(f"no vm {vm_id}")
            self.vms[vm_id] = mc.TargetVm(vm_id=v.vm_id, name=v.name, power_state=state)

    def power_on(self, vm_id: str) -> None:
        self._power(vm_id, mc.PowerState.ON, "power_on")

    def power_off(self, vm_id: str) -> None:
        self._power(vm_id, mc.PowerState.OFF, "power_off")

    def delete_vm(self, vm_id: str) -> None:
        self._before("delete_vm")
        with self.lock:
            self.vms.pop(vm_id, None)

    def get_vm(self, vm_id: str) -> Optional[mc.TargetVm]:
        self._before("get_vm")
        with self.lock:
            return self.vms.get(vm_id)

    def find_vm_by_name(self, name: str) -> Optional[mc.TargetVm]:
        self._before("find_vm_by_name")
        with self.lock:
            return next((v for v in self.vms.values() if v.name == name), None)


def open_manager(tmp: str, cloud: Optional[Cloud] = None, **options: object) -> mu.Manager:
    return mu.Manager.open_with_ports(
        mu.OpenOptions(path=os.path.join(tmp, "mk.db"), fakes=True, **options),  # type: ignore[arg-type]
        target_cloud=cloud,
    )


def snapshot(m: mu.Manager) -> str:
    parts: List[str] = []
    for c in m.list_contexts(mc.ContextFilter()).items:
        parts.append(f"{c.context_id} {c.current_status} {c.active_operation} {c.last_error}")
    for j in m.list_jobs(mc.JobFilter()).items:
        parts.append(f"{j.job_id} {j.status} {j.progress_percent} {j.bytes_transferred}")
    parts.append(f"{len(m.list_groups())} groups {len(m.list_schedules())} schedules")
    return "|".join(parts)


# ------------------------------------------------------------------ ports


class Boom(Exception):
    pass


@pytest.mark.parametrize(
    "raise_it",
    [
        lambda: (_ for _ in ()).throw(ValueError("bad")),
        lambda: (_ for _ in ()).throw(Boom("custom")),
        lambda: (_ for _ in ()).throw(RecursionError("deep")),
        lambda: (_ for _ in ()).throw(MemoryError()),
        lambda: 1 / 0,
        lambda: None.missing,  # type: ignore[attr-defined]
    ],
    ids=["ValueError", "custom", "RecursionError", "MemoryError", "ZeroDivision", "AttributeError"],
)
@pytest.mark.parametrize("method", ["create_vm", "power_on"])
def test_any_exception_in_a_port_is_an_adapter_error_and_resumable(raise_it: Callable[[], None], method: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        ctx = ready(m, "raise")

        def hook(got: str) -> None:
            if got == method:
                raise_it()

        cloud.hook = hook
        with pytest.raises(mu.MkError.Adapter) as e:
            m.test_failover(ref(ctx))
        assert e.value.code == mc.ErrorCode.ADAPTER
        assert e.value.step
        assert '"code":"adapter"' in e.value.body
        assert m.get_context(ref(ctx)).current_status == mc.Status.READY_FOR_FAILOVER
        cloud.hook = None
        assert m.test_failover(ref(ctx)).status == mc.Status.FAILED_OVER_TEST
        assert len(m.list_failover_jobs(ref(ctx))) == 1


@pytest.mark.parametrize(
    "garbage",
    [None, 42, "i-1", {"vm_id": "i-1"}, object()],
    ids=["None", "int", "str", "dict", "object"],
)
def test_a_port_answering_the_wrong_type_is_an_adapter_error(garbage: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        cloud.answer = lambda _v: garbage
        m = open_manager(tmp, cloud)
        ctx = ready(m, "wrong-type")
        with pytest.raises(mu.MkError.Adapter):
            m.test_failover(ref(ctx))
        assert m.get_context(ref(ctx)).current_status == mc.Status.READY_FOR_FAILOVER


def test_a_port_answering_an_empty_vm_id_is_refused() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        cloud.answer = lambda v: mc.TargetVm(vm_id="", name=v.name, power_state=v.power_state)
        m = open_manager(tmp, cloud)
        ctx = ready(m, "empty-id")
        with pytest.raises(mu.MkError.Adapter):
            m.test_failover(ref(ctx))


# KeyboardInterrupt, SystemExit and GeneratorExit are not ``Exception``s:
# uniffi's callback wrapper catches ``Exception`` only, so one of these
# raised in a port leaves ctypes' callback with the call status untouched
# (success). Run in a child process, so a crash cannot take pytest down.
BASE_EXCEPTION_CHILD = textwrap.dedent(
    """
    import os, sys, tempfile
    sys.path[:0] = {path!r}
    import migratekit_core as mc, migratekit_uniffi as mu
    from test_break import Cloud, open_manager, ready, ref
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        ctx = ready(m, "base")
        def hook(method):
            if method == {method!r}:
                raise {exc}
        cloud.hook = hook
        try:
            r = m.test_failover(ref(ctx))
            print("OUTCOME success", r.status, len(cloud.vms), [v.power_state for v in cloud.vms.values()])
        except mu.MkError.Adapter as e:
            print("OUTCOME adapter", e.step)
        except BaseException as e:
            print("OUTCOME other", type(e).__name__, e)
    """
)


@pytest.mark.parametrize("exc", ["KeyboardInterrupt()", "SystemExit(3)", "GeneratorExit()"])
@pytest.mark.parametrize("method", ["create_vm", "power_on"])
def test_a_base_exception_in_a_port_is_an_adapter_error_not_a_success(exc: str, method: str) -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    script = BASE_EXCEPTION_CHILD.format(path=[here] + sys.path, method=method, exc=exc)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    outcome = [line for line in run.stdout.splitlines() if line.startswith("OUTCOME")]
    assert run.returncode == 0, f"child crashed ({run.returncode}): {run.stderr[-2000:]}"
    assert outcome and outcome[0].startswith("OUTCOME adapter"), f"{outcome} {run.stderr[-1500:]}"


def test_a_hanging_port_leaves_the_manager_usable_from_other_threads() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        ctx = ready(m, "hang")
        entered, release = threading.Event(), threading.Event()

        def hook(method: str) -> None:
            if method == "create_vm":
                entered.set()
                release.wait(60)

        cloud.hook = hook
        result: List[object] = []
        t = threading.Thread(target=lambda: result.append(m.test_failover(ref(ctx))))
        t.start()
        assert entered.wait(30)
        errors: List[BaseException] = []

        def other(i: int) -> None:
            try:
                m.get_context(ref(ctx))
                m.list_contexts(mc.ContextFilter())
                m.create_migration(mc.CreateMigrationRequest(source_vm=vm(f"other-{i}"), vcenter_host="vc"))
            except BaseException as e:  # noqa: BLE001 - collected and reported
                errors.append(e)

        started = time.monotonic()
        others = [threading.Thread(target=other, args=(i,)) for i in range(16)]
        for o in others:
            o.start()
        for o in others:
            o.join(30)
        assert not any(o.is_alive() for o in others), "blocked behind a hanging port"
        assert not errors, errors
        assert time.monotonic() - started < 30
        with pytest.raises(mu.MkError.OperationInProgress):
            m.test_failover(ref(ctx))
        release.set()
        t.join(60)
        assert result and len(cloud.vms) == 1


def test_a_port_calls_back_into_the_manager() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        ctx = ready(m, "reenter")
        seen: List[object] = []

        def hook(method: str) -> None:
            if method != "create_vm":
                return
            seen.append(m.get_context(ref(ctx)).current_status)
            seen.append(m.create_migration(mc.CreateMigrationRequest(source_vm=vm("reenter-2", 2), vcenter_host="vc")))
            try:
                m.test_failover(ref(ctx))
            except mu.MkError.OperationInProgress as e:
                seen.append(e.code)

        cloud.hook = hook
        assert m.test_failover(ref(ctx)).status == mc.Status.FAILED_OVER_TEST
        assert seen[0] == mc.Status.READY_FOR_FAILOVER
        assert seen[2] == mc.ErrorCode.OPERATION_IN_PROGRESS


def test_32_threads_on_misbehaving_python_ports() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        counter = [0]
        lock = threading.Lock()

        def hook(method: str) -> None:
            with lock:
                counter[0] += 1
                n = counter[0]
            if n % 7 == 0:
                raise RuntimeError(f"random failure in {method}")
            if n % 7 == 3:
                raise mu.PortError.Failed(f"port failure in {method}")

        cloud.hook = hook
        bad: List[str] = []

        def life(g: int) -> None:
            try:
                ctx = ready(m, f"t32-{g}", 2)
                for _ in range(20):
                    try:
                        m.test_failover(ref(ctx))
                        break
                    except mu.MkError.Adapter:
                        pass
                for _ in range(20):
                    try:
                        m.cleanup_test_failover(mc.FailoverTarget(context_id=ctx))
                        break
                    except mu.MkError.Adapter:
                        pass
                status = m.get_context(ref(ctx)).current_status
                if status != mc.Status.READY_FOR_FAILOVER:
                    bad.append(f"{g}: ended {status}")
            except BaseException as e:  # noqa: BLE001 - collected and reported
                bad.append(f"{g}: {type(e).__name__} {e}")

        threads = [threading.Thread(target=life, args=(g,)) for g in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not bad, bad


def test_a_manager_dropped_while_its_port_holds_it() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = Cloud()
        m = open_manager(tmp, cloud)
        ctx = ready(m, "drop")
        holder: List[mu.Manager] = [m]
        cloud.hook = lambda method: holder[0].list_groups() and None if method == "create_vm" else None
        del m
        gc.collect()
        assert holder[0].test_failover(ref(ctx)).status == mc.Status.FAILED_OVER_TEST
        holder.clear()
        cloud.hook = None
        gc.collect()
        m2 = mu.Manager.open(mu.OpenOptions(path=os.path.join(tmp, "mk.db"), fakes=True))
        assert m2.get_context(ref(ctx)).current_status == mc.Status.FAILED_OVER_TEST


# ------------------------------------------------------------------ opening


def test_opening_on_bad_files_is_a_typed_error() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "text.db")
        with open(text, "w") as f:
            f.write("this is not a database\n" * 500)
        garbage = os.path.join(tmp, "garbage.db")
        with open(garbage, "wb") as f:
            f.write(bytes((i * 7 + 3) % 256 for i in range(8192)))
        cases = {
            "empty path": "",
            "a directory": tmp,
            "missing parent": os.path.join(tmp, "no", "such", "mk.db"),
            "under /proc": "/proc/migratekit-break.db",
            "NUL": os.path.join(tmp, "a\x00b.db"),
            "text": text,
            "garbage": garbage,
            "long": os.path.join(tmp, "p" * 5000 + ".db"),
        }
        for name, path in cases.items():
            with pytest.raises(mu.MkError) as e:
                mu.Manager.open(mu.OpenOptions(path=path, fakes=True))
            assert code_of(e.value) in (mc.ErrorCode.STORAGE, mc.ErrorCode.VALIDATION), name
        with open(text) as f:
            assert f.read().startswith("this is not a database")

        newer = os.path.join(tmp, "newer.db")
        m = mu.Manager.open(mu.OpenOptions(path=newer, fakes=True))
        ready(m, "newer")
        del m
        gc.collect()
        import sqlite3

        con = sqlite3.connect(newer)
        con.execute("PRAGMA user_version = 32767")
        con.commit()
        con.close()
        with pytest.raises(mu.MkError.IncompatibleSchema):
            mu.Manager.open(mu.OpenOptions(path=newer, fakes=True))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_opening_in_a_read_only_directory_is_a_storage_error() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o555)
        try:
            with pytest.raises(mu.MkError.Storage):
                mu.Manager.open(mu.OpenOptions(path=os.path.join(tmp, "mk.db"), fakes=True))
        finally:
            os.chmod(tmp, 0o755)


@pytest.mark.parametrize(
    "options",
    [
        {"operation_lease_seconds": float("nan")},
        {"operation_lease_seconds": -1.0},
        {"operation_lease_seconds": float("inf")},
        {"appliance_id": ""},
        {"appliance_id": "a\x00b"},
        {"volumes_dir": "/proc/self/status"},
        {"nbd_port": 70000},
        {"durability": 7},
        {"now": "yesterday"},
    ],
    ids=lambda o: next(iter(o)) + "=" + repr(next(iter(o.values()))),
)
def test_hostile_open_options_are_refused_before_or_at_the_call(options: Dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            m = mu.Manager.open(mu.OpenOptions(path=os.path.join(tmp, "mk.db"), fakes=True, **options))  # type: ignore[arg-type]
        except mu.MkError as e:
            assert code_of(e) in (mc.ErrorCode.VALIDATION, mc.ErrorCode.STORAGE, mc.ErrorCode.ADAPTER)
            return
        except (ValueError, TypeError, OverflowError):
            return  # refused by the bindings before crossing
        # Whatever opened must work.
        try:
            m.create_migration(mc.CreateMigrationRequest(source_vm=vm("opt"), vcenter_host="vc"))
        except mu.MkError:
            pass


# ------------------------------------------------------------------ hostile input


def test_hostile_input_is_typed_and_changes_nothing() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        m = open_manager(tmp)
        ctx = ready(m, "victim")
        job = m.create_migration(mc.CreateMigrationRequest(source_vm=vm("running", 2), vcenter_host="vc"))[0].job_id
        before = snapshot(m)
        huge = "h" * (1 << 20)
        for name, bad_id in {"empty": "", "NUL": "job\x00x", "huge": huge, "sql": "'; DROP TABLE contexts; --"}.items():
            for op, call in {
                "get_job": lambda i: m.get_job(i),
                "cancel_job": lambda i: m.cancel_job(i),
                "delete_job": lambda i: m.delete_job(i),
                "fail_job": lambda i: m.fail_job(mc.FailJobRequest(job_id=i, error="x")),
                "complete_job": lambda i: m.complete_job(mc.CompleteJobRequest(job_id=i, change_id="c")),
                "log_job": lambda i: m.log_job(i),
                "get_group": lambda i: m.get_group(i),
                "remove_from_group": lambda i: m.remove_from_group(i),
                "get_context": lambda i: m.get_context(ref(i)),
                "test_failover": lambda i: m.test_failover(ref(i)),
                "remove_from_management": lambda i: m.remove_from_management(ref(i)),
                "cleanup": lambda i: m.cleanup_test_failover(mc.FailoverTarget(vm_name=i)),
            }.items():
                with pytest.raises(mu.MkError) as e:
                    call(bad_id)
                assert code_of(e.value) in (mc.ErrorCode.NOT_FOUND, mc.ErrorCode.VALIDATION), f"{op}({name})"
        for bad_id in ["", "job-nope", "x\x00y"]:
            with pytest.raises(mu.MkError) as typed:
                m.get_job(bad_id)
            with pytest.raises(mu.MkError) as as_json:
                import json as _json

                m.call("get_job", _json.dumps({"job_id": bad_id}))
            assert typed.value.code == as_json.value.code  # type: ignore[attr-defined]
            assert typed.value.body == as_json.value.body  # type: ignore[attr-defined]

        refused = {
            "progress NaN": lambda: m.update_job_progress(mc.UpdateJobProgressRequest(job_id=job, progress_percent=float("nan"), disks={})),
            "progress inf": lambda: m.update_job_progress(mc.UpdateJobProgressRequest(job_id=job, progress_percent=float("inf"), disks={})),
            "progress -1": lambda: m.update_job_progress(mc.UpdateJobProgressRequest(job_id=job, progress_percent=-1.0, disks={})),
            "progress 101": lambda: m.update_job_progress(mc.UpdateJobProgressRequest(job_id=job, progress_percent=101.0, disks={})),
            "cursor garbage": lambda: m.list_jobs(mc.JobFilter(after="garbage")),
            "context cursor NUL": lambda: m.list_contexts(mc.ContextFilter(after="a\x00b")),
            "cursor NUL": lambda: m.list_jobs(mc.JobFilter(after="\x00")),
            "create NUL id": lambda: m.create_migration(mc.CreateMigrationRequest(source_vm=vm("a\x00b"))),
            "create empty id": lambda: m.create_migration(mc.CreateMigrationRequest(source_vm=vm(""))),
            "create huge id": lambda: m.create_migration(mc.CreateMigrationRequest(source_vm=vm(huge))),
            "call unknown op": lambda: m.call("nope", "{}"),
            "call bad json": lambda: m.call("get_job", "{"),
            "call dup keys": lambda: m.call("get_job", '{"job_id":"a","job_id":"b"}'),
            "parse unknown op": lambda: mu.parse_request("nope", "{}"),
            "advance system clock": lambda: m.advance_clock(1),
            "schedule bad cron": lambda: m.create_schedule(mc.CreateScheduleRequest(name="s", cron_expression="nope", timezone="UTC", enabled=True, max_concurrent_jobs=1)),
        }
        for what, call in refused.items():
            try:
                call()
            except mu.MkError as e:
                assert code_of(e) in (mc.ErrorCode.VALIDATION, mc.ErrorCode.NOT_FOUND), what
            else:
                pytest.fail(f"{what}: accepted")

        # Values Python cannot lower are refused before they cross (a
        # ValueError or TypeError of the bindings), or as typed errors.
        unlowerable = {
            "lone surrogate": lambda: m.get_job("\ud800"),
            "negative u32": lambda: m.list_contexts(mc.ContextFilter(limit=-1)),
            "u64 overflow": lambda: m.list_contexts(mc.ContextFilter(offset=1 << 70)),
            "enum as int": lambda: m.list_contexts(mc.ContextFilter(status=99)),  # type: ignore[arg-type]
            "str for a record": lambda: m.get_context("ctx"),  # type: ignore[arg-type]
            "None for a string": lambda: m.get_job(None),  # type: ignore[arg-type]
            "time_calls negative": lambda: m.time_calls("get_job", "{}", -1),
        }
        for what, call in unlowerable.items():
            try:
                call()
            except mu.MkError as e:
                assert code_of(e) in (mc.ErrorCode.VALIDATION, mc.ErrorCode.NOT_FOUND), what
            except (ValueError, TypeError, OverflowError, AttributeError):
                pass
            else:
                pytest.fail(f"{what}: accepted")
        assert snapshot(m) == before


class NestingListener(mu.BulkProgressListener):
    """Calls back into the manager on every report, then raises."""

    def __init__(self, m: mu.Manager) -> None:
        self.m = m
        self.nested: List[object] = []

    def on_progress(self, progress: mc.BulkProgress) -> None:
        try:
            self.nested.append(len(self.m.list_contexts(mc.ContextFilter()).items))
        except BaseException as e:  # noqa: BLE001 - collected and checked
            self.nested.append(e)
        raise SystemExit("a listener that exits")


def test_a_bulk_listener_may_call_back_into_the_manager() -> None:
    # The core reports from the thread driving the operation's runtime; a
    # nested call there was an internal error ("Cannot start a runtime from
    # within a runtime").
    with tempfile.TemporaryDirectory() as tmp:
        m = open_manager(tmp)
        listener = NestingListener(m)
        vms = [mc.AddToManagementRequest(source_vm=vm(f"bulk-{i}"), vcenter_host="vc") for i in range(2500)]
        answer = m.add_to_management_bulk(vms, listener)
        assert answer.added == 2500
        assert listener.nested and all(isinstance(n, int) for n in listener.nested), listener.nested
