//! The development listing corpus (`corpus/*.jsonl`): one JSON object per line with exactly
//! the string fields `id` (unique in its file), `category` (a top-level entity of the
//! category tree), `title` (at most [`TITLE_MAX`] characters, one line) and `description`,
//! none of them blank; a final newline; at least one listing per file.
//!
//! Stricter than what `ichiba corpus index` accepts (`corpus::Listing`, where description and
//! category are optional), so the lint reads each line as a JSON object of its own.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::Problem;
use crate::error::{BuildError, Result};

/// The fields of a listing, all required.
pub const FIELDS: [&str; 4] = ["id", "category", "title", "description"];

/// The longest title, in characters.
pub const TITLE_MAX: usize = 40;

/// Checks every `*.jsonl` file directly in `dir` (none when `dir` does not exist);
/// `categories` are the top-level entities of the category tree.
pub fn check(dir: &Path, categories: &HashSet<String>) -> Result<Vec<Problem>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(BuildError::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| BuildError::io(dir, e))?.path();
        if path.extension().is_some_and(|x| x == "jsonl") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| BuildError::io(&path, e))?;
        check_file(&path, &bytes, categories, &mut out);
    }
    Ok(out)
}

/// Checks one corpus file's bytes, as read from `path`.
pub fn check_file(path: &Path, bytes: &[u8], categories: &HashSet<String>, out: &mut Vec<Problem>) {
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        out.push(Problem::new(path, 0, "no final newline"));
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut listings = 0;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        if raw.is_empty() {
            continue;
        }
        listings += 1;
        let mut problem = |reason: String| out.push(Problem::new(path, n, reason));
        let Ok(line) = std::str::from_utf8(raw) else {
            problem("not UTF-8".into());
            continue;
        };
        let object: Map<String, Value> = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                problem("not a JSON object".into());
                continue;
            }
            Err(e) => {
                problem(format!("invalid JSON ({e})"));
                continue;
            }
        };
        let field = |k: &str| {
            object
                .get(k)
                .and_then(Value::as_str)
                .filter(|v| !v.trim().is_empty())
        };
        let missing: Vec<&str> = FIELDS.into_iter().filter(|k| field(k).is_none()).collect();
        if !missing.is_empty() {
            problem(format!("missing or empty field(s) {}", missing.join(", ")));
            continue;
        }
        let mut extra: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|k| !FIELDS.contains(k))
            .collect();
        extra.sort_unstable();
        if !extra.is_empty() {
            problem(format!("unknown field(s) {}", extra.join(", ")));
        }
        let [id, category, title] = ["id", "category", "title"].map(|k| field(k).unwrap_or(""));
        match ids.get(id) {
            Some(first) => problem(format!("duplicate id {id:?}, first at line {first}")),
            None => {
                ids.insert(id.to_string(), n);
            }
        }
        if !categories.contains(category) {
            problem(format!(
                "category {category:?} is not a top-level entity of category_tree.tsv"
            ));
        }
        let chars = title.chars().count();
        if chars > TITLE_MAX {
            problem(format!(
                "title has {chars} characters (at most {TITLE_MAX})"
            ));
        }
        if title.contains('\n') {
            problem("line break in title".into());
        }
    }
    if listings == 0 {
        out.push(Problem::new(path, 0, "no listings"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::tests::{has, write};

    fn lint(text: &str) -> Vec<Problem> {
        let categories = HashSet::from(["cat_mens".to_string()]);
        let mut out = Vec::new();
        check_file(
            Path::new("dev.jsonl"),
            text.as_bytes(),
            &categories,
            &mut out,
        );
        out
    }

    fn listing(id: &str, title: &str) -> String {
        format!(
            "{{\"id\": \"{id}\", \"category\": \"cat_mens\", \"title\": \"{title}\", \"description\": \"d\"}}\n"
        )
    }

    #[test]
    fn good_listings_pass() {
        let text = format!("{}{}", listing("a", "ナイキ"), listing("b", "シャツ"));
        assert_eq!(lint(&text), []);
    }

    #[test]
    fn final_newline_and_empty_file() {
        let text = listing("a", "t");
        assert!(has(&lint(text.trim_end()), "dev.jsonl:0: no final newline"));
        assert!(has(&lint(""), "dev.jsonl:0: no listings"));
    }

    #[test]
    fn json_objects() {
        assert!(has(&lint("{bad\n"), "dev.jsonl:1: invalid JSON"));
        assert!(has(&lint("[1]\n"), "dev.jsonl:1: not a JSON object"));
        let mut out = Vec::new();
        check_file(
            Path::new("dev.jsonl"),
            b"\"\xff\"\n",
            &HashSet::new(),
            &mut out,
        );
        assert!(has(&out, "dev.jsonl:1: not UTF-8"));
    }

    #[test]
    fn required_and_unknown_fields() {
        let p = lint(
            "{\"id\": \"a\", \"category\": \"cat_mens\", \"title\": \" \", \"description\": 3}\n",
        );
        assert!(has(
            &p,
            "dev.jsonl:1: missing or empty field(s) title, description"
        ));
        let p = lint(
            "{\"id\": \"a\", \"category\": \"cat_mens\", \"title\": \"t\", \"description\": \"d\", \"z\": 1, \"price\": 1}\n",
        );
        assert!(has(&p, "dev.jsonl:1: unknown field(s) price, z"));
    }

    #[test]
    fn unique_ids() {
        let text = format!("{}\n{}", listing("a", "x"), listing("a", "y"));
        assert!(has(
            &lint(&text),
            "dev.jsonl:3: duplicate id \"a\", first at line 1"
        ));
    }

    #[test]
    fn top_level_categories() {
        let text = listing("a", "t").replace("cat_mens", "cat_tops");
        assert!(has(
            &lint(&text),
            "dev.jsonl:1: category \"cat_tops\" is not a top-level entity of category_tree.tsv"
        ));
    }

    #[test]
    fn titles() {
        let long = "あ".repeat(41);
        assert!(has(
            &lint(&listing("a", &long)),
            "dev.jsonl:1: title has 41 characters (at most 40)"
        ));
        assert!(lint(&listing("a", &"あ".repeat(40))).is_empty());
        assert!(has(
            &lint(&listing("a", "x\\ny")),
            "dev.jsonl:1: line break in title"
        ));
    }

    #[test]
    fn every_jsonl_file_of_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.jsonl", "");
        write(dir.path(), "notes.txt", "");
        let p = check(dir.path(), &HashSet::new()).unwrap();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(has(&p, "a.jsonl:0: no listings"));
        assert!(
            check(&dir.path().join("none"), &HashSet::new())
                .unwrap()
                .is_empty()
        );
    }
}
