//! The Go bindings in `go/` are uniffi-bindgen-go's output for this crate,
//! checked in like the C header, with five fixes applied (below). This test
//! regenerates them with the installed generator and fails when the
//! checked-in copy differs; `MK_BLESS=1` writes the fresh copy instead.
//!
//! Without `uniffi-bindgen-go` (install it from `../shared/vendor`, see the
//! README) or `gofmt` it cannot regenerate, so it checks what needs no
//! generator: `go/GENERATED_FROM` records a fingerprint of the interface
//! (the uniffi metadata in the library) the copy was generated from; a
//! different interface means the copy is stale, and the test fails saying
//! how to regenerate. Only then is the generator needed.
//!
//! The fixes, each checked to still apply, so a generator that no longer
//! needs one fails this test instead of being patched blindly:
//!
//! 1. A foreign-trait method returning a record of another component
//!    (`migratekit_core.Volume`) is lowered with that package's `Lower`,
//!    whose C type is the other package's (cgo types are per package): it
//!    does not compile. It is lowered through `LowerExternal`, as arguments
//!    already are.
//! 2. A panic in a Go port method unwinds into the Rust caller through cgo
//!    and kills the process. Each callback defers
//!    `uniffiRecoverPortPanic` (`go/migratekit_uniffi/guard.go`), which
//!    reports it as an unexpected callback error: a port failure.
//! 3. A Go port returning an error that is not a `*PortError` reaches Rust
//!    without its message; it is carried (`uniffiUnexpectedPortError`).
//! 4. A Go string may hold bytes that are not UTF-8; uniffi's Rust side takes
//!    a string argument as UTF-8 unchecked (undefined behaviour) and refuses
//!    one inside a record by panicking in the caller. Every string lowered
//!    (both packages: `stringToRustBuffer`, `FfiConverterString.Write`)
//!    crosses through `uniffiValidUTF8` (hand-written `guard.go` in each
//!    package): such bytes cross as U+FFFD, as encoding/json writes them.
//! 5. An argument Rust cannot read (an enum value the Go integer allows but
//!    the contract does not, a time out of range) comes back as an
//!    unexpected call failure, which the generated code panics with in the
//!    caller. For a call whose error type is `MkError` it becomes the
//!    contract's `validation` error naming the argument
//!    (`uniffiCallFailure`, `migratekit_uniffi/guard.go`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The generator version the checked-in copy comes from.
const GENERATOR: &str = "0.7.1+v0.31.0";

/// The generated files, relative to `go/`.
const FILES: &[&str] = &[
    "migratekit_core/migratekit_core.go",
    "migratekit_core/migratekit_core.h",
    "migratekit_uniffi/migratekit_uniffi.go",
    "migratekit_uniffi/migratekit_uniffi.h",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cdylib() -> PathBuf {
    std::env::current_exe().unwrap().with_file_name(format!(
        "{}migratekit_uniffi{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

/// What `go/GENERATED_FROM` says for this library: the generator and a
/// fingerprint (FNV-1a, 64 bits) of the interface's metadata, in order.
fn generated_from(lib: &Path) -> String {
    let bytes = std::fs::read(lib).expect("the cdylib is built with the tests");
    let mut metadata = uniffi_bindgen::macro_metadata::extract_from_bytes(&bytes).unwrap();
    metadata.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for item in &metadata {
        for b in format!("{item:?}\n").bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!(
        "# Written by `MK_BLESS=1 cargo test -p migratekit-uniffi --test go_bindings`.\n\
         generator uniffi-bindgen-go {GENERATOR}\n\
         interface {hash:016x} ({} metadata items)\n",
        metadata.len()
    )
}

fn tool_version(tool: &str, arg: &str) -> Option<String> {
    let out = Command::new(tool).arg(arg).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn gofmt(file: &Path) {
    let out = Command::new("gofmt").arg("-w").arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "gofmt {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fix 1: `*uniffiOutReturn = pkg.FfiConverterXINSTANCE.Lower(res)` for a
/// type of another package.
fn lower_external_returns(text: &str) -> (String, usize) {
    let mut n = 0;
    let out = text
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            let Some(call) = trimmed
                .strip_prefix("*uniffiOutReturn = ")
                .and_then(|rest| rest.strip_suffix(".Lower(res)"))
            else {
                return line.to_owned();
            };
            let (package, converter) = call.split_once('.').unwrap_or(("", call));
            if package.is_empty() || !converter.starts_with("FfiConverter") {
                return line.to_owned();
            }
            n += 1;
            let indent = &line[..line.len() - trimmed.len()];
            format!("{indent}*uniffiOutReturn = CFromRustBuffer({call}.LowerExternal(res))")
        })
        .collect::<Vec<_>>();
    (out.join("\n") + "\n", n)
}

/// Fix 2: every callback into a Go port recovers a panic.
fn recover_port_panics(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut n = 0;
    for (i, line) in lines.iter().enumerate() {
        out.push((*line).to_owned());
        let Some(name) = line.strip_prefix("func ").and_then(|l| l.split('(').next()) else {
            continue;
        };
        let Some(dispatch) = name.split("_cgo_dispatchCallbackInterface").nth(1) else {
            continue;
        };
        if !line.contains("callStatus *C.RustCallStatus") || !line.ends_with('{') {
            continue;
        }
        let trait_name = dispatch.split("Method").next().unwrap_or(dispatch);
        let method = lines[i..]
            .iter()
            .find_map(|l| {
                l.trim_start()
                    .strip_prefix("uniffiObj.")
                    .and_then(|m| m.split('(').next())
            })
            .unwrap_or("?");
        out.push(format!(
            "\tdefer uniffiRecoverPortPanic(\"{trait_name}.{method}\", callStatus)"
        ));
        n += 1;
    }
    (out.join("\n") + "\n", n)
}

/// Fix 3: an error that is not a `*PortError` keeps its message.
fn carry_unexpected_errors(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut n = 0;
    let mut i = 0;
    while i < lines.len() {
        let window = lines
            .get(i..i + 3)
            .map(|w| w.iter().map(|l| l.trim()).collect::<Vec<_>>());
        if window.as_deref()
            == Some(&[
                "*callStatus = C.RustCallStatus{",
                "code: C.int8_t(uniffiCallbackUnexpectedResultError),",
                "}",
            ])
        {
            let indent = &lines[i][..lines[i].len() - lines[i].trim_start().len()];
            out.push(format!(
                "{indent}*callStatus = uniffiUnexpectedPortError(err)"
            ));
            n += 1;
            i += 3;
        } else {
            out.push(lines[i].to_owned());
            i += 1;
        }
    }
    (out.join("\n") + "\n", n)
}

/// Fix 4: every string lowered crosses as valid UTF-8 (either package).
fn valid_utf8_strings(text: &str) -> (String, usize) {
    const TO_BUFFER: &str = "func stringToRustBuffer(str string) C.RustBuffer {\n\treturn bytesToRustBuffer([]byte(str))";
    const WRITE: &str = "func (FfiConverterString) Write(writer io.Writer, value string) {\n";
    let n = text.matches(TO_BUFFER).count() + text.matches(WRITE).count();
    let text = text
        .replace(
            TO_BUFFER,
            "func stringToRustBuffer(str string) C.RustBuffer {\n\treturn bytesToRustBuffer([]byte(uniffiValidUTF8(str)))",
        )
        .replace(WRITE, &format!("{WRITE}\tvalue = uniffiValidUTF8(value)\n"));
    (text, n)
}

/// Fix 5: an unexpected failure of a call with an error type becomes that
/// error where the error type knows how (`uniffiCallFailure`).
fn typed_call_failures(text: &str) -> (String, usize) {
    const PANIC: &str = "\t\tif status.errorBuf.len > 0 {\n\t\t\tpanic(fmt.Errorf(\"%s\", FfiConverterStringINSTANCE.Lift(GoRustBuffer{inner: status.errorBuf})))\n";
    let n = text.matches(PANIC).count();
    let text = text.replace(
        PANIC,
        "\t\tif status.errorBuf.len > 0 {\n\
         \t\t\tmsg := FfiConverterStringINSTANCE.Lift(GoRustBuffer{inner: status.errorBuf})\n\
         \t\t\tif e, ok := uniffiCallFailure(converter, msg); ok {\n\
         \t\t\t\treturn e\n\
         \t\t\t}\n\
         \t\t\tpanic(fmt.Errorf(\"%s\", msg))\n",
    );
    (text, n)
}

/// Fix 4 on a generated package (both have strings).
fn fix_strings(text: &str) -> String {
    let (text, strings) = valid_utf8_strings(text);
    assert_eq!(
        strings, 2,
        "fix 4 applied {strings} times: has the generator changed?"
    );
    text
}

/// The fixes on the generated `migratekit_uniffi.go` (fix 4 is applied to
/// both packages by [`fix_strings`]).
fn fix(text: &str) -> String {
    let (text, returns) = lower_external_returns(text);
    let (text, panics) = recover_port_panics(&text);
    let (text, errors) = carry_unexpected_errors(&text);
    let (text, failures) = typed_call_failures(&text);
    assert_eq!(
        failures, 1,
        "fix 5 applied {failures} times: has the generator changed?"
    );
    assert!(
        returns >= 4,
        "fix 1 applied {returns} times: has the generator changed?"
    );
    assert!(
        panics >= 17,
        "fix 2 applied {panics} times: has the generator changed?"
    );
    assert!(
        errors >= 17,
        "fix 3 applied {errors} times: has the generator changed?"
    );
    text
}

#[test]
fn the_checked_in_go_bindings_were_generated_from_this_interface() {
    let recorded =
        std::fs::read_to_string(crate_dir().join("go/GENERATED_FROM")).unwrap_or_default();
    if std::env::var_os("MK_BLESS").is_some() {
        return; // the regeneration below writes it
    }
    assert_eq!(
        recorded,
        generated_from(&cdylib()),
        "the uniffi interface changed since the Go bindings in go/ were generated: install the \
         generator (cargo install --locked --path ../shared/vendor/uniffi-bindgen-go/bindgen) and \
         regenerate them with `MK_BLESS=1 cargo test -p migratekit-uniffi --test go_bindings`"
    );
}

#[test]
fn the_checked_in_go_bindings_are_what_the_generator_writes() {
    let Some(version) = tool_version("uniffi-bindgen-go", "--version") else {
        eprintln!(
            "skipped regenerating: uniffi-bindgen-go is not installed (cargo install --locked --path \
             ../shared/vendor/uniffi-bindgen-go/bindgen); the fingerprint test checks the checked-in \
             copy was generated from this interface"
        );
        return;
    };
    let go = crate_dir().join("go");
    if Command::new("gofmt").arg("-l").arg(&go).output().is_err() {
        eprintln!("skipped regenerating: gofmt is not installed");
        return;
    }
    assert!(
        version.contains(GENERATOR),
        "uniffi-bindgen-go {GENERATOR} wrote the checked-in bindings; installed: {version}"
    );
    let out = tempfile::tempdir().unwrap();
    // Run from the workspace root: the generator reads each crate's
    // uniffi.toml through cargo metadata.
    let run = Command::new("uniffi-bindgen-go")
        .current_dir(crate_dir().join("../.."))
        .arg("--no-format")
        .arg("--out-dir")
        .arg(out.path())
        .arg(cdylib())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "uniffi-bindgen-go failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bless = std::env::var_os("MK_BLESS").is_some();
    let mut stale = Vec::new();
    for file in FILES {
        let fresh_path = out.path().join(file);
        if file.ends_with(".go") {
            gofmt(&fresh_path);
            let mut text = fix_strings(&std::fs::read_to_string(&fresh_path).unwrap());
            if file.ends_with("migratekit_uniffi.go") {
                text = fix(&text);
            }
            std::fs::write(&fresh_path, text).unwrap();
            gofmt(&fresh_path);
        }
        let fresh = std::fs::read_to_string(&fresh_path).unwrap();
        let checked_in = go.join(file);
        if std::fs::read_to_string(&checked_in).ok().as_deref() != Some(fresh.as_str()) {
            if bless {
                std::fs::write(&checked_in, &fresh).unwrap();
            } else {
                stale.push(*file);
            }
        }
    }
    let fingerprint = go.join("GENERATED_FROM");
    let fresh = generated_from(&cdylib());
    if std::fs::read_to_string(&fingerprint).ok().as_deref() != Some(fresh.as_str()) {
        if bless {
            std::fs::write(&fingerprint, fresh).unwrap();
        } else {
            stale.push("GENERATED_FROM");
        }
    }
    assert!(
        stale.is_empty(),
        "the checked-in Go bindings are stale: {stale:?}; regenerate them with \
         `MK_BLESS=1 cargo test -p migratekit-uniffi --test go_bindings`"
    );
}
