module github.com/migratekit/migratekit/bindings/uniffi/go

go 1.22
