//! Cancelling a call that is running, for the blocking surfaces (the C ABI
//! and Go, Python).
//!
//! A surface runs one call under a [`CancelToken`] ([`scope`]). The core
//! checks it where each step of a multi-step operation starts
//! (`services::operation`): a cancelled operation stops before its next
//! step and ends like any failure — refused before an effect, suspended for
//! its own resume after one (DESIGN §2) — with an `adapter` error naming
//! the step it did not start. Host ports receive the token with each call
//! ([`crate::ports::json_port`]), so a long port call can stop too.
//!
//! The token also tells who is asking what the call is doing: the step
//! running now ([`CancelToken::running_step`]), which the bindings' log
//! bridges attach to log records.
//!
//! A call made without a token is never cancelled.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The cancellation state of one call. Shared as `Arc<CancelToken>`: the
/// caller keeps one handle to cancel through, the call holds another.
#[derive(Debug, Default)]
pub struct CancelToken {
    cancelled: AtomicBool,
    step: Mutex<Option<RunningStep>>,
}

/// The step of a multi-step operation that is running under a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningStep {
    /// The operation (`test_failover`, …).
    pub operation: String,
    /// The context it holds.
    pub context_id: String,
    /// Its log job (what `log_job` reads).
    pub job_id: String,
    /// The step (`create-test-vm`, …).
    pub step: String,
}

impl CancelToken {
    /// A token not cancelled yet.
    pub fn new() -> Arc<CancelToken> {
        Arc::new(CancelToken::default())
    }

    /// Asks the call to stop before its next step. Idempotent; from any
    /// thread.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Release);
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    /// The step running under this token now, if any.
    pub fn running_step(&self) -> Option<RunningStep> {
        self.lock().clone()
    }

    pub(crate) fn set_step(&self, step: Option<RunningStep>) {
        *self.lock() = step;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<RunningStep>> {
        // Only plain assignments happen under the lock: poison is harmless.
        self.step.lock().unwrap_or_else(|p| p.into_inner())
    }
}

tokio::task_local! {
    static CURRENT: Arc<CancelToken>;
}

/// Runs `f` (one call of a surface) under `token`. Not an `async fn`, so
/// that a large future (the JSON dispatch's is ~30 KB) is moved once, not
/// once more into an enclosing state machine.
pub fn scope<F: Future>(token: Arc<CancelToken>, f: F) -> impl Future<Output = F::Output> {
    CURRENT.scope(token, f)
}

/// The token of the call being run on this task, if it has one.
pub fn current() -> Option<Arc<CancelToken>> {
    CURRENT.try_with(Arc::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_seen_inside_its_scope_only_and_cancels_once_for_all() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let token = CancelToken::new();
        assert!(current().is_none());
        let seen = rt.block_on(scope(token.clone(), async {
            current().map(|t| Arc::ptr_eq(&t, &token))
        }));
        assert_eq!(seen, Some(true));
        assert!(!token.is_cancelled());
        token.cancel();
        token.cancel();
        assert!(token.is_cancelled());
        assert!(rt.block_on(async { current() }).is_none());
    }
}
