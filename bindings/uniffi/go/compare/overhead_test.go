// Package compare times one get_context call through the cgo package over the
// C ABI (bindings/go) and through the uniffi-generated package, in the same
// run, against the same call timed inside the library through the typed
// method (what the uniffi package's typed calls run: rust-typed).
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
	"github.com/migratekit/migratekit/bindings/go/testkit"
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
	c, err := cgo.Open(filepath.Join(dir, "cgo.db"), testkit.WithFakes())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	added, err := c.AddToManagement(bg, cgo.AddToManagementRequest{SourceVM: vm})
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(cgo.ByID(added.ContextID))

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

	// Each way in turn, in rounds, so drift on a busy machine hits all alike.
	var rustTyped, cgoTyped, cgoJSON, uniffiTyped, uniffiJSON time.Duration
	timed := func(total *time.Duration, n int, call func() error) {
		t0 := time.Now()
		for i := 0; i < n; i++ {
			if err := call(); err != nil {
				b.Fatal(err)
			}
		}
		*total += time.Since(t0)
	}
	const rounds = 10
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		n := b.N / rounds
		if r == rounds-1 {
			n = b.N - (rounds-1)*(b.N/rounds)
		}
		d, err := u.TimeCalls("get_context", string(ubody), uint32(n))
		if err != nil {
			b.Fatal(err)
		}
		rustTyped += d
		timed(&cgoTyped, n, func() error { _, err := c.GetContext(bg, cgo.ByID(added.ContextID)); return err })
		timed(&cgoJSON, n, func() error { _, err := c.CallJSON(bg, "get_context", body); return err })
		timed(&uniffiTyped, n, func() error { _, err := u.GetContext(ref); return err })
		timed(&uniffiJSON, n, func() error { _, err := u.Call("get_context", string(ubody)); return err })
	}
	b.StopTimer()

	b.ReportMetric(perCall(rustTyped, b.N), "rust-typed-µs/op")
	b.ReportMetric(perCall(cgoTyped, b.N), "cgo-typed-µs/op")
	b.ReportMetric(perCall(cgoJSON, b.N), "cgo-json-µs/op")
	b.ReportMetric(perCall(uniffiTyped, b.N), "uniffi-typed-µs/op")
	b.ReportMetric(perCall(uniffiJSON, b.N), "uniffi-json-µs/op")
	b.ReportMetric(float64(cgoTyped)/float64(rustTyped), "cgo-typed/rust-typed")
	b.ReportMetric(float64(uniffiTyped)/float64(rustTyped), "uniffi-typed/rust-typed")
}
