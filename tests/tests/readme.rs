//! The README's generated parts equal what the code says: the lifecycle
//! diagram (from the table) and the error-code table (from `ErrorCode`).
//! `MK_BLESS=1` rewrites them.

use migratekit_core::ErrorCode;
use std::path::PathBuf;

fn readme_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

fn lifecycle_block() -> String {
    format!(
        "```mermaid\n{}```\n",
        migratekit_core::lifecycle::mermaid_diagram()
    )
}

fn errors_block() -> String {
    let mut s = String::from("| code | when |\n|---|---|\n");
    for c in ErrorCode::ALL {
        s.push_str(&format!("| `{}` | {} |\n", c.as_str(), c.meaning()));
    }
    s
}

/// The text between `<!-- name:begin -->` and `<!-- name:end -->`.
fn section<'a>(readme: &'a str, name: &str) -> (usize, usize, &'a str) {
    let begin = format!("<!-- {name}:begin -->\n");
    let end = format!("<!-- {name}:end -->");
    let b = readme.find(&begin).unwrap_or_else(|| panic!("no {begin}")) + begin.len();
    let e = readme[b..].find(&end).unwrap_or_else(|| panic!("no {end}")) + b;
    (b, e, &readme[b..e])
}

fn check(name: &str, expected: &str) {
    let path = readme_path();
    let readme = std::fs::read_to_string(&path).unwrap();
    let (b, e, current) = section(&readme, name);
    if current == expected {
        return;
    }
    if std::env::var_os("MK_BLESS").is_some() {
        let updated = format!("{}{}{}", &readme[..b], expected, &readme[e..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!("README section {name} is stale (MK_BLESS=1 rewrites it); expected:\n{expected}");
}

#[test]
fn readme_lifecycle_diagram_equals_the_table() {
    check("lifecycle", &lifecycle_block());
}

#[test]
fn readme_error_table_lists_every_code() {
    check("errors", &errors_block());
}
