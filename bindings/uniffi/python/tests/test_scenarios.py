"""The shared scenario files (tests/scenarios/*.json) through the uniffi
surface's typed methods: each step's body becomes a typed request
(`parse_request`), runs through the `Manager` method of its operation, and the
typed answer is written back as JSON (`answer_json`) to match the expectation;
an error matches by its `body`."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Optional

import pytest

from conftest import mu, open_manager

SCENARIOS = pathlib.Path(__file__).resolve().parents[4] / "tests" / "scenarios"
FILES = sorted(SCENARIOS.glob("*.json"))
_MISSING = object()


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


def matches(expected: Any, actual: Any = _MISSING, path: str = "") -> Optional[str]:
    """The matching rules of tests/scenarios/README.md."""
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


def typed_call(m: mu.Manager, op: str, body: Any) -> Any:
    """Runs `op` through its typed method; answers the JSON answer."""
    request = mu.parse_request(op, json.dumps(body))
    variant = type(request).__name__.rsplit(".", 1)[-1]
    assert variant.lower() == op, f"{op} parsed as {variant}"
    args = vars(request)  # the variant's fields are the method's arguments
    result = getattr(m, op)(**args)
    if op == "remove_from_group":
        answer = mu.Answer.REMOVE_FROM_GROUP(context_id=args["context_id"])
    elif op == "prune_job_log":
        answer = mu.Answer.PRUNE_JOB_LOG(pruned=result)
    else:
        answer = getattr(mu.Answer, variant)(answer=result)
    return json.loads(mu.answer_json(answer))


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario(path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    scenario = json.loads(path.read_text())
    now = datetime.datetime.fromisoformat(scenario["now"].replace("Z", "+00:00"))
    m = open_manager(tmp_path / "scenario.db", now=now)
    saved: dict[str, Any] = {}
    for i, step in enumerate(scenario["steps"]):
        request = substitute(step.get("request", {}), saved)
        where = f"step {i} ({step['op']})"
        if step["op"] == "advance_clock":
            m.advance_clock(request["seconds"])
            continue
        try:
            body, failed = typed_call(m, step["op"], request), False
        except mu.MkError as e:
            body, failed = json.loads(e.body), True
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
