"""Per-call overhead of the Python binding against the typed Rust call.

For each operation, in one run and in interleaved rounds (the median is
reported, so the machine's drift hits every side alike):

* rust: the typed Rust call (``Manager::get_context``: no JSON, no GIL, no
  Python objects), timed inside the library (``_bench_typed_calls``);
* call: ``Manager.call`` — dict in, dict out (Python objects converted
  straight to and from JSON values, no JSON text);
* typed: the typed method, building its record.

The ratio is Python time / Rust time (1.0 = no overhead; the goal is ≤ 1.5).

    python bench/overhead.py [iterations per round] [rounds]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from typing import Any, Callable

import migratekit


def per_call(n: int, f: Callable[[], Any]) -> float:
    start = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - start) / n


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
        print(f"{'operation':<16} {'rust µs':>9} {'call µs':>9} {'typed µs':>9} {'call/rust':>10} {'typed/rust':>11}")
        for op, body, typed in cases:
            samples: dict[str, list[float]] = {"rust": [], "call": [], "typed": []}
            for _ in range(rounds):
                samples["rust"].append(m._native._bench_typed_calls(op, body, n) / n)
                samples["call"].append(per_call(n, lambda: m.call(op, body)))
                samples["typed"].append(per_call(n, typed))
            rust, raw, typed_t = (statistics.median(samples[k]) * 1e6 for k in ("rust", "call", "typed"))
            print(f"{op:<16} {rust:>9.2f} {raw:>9.2f} {typed_t:>9.2f} {raw / rust:>10.2f} {typed_t / rust:>11.2f}")


if __name__ == "__main__":
    main()
