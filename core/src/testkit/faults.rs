//! Scripted faults: fail the Nth call of an operation, fail every call, or
//! delay calls.

use crate::ports::{PortError, PortResult};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
struct State {
    calls: HashMap<String, usize>,
    fail_at: HashMap<String, Vec<usize>>,
    fail_always: Vec<String>,
    delays: HashMap<String, Duration>,
}

/// The fault script of one fake; operations are the port's method names
/// (`create_vm`, `attach_volume`, `finish_operation`, …).
#[derive(Debug, Default)]
pub struct Faults {
    state: Mutex<State>,
}

impl Faults {
    /// An empty script.
    pub fn new() -> Self {
        Faults::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The `n`th call of `op` from now on fails (1 = the next one).
    pub fn fail_nth(&self, op: &str, n: usize) {
        let mut s = self.state();
        let at = s.calls.get(op).copied().unwrap_or(0) + n.max(1);
        s.fail_at.entry(op.to_owned()).or_default().push(at);
    }

    /// Every call of `op` fails until [`Faults::clear`].
    pub fn fail_always(&self, op: &str) {
        self.state().fail_always.push(op.to_owned());
    }

    /// Every call of `op` waits `by` first.
    pub fn delay(&self, op: &str, by: Duration) {
        self.state().delays.insert(op.to_owned(), by);
    }

    /// Forgets every scripted fault (call counts stay).
    pub fn clear(&self) {
        let mut s = self.state();
        s.fail_at.clear();
        s.fail_always.clear();
        s.delays.clear();
    }

    /// How many times `op` was called.
    pub fn calls(&self, op: &str) -> usize {
        self.state().calls.get(op).copied().unwrap_or(0)
    }

    /// Counts a call of `op`, applies its delay, and fails it if scripted.
    pub async fn check(&self, op: &str) -> PortResult<()> {
        let (n, fail, delay) = {
            let mut s = self.state();
            let n = {
                let c = s.calls.entry(op.to_owned()).or_insert(0);
                *c += 1;
                *c
            };
            let fail = s.fail_always.iter().any(|o| o == op)
                || s.fail_at.get(op).is_some_and(|at| at.contains(&n));
            (n, fail, s.delays.get(op).copied())
        };
        if let Some(d) = delay {
            tokio::time::sleep(d).await;
        }
        if fail {
            return Err(PortError::new(format!("injected fault: {op} call #{n}")));
        }
        Ok(())
    }
}
