"""Per-call overhead of the Python binding against the typed Rust call.

For each operation, in one run and in interleaved rounds (the median is
reported, so the machine's drift hits every side alike):

* rust: the typed Rust call (``Manager::get_context``: no JSON, no GIL, no
  Python objects), timed inside the library (``_bench_typed_calls``);
* call: ``Manager.call`` — dict in, dict out (Python objects converted
  straight to and from JSON values, no JSON text);
* typed: the typed method, building its record.

The ratio is Python time / Rust time (1.0 = no overhead; the goal is ≤ 1.5),
in wall time and in process CPU time (``time.process_time``: what the calls
cost, without the waits a machine shared with other work adds to both sides
unevenly).

    python bench/overhead.py [iterations per round] [rounds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from typing import Any, Callable

import migratekit


def per_call(n: int, f: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds per call."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        f()
    return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n


def in_rust(m: migratekit.Manager, op: str, body: dict[str, Any], n: int) -> tuple[float, float]:
    cpu = time.process_time()
    wall = m._native._bench_typed_calls(op, body, n)
    return wall / n, (time.process_time() - cpu) / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as d, migratekit.Manager(f"{d}/bench.db", fakes=True) as m:
        vm = {"id": "vm-1", "name": "bench", "cpus": 2, "memory_mb": 4096, "disks": [{"id": "disk-2000", "size_gb": 100}]}
        added = m.add_to_management(source_vm=vm)
        cases: list[tuple[str, dict[str, Any], Callable[[], Any]]] = [
            ("get_context", {"context_id": added.context_id}, lambda: m.get_context(added.context_id)),
            ("list_contexts", {"limit": 1}, lambda: m.list_contexts(limit=1)),
        ]
        print(f"{'operation':<14} {'clock':<5} {'rust µs':>8} {'call µs':>8} {'typed µs':>9} {'call/rust':>10} {'typed/rust':>11}")
        for op, body, typed in cases:
            samples: dict[str, list[tuple[float, float]]] = {"rust": [], "call": [], "typed": []}
            for _ in range(rounds):
                samples["rust"].append(in_rust(m, op, body, n))
                samples["call"].append(per_call(n, lambda: m.call(op, body)))
                samples["typed"].append(per_call(n, typed))
            for clock, i in (("wall", 0), ("cpu", 1)):
                rust, raw, typed_t = (statistics.median(s[i] for s in samples[k]) * 1e6 for k in ("rust", "call", "typed"))
                print(
                    f"{op:<14} {clock:<5} {rust:>8.2f} {raw:>8.2f} {typed_t:>9.2f} {raw / rust:>10.2f} {typed_t / rust:>11.2f}"
                )


if __name__ == "__main__":
    main()
