"""Per-call overhead of the Python binding against the same call in Rust.

For each operation, the same call is timed in one run: N times from Rust
(`Manager._bench_call`: the core's JSON surface, no GIL, no Python objects),
N times through `Manager.call` (dict → JSON → Rust → JSON → dict), and N times
through the typed method (plus building the result object). The ratio is
Python time / Rust time (1.0 = no overhead).

    python bench/overhead.py [iterations]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

import migratekit


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with tempfile.TemporaryDirectory() as d:
        m = migratekit.Manager.open(f"{d}/bench.db", fakes=True)
        added = m.add_to_management(source_vm={"id": "vm-1", "name": "bench"})
        body = {"context_id": added.context_id}
        cases = [
            ("get_context", body, lambda: m.get_context(added.context_id)),
            ("list_contexts", {"limit": 1}, lambda: m.list_contexts(limit=1)),
        ]
        print(f"{'operation':<16} {'rust µs':>9} {'call µs':>9} {'typed µs':>9} {'call/rust':>10} {'typed/rust':>11}")
        for op, b, typed in cases:
            rust = m._native._bench_call(op, json.dumps(b), n)
            start = time.perf_counter()
            for _ in range(n):
                m.call(op, b)
            raw = time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(n):
                typed()
            typed_t = time.perf_counter() - start
            us = lambda t: t / n * 1e6  # noqa: E731
            print(f"{op:<16} {us(rust):>9.2f} {us(raw):>9.2f} {us(typed_t):>9.2f} {raw / rust:>10.2f} {typed_t / rust:>11.2f}")


if __name__ == "__main__":
    main()
