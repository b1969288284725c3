package migratekit

/*
#include "migratekit.h"

extern void mkGoBulkProgress(void *env, size_t done, size_t total);

static mk_error_t *mk_go_bulk(const mk_manager_t *m, const char *body, size_t len,
                              const mk_cancel_t *cancel, uintptr_t progress, mk_bytes_t *out) {
	return mk_manager_add_to_management_bulk_with_progress(
		m, body, len, cancel, progress ? mkGoBulkProgress : NULL, (void *)progress, out);
}
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// AddToManagementBulk adds many VMs (a whole vCenter): one result per VM,
// in request order. A VM that is refused — bad input, even input the
// library cannot read — is a BulkInvalid result at its index, never a
// failure of the call; req.Progress is called after each batch.
func (m *Manager) AddToManagementBulk(ctx context.Context, req BulkAddRequest) (*BulkAddResponse, error) {
	vms := req.VMs
	if vms == nil {
		vms = []AddToManagementRequest{}
	}
	body, err := json.Marshal(map[string]any{"vms": vms})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ptr, err := m.acquire()
	if err != nil {
		return nil, err
	}
	defer m.release()
	var progress cgo.Handle
	if req.Progress != nil {
		progress = cgo.NewHandle(req.Progress)
		defer progress.Delete()
	}
	s := m.begin(ctx)
	var out C.mk_bytes_t
	cerr := C.mk_go_bulk(ptr, bytesPtr(body), C.size_t(len(body)), s.token, C.uintptr_t(progress), &out)
	runtime.KeepAlive(body)
	s.end()
	var r BulkAddResponse
	return &r, finish(s, cerr, &out, func(answer []byte) error { return json.Unmarshal(answer, &r) })
}

//export mkGoBulkProgress
func mkGoBulkProgress(env unsafe.Pointer, done, total C.size_t) {
	cgo.Handle(uintptr(env)).Value().(func(int, int))(int(done), int(total))
}
