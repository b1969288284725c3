//go:build !migratekit_pkgconfig

package migratekit

// Without the migratekit_pkgconfig tag the package links the static library
// a Rust build leaves in the repository checkout it sits in. The
// __has_include check turns a missing library into one clear message at
// build time instead of a linker error.

/*
#cgo CFLAGS: -I${SRCDIR} -I${SRCDIR}/../../target/release
#cgo LDFLAGS: ${SRCDIR}/../../target/release/libmigratekit.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
#if defined(__has_include)
#if !__has_include("libmigratekit.a")
#error "libmigratekit.a not found in target/release of this checkout: run `cargo build --release -p migratekit-ffi` at the repository root, or install the library (bindings/ffi/install.sh) and build with -tags migratekit_pkgconfig (README: Getting the native library)"
#endif
#endif
*/
import "C"
