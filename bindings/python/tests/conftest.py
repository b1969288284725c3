from __future__ import annotations

import pathlib
from typing import Iterator

import pytest

import migratekit

NOW = "2025-09-20T12:34:56Z"


@pytest.fixture
def db(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "mk.db")


@pytest.fixture
def manager(db: str) -> Iterator[migratekit.Manager]:
    with migratekit.Manager.open(pathlib.Path(db), fakes=True, now=NOW) as m:
        yield m
