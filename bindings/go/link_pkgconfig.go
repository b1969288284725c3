//go:build migratekit_pkgconfig

package migratekit

// With the migratekit_pkgconfig tag the package links the libmigratekit
// that pkg-config names (migratekit.pc, written by bindings/ffi/install.sh):
// a system or user-built library, for builds outside a checkout. The header
// is this module's own copy, so the Go code and the declarations it was
// written against always agree; Open checks the library's ABI version.

/*
#cgo CFLAGS: -I${SRCDIR}
#cgo pkg-config: migratekit
*/
import "C"
