// Package migratekit is the Go binding of migratekit, the control-plane core
// of a VMware → cloud VM migration system, over its C ABI (cgo, static
// library).
//
// Build the library first (from the repository root):
//
//	cargo build --release -p migratekit-ffi
//
// A Manager is safe for concurrent use. Every method takes a context.Context,
// checked before the call (a call in flight runs to completion). Errors are
// *Error values that match the sentinel errors with errors.Is (ErrAlreadyManaged,
// ErrReplicationActive, ...) and carry the code, details and typed fields.
package migratekit

/*
#cgo CFLAGS: -I${SRCDIR}/../ffi/include
#cgo LDFLAGS: ${SRCDIR}/../../target/release/libmigratekit.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
#include <stdlib.h>
#include "migratekit.h"

extern mk_error_t *mkGoPortCall(void *env, char *method, size_t method_len, char *args, size_t args_len, mk_bytes_t *result);
extern void mkGoPortFinalize(void *env);

// The handle travels as the env pointer's integer value: C never holds a Go pointer.
static mk_port_t *mk_go_port_new(uintptr_t handle) {
	return mk_port_new((mk_port_callback_t)mkGoPortCall, (void *)handle, mkGoPortFinalize);
}
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// Manager is the control plane over one SQLite database and the ports chosen
// at Open. Close it when done; a finalizer closes a forgotten one.
type Manager struct {
	mu    sync.RWMutex // Close waits for calls in flight
	ptr   *C.mk_manager_t
	ports []*portEntry
}

type openConfig struct {
	Path                  string   `json:"path,omitempty"`
	DatabaseURL           string   `json:"database_url,omitempty"`
	VolumesDir            string   `json:"volumes_dir,omitempty"`
	QsdDir                string   `json:"qsd_dir,omitempty"`
	NbdPort               uint16   `json:"nbd_port,omitempty"`
	Fakes                 bool     `json:"fakes,omitempty"`
	Now                   string   `json:"now,omitempty"`
	ApplianceID           string   `json:"appliance_id,omitempty"`
	OperationLeaseSeconds *float64 `json:"operation_lease_seconds,omitempty"`
}

type options struct {
	config                   openConfig
	volumes, exporter, cloud any
}

// Option configures Open.
type Option func(*options)

// WithDatabaseURL opens the PostgreSQL database at url
// (postgresql://user:password@host:port/database) instead of a SQLite file;
// pass "" as Open's path. Every node opened on one database shares its state.
func WithDatabaseURL(url string) Option { return func(o *options) { o.config.DatabaseURL = url } }

// WithVolumesDir keeps target volumes as sparse files in dir (the bundled local volume daemon).
func WithVolumesDir(dir string) Option { return func(o *options) { o.config.VolumesDir = dir } }

// WithQsdDir publishes NBD exports through a qemu-storage-daemon with its state in dir, on port (0: 10809).
func WithQsdDir(dir string, port uint16) Option {
	return func(o *options) { o.config.QsdDir, o.config.NbdPort = dir, port }
}

// WithFakes uses the testkit's in-memory ports for every port not given otherwise.
func WithFakes() Option { return func(o *options) { o.config.Fakes = true } }

// WithClock fixes the clock at now (RFC 3339); AdvanceClock moves it.
func WithClock(now string) Option { return func(o *options) { o.config.Now = now } }

// WithApplianceID sets the appliance's instance id in the volume daemon.
func WithApplianceID(id string) Option { return func(o *options) { o.config.ApplianceID = id } }

// WithOperationLease sets how long an operation's lock outlives its last step, in seconds.
func WithOperationLease(seconds float64) Option {
	return func(o *options) { o.config.OperationLeaseSeconds = &seconds }
}

// WithVolumeDaemon makes a Go value the volume daemon.
func WithVolumeDaemon(v VolumeDaemon) Option { return func(o *options) { o.volumes = v } }

// WithNbdExporter makes a Go value the NBD exporter.
func WithNbdExporter(e NbdExporter) Option { return func(o *options) { o.exporter = e } }

// WithTargetCloud makes a Go value the target cloud.
func WithTargetCloud(c TargetCloud) Option { return func(o *options) { o.cloud = c } }

// Open opens (creating and migrating) the SQLite database at path, or with
// WithDatabaseURL (and path "") a PostgreSQL database.
func Open(path string, opts ...Option) (*Manager, error) {
	o := options{config: openConfig{Path: path}}
	for _, opt := range opts {
		opt(&o)
	}
	config, err := json.Marshal(o.config)
	if err != nil {
		return nil, err
	}
	m := &Manager{}
	port := func(impl any) *C.mk_port_t {
		if impl == nil {
			return nil
		}
		e := &portEntry{impl: impl}
		m.ports = append(m.ports, e)
		return C.mk_go_port_new(C.uintptr_t(cgo.NewHandle(e)))
	}
	vp, ep, cp := port(o.volumes), port(o.exporter), port(o.cloud)
	var ptr *C.mk_manager_t
	cerr := C.mk_manager_open_with_ports(bytesPtr(config), C.size_t(len(config)), vp, ep, cp, &ptr)
	runtime.KeepAlive(config)
	if cerr != nil {
		return nil, takeError(cerr)
	}
	m.ptr = ptr
	runtime.SetFinalizer(m, func(m *Manager) { _ = m.Close() })
	return m, nil
}

// Close frees the manager. It is idempotent; calls after it fail with ErrClosed.
func (m *Manager) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ptr != nil {
		C.mk_manager_delete(m.ptr)
		m.ptr = nil
		runtime.SetFinalizer(m, nil)
	}
	return nil
}

func bytesPtr(b []byte) *C.char {
	if len(b) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}

func stringPtr(s string) *C.char {
	if len(s) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s)))
}

func takeBytes(b *C.mk_bytes_t) []byte {
	out := C.GoBytes(unsafe.Pointer(b.data), C.int(b.len))
	C.mk_bytes_delete(b)
	return out
}

// CallJSON runs any operation by name with a JSON body and returns the JSON answer.
func (m *Manager) CallJSON(ctx context.Context, operation string, body []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return nil, ErrClosed
	}
	var out C.mk_bytes_t
	cerr := C.mk_manager_call(m.ptr, stringPtr(operation), C.size_t(len(operation)), bytesPtr(body), C.size_t(len(body)), &out)
	runtime.KeepAlive(operation)
	runtime.KeepAlive(body)
	runtime.KeepAlive(m)
	m.reraisePortPanic()
	if cerr != nil {
		return nil, takeError(cerr)
	}
	return takeBytes(&out), nil
}

// call marshals req, runs operation and unmarshals the answer into resp.
func (m *Manager) call(ctx context.Context, operation string, req any, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	answer, err := m.CallJSON(ctx, operation, body)
	if err != nil {
		return err
	}
	if resp == nil {
		return nil
	}
	return json.Unmarshal(answer, resp)
}

// AdvanceClock moves the clock of a manager opened WithClock.
func (m *Manager) AdvanceClock(seconds int64) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return ErrClosed
	}
	cerr := C.mk_manager_advance_clock(m.ptr, C.int64_t(seconds))
	runtime.KeepAlive(m)
	if cerr != nil {
		return takeError(cerr)
	}
	return nil
}

// ShutdownExporter stops the qemu-storage-daemon the manager started (WithQsdDir).
func (m *Manager) ShutdownExporter() error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return ErrClosed
	}
	cerr := C.mk_manager_shutdown_exporter(m.ptr)
	runtime.KeepAlive(m)
	if cerr != nil {
		return takeError(cerr)
	}
	return nil
}

// TimeInRust runs operation with body n times inside the library (no cgo
// crossing, no Go marshalling per call) and returns the time taken: the
// baseline of the per-call overhead benchmark.
func (m *Manager) TimeInRust(operation string, body []byte, n int) (time.Duration, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.ptr == nil {
		return 0, ErrClosed
	}
	var secs C.double
	cerr := C.mk_manager_time_calls(m.ptr, stringPtr(operation), C.size_t(len(operation)), bytesPtr(body), C.size_t(len(body)), C.uint32_t(n), &secs)
	runtime.KeepAlive(operation)
	runtime.KeepAlive(body)
	runtime.KeepAlive(m)
	if cerr != nil {
		return 0, takeError(cerr)
	}
	return time.Duration(float64(secs) * float64(time.Second)), nil
}

// Operations lists every operation CallJSON knows.
func Operations() []string {
	var out C.mk_bytes_t
	if cerr := C.mk_manager_operations(&out); cerr != nil {
		C.mk_error_delete(cerr)
		return nil
	}
	var names []string
	_ = json.Unmarshal(takeBytes(&out), &names)
	return names
}
