"""Results as Python users expect them: fields in dir() and help(), a useful
repr, read-only records that compare, hash and pickle, and pages that are
iterable, sized and indexable."""

from __future__ import annotations

import pickle
import pydoc
from datetime import datetime

import pytest

import migratekit
from migratekit.types import SourceVmSpec
from migratekit import Manager

VM: SourceVmSpec = {"id": "vm-123", "name": "web-01", "disks": [{"id": "disk-2000", "size_gb": 100}]}


def test_record_fields_are_in_dir_and_help_with_their_docs(manager: Manager) -> None:
    ctx = manager.get_context(manager.add_to_management(source_vm=VM).context_id)
    listed = dir(ctx)
    for name in ("context_id", "current_status", "source_vm", "last_change_ids", "created_at", "to_dict"):
        assert name in listed, name
    text = pydoc.plain(pydoc.render_doc(migratekit.ReplicationContext))
    assert "context_id" in text and "The context's id, the primary identifier everywhere." in text
    assert "last_change_ids" in text and "Each disk" in text
    assert "ContextStatus" in str(migratekit.ReplicationContext.__annotations__["current_status"])


def test_repr_shows_the_fields_and_nested_records(manager: Manager) -> None:
    ctx = manager.get_context(manager.add_to_management(source_vm=VM).context_id)
    text = repr(ctx)
    assert text.startswith("ReplicationContext(context_id='ctx-web-01-20250920-123456', vm_name='web-01'")
    assert "source_vm=SourceVm(id='vm-123'" in text
    assert "disks=[SourceDisk(id='disk-2000'" in text
    assert "current_status='discovered'" in text


def test_fields_are_typed_and_records_are_read_only_copies(manager: Manager) -> None:
    ctx = manager.get_context(manager.add_to_management(source_vm=VM).context_id)
    assert isinstance(ctx.created_at, datetime) and ctx.created_at.tzinfo is not None
    assert isinstance(ctx.source_vm, migratekit.SourceVm)
    assert ctx.last_error is None
    with pytest.raises(AttributeError, match="read-only"):
        setattr(ctx, "vm_name", "other")
    ctx.source_vm.disks.append(ctx.source_vm.disks[0])
    ctx.last_change_ids["disk-2000"] = "tampered"
    assert len(ctx.source_vm.disks) == 1 and ctx.last_change_ids == {}
    with pytest.raises(AttributeError, match="no field 'colour'"):
        getattr(ctx, "colour")


def test_records_compare_hash_and_pickle_by_value(manager: Manager) -> None:
    added = manager.add_to_management(source_vm=VM)
    a, b = manager.get_context(added.context_id), manager.get_context(added.context_id)
    assert a == b and hash(a) == hash(b) and a is not b
    assert len({a, b}) == 1
    back = pickle.loads(pickle.dumps(a))
    assert back == a and type(back) is migratekit.ReplicationContext
    assert back.source_vm.disks[0].size_gb == 100
    assert a.to_dict() == back.to_dict()


def test_a_page_is_iterable_sized_and_indexable(manager: Manager) -> None:
    for i in range(5):
        manager.add_to_management(source_vm={"id": f"vm-{i}", "name": f"web-{i}"})
    page = manager.list_contexts(limit=2)
    assert len(page) == 2 and bool(page)
    assert [c.vm_name for c in page] == ["web-0", "web-1"]
    assert page[0].vm_name == "web-0" and [c.vm_name for c in page[-1:]] == ["web-1"]
    assert page.next_offset == 2 and page.next_cursor is not None
    assert "Page[ReplicationContext](2 items" in repr(page)
    # Keyset paging: follow next_cursor to the end.
    names: list[str] = []
    after = None
    while True:
        page = manager.list_contexts(limit=2, after=after)
        names += [c.vm_name for c in page]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert names == [f"web-{i}" for i in range(5)]
    empty = manager.list_contexts(status="completed")
    assert len(empty) == 0 and not empty and list(empty) == []
    assert pickle.loads(pickle.dumps(empty)) == empty
