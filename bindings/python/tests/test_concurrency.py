"""Duplicate protection with Python threads; the GIL is released during calls."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

import migratekit
from migratekit.types import SourceVmSpec
from migratekit import Manager

T = TypeVar("T")
VM: SourceVmSpec = {"id": "vm-race", "name": "race", "disks": [{"id": "d", "size_gb": 1}]}


def race(n: int, f: Callable[[], T]) -> list[T | Exception]:
    barrier = threading.Barrier(n)

    def run() -> T | Exception:
        barrier.wait()
        try:
            return f()
        except Exception as e:  # noqa: BLE001 - the test tallies them
            return e

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: run(), range(n)))


def test_eight_threads_adding_one_vm_give_one_context(manager: Manager) -> None:
    results = race(8, lambda: manager.create_migration(source_vm=VM, start_replication=False))
    assert sum(isinstance(r, migratekit.ContextCreated) for r in results) == 1
    assert sum(isinstance(r, migratekit.AlreadyManagedError) for r in results) == 7
    assert len(manager.list_contexts().items) == 1


def test_eight_threads_starting_one_vm_give_one_active_job(db: str) -> None:
    managers = [Manager.open(db, fakes=True) for _ in range(8)]
    managers[0].add_to_management(source_vm=VM)
    it = iter(managers)
    lock = threading.Lock()

    def start() -> migratekit.CreateMigrationResult:
        with lock:
            m = next(it)
        return m.create_migration(source_vm=VM)

    results = race(8, start)
    assert sum(isinstance(r, migratekit.JobStarted) for r in results) == 1
    assert sum(isinstance(r, migratekit.ReplicationActiveError) for r in results) == 7
    assert len(managers[0].list_jobs().items) == 1
