#!/usr/bin/env bash
# Builds libmigratekit (the C ABI) and installs it where hosts outside a
# repository checkout find it through pkg-config: the Go package built with
# `-tags migratekit_pkgconfig`, or a C program (`pkg-config --cflags --libs
# migratekit`).
#
#   bindings/ffi/install.sh [--prefix DIR] [--no-build]
#
# installs (DESTDIR is honoured, for packaging):
#   DIR/lib/libmigratekit.a           the static library (no runtime dependency)
#   DIR/include/migratekit.h          its header
#   DIR/lib/pkgconfig/migratekit.pc   with the system libraries Rust's std needs
#
# then, for example:
#   PKG_CONFIG_PATH=DIR/lib/pkgconfig go build -tags migratekit_pkgconfig ./...
set -euo pipefail
cd "$(dirname "$0")/../.."

prefix=/usr/local
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac

if [ "$build" = 1 ]; then
    cargo build --release --locked -p migratekit-ffi
fi
lib=target/release/libmigratekit.a
[ -f "$lib" ] || { echo "install.sh: $lib is missing; run without --no-build" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# What `rustc --print native-static-libs` reports for this crate on Linux;
# Go's cgo does not pass --static to pkg-config, so they go in Libs.
native="-lgcc_s -lutil -lrt -lpthread -lm -ldl"
if [ "$(uname -s)" = Darwin ]; then
    native="-framework CoreFoundation -framework Security -liconv -lSystem -lc -lm"
fi

dest="${DESTDIR:-}"
install -d "$dest$prefix/lib/pkgconfig" "$dest$prefix/include"
install -m 644 "$lib" "$dest$prefix/lib/libmigratekit.a"
install -m 644 bindings/ffi/include/migratekit.h "$dest$prefix/include/migratekit.h"
cat > "$dest$prefix/lib/pkgconfig/migratekit.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: migratekit
Description: Control-plane core of a VMware to cloud VM migration system (C ABI)
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lmigratekit $native
PC
echo "installed libmigratekit $version under $dest$prefix (pkg-config: $dest$prefix/lib/pkgconfig/migratekit.pc)"
