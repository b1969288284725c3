//! Runnable programs; see `lifecycle.rs`.
