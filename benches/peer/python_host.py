"""The peer of the hot-path benchmarks: what a Python host writes by hand
instead of using migratekit — stdlib sqlite3, WAL, synchronous=NORMAL, one
table with the unique VM identity, check-then-insert in one transaction, no
job log.

    python3 python_host.py DB add N FIRST     # N adds of distinct VMs
    python3 python_host.py DB duplicate N     # N refused adds of one VM (the same add)

Prints the nanoseconds the N operations took (interpreter start-up and
schema creation excluded), so criterion can use it as a custom measurement.
"""

import json
import sqlite3
import sys
import time
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS contexts (
    context_id     TEXT PRIMARY KEY NOT NULL,
    vm_name        TEXT NOT NULL,
    vmware_vm_id   TEXT NOT NULL,
    vcenter_host   TEXT NOT NULL,
    datacenter     TEXT NOT NULL,
    source_vm      TEXT NOT NULL,
    current_status TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vm_identity ON contexts (vcenter_host, vmware_vm_id);
"""


def vm(n):
    return {
        "id": f"vm-{n}",
        "name": f"bench-{n}",
        "path": f"/DC/vm/bench-{n}",
        "cpus": 2,
        "memory_mb": 4096,
        "os_type": "linux",
        "power_state": "poweredOn",
        "disks": [
            {
                "id": "disk-2000",
                "label": "Hard disk 1",
                "size_gb": 100,
                "datastore": "ds1",
                "unit_number": 0,
            }
        ],
    }


def add(db, source_vm, vcenter_host="vc01"):
    """Adds a VM unless its identity is taken; returns the context id or None."""
    now = datetime.now(timezone.utc)
    with db:  # one transaction
        db.execute("BEGIN IMMEDIATE")
        row = db.execute(
            "SELECT context_id FROM contexts WHERE vcenter_host = ? AND vmware_vm_id = ?",
            (vcenter_host, source_vm["id"]),
        ).fetchone()
        if row is not None:
            return None
        context_id = f"ctx-{source_vm['name']}-{now:%Y%m%d-%H%M%S}-{source_vm['id']}"
        stamp = now.isoformat()
        db.execute(
            "INSERT INTO contexts VALUES (?, ?, ?, ?, 'DC', ?, 'discovered', ?, ?)",
            (
                context_id,
                source_vm["name"],
                source_vm["id"],
                vcenter_host,
                json.dumps(source_vm),
                stamp,
                stamp,
            ),
        )
        return context_id


def main():
    path, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    if mode == "add":
        first = int(sys.argv[4])
        # One untimed add first: the first write after opening restarts the
        # WAL (an fsync), which a long-running host pays once, not per add.
        add(db, vm(f"warm-{first}"))
        vms = [vm(i) for i in range(first, first + n)]
        start = time.perf_counter_ns()
        for v in vms:
            if add(db, v) is None:
                raise SystemExit(f"unexpected duplicate {v['id']}")
    elif mode == "duplicate":
        v = vm(0)
        add(db, v)
        start = time.perf_counter_ns()
        for _ in range(n):
            if add(db, v) is not None:
                raise SystemExit("duplicate not refused")
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(time.perf_counter_ns() - start)


if __name__ == "__main__":
    main()
