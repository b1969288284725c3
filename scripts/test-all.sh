#!/usr/bin/env bash
# The one command that sets up and runs every check and test on a fresh
# machine. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "no build output in git (no tracked file over 1 MiB)"
if git rev-parse --git-dir >/dev/null 2>&1; then
    big=$(git ls-files -z | xargs -0 -r stat -c '%s %n' 2>/dev/null | awk '$1 > 1048576 {print}')
    if [ -n "$big" ]; then
        echo "tracked files over 1 MiB (build output? add them to .gitignore):"
        echo "$big"
        exit 1
    fi
fi

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

step "PostgreSQL: a throwaway cluster for the PostgreSQL store's tests"
# Installed from Debian when missing; started by scripts/pg-cluster.sh in a
# temporary directory on a free loopback port (as the unprivileged user
# `postgres` when we are root), stopped and deleted on exit. The tests must
# not skip: MIGRATEKIT_REQUIRE_PG fails any PostgreSQL test without a
# server, and the count of those that ran is checked after the Rust tests.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
fi
PG_DIR=$(mktemp -d)
C_DIR=""
cleanup() {
    scripts/pg-cluster.sh stop "$PG_DIR" || true
    rm -rf "$PG_DIR" ${C_DIR:+"$C_DIR"}
}
trap cleanup EXIT
MIGRATEKIT_TEST_PG_URL=$(scripts/pg-cluster.sh start "$PG_DIR")
export MIGRATEKIT_TEST_PG_URL MIGRATEKIT_REQUIRE_PG=1
export MIGRATEKIT_PG_TESTS_RAN="$PG_DIR/tests-ran"
echo "PostgreSQL at $MIGRATEKIT_TEST_PG_URL"

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked

step "tests (Rust)"
# The Python crate has no Rust tests; its suite runs against the built wheel below.
cargo test --workspace --exclude migratekit-py --locked

step "PostgreSQL: its tests ran (none skipped)"
# 102 rule tests on PostgreSQL, the store's own, the scenario files, the
# four-node races, the node killed mid-operation and the server restart.
PG_RAN=$(wc -l <"$MIGRATEKIT_PG_TESTS_RAN" 2>/dev/null || echo 0)
echo "$PG_RAN PostgreSQL tests ran"
if [ "$PG_RAN" -lt 120 ]; then
    echo "expected at least 120 PostgreSQL tests to run; some were skipped or missing"
    exit 1
fi

step "Python: build the wheel into a fresh virtual environment"
VENV=target/py-venv
rm -rf "$VENV" target/wheels/py
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q "maturin>=1.7,<2" "pytest>=8" "pytest-timeout>=2" "mypy>=1.13"
(cd bindings/python && "../../$VENV/bin/maturin" build --release --locked -o ../../target/wheels/py)
"$VENV/bin/pip" install -q target/wheels/py/migratekit-*.whl

step "Python: the wheel ships no test doubles' crash points"
if ! "$VENV/bin/python" - <<'PY'
import glob, sys, zipfile
wheel = zipfile.ZipFile(glob.glob("target/wheels/py/migratekit-*.whl")[0])
libs = [n for n in wheel.namelist() if n.endswith(".so")]
sys.exit(1 if any(b"MIGRATEKIT_CRASH_AT" in wheel.read(n) for n in libs) else 0)
PY
then
    echo "the wheel contains crash points (feature crash-points leaked into a shipped artifact)"
    exit 1
fi

step "Python: tests, mypy --strict, stubtest"
(cd bindings/python && "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider)
(cd bindings/python && "../../$VENV/bin/python" -m mypy --strict tests)
"$VENV/bin/python" -m mypy.stubtest migratekit._migratekit

step "C ABI: static library and a C program against the header"
cargo build --release --locked -p migratekit-ffi
if grep -a -q 'MIGRATEKIT_CRASH_AT' target/release/libmigratekit.a; then
    echo "libmigratekit contains crash points (feature crash-points leaked into a shipped artifact)"
    exit 1
fi
gcc -std=c11 -Wall -Wextra -Werror -I bindings/ffi/include bindings/ffi/c/scenario.c \
    target/release/libmigratekit.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -o target/c-scenario
C_DIR=$(mktemp -d)
target/c-scenario "$C_DIR"

step "Go: gofmt, vet, test -race, test with GOGC=1"
test -z "$(gofmt -l bindings/go)" || { gofmt -l bindings/go; echo "gofmt: files need formatting"; exit 1; }
(cd bindings/go && CGO_ENABLED=1 go vet ./...)
(cd bindings/go && CGO_ENABLED=1 go test -count=1 -race ./...)
(cd bindings/go && CGO_ENABLED=1 GOGC=1 go test -count=1 ./...)

step "Go outside a checkout: an installed library through pkg-config, and a clear message without one"
# A fixed place (not mktemp): Go's build cache keeps the link flags pkg-config gave,
# so a prefix that moved between runs would point a cached build at a deleted one.
GO_DIR="$PWD/target/go-outside"
rm -rf "$GO_DIR"
mkdir -p "$GO_DIR"
bindings/ffi/install.sh --prefix "$GO_DIR/prefix" --no-build
(cd bindings/go && PKG_CONFIG_PATH="$GO_DIR/prefix/lib/pkgconfig" CGO_ENABLED=1 \
    go test -count=1 -tags migratekit_pkgconfig -run 'TestEveryRegistryOperation|Example' ./...)
cp -r bindings/go "$GO_DIR/module"
if (cd "$GO_DIR/module" && CGO_ENABLED=1 go build ./... >"$GO_DIR/build.log" 2>&1); then
    echo "the Go package built outside a checkout without a library"
    exit 1
fi
grep -q "libmigratekit.a not found" "$GO_DIR/build.log" || { cat "$GO_DIR/build.log"; exit 1; }
echo "without the library: $(grep -o 'libmigratekit.a not found[^:]*' "$GO_DIR/build.log" | head -n 1)"

step "uniffi: the library and uniffi's own generator; Python bindings generated and tested"
# The Go bindings are checked in (bindings/uniffi/go) and build without
# uniffi-bindgen-go. `cargo test` above checked they were generated from this
# interface (a fingerprint of the library's uniffi metadata: no generator
# needed) and, where the generator is installed, regenerated and compared
# them; only a changed interface needs the generator (the failure says how).
cargo build --locked -p migratekit-uniffi -p migratekit-uniffi-bindgen
UNIFFI_LIB="$PWD/target/debug"
UNIFFI_PY=target/uniffi-python
rm -rf "$UNIFFI_PY"
target/debug/uniffi-bindgen generate --library "$UNIFFI_LIB/libmigratekit_uniffi.so" \
    --language python --out-dir "$UNIFFI_PY" >/dev/null
cp "$UNIFFI_LIB/libmigratekit_uniffi.so" "$UNIFFI_PY/"
(cd bindings/uniffi/python && PYTHONPATH="../../../$UNIFFI_PY" \
    "../../../$VENV/bin/python" -m pytest -q -p no:cacheprovider)

step "uniffi: Go (checked-in generated package): gofmt, vet, test -race, GOGC=1, cgo-vs-uniffi comparison"
test -z "$(gofmt -l bindings/uniffi/go)" || { gofmt -l bindings/uniffi/go; echo "gofmt: files need formatting"; exit 1; }
(
    export CGO_ENABLED=1 CGO_LDFLAGS="-L$UNIFFI_LIB -lmigratekit_uniffi"
    export LD_LIBRARY_PATH="$UNIFFI_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    cd bindings/uniffi/go
    go vet ./...
    go test -count=1 -race ./...
    GOGC=1 go test -count=1 ./...
    # Links target/release/libmigratekit.a (the C ABI step) beside the uniffi library.
    cd compare && go vet ./... && go test -count=1 -run '^$' -bench Overhead -benchtime 200x ./... >/dev/null
)

step "main job (lifecycle example, small)"
cargo run --locked -q -p migratekit-examples --example lifecycle -- \
    --state-dir target/ci-lifecycle --vms 50 --replicate 3 >/dev/null
echo "lifecycle example ran"
