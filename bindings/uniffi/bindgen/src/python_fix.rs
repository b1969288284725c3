//! The one fix applied to uniffi's Python output.
//!
//! A foreign-trait method (a port written in Python) runs inside
//! `_uniffi_trait_interface_call*`, which turns an `Exception` into the
//! call's error but lets any other `BaseException` (`SystemExit`,
//! `KeyboardInterrupt`, `GeneratorExit`) escape into ctypes. ctypes prints
//! it and returns with the call status untouched — success — so a port
//! method without a result (`power_on`) that raised `SystemExit` was taken
//! as done and the operation went on (the break test
//! `test_a_base_exception_in_a_port_is_an_adapter_error_not_a_success`).
//! Catching `BaseException` there makes it the call's unexpected error: an
//! `adapter` error of the operation, like any other exception. The fix is
//! checked to apply, so a generator that changed these functions fails the
//! generation instead of shipping unfixed bindings.

use std::path::{Path, PathBuf};

/// The out-dir of a `generate` run that includes Python, if any.
pub fn python_out_dir(args: &[String]) -> Option<PathBuf> {
    if args.first().map(String::as_str) != Some("generate") {
        return None;
    }
    let mut python = false;
    let mut out = None;
    let mut i = 1;
    while i < args.len() {
        let a = args[i].as_str();
        let next = args.get(i + 1).map(String::as_str);
        match a {
            "--language" | "-l" => python |= next == Some("python"),
            "--out-dir" | "-o" => out = next.map(PathBuf::from),
            _ => {
                python |= a == "--language=python";
                if let Some(dir) = a.strip_prefix("--out-dir=") {
                    out = Some(PathBuf::from(dir));
                }
            }
        }
        i += 1;
    }
    if python { out } else { None }
}

/// The two places uniffi's Python template catches only `Exception`.
const PLAIN: &str = "\
def _uniffi_trait_interface_call(call_status, make_call, write_return_value):
    try:
        return write_return_value(make_call())
    except Exception as e:";
const WITH_ERROR: &str = "\
            call_status.error_buf = lower_error(e)
    except Exception as e:";

/// Catches `BaseException` in every generated module that has callbacks.
pub fn fix_dir(dir: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(fixed) = fix(&text).map_err(|e| format!("{}: {e}", path.display()))? {
            std::fs::write(&path, fixed).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The fixed module, `None` when it has no trait calls to fix.
fn fix(text: &str) -> Result<Option<String>, String> {
    if !text.contains("def _uniffi_trait_interface_call") {
        return Ok(None);
    }
    if !text.contains(PLAIN) || !text.contains(WITH_ERROR) {
        return Err(
            "uniffi's _uniffi_trait_interface_call* changed: the BaseException fix \
                    (bindings/uniffi/bindgen/src/python_fix.rs) no longer applies"
                .to_owned(),
        );
    }
    let base = |s: &str| s.replace("except Exception as e:", "except BaseException as e:");
    Ok(Some(
        text.replace(PLAIN, &base(PLAIN))
            .replace(WITH_ERROR, &base(WITH_ERROR)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn only_a_python_generation_with_an_out_dir_is_fixed() {
        let dir = Some(PathBuf::from("out"));
        assert_eq!(
            python_out_dir(&args("generate --language python --out-dir out")),
            dir
        );
        assert_eq!(
            python_out_dir(&args("generate -l kotlin -l python -o out")),
            dir
        );
        assert_eq!(
            python_out_dir(&args("generate --language=python --out-dir=out")),
            dir
        );
        assert_eq!(
            python_out_dir(&args("generate --language kotlin --out-dir out")),
            None
        );
        assert_eq!(python_out_dir(&args("--help")), None);
    }

    #[test]
    fn both_trait_calls_catch_base_exceptions() {
        let module = format!("x = 1\n{PLAIN}\n        pass\n{WITH_ERROR}\n        pass\n");
        let fixed = fix(&module).unwrap().unwrap();
        assert!(!fixed.contains("except Exception as e:"));
        assert_eq!(fixed.matches("except BaseException as e:").count(), 2);
        assert_eq!(fix("x = 1\n").unwrap(), None);
        assert!(fix("def _uniffi_trait_interface_call(changed):\n").is_err());
    }
}
