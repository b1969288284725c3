//! `include/migratekit.h` is generated from the crate and checked in; this
//! test regenerates it and fails when the checked-in copy differs
//! (`MK_BLESS=1` rewrites it).

use std::path::PathBuf;

#[test]
fn the_checked_in_header_is_fresh() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = crate_dir.join("include/migratekit.h");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    if checked_in != generated {
        if std::env::var_os("MK_BLESS").is_some() {
            std::fs::write(&path, generated).unwrap();
            return;
        }
        panic!(
            "include/migratekit.h is stale: run MK_BLESS=1 cargo test -p migratekit-ffi --test header"
        );
    }
}
