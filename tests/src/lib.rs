//! Cross-crate integration tests and the shared scenario files.
