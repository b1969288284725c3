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
// failure of the call; req.Progress is called after each batch, on the
// calling goroutine: it may call back into the Manager, and a panic in it
// is raised on the calling goroutine once the library has finished the
// call (the VMs of the batches after it are still added, as a rerun would).
func (m *Manager) AddToManagementBulk(ctx context.Context, req BulkAddRequest) (*BulkAddResponse, error) {
	vms := req.VMs
	if vms == nil {
		vms = []AddToManagementRequest{}
	}
	body, err := marshalRequest(map[string]any{"vms": vms})
	var refused []refusedVM
	if err != nil {
		// Some VM JSON cannot carry: those are refused one by one.
		vms, refused = splitUnrepresentable(vms)
		if body, err = marshalRequest(map[string]any{"vms": vms}); err != nil {
			return nil, err
		}
	}
	progress := req.Progress
	if progress != nil && len(refused) > 0 {
		// The library counts the VMs it was given; the caller counts all.
		given := progress
		progress = func(done, total int) { given(done+len(refused), total+len(refused)) }
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ptr, err := m.acquire()
	if err != nil {
		return nil, err
	}
	defer m.release()
	s := m.begin(ctx)
	var out C.mk_bytes_t
	var cerr *C.mk_error_t
	var panicked any
	if progress == nil {
		cerr = C.mk_go_bulk(ptr, bytesPtr(body), C.size_t(len(body)), s.token, 0, &out)
	} else {
		cerr, panicked = bulkWithProgress(ptr, body, s.token, progress, &out)
	}
	runtime.KeepAlive(body)
	s.end()
	if panicked != nil {
		s.recordPanic(panicked)
	}
	var r BulkAddResponse
	if err := finish(s, cerr, &out, func(answer []byte) error { return json.Unmarshal(answer, &r) }); err != nil {
		return &r, err
	}
	if len(refused) > 0 {
		r.merge(refused)
		if len(vms) == 0 && req.Progress != nil {
			req.Progress(len(refused), len(refused))
		}
	}
	return &r, nil
}

// refusedVM is a VM of a bulk add refused before the library saw it.
type refusedVM struct {
	index int
	err   *Error
}

// splitUnrepresentable takes out the VMs JSON cannot carry as they are
// (invalid UTF-8, NaN): each is an invalid result of its own at its index,
// as one the library refuses, never a failure of the whole call. Called
// only when the whole body showed such a value.
func splitUnrepresentable(vms []AddToManagementRequest) ([]AddToManagementRequest, []refusedVM) {
	var refused []refusedVM
	kept := make([]AddToManagementRequest, 0, len(vms))
	for i, vm := range vms {
		if field, why, bad := unrepresentable(vm); bad {
			refused = append(refused, refusedVM{index: i, err: validationError(field, why)})
			continue
		}
		kept = append(kept, vm)
	}
	return kept, refused
}

// merge puts the refused VMs' results among the library's, every index
// back to the VM's place in the request.
func (r *BulkAddResponse) merge(refused []refusedVM) {
	results := make([]BulkItemResult, 0, len(r.Results)+len(refused))
	next, shift := 0, 0
	for _, res := range r.Results {
		for next < len(refused) && refused[next].index <= res.Index+shift {
			results = append(results, refused[next].result())
			next++
			shift++
		}
		res.Index += shift
		results = append(results, res)
	}
	for ; next < len(refused); next++ {
		results = append(results, refused[next].result())
	}
	r.Results = results
	r.Invalid += len(refused)
}

func (v refusedVM) result() BulkItemResult {
	var body map[string]any
	_ = json.Unmarshal(v.err.Body, &body)
	return BulkItemResult{Result: BulkInvalid, Index: v.index, Error: body}
}

// bulkProgress carries the library's progress reports from the thread
// running the bulk add to the goroutine that called it.
type bulkProgress struct {
	reports chan [2]int
	acks    chan struct{}
}

// bulkWithProgress runs the bulk add on a goroutine of its own and calls
// progress here, on the caller's goroutine. Called on the library's
// thread instead, progress would run inside the library's runtime there:
// a call back into the Manager could not run (a runtime cannot be entered
// twice on one thread), and a panic would unwind through the library's
// frames without running them, leaving that OS thread unusable for any
// later call. The library waits for each report to be handled, so
// progress still runs after its batch and before the next one.
func bulkWithProgress(ptr *C.mk_manager_t, body []byte, token *C.mk_cancel_t, progress func(done, total int), out *C.mk_bytes_t) (cerr *C.mk_error_t, panicked any) {
	p := &bulkProgress{reports: make(chan [2]int), acks: make(chan struct{})}
	h := cgo.NewHandle(p)
	defer h.Delete()
	finished := make(chan struct{})
	returned := false
	defer func() {
		if returned {
			return
		}
		// progress called runtime.Goexit (t.FailNow in a test): the
		// library must not outlive this call, which is about to release
		// the Manager, so answer its reports until it is done.
		for {
			select {
			case <-p.reports:
				p.acks <- struct{}{}
			case <-finished:
				return
			}
		}
	}()
	go func() {
		defer close(finished)
		cerr = C.mk_go_bulk(ptr, bytesPtr(body), C.size_t(len(body)), token, C.uintptr_t(h), out)
		runtime.KeepAlive(body)
	}()
	for {
		select {
		case r := <-p.reports:
			if panicked == nil {
				panicked = callProgress(progress, r[0], r[1])
			}
			p.acks <- struct{}{}
		case <-finished:
			returned = true
			return cerr, panicked
		}
	}
}

// callProgress calls progress and returns its panic, if any.
func callProgress(progress func(done, total int), done, total int) (panicked any) {
	defer func() { panicked = recover() }()
	progress(done, total)
	return nil
}

//export mkGoBulkProgress
func mkGoBulkProgress(env unsafe.Pointer, done, total C.size_t) {
	p := cgo.Handle(uintptr(env)).Value().(*bulkProgress)
	p.reports <- [2]int{int(done), int(total)}
	<-p.acks
}
