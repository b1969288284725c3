//! `uniffi-bindgen`: uniffi's generator for Python, Kotlin, Swift and Ruby,
//! built at the uniffi version of `migratekit-uniffi` so the metadata it reads
//! always matches. The test command runs it to generate the Python package:
//! `cargo run -p migratekit-uniffi-bindgen -- generate --library
//! target/debug/libmigratekit_uniffi.so --language python --out-dir DIR`.
//!
//! Python output gets one fix after generation ([`python_fix`]): a port
//! raising a `BaseException` that is not an `Exception` must fail its call,
//! not report success.

mod python_fix;

fn main() {
    uniffi::uniffi_bindgen_main();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(dir) = python_fix::python_out_dir(&args)
        && let Err(e) = python_fix::fix_dir(&dir)
    {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
