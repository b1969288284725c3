"""The types catch mistakes before the library does: ``mypy --strict``
refuses a misspelt request field (as a keyword and as a dict key) and a
misspelt status, and accepts the correct spelling."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import pytest

CORRECT = """
    from migratekit import Manager
    from migratekit.types import CreateMigrationRequest

    def use(m: Manager) -> str:
        request: CreateMigrationRequest = {"source_vm": {"id": "vm-1", "name": "web"}, "vcenter_host": "vc01"}
        m.create_migration(request)
        m.create_migration(source_vm={"id": "vm-2", "name": "db"}, start_replication=False)
        page = m.list_contexts(status="ready_for_failover")
        for ctx in page:
            if ctx.current_status == "failed_over_test":
                return ctx.context_id
        return str(len(page))
"""

MISTAKES = {
    "keyword": ('m.create_migration(source_vm={"id": "vm-1", "name": "web"}, vcenter_hots="vc01")', "vcenter_hots"),
    "dict key": (
        'request: CreateMigrationRequest = {"source_vm": {"id": "vm-1", "name": "web"}, "start_replicaton": False}',
        "start_replicaton",
    ),
    "nested key": ('m.add_to_management(source_vm={"id": "vm-1", "name": "web", "memory_gb": 4})', "memory_gb"),
    "status": ('m.list_contexts(status="ready_for_failvoer")', "ready_for_failvoer"),
    "record field": ("print(m.get_context('c').curent_status)", "curent_status"),
}


def mypy(tmp_path: pathlib.Path, source: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "host.py"
    path.write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mypy_strict_accepts_correct_requests(tmp_path: pathlib.Path) -> None:
    run = mypy(tmp_path, CORRECT)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("kind", list(MISTAKES))
def test_mypy_strict_fails_on_a_misspelt_field(tmp_path: pathlib.Path, kind: str) -> None:
    line, word = MISTAKES[kind]
    source = textwrap.dedent(
        """
        from migratekit import Manager
        from migratekit.types import CreateMigrationRequest

        def use(m: Manager) -> None:
        """
    ) + textwrap.indent(line, "    ") + "\n"
    run = mypy(tmp_path, source)
    assert run.returncode != 0, f"mypy --strict accepted: {line}"
    assert word in run.stdout, run.stdout
