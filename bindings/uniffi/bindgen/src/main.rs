//! `uniffi-bindgen`: uniffi's generator for Python, Kotlin, Swift and Ruby,
//! built at the uniffi version of `migratekit-uniffi` so the metadata it reads
//! always matches. The test command runs it to generate the Python package:
//! `cargo run -p migratekit-uniffi-bindgen -- generate --library
//! target/debug/libmigratekit_uniffi.so --language python --out-dir DIR`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
