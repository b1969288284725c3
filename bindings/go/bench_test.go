package migratekit

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkGetContextOverhead reports the Go per-call time of GetContext
// and its ratio to the typed Rust call (Manager::get_context, timed inside
// the library) in the same run: the binding's overhead, goal ≤ 1.5.
//
//	go test -run '^$' -bench Overhead -benchtime 20000x
func BenchmarkGetContextOverhead(b *testing.B) {
	m := open(b, withFakes())
	added, err := m.AddToManagement(bg, AddToManagementRequest{SourceVM: vm("vm-1", "bench")})
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(ByID(added.ContextID))
	// Interleaved rounds, as the README's figures are taken: the machine's
	// drift hits both sides alike.
	const rounds = 5
	per := b.N/rounds + 1
	var rust, goTime time.Duration
	b.ResetTimer()
	for round := 0; round < rounds; round++ {
		took, err := m.timeTypedCalls("get_context", body, per)
		if err != nil {
			b.Fatal(err)
		}
		rust += took
		start := time.Now()
		for i := 0; i < per; i++ {
			if _, err := m.GetContext(bg, ByID(added.ContextID)); err != nil {
				b.Fatal(err)
			}
		}
		goTime += time.Since(start)
	}
	n := float64(per * rounds)
	b.ReportMetric(float64(rust.Nanoseconds())/n/1e3, "rust-µs/op")
	b.ReportMetric(float64(goTime.Nanoseconds())/n/1e3, "go-µs/op")
	b.ReportMetric(float64(goTime)/float64(rust), "go/rust")
}
