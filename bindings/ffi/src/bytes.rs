//! `mk_bytes_t`: a byte buffer owned by the library.

use crate::error::{self, mk_error_t};
use migratekit_core::Error;
use std::os::raw::c_char;

/// A byte buffer allocated by the library (JSON text, UTF-8, not
/// NUL-terminated). An empty buffer has `data == NULL` and `len == 0`.
#[repr(C)]
#[derive(Debug)]
pub struct mk_bytes_t {
    /// The bytes.
    pub data: *mut u8,
    /// How many.
    pub len: usize,
}

/// Moves `bytes` into a library-owned buffer at `out`.
///
/// # Safety
/// `out` must be valid for writes.
pub(crate) unsafe fn put(out: *mut mk_bytes_t, bytes: Vec<u8>) {
    let boxed = bytes.into_boxed_slice();
    let len = boxed.len();
    let data = if len == 0 {
        drop(boxed);
        std::ptr::null_mut()
    } else {
        Box::into_raw(boxed).cast::<u8>()
    };
    // SAFETY: the caller guarantees `out` is valid for writes.
    unsafe { out.write(mk_bytes_t { data, len }) };
}

/// Borrows `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// Unless NULL, `ptr` must point to `len` readable bytes that stay valid and
/// unchanged for `'a`.
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    field: &str,
) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return if len == 0 {
            Ok("")
        } else {
            Err(Error::validation(
                field,
                "NULL pointer with a non-zero length",
            ))
        };
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| Error::validation(field, format!("not UTF-8: {e}")))
}

/// Copies `len` bytes at `data` into a new library-owned buffer at `out`.
/// Port callbacks use it to hand back their JSON result.
///
/// Ownership: `data` is borrowed for the call; `*out` receives a buffer the
/// caller (or the library, for a callback's result) frees with
/// `mk_bytes_delete`. On failure `*out` is untouched.
///
/// # Safety
/// `out` must be valid for writes; unless NULL, `data` must point to `len`
/// readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_bytes_new(
    out: *mut mk_bytes_t,
    data: *const c_char,
    len: usize,
) -> *mut mk_error_t {
    error::guard(|| {
        if out.is_null() {
            return Err(Error::validation("out", "NULL"));
        }
        if data.is_null() && len > 0 {
            return Err(Error::validation(
                "data",
                "NULL pointer with a non-zero length",
            ));
        }
        let copy = if len == 0 {
            Vec::new()
        } else {
            // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
            unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }.to_vec()
        };
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { put(out, copy) };
        Ok(())
    })
}

/// Frees the contents of a buffer the library allocated and sets it empty.
/// Deleting an empty buffer, or passing NULL, does nothing.
///
/// # Safety
/// Unless NULL, `bytes` must point to an `mk_bytes_t` filled by this library
/// and not yet deleted.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_bytes_delete(bytes: *mut mk_bytes_t) {
    if bytes.is_null() {
        return;
    }
    error::quietly(|| {
        // SAFETY: the caller guarantees a live buffer from this library.
        let b = unsafe { &mut *bytes };
        if !b.data.is_null() {
            // SAFETY: `data`/`len` came from `Box::into_raw` of a boxed slice in `put`.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(b.data, b.len)) });
        }
        b.data = std::ptr::null_mut();
        b.len = 0;
    });
}
