//! `#[backends]`: one rule test, run against every store backend.
//!
//! ```ignore
//! #[backends]                               // or #[backends(flavor = "multi_thread")]
//! async fn a_vm_is_managed_once() {
//!     let e = env();                        // the rig of the backend being run
//!     ...
//! }
//! ```
//!
//! becomes the module `a_vm_is_managed_once` with two tests, `sqlite` and
//! `postgres`, each running the body with its backend entered (the rig's
//! `env()` and `fx()` read it); `cargo test a_vm_is_managed_once` runs
//! both, `cargo test postgres` every PostgreSQL one. Arguments go to
//! `#[tokio::test]`; a synchronous `fn` becomes `#[test]`s. The test crate
//! provides `crate::common::backend::{enter, enter_postgres, Backend}`.

use proc_macro::TokenStream;
use quote::quote;
use syn::{ItemFn, parse_macro_input};

/// Runs the test once per store backend; see the crate docs.
#[proc_macro_attribute]
pub fn backends(args: TokenStream, item: TokenStream) -> TokenStream {
    let f = parse_macro_input!(item as ItemFn);
    let args = proc_macro2::TokenStream::from(args);
    let ItemFn {
        attrs, sig, block, ..
    } = f;
    let name = &sig.ident;
    let asyncness = &sig.asyncness;
    let test = match (asyncness.is_some(), args.is_empty()) {
        (true, true) => quote!(#[::tokio::test]),
        (true, false) => quote!(#[::tokio::test(#args)]),
        (false, _) => quote!(#[test]),
    };
    quote! {
        mod #name {
            #[allow(unused_imports)]
            use super::*;

            #(#attrs)*
            #test
            #asyncness fn sqlite() {
                let _backend = crate::common::backend::enter(crate::common::backend::Backend::Sqlite);
                #block
            }

            #(#attrs)*
            #test
            #asyncness fn postgres() {
                let Some(_backend) = crate::common::backend::enter_postgres() else {
                    return;
                };
                #block
            }
        }
    }
    .into()
}
