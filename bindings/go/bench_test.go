package migratekit

import (
	"encoding/json"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time the process has used (every thread: the Go
// runtime's and the library's), so that a machine shared with other work
// does not add its waits to one side of the comparison more than the other.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkGetContextOverhead reports the Go per-call time of GetContext
// and its ratio to the typed Rust call (Manager::get_context, timed inside
// the library) in the same run, in wall and in process CPU time: the
// binding's overhead, goal ≤ 1.5.
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
	var rust, goTime, rustCPU, goCPU time.Duration
	b.ResetTimer()
	for round := 0; round < rounds; round++ {
		cpu := cpuTime(b)
		took, err := m.timeTypedCalls("get_context", body, per)
		if err != nil {
			b.Fatal(err)
		}
		rust += took
		rustCPU += cpuTime(b) - cpu
		start, cpu := time.Now(), cpuTime(b)
		for i := 0; i < per; i++ {
			if _, err := m.GetContext(bg, ByID(added.ContextID)); err != nil {
				b.Fatal(err)
			}
		}
		goTime += time.Since(start)
		goCPU += cpuTime(b) - cpu
	}
	n := float64(per * rounds)
	b.ReportMetric(float64(rust.Nanoseconds())/n/1e3, "rust-µs/op")
	b.ReportMetric(float64(goTime.Nanoseconds())/n/1e3, "go-µs/op")
	b.ReportMetric(float64(goTime)/float64(rust), "go/rust")
	b.ReportMetric(float64(rustCPU.Nanoseconds())/n/1e3, "rust-cpu-µs/op")
	b.ReportMetric(float64(goCPU.Nanoseconds())/n/1e3, "go-cpu-µs/op")
	b.ReportMetric(float64(goCPU)/float64(rustCPU), "go/rust-cpu")
}
