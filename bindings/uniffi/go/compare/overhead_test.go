// Package compare times one get_context call through the cgo package over the
// C ABI (bindings/go) and through the uniffi-generated package, in the same
// run, against the same call timed inside the library:
//
//	cargo build --release -p migratekit-ffi -p migratekit-uniffi
//	CGO_LDFLAGS="-L$PWD/target/release -lmigratekit_uniffi" LD_LIBRARY_PATH=$PWD/target/release \
//	    go test -run '^$' -bench Overhead -benchtime 20000x ./...   # in bindings/uniffi/go/compare
package compare

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	cgo "github.com/migratekit/migratekit/bindings/go"
	core "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
	mk "github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_uniffi"
)

func perCall(d time.Duration, n int) float64 {
	return float64(d.Nanoseconds()) / float64(n) / 1e3
}

func BenchmarkGetContextOverhead(b *testing.B) {
	bg := context.Background()
	dir := b.TempDir()
	vm := cgo.SourceVM{ID: "vm-1", Name: "bench", CPUs: 2, MemoryMB: 4096,
		Disks: []cgo.SourceDisk{{ID: "disk-2000", SizeGB: 100}}}

	// The cgo package over the C ABI, and the Rust baseline through it.
	c, err := cgo.Open(filepath.Join(dir, "cgo.db"), cgo.WithFakes())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	added, err := c.AddToManagement(bg, cgo.AddToManagementRequest{SourceVM: vm})
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(cgo.ByID(added.ContextID))
	rust, err := c.TimeInRust("get_context", body, b.N)
	if err != nil {
		b.Fatal(err)
	}

	// The uniffi package, on its own file with the same VM.
	u, err := mk.ManagerOpen(mk.OpenOptions{Path: filepath.Join(dir, "uniffi.db"), Fakes: true})
	if err != nil {
		b.Fatal(err)
	}
	defer u.Destroy()
	uadded, err := u.AddToManagement(core.AddToManagementRequest{SourceVm: core.SourceVm{
		Id: "vm-1", Name: "bench", Cpus: 2, MemoryMb: 4096,
		Disks: []core.SourceDisk{{Id: "disk-2000", SizeGb: 100}}}})
	if err != nil {
		b.Fatal(err)
	}
	ref := core.ContextRefContextId{Field0: uadded.ContextId}
	ubody, _ := json.Marshal(map[string]string{"context_id": uadded.ContextId})

	b.ResetTimer()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := c.GetContext(bg, cgo.ByID(added.ContextID)); err != nil {
			b.Fatal(err)
		}
	}
	cgoTyped := time.Since(t0)
	t0 = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := c.CallJSON(bg, "get_context", body); err != nil {
			b.Fatal(err)
		}
	}
	cgoJSON := time.Since(t0)
	t0 = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := u.GetContext(ref); err != nil {
			b.Fatal(err)
		}
	}
	uniffiTyped := time.Since(t0)
	t0 = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := u.Call("get_context", string(ubody)); err != nil {
			b.Fatal(err)
		}
	}
	uniffiJSON := time.Since(t0)
	b.StopTimer()

	b.ReportMetric(perCall(rust, b.N), "rust-µs/op")
	b.ReportMetric(perCall(cgoTyped, b.N), "cgo-typed-µs/op")
	b.ReportMetric(perCall(cgoJSON, b.N), "cgo-json-µs/op")
	b.ReportMetric(perCall(uniffiTyped, b.N), "uniffi-typed-µs/op")
	b.ReportMetric(perCall(uniffiJSON, b.N), "uniffi-json-µs/op")
	b.ReportMetric(float64(cgoTyped)/float64(rust), "cgo/rust")
	b.ReportMetric(float64(uniffiTyped)/float64(rust), "uniffi/rust")
}
