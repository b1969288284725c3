//! `mk_error_t`: an error returned across the boundary.

use crate::bytes::{mk_bytes_t, put};
use migratekit_core::{Error, ErrorBody};
use std::os::raw::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An error: a stable code, a message, and the JSON error body of the
/// contract (`{"error", "code", "details", ...typed fields}`).
pub struct mk_error_t {
    body: ErrorBody,
}

pub(crate) fn boxed(e: &Error) -> *mut mk_error_t {
    Box::into_raw(Box::new(mk_error_t { body: e.to_body() }))
}

/// The error a port callback returned, as a core error.
///
/// # Safety
/// `e` must be an error from `mk_error_new` (or any `mk_error_t`) the caller
/// gives up.
pub(crate) unsafe fn take(e: *mut mk_error_t) -> ErrorBody {
    // SAFETY: the caller hands over a live error from this library.
    unsafe { Box::from_raw(e) }.body
}

/// Runs `f`, turning an error or a panic into an owned `mk_error_t`.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), Error>) -> *mut mk_error_t {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => std::ptr::null_mut(),
        Ok(Err(e)) => boxed(&e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            boxed(&Error::Internal {
                details: format!("panic inside migratekit: {what}"),
            })
        }
    }
}

/// Runs `f` for a function without an error to return: a panic is
/// swallowed rather than allowed across the boundary.
pub(crate) fn quietly(f: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(f));
}

fn copy_out(err: *const mk_error_t, out: *mut mk_bytes_t, f: impl FnOnce(&ErrorBody) -> Vec<u8>) {
    if err.is_null() || out.is_null() {
        return;
    }
    quietly(|| {
        // SAFETY: non-NULL; the caller guarantees a live error.
        let body = unsafe { &(*err).body };
        // SAFETY: non-NULL; the caller guarantees it is writable.
        unsafe { put(out, f(body)) };
    });
}

/// The stable code (`already_managed`, `validation`, …) into `*out`.
///
/// Ownership: `err` is borrowed; `*out` receives a buffer the caller frees
/// with `mk_bytes_delete`. NULL `err` or `out` does nothing.
///
/// # Safety
/// `err` must be a live error; `out` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_error_code(err: *const mk_error_t, out: *mut mk_bytes_t) {
    copy_out(err, out, |b| b.code.as_str().as_bytes().to_vec());
}

/// The human message into `*out` (ownership as for `mk_error_code`).
///
/// # Safety
/// `err` must be a live error; `out` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_error_message(err: *const mk_error_t, out: *mut mk_bytes_t) {
    copy_out(err, out, |b| b.error.as_bytes().to_vec());
}

/// The whole JSON error body into `*out` (ownership as for `mk_error_code`).
///
/// # Safety
/// `err` must be a live error; `out` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_error_body(err: *const mk_error_t, out: *mut mk_bytes_t) {
    copy_out(err, out, |b| serde_json::to_vec(b).unwrap_or_default());
}

/// A new error with `message`, for a port callback to return: the library
/// takes ownership of it and reports it as an `adapter` error naming the
/// operation and step.
///
/// Ownership: `message` is borrowed; the caller owns the result until it
/// returns it from a callback (or frees it with `mk_error_delete`).
///
/// # Safety
/// Unless NULL, `message` must point to `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_error_new(message: *const c_char, len: usize) -> *mut mk_error_t {
    // SAFETY: the caller guarantees `len` readable bytes at `message`.
    let text = unsafe { crate::bytes::text(message, len, "message") }
        .map(str::to_owned)
        .unwrap_or_else(|e| e.details());
    boxed(&Error::Internal { details: text })
}

/// Frees an error. NULL does nothing.
///
/// # Safety
/// Unless NULL, `err` must be a live error not yet deleted.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_error_delete(err: *mut mk_error_t) {
    if !err.is_null() {
        // SAFETY: a live error from `boxed`, deleted once.
        quietly(|| drop(unsafe { Box::from_raw(err) }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let err = guard(|| panic!("boom"));
        assert!(!err.is_null());
        // SAFETY: a live error from `guard`.
        let body = unsafe { take(err) };
        assert_eq!(body.code.as_str(), "internal");
        assert!(body.details.contains("boom"));
    }
}
