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

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

step "tests (Rust)"
cargo test --workspace --locked

step "main job (lifecycle example, small)"
cargo run --locked -q -p migratekit-examples --example lifecycle -- \
    --db target/ci-lifecycle.db --vms 50 --replicate 3 >/dev/null
echo "lifecycle example ran"
