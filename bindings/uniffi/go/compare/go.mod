// The cgo package over the C ABI (bindings/go) and the uniffi-generated
// package side by side, in one test binary, for the README's comparison. A
// module of its own so the uniffi package's tests never need libmigratekit.a.
module github.com/migratekit/migratekit/bindings/uniffi/go/compare

go 1.22

require (
	github.com/migratekit/migratekit/bindings/go v0.0.0
	github.com/migratekit/migratekit/bindings/uniffi/go v0.0.0
)

replace (
	github.com/migratekit/migratekit/bindings/go => ../../../go
	github.com/migratekit/migratekit/bindings/uniffi/go => ../
)
