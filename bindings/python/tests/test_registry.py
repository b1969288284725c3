"""Every operation of the core's registry (``_migratekit.operations()``) is
reachable from Python: by name through ``Manager.call`` and as a typed method
of ``migratekit.Manager``."""

from __future__ import annotations

import pytest

import migratekit
from migratekit import Manager, _migratekit

NAMES = _migratekit.operations()


def test_operations_are_the_registry_and_each_has_a_typed_method() -> None:
    assert len(NAMES) == len(set(NAMES)) > 0
    assert list(migratekit.OPERATIONS) == NAMES
    missing = [name for name in NAMES if not callable(getattr(Manager, name, None))]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_every_operation_is_callable_by_name(manager: Manager, name: str) -> None:
    # A JSON string is no operation's body: the call reaches the operation,
    # which refuses it (an unknown operation is refused on "operation").
    with pytest.raises(migratekit.ValidationError) as bad:
        manager._native.call(name, "bad")
    assert bad.value.field != "operation"
    # Through the typed wrapper's Manager.call: a field no body has.
    try:
        manager.call(name, {"no_such_field": 1})
    except migratekit.ValidationError as e:
        assert e.field != "operation", e


def test_an_unknown_operation_is_refused_on_the_field_operation(manager: Manager) -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        manager.call("no_such_operation", {})
    assert e.value.field == "operation"
