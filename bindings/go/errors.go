package migratekit

/*
#include "migratekit.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrorCode is the stable code of an Error; the strings are part of the
// contract and never change.
type ErrorCode string

// The error codes (README: Errors).
const (
	CodeAlreadyManaged      ErrorCode = "already_managed"
	CodeReplicationActive   ErrorCode = "replication_active"
	CodeInvalidTransition   ErrorCode = "invalid_transition"
	CodeNotFound            ErrorCode = "not_found"
	CodeAmbiguous           ErrorCode = "ambiguous"
	CodeValidation          ErrorCode = "validation"
	CodeOperationInProgress ErrorCode = "operation_in_progress"
	CodeStorage             ErrorCode = "storage"
	CodeIncompatibleSchema  ErrorCode = "incompatible_schema"
	CodeAdapter             ErrorCode = "adapter"
	CodeInternal            ErrorCode = "internal"
)

// Sentinel errors, one per code; match them with errors.Is.
var (
	ErrAlreadyManaged      = errors.New("migratekit: already_managed")
	ErrReplicationActive   = errors.New("migratekit: replication_active")
	ErrInvalidTransition   = errors.New("migratekit: invalid_transition")
	ErrNotFound            = errors.New("migratekit: not_found")
	ErrAmbiguous           = errors.New("migratekit: ambiguous")
	ErrValidation          = errors.New("migratekit: validation")
	ErrOperationInProgress = errors.New("migratekit: operation_in_progress")
	// ErrStorage also matches an incompatible_schema error, as Python's
	// IncompatibleSchemaError is a StorageError.
	ErrStorage            = errors.New("migratekit: storage")
	ErrIncompatibleSchema = errors.New("migratekit: incompatible_schema")
	ErrAdapter            = errors.New("migratekit: adapter")
	ErrInternal           = errors.New("migratekit: internal")
	// ErrClosed is returned by calls on a closed Manager.
	ErrClosed = errors.New("migratekit: manager is closed")
)

var sentinels = map[ErrorCode]error{
	CodeAlreadyManaged:      ErrAlreadyManaged,
	CodeReplicationActive:   ErrReplicationActive,
	CodeInvalidTransition:   ErrInvalidTransition,
	CodeNotFound:            ErrNotFound,
	CodeAmbiguous:           ErrAmbiguous,
	CodeValidation:          ErrValidation,
	CodeOperationInProgress: ErrOperationInProgress,
	CodeStorage:             ErrStorage,
	CodeIncompatibleSchema:  ErrIncompatibleSchema,
	CodeAdapter:             ErrAdapter,
	CodeInternal:            ErrInternal,
}

// Error is every error the library returns: the JSON error body of the
// contract. Reach it with errors.As.
type Error struct {
	// Code is the stable code.
	Code ErrorCode
	// Message is the human message ("VM already exists in management").
	Message string
	// Details names the objects involved (for validation: the field path
	// and why).
	Details string
	// Fields holds the typed fields by their JSON names
	// (existing_context_id, job_id, step, …); the accessors below read them.
	Fields map[string]any
	// Body is the whole JSON error body.
	Body json.RawMessage
	// cause is the context's error when the call's context stopped it.
	cause error
}

func (e *Error) Error() string {
	return fmt.Sprintf("migratekit: %s: %s (%s)", e.Code, e.Message, e.Details)
}

// Is matches the sentinel of the error's code (and ErrStorage for
// incompatible_schema).
func (e *Error) Is(target error) bool {
	if e.Code == CodeIncompatibleSchema && target == ErrStorage {
		return true
	}
	return sentinels[e.Code] == target
}

// Unwrap returns context.Canceled or context.DeadlineExceeded when the
// call's context stopped the operation, so errors.Is matches them too.
func (e *Error) Unwrap() error { return e.cause }

func (e *Error) text(name string) string {
	s, _ := e.Fields[name].(string)
	return s
}

// ExistingContextID is the context of an already_managed error.
func (e *Error) ExistingContextID() string { return e.text("existing_context_id") }

// ContextID is the context of a replication_active or
// operation_in_progress error.
func (e *Error) ContextID() string { return e.text("context_id") }

// JobID is the active job of a replication_active error, or the log job of
// the operation holding the lock of an operation_in_progress error.
func (e *Error) JobID() string { return e.text("job_id") }

// Operation is the operation of an adapter, invalid_transition or
// operation_in_progress error.
func (e *Error) Operation() string { return e.text("operation") }

// Step is the step whose port call failed, of an adapter error.
func (e *Error) Step() string { return e.text("step") }

// Status is the status that forbade an invalid_transition.
func (e *Error) Status() string { return e.text("status") }

// Field is the path of the refused field of a validation error
// ("source_vm.disks[0].size_gb"; "" for the whole body).
func (e *Error) Field() string { return e.text("field") }

// takeError converts and frees a C error; ctx (may be nil) is the call's
// context, whose error becomes the cause when it stopped the call.
func takeError(cerr *C.mk_error_t, ctx context.Context) error {
	var body C.mk_bytes_t
	C.mk_error_body(cerr, &body)
	C.mk_error_delete(cerr)
	raw := append(json.RawMessage(nil), borrowed(&body)...)
	C.mk_bytes_delete(&body)
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return &Error{Code: CodeInternal, Message: "unreadable error", Details: string(raw), Body: raw}
	}
	e := &Error{Fields: fields, Body: raw}
	code, _ := fields["code"].(string)
	e.Code = ErrorCode(code)
	e.Message, _ = fields["error"].(string)
	e.Details, _ = fields["details"].(string)
	for _, k := range []string{"code", "error", "details"} {
		delete(e.Fields, k)
	}
	if ctx != nil {
		e.cause = ctx.Err()
	}
	return e
}
