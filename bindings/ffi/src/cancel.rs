//! `mk_cancel_t`: a token that cancels one running call.
//!
//! The host creates a token, passes it to a call (every `mk_manager_<op>`
//! and `mk_manager_call` take one, or NULL), and may call
//! `mk_cancel_cancel` from any thread while the call runs: a multi-step
//! operation then stops before its next step, and ends as any failure does
//! (resumable by running it again; the error is an `adapter` error naming the
//! step it did not start). Host ports receive the token of the call that
//! reached them, so a long port call can notice it too and so the host can
//! tell which of its calls a port call serves.
//!
//! A `mk_cancel_t *` is the pointer of the core's shared
//! `Arc<CancelToken>` (`Arc::into_raw`): the call holds its own reference,
//! so deleting the token while the call runs is safe.

use migratekit_core::cancel::CancelToken;
use std::sync::Arc;

/// A cancellation token (opaque). Really a `CancelToken` inside an `Arc`;
/// this type only names the pointer in the header.
pub struct mk_cancel_t {
    _opaque: [u8; 0],
}

/// The token behind a pointer handed to us, as a new reference.
///
/// # Safety
/// Unless NULL, `cancel` must be a live token from `mk_cancel_new`.
pub(crate) unsafe fn shared(cancel: *const mk_cancel_t) -> Option<Arc<CancelToken>> {
    if cancel.is_null() {
        return None;
    }
    let raw = cancel.cast::<CancelToken>();
    // SAFETY: a live token from `mk_cancel_new` (`Arc::into_raw`); one more
    // strong reference is taken before the new `Arc` owns it.
    unsafe {
        Arc::increment_strong_count(raw);
        Some(Arc::from_raw(raw))
    }
}

/// The pointer a host knows `token` by (the one `mk_cancel_new` returned).
pub(crate) fn as_ptr(token: &Arc<CancelToken>) -> *const mk_cancel_t {
    Arc::as_ptr(token).cast()
}

/// A new token, not cancelled.
///
/// Ownership: the caller owns the result and frees it with
/// `mk_cancel_delete` (at any time: a call using it keeps its own
/// reference). Thread-safety: a token may be used from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn mk_cancel_new() -> *mut mk_cancel_t {
    Arc::into_raw(CancelToken::new()).cast_mut().cast()
}

/// Cancels the calls running with `cancel` (and any later call given it).
/// Idempotent; from any thread, while a call runs or not. NULL does nothing.
///
/// # Safety
/// Unless NULL, `cancel` must be a live token.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_cancel_cancel(cancel: *const mk_cancel_t) {
    // SAFETY: forwarded.
    if let Some(token) = unsafe { shared(cancel) } {
        token.cancel();
    }
}

/// Whether `cancel` was cancelled (false for NULL). A port callback may
/// poll the token it was handed to stop a long call early.
///
/// # Safety
/// Unless NULL, `cancel` must be a live token (the one a callback is handed
/// is live for the callback's duration).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_cancel_is_cancelled(cancel: *const mk_cancel_t) -> bool {
    // SAFETY: forwarded.
    unsafe { shared(cancel) }.is_some_and(|t| t.is_cancelled())
}

/// Frees the caller's token. NULL does nothing.
///
/// # Safety
/// Unless NULL, `cancel` must be a token from `mk_cancel_new`, not yet
/// deleted, and not used by the caller afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_cancel_delete(cancel: *mut mk_cancel_t) {
    if !cancel.is_null() {
        // SAFETY: the caller's reference from `mk_cancel_new`, given up once.
        drop(unsafe { Arc::from_raw(cancel.cast_const().cast::<CancelToken>()) });
    }
}
