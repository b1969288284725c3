package migratekit_uniffi

// Hand-written, not generated: the helpers that the fixes
// bindings/uniffi/tests/go_bindings.rs applies to uniffi-bindgen-go's output
// call from every callback into a Go port (see "Regenerating the Go bindings"
// in the README).

// #include <migratekit_uniffi.h>
import "C"

import "fmt"

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
