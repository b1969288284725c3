package migratekit

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkGetContextOverhead reports the Go per-call time of GetContext and
// its ratio to the same call timed inside the library in the same run.
func BenchmarkGetContextOverhead(b *testing.B) {
	m, err := Open(b.TempDir()+"/bench.db", WithFakes())
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	added, err := m.AddToManagement(bg, AddToManagementRequest{SourceVM: SourceVM{ID: "vm-1", Name: "bench"}})
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(ByID(added.ContextID))
	rust, err := m.TimeInRust("get_context", body, b.N)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := m.GetContext(bg, ByID(added.ContextID)); err != nil {
			b.Fatal(err)
		}
	}
	goTime := time.Since(start)
	b.ReportMetric(float64(rust.Nanoseconds())/float64(b.N)/1e3, "rust-µs/op")
	b.ReportMetric(float64(goTime.Nanoseconds())/float64(b.N)/1e3, "go-µs/op")
	b.ReportMetric(float64(goTime)/float64(rust), "go/rust")
}
