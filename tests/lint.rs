//! `ichiba lint` on the committed dictionary sources and on a broken copy of them.

use std::path::{Path, PathBuf};

use crate::cli::{ichiba, stderr, stdout};

fn dictionaries() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries")
}

#[test]
fn the_committed_sources_pass() {
    let problems = ichiba_build::lint::lint(&dictionaries()).unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
    let dir = dictionaries();
    let o = ichiba(&["lint", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "", "the eval cases pass too");
}

/// Copies the files of `lexicon/`, `corpus/` and `eval/` into `to`.
fn copy_sources(to: &Path) {
    for sub in ["lexicon", "corpus", "eval"] {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for entry in std::fs::read_dir(dictionaries().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

/// Replaces the first `from` on line `line` (1-based) of `path` with `to`.
fn edit_line(path: &Path, line: usize, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    assert!(lines[line - 1].contains(from), "{}", lines[line - 1]);
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    std::fs::write(path, lines.join("\n")).unwrap();
}

/// The first line of `path` whose first column is `surface`.
fn line_of(path: &Path, surface: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    1 + text
        .split('\n')
        .position(|l| l.split('\t').next() == Some(surface))
        .unwrap()
}

#[test]
fn a_broken_copy_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    copy_sources(tmp.path());
    let items = tmp.path().join("lexicon/items.tsv");
    let n = line_of(&items, "ジャケット");
    edit_line(&items, n, "じゃけっと", "ジャケット");
    let cases = tmp.path().join("eval/cases.tsv");
    let c = line_of(&cases, "brand_kana");
    edit_line(&cases, c, "brand_kana", "Brand");

    let problems = ichiba_build::lint::lint(tmp.path()).unwrap();
    let want = format!(
        "{}:{n}: reading has non-hiragana character 'ジ'",
        items.display()
    );
    assert_eq!(
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        std::slice::from_ref(&want)
    );

    let o = ichiba(&["lint", tmp.path().to_str().unwrap()]);
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(out.lines().any(|l| l == want), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{}:{c}: bad label", cases.display()))),
        "{out}"
    );
    assert!(stderr(&o).contains("2 problem(s)"), "{}", stderr(&o));
}
