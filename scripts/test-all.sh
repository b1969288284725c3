#!/usr/bin/env bash
# The one command that sets up and runs every check and test on a fresh
# machine. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
fi

step "qemu tools (qemu-storage-daemon, qemu-img)"
if ! command -v qemu-storage-daemon >/dev/null 2>&1 || ! command -v qemu-img >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        qemu-utils qemu-system-common
fi
qemu-storage-daemon --version | head -n 1

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked

step "tests (Rust)"
# The Python crate has no Rust tests; its suite runs against the built wheel below.
cargo test --workspace --exclude migratekit-py --locked

step "Python: build the wheel into a fresh virtual environment"
VENV=target/py-venv
rm -rf "$VENV" target/wheels/py
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q "maturin>=1.7,<2" "pytest>=8" "pytest-timeout>=2" "mypy>=1.13"
(cd bindings/python && "../../$VENV/bin/maturin" build --release --locked -o ../../target/wheels/py)
"$VENV/bin/pip" install -q target/wheels/py/migratekit-*.whl

step "Python: tests, mypy --strict, stubtest"
(cd bindings/python && "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider)
(cd bindings/python && "../../$VENV/bin/python" -m mypy --strict tests)
"$VENV/bin/python" -m mypy.stubtest migratekit._migratekit

step "main job (lifecycle example, small)"
cargo run --locked -q -p migratekit-examples --example lifecycle -- \
    --state-dir target/ci-lifecycle --vms 50 --replicate 3 >/dev/null
echo "lifecycle example ran"
