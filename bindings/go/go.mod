module github.com/migratekit/migratekit/bindings/go

go 1.22
