package migratekit

/*
#include <stdlib.h>
#include "migratekit.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"github.com/migratekit/migratekit/bindings/go/internal/bridge"
)

// Manager is the control plane over one SQLite database and the ports
// chosen at Open. It is safe for concurrent use. Close it when done; a
// finalizer closes a forgotten one.
type Manager struct {
	// mu guards ptr, inFlight and closed. Calls count themselves in and out
	// instead of holding a lock across the C call, so Close never waits for
	// a call — not even one whose port is calling back into the Manager —
	// and the last call out frees the native manager.
	mu       sync.Mutex
	ptr      *C.mk_manager_t
	inFlight int
	closed   bool
	// hasPorts: calls carry a token so that Go ports learn their call.
	hasPorts bool
}

// Option configures Open.
type Option func(*bridge.Config)

// WithDatabaseURL opens the PostgreSQL database at url
// (postgresql://user:password@host:port/database) instead of a SQLite file;
// pass "" as Open's path. Every node opened on one database shares its state.
func WithDatabaseURL(url string) Option {
	return func(c *bridge.Config) { c.DatabaseURL = url }
}

// WithVolumesDir keeps target volumes as sparse files in dir (the bundled
// local volume daemon).
func WithVolumesDir(dir string) Option {
	return func(c *bridge.Config) { c.VolumesDir = dir }
}

// WithQSDDir publishes NBD exports through a qemu-storage-daemon with its
// state in dir, listening on port (0: 10809). The daemon outlives the
// Manager; ShutdownExporter stops it.
func WithQSDDir(dir string, port uint16) Option {
	return func(c *bridge.Config) { c.QSDDir, c.NBDPort = dir, port }
}

// WithApplianceID sets the appliance's instance id in the volume daemon
// (default "oma-appliance").
func WithApplianceID(id string) Option {
	return func(c *bridge.Config) { c.ApplianceID = id }
}

// WithOperationLease sets how long an operation's lock outlives its last
// step (default one minute): after a crash, the same operation may resume
// once it has passed.
func WithOperationLease(d time.Duration) Option {
	return func(c *bridge.Config) {
		secs := d.Seconds()
		c.OperationLeaseSeconds = &secs
	}
}

// WithDurability sets what a committed write survives (default
// DurabilityNormal).
func WithDurability(d Durability) Option {
	return func(c *bridge.Config) { c.Durability = string(d) }
}

// WithVolumeDaemon makes a Go value the volume daemon.
func WithVolumeDaemon(v VolumeDaemon) Option {
	return func(c *bridge.Config) { c.Volumes = v }
}

// WithNBDExporter makes a Go value the NBD exporter.
func WithNBDExporter(e NBDExporter) Option {
	return func(c *bridge.Config) { c.Exporter = e }
}

// WithTargetCloud makes a Go value the target cloud.
func WithTargetCloud(t TargetCloud) Option {
	return func(c *bridge.Config) { c.Cloud = t }
}

// Open opens (creating and migrating) the SQLite database at path, or with
// WithDatabaseURL (and path "") a PostgreSQL database. Ports
// not given are absent: jobs then provision nothing, and failovers need a
// volume daemon and a target cloud.
func Open(path string, opts ...Option) (*Manager, error) {
	if v := C.mk_abi_version(); v != C.MK_ABI_VERSION {
		return nil, fmt.Errorf("migratekit: libmigratekit has C ABI version %d; this package needs %d: install the library of the same release", uint32(v), uint32(C.MK_ABI_VERSION))
	}
	c := bridge.Config{Path: path}
	for _, opt := range opts {
		opt(&c)
	}
	config, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	m := &Manager{}
	port := func(impl any) *C.mk_port_t {
		if impl == nil {
			return nil
		}
		m.hasPorts = true
		return newPort(impl)
	}
	vp, ep, cp := port(c.Volumes), port(c.Exporter), port(c.Cloud)
	var ptr *C.mk_manager_t
	cerr := C.mk_manager_open_with_ports(bytesPtr(config), C.size_t(len(config)), vp, ep, cp, &ptr)
	runtime.KeepAlive(config)
	if cerr != nil {
		return nil, takeError(cerr, nil)
	}
	m.ptr = ptr
	runtime.SetFinalizer(m, func(m *Manager) { _ = m.Close() })
	return m, nil
}

// Close releases the Manager; calls after it fail with ErrClosed. It is
// idempotent and never waits: calls in flight (and the port callbacks they
// run, which may call back into the Manager and then get ErrClosed) finish,
// and the last of them frees the library's manager and closes the database.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	ptr := m.detach()
	m.mu.Unlock()
	runtime.SetFinalizer(m, nil)
	free(ptr)
	return nil
}

// acquire counts a call in and returns the native manager.
func (m *Manager) acquire() (*C.mk_manager_t, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrClosed
	}
	m.inFlight++
	return m.ptr, nil
}

// release counts a call out; the last one after Close frees the manager.
func (m *Manager) release() {
	m.mu.Lock()
	m.inFlight--
	ptr := m.detach()
	m.mu.Unlock()
	free(ptr)
}

// detach hands over the native manager once it is closed and unused.
func (m *Manager) detach() *C.mk_manager_t {
	if !m.closed || m.inFlight > 0 || m.ptr == nil {
		return nil
	}
	ptr := m.ptr
	m.ptr = nil
	return ptr
}

func free(ptr *C.mk_manager_t) {
	if ptr != nil {
		C.mk_manager_delete(ptr)
	}
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

// borrowed views a library buffer without copying; valid until freed.
func borrowed(b *C.mk_bytes_t) []byte {
	if b.data == nil {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(b.data)), int(b.len))
}

// session is one call on the Manager: its context and, when the call may
// reach a Go port or be cancelled, the token the library hands to ports.
type session struct {
	ctx   context.Context
	token *C.mk_cancel_t
	stop  func() bool
	done  chan struct{}

	mu       sync.Mutex
	panicked any
}

// sessions maps a token's address to its session, for port callbacks.
var sessions sync.Map

// begin opens a session; a token only when it has a use (the hot path of
// a Manager without Go ports and a context that cannot be cancelled makes
// no extra C call).
func (m *Manager) begin(ctx context.Context) *session {
	s := &session{ctx: ctx}
	if !m.hasPorts && ctx.Done() == nil {
		return s
	}
	s.token = C.mk_cancel_new()
	sessions.Store(uintptr(unsafe.Pointer(s.token)), s)
	if ctx.Done() != nil {
		s.done = make(chan struct{})
		token := s.token
		s.stop = context.AfterFunc(ctx, func() {
			C.mk_cancel_cancel(token)
			close(s.done)
		})
	}
	return s
}

// end closes the session and raises a panic of a port it reached.
func (s *session) end() {
	if s.token == nil {
		return
	}
	if s.stop != nil && !s.stop() {
		<-s.done // the cancel is running: let it finish before the token goes
	}
	sessions.Delete(uintptr(unsafe.Pointer(s.token)))
	C.mk_cancel_delete(s.token)
	s.token = nil
}

// recordPanic keeps the first panic of a port this session reached.
func (s *session) recordPanic(p any) {
	s.mu.Lock()
	if s.panicked == nil {
		s.panicked = p
	}
	s.mu.Unlock()
}

func (s *session) takePanic() any {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.panicked
	s.panicked = nil
	return p
}

// sessionOf is the session of the call a port callback serves.
func sessionOf(token *C.mk_cancel_t) *session {
	if token == nil {
		return nil
	}
	if s, ok := sessions.Load(uintptr(unsafe.Pointer(token))); ok {
		return s.(*session)
	}
	return nil
}

// invoke runs operation with body and hands the JSON answer to decode,
// which must not keep it (it is the library's memory, freed afterwards).
func (m *Manager) invoke(ctx context.Context, operation string, body []byte, decode func([]byte) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ptr, err := m.acquire()
	if err != nil {
		return err
	}
	defer m.release()
	s := m.begin(ctx)
	var out C.mk_bytes_t
	cerr := C.mk_manager_call(ptr, stringPtr(operation), C.size_t(len(operation)),
		bytesPtr(body), C.size_t(len(body)), s.token, &out)
	runtime.KeepAlive(operation)
	runtime.KeepAlive(body)
	s.end()
	return finish(s, cerr, &out, decode)
}

// finish turns a call's outcome into the Go result, raising a port's
// panic on this goroutine first.
func finish(s *session, cerr *C.mk_error_t, out *C.mk_bytes_t, decode func([]byte) error) error {
	defer C.mk_bytes_delete(out)
	if p := s.takePanic(); p != nil {
		if cerr != nil {
			C.mk_error_delete(cerr)
		}
		panic(p)
	}
	if cerr != nil {
		return takeError(cerr, s.ctx)
	}
	if decode == nil {
		return nil
	}
	return decode(borrowed(out))
}

// call marshals req with encoding/json, runs operation and decodes the
// answer into resp (by hand for the hot types, see decode.go).
func (m *Manager) call(ctx context.Context, operation string, req any, resp any) error {
	body, err := marshalRequest(req)
	if err != nil {
		return err
	}
	return m.invoke(ctx, operation, body, func(answer []byte) error { return decodeInto(answer, resp) })
}

// CallJSON runs any operation by name (see Operations) with a JSON body and
// returns the JSON answer: the raw surface under the typed methods.
func (m *Manager) CallJSON(ctx context.Context, operation string, body []byte) ([]byte, error) {
	var answer []byte
	err := m.invoke(ctx, operation, body, func(b []byte) error {
		answer = append([]byte(nil), b...)
		return nil
	})
	return answer, err
}

// ShutdownExporter stops the qemu-storage-daemon the Manager started
// (WithQSDDir); its exports go with it.
func (m *Manager) ShutdownExporter() error {
	ptr, err := m.acquire()
	if err != nil {
		return err
	}
	defer m.release()
	if cerr := C.mk_manager_shutdown_exporter(ptr); cerr != nil {
		return takeError(cerr, nil)
	}
	return nil
}

func (m *Manager) advanceClock(by time.Duration) error {
	ptr, err := m.acquire()
	if err != nil {
		return err
	}
	defer m.release()
	if by%time.Second != 0 {
		return fmt.Errorf("migratekit: the manual clock moves by whole seconds, not %v", by)
	}
	if cerr := C.mk_manager_advance_clock(ptr, C.int64_t(by/time.Second)); cerr != nil {
		return takeError(cerr, nil)
	}
	return nil
}

func init() {
	bridge.AdvanceClock = func(manager any, by time.Duration) error {
		m, ok := manager.(*Manager)
		if !ok {
			return fmt.Errorf("migratekit: AdvanceClock needs a *Manager, not %T", manager)
		}
		return m.advanceClock(by)
	}
}

// timeTypedCalls runs operation with body n times as the library's typed
// Rust call and returns the time taken: the baseline of the per-call
// overhead benchmark.
func (m *Manager) timeTypedCalls(operation string, body []byte, n int) (time.Duration, error) {
	ptr, err := m.acquire()
	if err != nil {
		return 0, err
	}
	defer m.release()
	var secs C.double
	cerr := C.mk_manager_time_typed_calls(ptr, stringPtr(operation), C.size_t(len(operation)),
		bytesPtr(body), C.size_t(len(body)), C.uint32_t(n), &secs)
	runtime.KeepAlive(operation)
	runtime.KeepAlive(body)
	if cerr != nil {
		return 0, takeError(cerr, nil)
	}
	return time.Duration(float64(secs) * float64(time.Second)), nil
}

// Operations lists every operation CallJSON knows: the library's operation
// registry.
func Operations() []string {
	var out C.mk_bytes_t
	if cerr := C.mk_manager_operations(&out); cerr != nil {
		C.mk_error_delete(cerr)
		return nil
	}
	defer C.mk_bytes_delete(&out)
	var names []string
	_ = json.Unmarshal(borrowed(&out), &names)
	return names
}
