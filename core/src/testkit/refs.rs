//! Short names for the references the operations take, for tests.

use crate::model::{ContextRef, FailoverTarget};

/// The context `id`, by its id.
pub fn by_id(id: &str) -> ContextRef {
    ContextRef::ContextId(id.to_owned())
}

/// The failover of the context `id`, by the context's id.
pub fn target(id: &str) -> FailoverTarget {
    FailoverTarget {
        context_id: Some(id.to_owned()),
        ..Default::default()
    }
}
