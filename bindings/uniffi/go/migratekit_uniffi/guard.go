package migratekit_uniffi

// Hand-written, not generated: the helpers that the fixes
// bindings/uniffi/tests/go_bindings.rs applies to uniffi-bindgen-go's output
// call from every callback into a Go port (see "Regenerating the Go bindings"
// in the README).

// #include <migratekit_uniffi.h>
import "C"

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/migratekit/migratekit/bindings/uniffi/go/migratekit_core"
)

// uniffiRecoverPortPanic is deferred first by every callback into a Go port:
// a panic in the host's method (or in the generated code around it) would
// unwind through cgo into Rust and kill the process; recovered here, it is
// reported as the method's failure, so the operation fails with an adapter
// error naming its step.
func uniffiRecoverPortPanic(method string, callStatus *C.RustCallStatus) {
	if r := recover(); r != nil {
		*callStatus = uniffiUnexpectedPortError(fmt.Errorf("go panic in %s: %v", method, r))
	}
}

// uniffiUnexpectedPortError reports an error that is not a *PortError with its
// message (the generator sends none), so the adapter error says what happened.
func uniffiUnexpectedPortError(err error) C.RustCallStatus {
	return C.RustCallStatus{
		code:     C.int8_t(uniffiCallbackUnexpectedResultError),
		errorBuf: FfiConverterStringINSTANCE.Lower(err.Error()),
	}
}

// uniffiValidUTF8: see migratekit_core's (fix 4): bytes that are not UTF-8
// cross as U+FFFD.
func uniffiValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// uniffiCallFailure answers, for a call whose error type has one, the typed
// error of what the Rust scaffolding reports as an unexpected failure (fix
// 5); the generated code would panic in the caller instead. That failure is
// an argument Rust cannot read — an enum value the Go integer allows but
// the contract does not, a time out of range — before the call runs.
func uniffiCallFailure[E any](converter BufReader[E], msg string) (E, bool) {
	if c, ok := any(converter).(interface{ callFailure(string) E }); ok {
		return c.callFailure(msg), true
	}
	var zero E
	return zero, false
}

// callFailure: an argument Rust could not read is the contract's
// validation error naming it ("Failed to convert arg 'filter':\nInvalid
// Status enum value: 99" → field filter); anything else is internal.
func (FfiConverterMkError) callFailure(msg string) *MkError {
	type body struct {
		Error   string `json:"error"`
		Code    string `json:"code"`
		Details string `json:"details"`
		Field   string `json:"field,omitempty"`
	}
	// As the core writes it: no HTML escaping, no trailing newline.
	text := func(b body) string {
		var out strings.Builder
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(b)
		return strings.TrimSuffix(out.String(), "\n")
	}
	// uniffi writes "Failed to convert arg '<name>':\n<error, Debug>", the
	// Debug form possibly followed by a backtrace: its first line is the reason.
	if rest, ok := strings.CutPrefix(msg, "Failed to convert arg '"); ok {
		if field, reason, ok := strings.Cut(rest, "':"); ok {
			reason, _, _ = strings.Cut(strings.TrimSpace(reason), "\n")
			details := field + ": " + reason
			return NewMkErrorValidation(migratekit_core.ErrorCodeValidation, "invalid request",
				details, text(body{"invalid request", "validation", details, field}), field, reason)
		}
	}
	return NewMkErrorInternal(migratekit_core.ErrorCodeInternal, "internal error", msg,
		text(body{Error: "internal error", Code: "internal", Details: msg}))
}
