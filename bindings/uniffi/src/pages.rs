//! The pages of the listings. Core's `Page<T>` is generic, which a uniffi
//! record cannot be: each listing gets its page here, converted both ways
//! field by field (a new field of `Page` is a compile error until it is
//! carried).

use migratekit_core::model::{Page, ReplicationContext, ReplicationJob};
use migratekit_core::ports::LogJob;

macro_rules! page {
    ($(#[doc = $doc:literal])+ $name:ident of $item:ty) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, PartialEq, uniffi::Record)]
        pub struct $name {
            /// The items of this page.
            pub items: Vec<$item>,
            /// Offset of the next page, `None` on the last one (and when
            /// paging by cursor).
            pub next_offset: Option<u64>,
            /// Cursor of the next page (pass it as `after`), `None` on the
            /// last one.
            pub next_cursor: Option<String>,
        }

        impl From<Page<$item>> for $name {
            fn from(p: Page<$item>) -> Self {
                let Page {
                    items,
                    next_offset,
                    next_cursor,
                } = p;
                $name {
                    items,
                    next_offset,
                    next_cursor,
                }
            }
        }

        impl From<$name> for Page<$item> {
            fn from(p: $name) -> Self {
                let $name {
                    items,
                    next_offset,
                    next_cursor,
                } = p;
                Page {
                    items,
                    next_offset,
                    next_cursor,
                }
            }
        }
    };
}

page! {
    /// A page of `list_contexts`.
    ContextPage of ReplicationContext
}
page! {
    /// A page of `list_jobs`, newest first.
    JobPage of ReplicationJob
}
page! {
    /// A page of `log_jobs`, newest first.
    LogJobPage of LogJob
}
