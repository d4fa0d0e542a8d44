//! `ichiba eval cases` and `ichiba eval titles` on small committed fixtures, against the
//! embedded default dictionary.

use crate::cli::{ichiba, stderr, stdout};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cases.tsv");
const TITLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/titles.txt");

#[test]
fn the_projects_own_cases_all_pass_on_the_default() {
    // dictionaries/eval/cases.tsv: every label written from typing we did ourselves; a change
    // to ranking, the format or the lexicon that breaks one shows here.
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/eval/cases.tsv");
    let o = ichiba(&["eval", "cases", cases, "--min-pass", "100%"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn cases_pass_at_a_low_threshold() {
    let o = ichiba(&["eval", "cases", CASES, "--min-pass", "50%"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    for label in ["brand", "phrase", "item", "script", "all"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(label) && l.ends_with('%')),
            "{label}: {out}"
        );
    }

    let o = ichiba(&["eval", "cases", CASES, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["all"]["total"], 19);
    let labels = v["labels"].as_array().unwrap();
    let total: u64 = labels.iter().map(|l| l["total"].as_u64().unwrap()).sum();
    assert_eq!(total, 19);
}

#[test]
fn cases_fail_above_the_achieved_rate() {
    // The fixture plus a case that cannot pass: しゅぷ's best suggestion is シュプリーム.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.tsv");
    let mut text = std::fs::read_to_string(CASES).unwrap();
    text.push_str("canary\tしゅぷ\tシュプリーム\tPrediction Not Expected\t1\n");
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();

    let o = ichiba(&["eval", "cases", file, "--min-pass", "0.5"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("canary 0.0% < 50.0%"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("failures (1 of 1)"), "{out}");
    assert!(
        out.contains(&format!(
            "{file}:24  canary  \"しゅぷ\" → シュプリーム  Prediction Not Expected 1  got: \
             シュプリーム"
        )),
        "{out}"
    );

    // A label's own threshold overrides --min-pass; the others still apply.
    let o = ichiba(&[
        "eval",
        "cases",
        file,
        "--min-pass",
        "0.5",
        "--min-pass-label",
        "canary=0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The overall rate is 19/20: a threshold above any label's achieved rate fails.
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&ichiba(&["eval", "cases", file, "--json"]))).unwrap();
    let brand = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "brand")
        .unwrap();
    let rate = brand["passed"].as_f64().unwrap() / brand["total"].as_f64().unwrap();
    let at = format!("brand={rate}");
    let o = ichiba(&["eval", "cases", file, "--min-pass-label", &at]);
    assert!(o.status.success(), "{}", stderr(&o));
    if rate < 1.0 {
        let above = format!("brand={}", (rate + 0.01).min(1.0));
        assert!(
            !ichiba(&["eval", "cases", file, "--min-pass-label", &above])
                .status
                .success()
        );
    }
    let o = ichiba(&["eval", "cases", file, "--min-pass-label", "nosuch=0.5"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no case has the label \"nosuch\""));
}

#[test]
fn a_malformed_case_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tsv");
    std::fs::write(
        &path,
        "# header\nbrand\tしゅぷ\tシュプリーム\tPrediction Expected\t3\nbrand\tsup\tSupreme\t3\n",
    )
    .unwrap();
    let o = ichiba(&["eval", "cases", path.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!(
            "{}:3: expected 5 or 6 tab-separated fields",
            path.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn titles_report_keystrokes_saved() {
    let o = ichiba(&[
        "eval",
        "titles",
        TITLES,
        "--top",
        "3,5",
        "--json",
        "--per-title",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (run, k) in runs.iter().zip([3, 5]) {
        assert_eq!(run["top_k"], k);
        assert_eq!(run["titles"], 10);
        assert_eq!(run["segments"], 37);
        // Typing without suggestions depends only on the readings, not the dictionary.
        assert_eq!(run["keystrokes"], 227);
        let saved = run["saved"].as_u64().unwrap();
        assert!(saved > 0 && saved < 227, "{run}");
        let rate = run["saved_rate"].as_f64().unwrap();
        assert!((rate - saved as f64 / 227.0).abs() < 1e-9);
        assert_eq!(run["per_title"].as_array().unwrap().len(), 10);
        let by_typed = run["by_typed"].as_array().unwrap();
        assert_eq!(by_typed.len(), 6);
        let taps: u64 = by_typed.iter().map(|b| b["taps"].as_u64().unwrap()).sum();
        assert_eq!(run["taps"].as_u64().unwrap(), taps);
    }
    let first = &runs[0]["per_title"][0];
    assert_eq!(first["title"], "シュプリーム ボックスロゴ パーカー Mサイズ");
    assert_eq!(first["keys"], "しゅぷりーむ ぼっくすろご ぱーかー Mさいず");
    assert_eq!(first["keystrokes"], 23);

    // The text report: one row per top-k, typed lengths 0‥5+, one line per title.
    let o = ichiba(&["eval", "titles", TITLES, "--per-title"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("titles 10, segments 37, keystrokes without suggestions 227"));
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("3 ")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("5+")),
        "{out}"
    );
    assert!(out.contains("【新品】ルイ・ヴィトン 長財布"), "{out}");
    // Deterministic.
    assert_eq!(
        stdout(&ichiba(&["eval", "titles", TITLES, "--per-title"])),
        out
    );
}

#[test]
fn titles_from_jsonl_and_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dev.jsonl");
    std::fs::write(
        &path,
        "{\"id\":\"1\",\"category\":\"fashion\",\"title\":\"シュプリーム パーカー\",\"description\":\"\"}\n",
    )
    .unwrap();
    let o = ichiba(&[
        "eval",
        "titles",
        path.to_str().unwrap(),
        "--top",
        "1",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["runs"][0]["titles"], 1);
    assert_eq!(v["runs"][0]["keystrokes"], 11);

    std::fs::write(&path, "{\"title\":\"a\"}\n{\"title\":\n").unwrap();
    let o = ichiba(&["eval", "titles", path.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!("{}:2: invalid JSON", path.display())),
        "{}",
        stderr(&o)
    );
    let o = ichiba(&["eval", "titles", TITLES, "--top", "0"]);
    assert!(!o.status.success());
}
