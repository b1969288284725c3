//! Every operation of the core's registry is reachable through the C ABI:
//! named by `mk_manager_operations`, declared in the header, exported by the
//! shared library as `mk_manager_<op>`, and answering a body that is not its
//! own with a `validation` error (so the call reached the operation: an
//! unknown one is refused on the field `operation`).

use migratekit::*;
use migratekit_core::registry::Op;
use std::os::raw::c_char;
use std::path::PathBuf;
use std::ptr::{null, null_mut};

fn empty() -> mk_bytes_t {
    mk_bytes_t {
        data: null_mut(),
        len: 0,
    }
}

fn take(b: &mut mk_bytes_t) -> String {
    let s = if b.data.is_null() {
        String::new()
    } else {
        // SAFETY: filled by the library.
        String::from_utf8(unsafe { std::slice::from_raw_parts(b.data, b.len) }.to_vec()).unwrap()
    };
    // SAFETY: filled by the library.
    unsafe { mk_bytes_delete(b) };
    s
}

/// The JSON body of an error, which is freed.
fn error_body(err: *mut mk_error_t) -> serde_json::Value {
    assert!(!err.is_null(), "expected an error");
    let mut body = empty();
    // SAFETY: a live error, deleted once.
    unsafe {
        mk_error_body(err, &mut body);
        mk_error_delete(err);
    }
    serde_json::from_str(&take(&mut body)).unwrap()
}

/// A JSON string is no operation's body.
const BAD_BODY: &str = "\"bad\"";

fn config(dir: &tempfile::TempDir) -> String {
    format!(
        r#"{{"path": {:?}, "fakes": true, "now": "2025-09-20T12:34:56Z"}}"#,
        dir.path().join("mk.db")
    )
}

fn assert_reached(op: &str, body: &serde_json::Value) {
    assert_eq!(body["code"], "validation", "{op}: {body}");
    assert_ne!(body["field"], "operation", "{op}: {body}");
}

#[test]
fn mk_manager_operations_lists_the_registry() {
    let mut out = empty();
    // SAFETY: a valid out pointer.
    assert!(unsafe { mk_manager_operations(&mut out) }.is_null());
    let names: Vec<String> = serde_json::from_str(&take(&mut out)).unwrap();
    assert_eq!(names, Op::NAMES);
}

#[test]
fn the_header_declares_one_entry_point_per_operation() {
    let header = include_str!("../include/migratekit.h");
    for name in Op::NAMES {
        let decl = format!("*mk_manager_{name}(const struct mk_manager_t *manager,");
        assert_eq!(header.matches(&decl).count(), 1, "{decl}");
    }
}

#[test]
fn every_operation_answers_a_bad_body_with_a_validation_error_by_entry_point_and_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(&dir);
    let mut m = null_mut();
    // SAFETY: valid pointers.
    let err = unsafe { mk_manager_open(config.as_ptr().cast(), config.len(), &mut m) };
    assert!(err.is_null());
    for &op in Op::ALL {
        let entry = entry_point(op).expect("src/ops.rs is stale: MK_BLESS=1 the header test");
        let mut out = empty();
        // SAFETY: a live manager, valid pointers and lengths.
        let err = unsafe {
            entry(
                m,
                BAD_BODY.as_ptr().cast(),
                BAD_BODY.len(),
                null(),
                &mut out,
            )
        };
        assert_reached(op.as_str(), &error_body(err));
        let name = op.as_str();
        // SAFETY: as above.
        let err = unsafe {
            mk_manager_call(
                m,
                name.as_ptr().cast(),
                name.len(),
                BAD_BODY.as_ptr().cast(),
                BAD_BODY.len(),
                null(),
                &mut out,
            )
        };
        assert_reached(name, &error_body(err));
    }
    let name = "no_such_operation";
    let mut out = empty();
    // SAFETY: as above.
    let err = unsafe {
        mk_manager_call(
            m,
            name.as_ptr().cast(),
            name.len(),
            b"{}".as_ptr().cast(),
            2,
            null(),
            &mut out,
        )
    };
    assert_eq!(error_body(err)["field"], "operation");
    // SAFETY: opened above, deleted once.
    unsafe { mk_manager_delete(m) };
}

/// The shared library the Go and C hosts link, exporting every entry point.
#[cfg(target_os = "linux")]
mod shared_library {
    use super::*;
    use std::ffi::{CString, c_int, c_void};

    unsafe extern "C" {
        fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
        fn dlclose(handle: *mut c_void) -> c_int;
    }

    const RTLD_NOW: c_int = 2;
    const RTLD_LOCAL: c_int = 0;

    /// `libmigratekit.so`, built beside this test (Cargo builds every crate
    /// type of the library before its tests).
    fn library() -> PathBuf {
        let exe = std::env::current_exe().unwrap();
        let deps = exe.parent().unwrap();
        [deps, deps.parent().unwrap()]
            .iter()
            .map(|d| d.join("libmigratekit.so"))
            .find(|p| p.exists())
            .expect("libmigratekit.so beside the test binary")
    }

    struct Lib(*mut c_void);

    impl Lib {
        fn open() -> Lib {
            let path = CString::new(library().to_str().unwrap()).unwrap();
            // SAFETY: a NUL-terminated path; the library's initialisers are Rust's own.
            let h = unsafe { dlopen(path.as_ptr(), RTLD_NOW | RTLD_LOCAL) };
            assert!(!h.is_null(), "dlopen {path:?}");
            Lib(h)
        }

        /// The address of an exported symbol, or NULL.
        fn sym(&self, name: &str) -> *mut c_void {
            let name = CString::new(name).unwrap();
            // SAFETY: a live handle and a NUL-terminated name.
            unsafe { dlsym(self.0, name.as_ptr()) }
        }
    }

    impl Drop for Lib {
        fn drop(&mut self) {
            // SAFETY: opened in `Lib::open`, closed once.
            unsafe { dlclose(self.0) };
        }
    }

    type Open = unsafe extern "C" fn(*const c_char, usize, *mut *mut c_void) -> *mut c_void;
    type Delete = unsafe extern "C" fn(*mut c_void);
    type Entry = unsafe extern "C" fn(
        *const c_void,
        *const c_char,
        usize,
        *const c_void,
        *mut mk_bytes_t,
    ) -> *mut c_void;
    type ErrorBody = unsafe extern "C" fn(*const c_void, *mut mk_bytes_t);
    type BytesDelete = unsafe extern "C" fn(*mut mk_bytes_t);

    #[test]
    fn every_entry_point_is_exported_and_answers_a_bad_body_with_a_validation_error() {
        let lib = Lib::open();
        let resolve = |name: &str| {
            let p = lib.sym(name);
            assert!(!p.is_null(), "libmigratekit.so does not export {name}");
            p
        };
        // SAFETY: each symbol has the signature of the header's declaration.
        let (open, delete, error_body, error_delete, bytes_delete) = unsafe {
            (
                std::mem::transmute::<*mut c_void, Open>(resolve("mk_manager_open")),
                std::mem::transmute::<*mut c_void, Delete>(resolve("mk_manager_delete")),
                std::mem::transmute::<*mut c_void, ErrorBody>(resolve("mk_error_body")),
                std::mem::transmute::<*mut c_void, Delete>(resolve("mk_error_delete")),
                std::mem::transmute::<*mut c_void, BytesDelete>(resolve("mk_bytes_delete")),
            )
        };
        let dir = tempfile::tempdir().unwrap();
        let config = config(&dir);
        let mut m = null_mut();
        // SAFETY: valid pointers.
        assert!(unsafe { open(config.as_ptr().cast(), config.len(), &mut m) }.is_null());
        for name in Op::NAMES {
            // SAFETY: `mk_manager_<op>` has the entry-point signature.
            let entry = unsafe {
                std::mem::transmute::<*mut c_void, Entry>(resolve(&format!("mk_manager_{name}")))
            };
            let mut out = empty();
            // SAFETY: a live manager of this library, valid pointers and lengths.
            let err = unsafe {
                entry(
                    m,
                    BAD_BODY.as_ptr().cast(),
                    BAD_BODY.len(),
                    null(),
                    &mut out,
                )
            };
            assert!(!err.is_null(), "{name}: expected an error");
            let mut body = empty();
            // SAFETY: a live error of this library; its bytes are freed by it too.
            let text = unsafe {
                error_body(err, &mut body);
                error_delete(err);
                let text = std::str::from_utf8(std::slice::from_raw_parts(body.data, body.len))
                    .unwrap()
                    .to_owned();
                bytes_delete(&mut body);
                text
            };
            assert_reached(name, &serde_json::from_str(&text).unwrap());
        }
        // SAFETY: opened above, deleted once.
        unsafe { delete(m) };
    }
}
