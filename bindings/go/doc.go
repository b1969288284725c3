// Package migratekit is the Go binding of migratekit, the control-plane
// core of a VMware → cloud VM migration system: which VM is under
// management, which replication job may start, what a failover touched and
// how to undo it. It wraps the library's C ABI (libmigratekit) with cgo, the
// way wasmtime-go wraps wasmtime.
//
// # Getting the native library
//
// The package links libmigratekit statically. In a checkout of the
// repository, build it first and the package finds it:
//
//	cargo build --release -p migratekit-ffi   # target/release/libmigratekit.a
//
// Anywhere else (a `go get` user), install the library with its pkg-config
// file and build with the migratekit_pkgconfig tag:
//
//	bindings/ffi/install.sh --prefix "$HOME/.local"
//	PKG_CONFIG_PATH="$HOME/.local/lib/pkgconfig" go build -tags migratekit_pkgconfig ./...
//
// A build that cannot find the library stops with a message saying so.
//
// # Using it
//
// Open a Manager on a SQLite file with the ports it needs, call its methods,
// Close it. A Manager is safe for concurrent use. Every method takes a
// context.Context: it is checked before the call, its cancellation or
// deadline stops a running multi-step operation before its next step (the
// operation then resumes when run again), and Go ports receive it. Errors
// are *Error values that match the sentinel errors with errors.Is
// (ErrAlreadyManaged, ErrReplicationActive, …), and also context.Canceled
// or context.DeadlineExceeded when the context stopped the call.
//
// Go values implement the ports (VolumeDaemon, NBDExporter, TargetCloud); a
// port may call back into the Manager. A panic in a port is recovered, fails
// the operation cleanly in the library, and is raised again on the
// goroutine whose call reached the port.
//
// Package testkit holds what hosts' tests need: the library's in-memory
// fake ports and a manual clock.
package migratekit
