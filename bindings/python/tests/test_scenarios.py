"""The shared scenario files (tests/scenarios/*.json) through the Python surface."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Optional

import pytest

import migratekit

SCENARIOS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "scenarios"
FILES = sorted(SCENARIOS.glob("*.json"))


def substitute(v: Any, saved: dict[str, Any]) -> Any:
    if isinstance(v, str):
        if v.startswith("$") and v[1:] in saved:
            return saved[v[1:]]
        for name, value in saved.items():
            v = v.replace("${" + name + "}", value if isinstance(value, str) else json.dumps(value))
        return v
    if isinstance(v, list):
        return [substitute(x, saved) for x in v]
    if isinstance(v, dict):
        return {k: substitute(x, saved) for k, x in v.items()}
    return v


_MISSING = object()


def matches(expected: Any, actual: Any = _MISSING, path: str = "") -> Optional[str]:
    if expected == "<absent>":
        return None if actual is _MISSING or actual is None else f"{path}: expected absent, got {actual!r}"
    if actual is _MISSING:
        return f"{path}: missing, expected {expected!r}"
    if expected == "<any>":
        return None if actual is not None else f"{path}: expected a value, got null"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for k, ev in expected.items():
            err = matches(ev, actual.get(k, _MISSING), f"{path}.{k}")
            if err:
                return err
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{path}: expected {len(expected)} items, got {actual!r}"
        for i, (ev, av) in enumerate(zip(expected, actual)):
            err = matches(ev, av, f"{path}[{i}]")
            if err:
                return err
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return None if expected is actual else f"{path}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return None if float(expected) == float(actual) else f"{path}: expected {expected!r}, got {actual!r}"
    return None if expected == actual else f"{path}: expected {expected!r}, got {actual!r}"


def at_path(v: Any, path: str) -> Any:
    for part in path.split("."):
        v = v[int(part)] if part.isdigit() else v[part]
    return v


def error_body(e: migratekit.MigrateKitError) -> dict[str, Any]:
    return {"error": e.message, "code": e.code, "details": e.details, **e.fields}


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario(path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    scenario = json.loads(path.read_text())
    m = migratekit.Manager.open(str(tmp_path / "scenario.db"), fakes=True, now=scenario["now"])
    saved: dict[str, Any] = {}
    for i, step in enumerate(scenario["steps"]):
        request = substitute(step.get("request", {}), saved)
        where = f"step {i} ({step['op']})"
        if step["op"] == "advance_clock":
            m.advance_clock(request["seconds"])
            continue
        try:
            body = m.call(step["op"], request)
            failed = False
        except migratekit.MigrateKitError as e:
            body, failed = error_body(e), True
        if "expect_error" in step:
            assert failed, f"{where}: expected an error, got {body!r}"
        else:
            assert not failed, f"{where}: unexpected error {body!r}"
        expected = step.get("expect", step.get("expect_error"))
        if expected is not None:
            err = matches(substitute(expected, saved), body)
            assert err is None, f"{where}: {err}"
        for name, p in step.get("save", {}).items():
            saved[name] = at_path(body, p)


def test_every_scenario_file_is_run() -> None:
    assert len(FILES) >= 9
