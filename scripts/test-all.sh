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
cargo test --workspace --locked

step "main job (lifecycle example, small)"
cargo run --locked -q -p migratekit-examples --example lifecycle -- \
    --state-dir target/ci-lifecycle --vms 50 --replicate 3 >/dev/null
echo "lifecycle example ran"
