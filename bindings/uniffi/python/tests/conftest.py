"""The uniffi-generated Python bindings are generated at test time (they are not
checked in): scripts/test-all.sh writes them, with the library, into
target/uniffi-python and puts that directory on PYTHONPATH."""

from __future__ import annotations

import datetime
import pathlib
from typing import Iterator, Optional

import pytest

try:
    import migratekit_core as mc
    import migratekit_uniffi as mu
except ImportError as e:  # pragma: no cover - a setup error, said plainly
    raise RuntimeError(
        "the generated bindings are not on PYTHONPATH: run `target/debug/uniffi-bindgen generate "
        "--library target/debug/libmigratekit_uniffi.so --language python --out-dir target/uniffi-python`, "
        "copy the library there and set PYTHONPATH=target/uniffi-python (scripts/test-all.sh does)"
    ) from e

NOW = datetime.datetime(2025, 9, 20, 12, 34, 56, tzinfo=datetime.timezone.utc)


def open_manager(path: pathlib.Path, now: Optional[datetime.datetime] = NOW, **ports: object) -> mu.Manager:
    options = mu.OpenOptions(path=str(path), fakes=True, now=now)
    if ports:
        return mu.Manager.open_with_ports(options, **ports)
    return mu.Manager.open(options)


@pytest.fixture
def manager(tmp_path: pathlib.Path) -> Iterator[mu.Manager]:
    yield open_manager(tmp_path / "mk.db")


def vm(vm_id: str = "vm-1", name: str = "web-01", disks: int = 1) -> mc.SourceVm:
    return mc.SourceVm(
        id=vm_id,
        name=name,
        cpus=2,
        memory_mb=4096,
        disks=[mc.SourceDisk(id=f"disk-{2000 + i}", size_gb=1) for i in range(disks)],
    )
