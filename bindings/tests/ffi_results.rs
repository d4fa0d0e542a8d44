//! Every function and method the bindings export returns a `Result`, so that in Swift every
//! call `throws` and a caught Rust panic (`BindingError::Internal`) can always be thrown:
//! a non-throwing Swift call would have to crash instead. Read off the sources, so a new
//! export that forgets it fails here, before any app sees it.

use std::fs;
use std::path::Path;

/// `(file, line, signature)` of every exported function or method whose return type is not
/// a `Result`.
fn exports_without_result(src: &str, file: &str) -> Vec<(String, usize, String)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut bad = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if !line.starts_with("#[uniffi::export") {
            i += 1;
            continue;
        }
        // The item the attribute is on: skip further attributes, docs and cfgs.
        let mut j = i + 1;
        while j < lines.len() && {
            let t = lines[j].trim();
            t.starts_with("#[") || t.starts_with("///") || t.is_empty()
        } {
            j += 1;
        }
        let item = lines.get(j).map_or("", |l| l.trim());
        if item.starts_with("impl ") {
            // Every `pub fn` in the block, up to the brace that closes it.
            let mut depth = 0i32;
            let mut k = j;
            loop {
                let t = lines[k];
                if t.trim().starts_with("pub fn ") {
                    check_signature(&lines, k, file, &mut bad);
                }
                depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
                if depth == 0 && k > j {
                    break;
                }
                k += 1;
            }
            i = k + 1;
        } else {
            if item.starts_with("pub fn ") {
                check_signature(&lines, j, file, &mut bad);
            }
            i = j + 1;
        }
    }
    bad
}

/// The signature from `pub fn` to its opening brace must name `-> Result<`.
fn check_signature(lines: &[&str], at: usize, file: &str, bad: &mut Vec<(String, usize, String)>) {
    let mut sig = String::new();
    for line in &lines[at..] {
        sig.push_str(line.trim());
        sig.push(' ');
        if line.contains('{') {
            break;
        }
    }
    let ret = sig.split_once("->").map(|(_, r)| r.trim_start());
    if !ret.is_some_and(|r| r.starts_with("Result<")) {
        bad.push((file.to_string(), at + 1, sig.trim().to_string()));
    }
}

#[test]
fn every_export_returns_a_result() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    let mut exports = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let src = fs::read_to_string(&path).unwrap();
            exports += src.matches("#[uniffi::export").count();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            bad.extend(exports_without_result(&src, &name));
        }
    }
    assert!(
        exports >= 8,
        "found only {exports} exports in {}",
        dir.display()
    );
    assert!(
        bad.is_empty(),
        "exported without a Result (a panic could not be thrown in Swift):\n{}",
        bad.iter()
            .map(|(f, l, s)| format!("  {f}:{l}: {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_finds_an_export_without_a_result() {
    let src = "#[uniffi::export]\nimpl X {\n    /// docs\n    pub fn ok(&self) -> Result<()> {\n        Ok(())\n    }\n    pub fn bad(&self) -> bool {\n        true\n    }\n}\n\n#[uniffi::export]\npub fn free(\n    a: u8,\n) -> String {\n    String::new()\n}\n";
    let bad = exports_without_result(src, "x.rs");
    let lines: Vec<usize> = bad.iter().map(|b| b.1).collect();
    assert_eq!(lines, [7, 13], "{bad:?}");
}
