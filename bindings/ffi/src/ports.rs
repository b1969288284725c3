//! Ports implemented by the host through one callback each.
//!
//! A port is a callback plus an opaque `env` (Go passes an integer handle,
//! never a Go pointer) and a finalizer the library calls once when it no
//! longer needs `env`. Every call hands the method name and its arguments as
//! a JSON array; the callback answers JSON through `mk_bytes_new`, or returns
//! an error (`mk_error_new`). The callback is only the transport of the
//! core's `JsonPort`, which packs the arguments and decodes the answers for
//! every binding alike. Calls run on the core's port pool (a few threads,
//! never the runtime's), so the callback may block, and may call back into
//! the manager.

use crate::bytes::{mk_bytes_delete, mk_bytes_t};
use crate::cancel::{self, mk_cancel_t};
use crate::error::{self, mk_error_t};
use migratekit_core::cancel::CancelToken;
use migratekit_core::ports::{BlockingJsonPortCall, JsonPort, PortError, PortResult};
use serde_json::Value;
use std::os::raw::{c_char, c_void};
use std::sync::Arc;

/// Answers one port call: `method` (e.g. `create_volume`) with `args` (a JSON
/// array). On success the callback stores the JSON result with
/// `mk_bytes_new(result, ...)` (`null` for methods without a result) and
/// returns NULL; on failure it returns an error from `mk_error_new`, which the
/// library takes over. `cancel` is the token of the manager call that reached
/// the port (NULL when that call was given none), borrowed for the callback:
/// it tells the host which of its calls this serves, and
/// `mk_cancel_is_cancelled` tells a long callback to stop. Called from
/// library threads, possibly concurrently.
pub type mk_port_callback_t = Option<
    unsafe extern "C" fn(
        env: *mut c_void,
        method: *const c_char,
        method_len: usize,
        args: *const c_char,
        args_len: usize,
        cancel: *const mk_cancel_t,
        result: *mut mk_bytes_t,
    ) -> *mut mk_error_t,
>;

/// Releases `env`; called exactly once, from any thread.
pub type mk_finalizer_t = Option<unsafe extern "C" fn(env: *mut c_void)>;

struct Callback {
    call: unsafe extern "C" fn(
        *mut c_void,
        *const c_char,
        usize,
        *const c_char,
        usize,
        *const mk_cancel_t,
        *mut mk_bytes_t,
    ) -> *mut mk_error_t,
    env: *mut c_void,
    finalizer: mk_finalizer_t,
}

// SAFETY: the header requires the callback and finalizer to be callable from
// any thread with this `env`, concurrently; the library never dereferences `env`.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

impl Drop for Callback {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the host's finalizer, called once with its own `env`.
            unsafe { f(self.env) };
        }
    }
}

/// A port implemented by the host.
pub struct mk_port_t {
    pub(crate) port: JsonPort,
}

/// A new port. `finalizer` (may be NULL) is called with `env` once the
/// library drops the port.
///
/// Ownership: the caller owns the result until it passes it to
/// `mk_manager_open_with_ports` (which takes it) or frees it with
/// `mk_port_delete`. Returns NULL when `callback` is NULL (then `finalizer`
/// is called at once).
///
/// # Safety
/// `callback` and `finalizer` must be callable from any thread with `env`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_port_new(
    callback: mk_port_callback_t,
    env: *mut c_void,
    finalizer: mk_finalizer_t,
) -> *mut mk_port_t {
    match callback {
        Some(call) => Box::into_raw(Box::new(mk_port_t {
            port: JsonPort::blocking(Callback {
                call,
                env,
                finalizer,
            }),
        })),
        None => {
            if let Some(f) = finalizer {
                // SAFETY: the host's finalizer with its own `env`.
                unsafe { f(env) };
            }
            std::ptr::null_mut()
        }
    }
}

/// Frees a port that was not handed to a manager. NULL does nothing.
///
/// # Safety
/// Unless NULL, `port` must be a live port not yet deleted or handed over.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_port_delete(port: *mut mk_port_t) {
    if !port.is_null() {
        // SAFETY: a live port from `mk_port_new`, deleted once.
        error::quietly(|| drop(unsafe { Box::from_raw(port) }));
    }
}

/// Takes ownership of a port pointer (NULL: none).
///
/// # Safety
/// Unless NULL, `port` must be a live port the caller gives up.
pub(crate) unsafe fn take(port: *mut mk_port_t) -> Option<JsonPort> {
    // SAFETY: as documented.
    (!port.is_null()).then(|| unsafe { Box::from_raw(port) }.port)
}

impl BlockingJsonPortCall for Callback {
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        token: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value> {
        let args = args.to_string();
        let cancel = token.map_or(std::ptr::null(), cancel::as_ptr);
        let mut result = mk_bytes_t {
            data: std::ptr::null_mut(),
            len: 0,
        };
        // SAFETY: valid pointers for the duration of the call; the host's contract.
        let err = unsafe {
            (self.call)(
                self.env,
                method.as_ptr().cast(),
                method.len(),
                args.as_ptr().cast(),
                args.len(),
                cancel,
                &mut result,
            )
        };
        let text = if result.data.is_null() {
            String::new()
        } else {
            // SAFETY: filled by `mk_bytes_new`: `len` bytes at `data`.
            let bytes = unsafe { std::slice::from_raw_parts(result.data, result.len) };
            String::from_utf8_lossy(bytes).into_owned()
        };
        // SAFETY: `result` was filled by this library (or is still empty).
        unsafe { mk_bytes_delete(&mut result) };
        if !err.is_null() {
            // SAFETY: the callback hands its error over to us.
            let body = unsafe { error::take(err) };
            return Err(PortError::new(format!("{method}: {}", body.details)));
        }
        JsonPort::parse_answer(method, &text)
    }
}
