//! The `ichiba` command as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the `ichiba` binary built for these tests.
pub fn ichiba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args(args)
        .output()
        .unwrap()
}

/// A run's standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A run's standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn suggest_prints_a_table_and_json() {
    let o = ichiba(&["suggest", "しゅぷ"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).lines().next().unwrap().contains("シュプリーム"));

    let o = ichiba(&["suggest", "--json", "--top", "3", "ナイキのすに"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let arr = v.as_array().unwrap();
    assert!(arr.len() <= 3);
    let s = arr.iter().find(|s| s["surface"] == "スニーカー").unwrap();
    assert_eq!(s["kind"], "item");
    assert_eq!(s["replace"]["start"], 4);
    assert_eq!(s["replace"]["end"], 6);
    assert_eq!(s["replace"]["text"], "すに");
    for field in ["surface", "reading", "kind", "score", "replace", "entity"] {
        assert!(s.get(field).is_some(), "{field}");
    }
}

#[test]
fn empty_text_prints_nothing() {
    let o = ichiba(&["suggest", ""]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
}

#[test]
fn bad_cursor_is_a_clear_error() {
    let o = ichiba(&["suggest", "--cursor", "9", "しゅぷ"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("past the end"), "{}", stderr(&o));
    let o = ichiba(&["suggest", "--cursor", "1", "しゅぷ"]);
    assert!(o.status.success(), "a char cursor is always on a boundary");
}

#[test]
fn stdin_answers_one_line_per_query() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args(["suggest", "--stdin", "--top", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("しゅぷ\n{\"text\":\"しゅぷ いい\",\"cursor\":3}\n{bad json\n\nsup\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0][0]["surface"], "シュプリーム");
    assert_eq!(lines[1][0]["surface"], "シュプリーム");
    assert!(lines[2]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(lines[3], serde_json::json!([]));
    assert_eq!(lines[4][0]["surface"], "Supreme");
}

#[test]
fn build_fails_on_a_bad_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("bad.tsv");
    std::fs::write(
        &src,
        "ナイキ\tないき\tbrand\t9\tnike\nスニーカー\tすにーかー\titem\tmany\n",
    )
    .unwrap();
    let out = dir.path().join("out.ichiba");
    let o = ichiba(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        src.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:2: weight", src.display())),
        "{err}"
    );
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn build_inspect_and_refuse_damage() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tiny.ichiba");
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.tsv");
    let o = ichiba(&["build", "--out", out.to_str().unwrap(), src]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("tiny.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["entries"], 17);

    let o = ichiba(&["inspect", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("entries       17"));
    assert!(stdout(&o).contains(&format!("format        v{}", ichiba::format::VERSION)));
    assert!(stdout(&o).contains("bytes/entry"));

    let o = ichiba(&["suggest", "--dict", out.to_str().unwrap(), "すに"]);
    assert!(stdout(&o).contains("スニーカー"));

    let good = std::fs::read(&out).unwrap();
    let damaged = [
        ("truncated", good[..good.len() - 10].to_vec(), "corrupt"),
        (
            "flipped",
            {
                let mut b = good.clone();
                let at = b.len() - 20;
                b[at] ^= 1;
                b
            },
            "corrupt",
        ),
        (
            "version",
            {
                let mut b = good.clone();
                b[8] = 99;
                b
            },
            "version 99",
        ),
        (
            "v2",
            {
                let mut b = good.clone();
                b[8] = 2;
                b
            },
            "version 2",
        ),
    ];
    for (name, bytes, says) in damaged {
        let path = dir.path().join(format!("{name}.ichiba"));
        std::fs::write(&path, bytes).unwrap();
        let o = ichiba(&["inspect", path.to_str().unwrap()]);
        assert!(!o.status.success(), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        let o = ichiba(&["suggest", "--dict", path.to_str().unwrap(), "すに"]);
        assert!(!o.status.success(), "{name}");
    }
}

#[test]
fn crafted_dictionaries_are_a_clear_error_not_a_crash() {
    // Prefixes of the tiny fixture's readings, which reached fst panics (exit 101) before
    // open checked every fst node.
    let queries = "し\nしゅ\nしゅぷ\nる\nるい\nす\nすに\nsup\nな\nないき\nしん\nnike\n";
    for (name, says) in crate::dictionary::CRAFTED {
        let path = crate::dictionary::crafted_path(name);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ichiba"))
            .args(["suggest", "--dict", path.to_str().unwrap(), "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The process may exit before reading its input: a broken pipe is fine.
        let _ = child.stdin.take().unwrap().write_all(queries.as_bytes());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", stderr(&o));
    }
}

#[test]
fn corpus_index_then_build_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus.jsonl");
    let index_corpus = || {
        ichiba(&[
            "corpus",
            "index",
            corpus,
            "--index",
            index.to_str().unwrap(),
        ])
    };
    let o = index_corpus();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("9 listings added"), "{err}");
    assert!(err.contains("corpus.jsonl:8: skipped"), "{err}");
    let o = index_corpus();
    assert!(
        stderr(&o).contains("0 listings added, 10 already indexed"),
        "{}",
        stderr(&o)
    );
    let o = ichiba(&[
        "corpus",
        "index",
        "--strict",
        corpus,
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("corpus.jsonl:8:"), "{}", stderr(&o));

    let out = dir.path().join("mined.ichiba");
    let pairs = dir.path().join("next_mined.tsv");
    let counts = dir.path().join("counts.tsv");
    let lexicon = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lexicon");
    let o = ichiba(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--corpus",
        index.to_str().unwrap(),
        "--mined-pairs",
        pairs.to_str().unwrap(),
        "--mined-counts",
        counts.to_str().unwrap(),
        lexicon,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let counts = std::fs::read_to_string(&counts).unwrap();
    assert!(
        counts.starts_with("ichiba-counts\t1\nlistings\t\t\t9\n"),
        "{counts}"
    );
    assert!(
        counts.contains("\ncdf\tcat_mens\tmercari-brand:"),
        "per-category counts: {counts}"
    );
    let pairs = std::fs::read_to_string(&pairs).unwrap();
    assert!(
        pairs.contains("mercari-brand:1620\titem_hoodie\t2\n"),
        "{pairs}"
    );
    let o = ichiba(&[
        "suggest",
        "--dict",
        out.to_str().unwrap(),
        "--top",
        "3",
        "シュプリーム ",
    ]);
    assert!(stdout(&o).contains("パーカー"), "{}", stdout(&o));
}

#[test]
fn sign_keygen_manifest_and_verify_as_a_phone_would() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let manifest = r#"{"manifest_version":1,"artifacts":[{"name":"dictionary","kind":"dictionary","version":"1","url":"a.ichiba","size":3,"sha256":"00"}]}"#;
    std::fs::write(p("m.json"), manifest).unwrap();
    for key in ["k", "other"] {
        let o = ichiba(&["sign", "keygen", "--out", &p(key)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p("k")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the secret key is private");
    }
    // keygen never overwrites a key.
    assert!(
        !ichiba(&["sign", "keygen", "--out", &p("k")])
            .status
            .success()
    );
    let o = ichiba(&[
        "sign",
        "manifest",
        &p("m.json"),
        "--key",
        &p("k"),
        "--sequence",
        "7",
        "-o",
        &p("s.json"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let verify = |extra: &[&str]| {
        let signed = p("s.json");
        let key = p("k.pub");
        let mut args = vec![
            "sign",
            "verify",
            signed.as_str(),
            "--public-key",
            key.as_str(),
        ];
        args.extend(extra);
        ichiba(&args)
    };
    let o = verify(&["--in-use", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let inner: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(inner["sequence"], 7);
    assert_eq!(inner["artifacts"][0]["url"], "a.ichiba");

    let o = verify(&["--in-use", "8"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("rollback"), "{}", stderr(&o));
    let o = verify(&["--now", "99999999999"]);
    assert!(stderr(&o).contains("expired"), "{}", stderr(&o));
    let o = ichiba(&[
        "sign",
        "verify",
        &p("s.json"),
        "--public-key",
        &p("other.pub"),
    ]);
    assert!(stderr(&o).contains("does not trust"), "{}", stderr(&o));
    let o = ichiba(&["sign", "verify", &p("m.json"), "--public-key", &p("k.pub")]);
    assert!(stderr(&o).contains("not signed"), "{}", stderr(&o));
    let altered = std::fs::read_to_string(p("s.json"))
        .unwrap()
        .replace("a.ichiba", "b.ichiba");
    std::fs::write(p("s.json"), altered).unwrap();
    let o = verify(&[]);
    assert!(stderr(&o).contains("altered"), "{}", stderr(&o));
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    // `ichiba inspect … | head`: the reader is gone; here before the first write, for sure.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args(["inspect", "dictionaries/default.ichiba"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            o.status.signal(),
            Some(13),
            "ended by SIGPIPE: {:?} {err}",
            o.status
        );
    }
}
