package migratekit

/*
#include "migratekit.h"
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Sentinel errors, one per stable code; match them with errors.Is.
var (
	ErrAlreadyManaged      = errors.New("migratekit: already_managed")
	ErrReplicationActive   = errors.New("migratekit: replication_active")
	ErrInvalidTransition   = errors.New("migratekit: invalid_transition")
	ErrNotFound            = errors.New("migratekit: not_found")
	ErrAmbiguous           = errors.New("migratekit: ambiguous")
	ErrValidation          = errors.New("migratekit: validation")
	ErrOperationInProgress = errors.New("migratekit: operation_in_progress")
	ErrStorage             = errors.New("migratekit: storage")
	ErrIncompatibleSchema  = errors.New("migratekit: incompatible_schema")
	ErrAdapter             = errors.New("migratekit: adapter")
	ErrInternal            = errors.New("migratekit: internal")
	// ErrClosed is returned by calls on a closed Manager.
	ErrClosed = errors.New("migratekit: manager is closed")
)

var sentinels = map[string]error{
	"already_managed":       ErrAlreadyManaged,
	"replication_active":    ErrReplicationActive,
	"invalid_transition":    ErrInvalidTransition,
	"not_found":             ErrNotFound,
	"ambiguous":             ErrAmbiguous,
	"validation":            ErrValidation,
	"operation_in_progress": ErrOperationInProgress,
	"storage":               ErrStorage,
	"incompatible_schema":   ErrIncompatibleSchema,
	"adapter":               ErrAdapter,
	"internal":              ErrInternal,
}

// Error is every error the library returns: the JSON error body of the
// contract. Use errors.As to reach it.
type Error struct {
	// Code is the stable code ("already_managed", ...).
	Code string
	// Message is the human message ("VM already exists in management").
	Message string
	// Details names the objects involved.
	Details string
	// Fields holds the typed fields (existing_context_id, job_id, step, ...).
	Fields map[string]any
	// Body is the whole JSON error body.
	Body json.RawMessage
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Details) }

// Is matches the sentinel of the error's code.
func (e *Error) Is(target error) bool { return sentinels[e.Code] == target }

// Field returns a typed field as text ("" when absent).
func (e *Error) Field(name string) string {
	if s, ok := e.Fields[name].(string); ok {
		return s
	}
	return ""
}

// ExistingContextID of an already_managed error.
func (e *Error) ExistingContextID() string { return e.Field("existing_context_id") }

// JobID of a replication_active or operation_in_progress error.
func (e *Error) JobID() string { return e.Field("job_id") }

// Step of an adapter error.
func (e *Error) Step() string { return e.Field("step") }

// takeError converts and frees a C error.
func takeError(cerr *C.mk_error_t) error {
	var body C.mk_bytes_t
	C.mk_error_body(cerr, &body)
	C.mk_error_delete(cerr)
	raw := takeBytes(&body)
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return &Error{Code: "internal", Message: "unreadable error", Details: string(raw)}
	}
	e := &Error{Fields: fields, Body: raw}
	e.Code, _ = fields["code"].(string)
	e.Message, _ = fields["error"].(string)
	e.Details, _ = fields["details"].(string)
	for _, k := range []string{"code", "error", "details"} {
		delete(e.Fields, k)
	}
	return e
}
