"""The surface: every registry operation is a method, errors carry the stable
code, the typed fields and the contract's body, and threads share a manager."""

from __future__ import annotations

import json
import pathlib
import threading

import pytest

from conftest import mc, mu, open_manager, vm


def test_every_registry_operation_is_a_manager_method() -> None:
    ops = mu.operations()
    assert len(ops) >= 36
    missing = [op for op in ops if not callable(getattr(mu.Manager, op, None))]
    assert missing == []


def test_already_managed_carries_its_code_fields_and_body(manager: mu.Manager) -> None:
    request = mc.CreateMigrationRequest(source_vm=vm(), vcenter_host="vc01", start_replication=False)
    added = manager.create_migration(request)[0]
    with pytest.raises(mu.MkError.AlreadyManaged) as e:
        manager.create_migration(request)
    assert e.value.code == mc.ErrorCode.ALREADY_MANAGED
    assert e.value.existing_context_id == added.context_id
    body = json.loads(e.value.body)
    assert body == {
        "error": "VM already exists in management",
        "code": "already_managed",
        "details": f"VM 'web-01' (vm-1) is already managed with context ID: {added.context_id}",
        "existing_context_id": added.context_id,
        "vmware_vm_id": "vm-1",
    }


def test_bad_input_is_a_typed_validation_error(manager: mu.Manager) -> None:
    with pytest.raises(mu.MkError.Validation) as e:
        manager.create_migration(mc.CreateMigrationRequest(source_vm=mc.SourceVm(id="", name="x")))
    assert e.value.field == "source_vm.id"
    with pytest.raises(mu.MkError.Validation):
        mu.parse_request("create_migration", '{"source_vm": {"id": "vm-1", "name": "x"}, "priority": 5}')
    with pytest.raises(mu.MkError.Validation) as e:
        manager.call("no_such_operation", "{}")
    assert e.value.field == "operation"
    with pytest.raises(mu.MkError.NotFound) as nf:
        manager.get_context(mc.ContextRef.CONTEXT_ID("ctx-missing"))
    assert (nf.value.kind, nf.value.id) == ("context", "ctx-missing")


def test_sixteen_threads_adding_one_vm_make_one_context(tmp_path: pathlib.Path) -> None:
    m = open_manager(tmp_path / "race.db")
    gate = threading.Barrier(16)
    added: list[str] = []
    refused: list[str] = []

    def add() -> None:
        gate.wait()
        try:
            r = m.create_migration(mc.CreateMigrationRequest(source_vm=vm(), start_replication=False))
            added.append(r[0].context_id)
        except mu.MkError.AlreadyManaged as e:
            refused.append(e.existing_context_id)

    threads = [threading.Thread(target=add) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(added) == 1
    assert refused == added * 15


def test_time_calls_runs_the_typed_method_inside_the_library(manager: mu.Manager) -> None:
    added = manager.create_migration(mc.CreateMigrationRequest(source_vm=vm(), start_replication=False))[0]
    elapsed = manager.time_calls("get_context", json.dumps({"context_id": added.context_id}), 20)
    assert elapsed.total_seconds() > 0
    with pytest.raises(mu.MkError.Validation):
        manager.time_calls("get_context", "{}", 1)


def test_listings_page_by_cursor(manager: mu.Manager) -> None:
    for i in range(5):
        manager.create_migration(mc.CreateMigrationRequest(source_vm=vm(f"vm-{i}", f"web-{i}"),
                                                           start_replication=False))
    seen: list[str] = []
    after = None
    while True:
        page = manager.list_contexts(mc.ContextFilter(limit=2, after=after))
        seen += [c.context_id for c in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(seen) == 5 and len(set(seen)) == 5
