//! The rules of the lexicon as a whole, beyond what each row's parser checks.
//!
//! Over every lexicon file:
//!
//! * two rows with the same surface, reading and kind are an error (as in the build).
//!
//! Over the hand-kept files: `brands*.tsv` (kind `brand`, one file per section),
//! `categories.tsv`, `items.tsv`, `attributes.tsv` and `phrases.tsv` (imports such as
//! `mozc_extract.tsv` only pass the parser and the rule above):
//!
//! * each row has the file's kind and an entity id (`[a-z0-9_]+`) with its kind's prefix
//!   (`cat_`, `item_`, `attr_`, `ph_`; a brand's id uses none of them), a weight from 1 to
//!   [`MAX_WEIGHT`], and a reading written in hiragana (digits only where the surface has
//!   them; a katakana surface reads as itself; empty only for an ASCII surface);
//! * no (surface, entity) twice in a file; an entity keeps one kind;
//! * a category named like an item weighs less than the item;
//! * brands: a reading on every row, a Latin and a Japanese (kana/kanji) form, all of a
//!   brand's rows in one file, at least [`MIN_BRANDS`] brands;
//! * at least a minimum of entities or rows per file, the [`REQUIRED`] rows, and Supreme the
//!   heaviest brand read しゅ… and spelled sup….

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use ichiba::dictionary::Kind;
use ichiba::text::kana;

use super::Problem;
use crate::lexicon::LexiconEntry;

/// The heaviest weight a hand-kept row may have.
pub const MAX_WEIGHT: u32 = 100_000;

/// The fewest distinct brand entities over all `brands*.tsv`.
pub const MIN_BRANDS: usize = 3000;

/// The hand-kept files other than the brands, their kind, and the fewest distinct entities
/// (or rows) each must have.
pub const FILES: [(&str, Kind, usize); 4] = [
    ("categories.tsv", Kind::Category, 300),
    ("items.tsv", Kind::Item, 250),
    ("attributes.tsv", Kind::Attribute, 120),
    ("phrases.tsv", Kind::Phrase, 150),
];

/// The entity id prefix of each kind but brands.
const PREFIXES: [(Kind, &str); 4] = [
    (Kind::Category, "cat_"),
    (Kind::Phrase, "ph_"),
    (Kind::Item, "item_"),
    (Kind::Attribute, "attr_"),
];

/// Rows the lexicon must hold: surface, reading (if it matters), kind, entity (if it
/// matters).
pub const REQUIRED: [(&str, Option<&str>, Kind, Option<&str>); 17] = [
    (
        "シュプリーム",
        Some("しゅぷりーむ"),
        Kind::Brand,
        Some("supreme"),
    ),
    (
        "Supreme",
        Some("しゅぷりーむ"),
        Kind::Brand,
        Some("supreme"),
    ),
    (
        "ルイ・ヴィトン",
        Some("るいゔぃとん"),
        Kind::Brand,
        Some("louis_vuitton"),
    ),
    (
        "ルイヴィトン",
        Some("るいゔぃとん"),
        Kind::Brand,
        Some("louis_vuitton"),
    ),
    (
        "Louis Vuitton",
        Some("るいゔぃとん"),
        Kind::Brand,
        Some("louis_vuitton"),
    ),
    (
        "ヴィトン",
        Some("ゔぃとん"),
        Kind::Brand,
        Some("louis_vuitton"),
    ),
    ("ビトン", Some("びとん"), Kind::Brand, Some("louis_vuitton")),
    ("LV", None, Kind::Brand, Some("louis_vuitton")),
    ("ナイキ", Some("ないき"), Kind::Brand, Some("nike")),
    ("NIKE", Some("ないき"), Kind::Brand, Some("nike")),
    ("新品未使用", Some("しんぴんみしよう"), Kind::Phrase, None),
    ("新品、未使用", None, Kind::Phrase, Some("ph_cond_new")),
    ("未使用に近い", None, Kind::Phrase, Some("ph_cond_like_new")),
    (
        "目立った傷や汚れなし",
        None,
        Kind::Phrase,
        Some("ph_cond_no_damage"),
    ),
    (
        "やや傷や汚れあり",
        None,
        Kind::Phrase,
        Some("ph_cond_slight_damage"),
    ),
    ("傷や汚れあり", None, Kind::Phrase, Some("ph_cond_damage")),
    (
        "全体的に状態が悪い",
        None,
        Kind::Phrase,
        Some("ph_cond_bad"),
    ),
];

/// A parsed lexicon row with what the lint needs beyond it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The parsed row.
    pub entry: LexiconEntry,
    /// The reading column as written (the parser folds it).
    pub raw_reading: String,
    /// The file's name.
    pub file: String,
    /// The kind every row of a hand-kept file must have; `None` for other files.
    pub file_kind: Option<Kind>,
}

impl Row {
    fn problem(&self, reason: impl Into<String>) -> Problem {
        Problem::new(&*self.entry.origin.path, self.entry.origin.line, reason)
    }

    fn at(&self) -> String {
        format!(
            "{}:{}",
            self.entry.origin.path.display(),
            self.entry.origin.line
        )
    }

    fn entity(&self) -> &str {
        self.entry.entity.as_deref().unwrap_or("")
    }
}

/// The kind of a hand-kept file, from its name.
fn file_kind(name: &str) -> Option<Kind> {
    if name.starts_with("brands") && name.ends_with(".tsv") {
        return Some(Kind::Brand);
    }
    FILES.iter().find(|f| f.0 == name).map(|f| f.1)
}

/// The rows parsed from the lexicon file at `path` (text `bytes`), with their raw reading
/// column and their file's kind.
pub fn rows(path: &Path, bytes: &[u8], entries: Vec<LexiconEntry>) -> Vec<Row> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = file_kind(&file);
    entries
        .into_iter()
        .map(|entry| {
            let raw = lines.get(entry.origin.line - 1).copied().unwrap_or("");
            Row {
                raw_reading: raw.split('\t').nth(1).unwrap_or("").to_string(),
                file: file.clone(),
                file_kind: kind,
                entry,
            }
        })
        .collect()
}

/// Every rule of the module doc over `rows` (all lexicon files of `dir`).
pub fn check(dir: &Path, rows: &[Row]) -> Vec<Problem> {
    let mut order: Vec<&Row> = rows.iter().collect();
    // Brands first, then the other hand-kept files in FILES order, then imports: which row
    // of two is "first" and which brand wins a tie do not depend on file names.
    let rank = |r: &Row| match r.file_kind {
        Some(Kind::Brand) => 0,
        Some(_) => 1 + FILES.iter().position(|f| f.0 == r.file).unwrap_or(0),
        None => FILES.len() + 1,
    };
    order.sort_by_key(|r| (rank(r), &r.file, r.entry.origin.line));
    let mut out = Vec::new();
    duplicates(&order, &mut out);
    let kept: Vec<&Row> = order
        .into_iter()
        .filter(|r| r.file_kind.is_some())
        .collect();
    for r in &kept {
        row_rules(r, &mut out);
    }
    per_file_duplicates(&kept, &mut out);
    entity_kinds(&kept, &mut out);
    category_weights(&kept, &mut out);
    brands(dir, &kept, &mut out);
    minimums(&kept, &mut out);
    required(dir, &kept, &mut out);
    supreme(&kept, &mut out);
    out
}

/// Two rows with the same surface, reading and kind, in any files.
fn duplicates(rows: &[&Row], out: &mut Vec<Problem>) {
    let mut first: HashMap<(&str, Option<&str>, Kind), &Row> = HashMap::new();
    for r in rows {
        let e = &r.entry;
        let key = (e.surface.as_str(), e.reading.as_deref(), e.kind);
        match first.get(&key) {
            Some(f) => out.push(r.problem(format!(
                "same surface, reading and kind as {} ({})",
                f.at(),
                e.surface
            ))),
            None => {
                first.insert(key, r);
            }
        }
    }
}

/// The rules of one row of a hand-kept file.
fn row_rules(r: &Row, out: &mut Vec<Problem>) {
    let e = &r.entry;
    if let Some(want) = r.file_kind
        && e.kind != want
    {
        out.push(r.problem(format!(
            "kind {:?} in {} (expected {:?})",
            e.kind.as_str(),
            r.file,
            want.as_str()
        )));
    }
    if !(1..=MAX_WEIGHT).contains(&e.weight) {
        out.push(r.problem(format!(
            "weight {} not an integer in 1..={MAX_WEIGHT}",
            e.weight
        )));
    }
    match e.entity.as_deref() {
        None => out.push(r.problem("no entity id (5th column)")),
        Some(id) => {
            if !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                out.push(r.problem(format!("bad entity id {id:?} (a-z, 0-9, _)")));
            }
            match PREFIXES.iter().find(|p| p.0 == e.kind) {
                Some((kind, prefix)) if !id.starts_with(prefix) => out.push(r.problem(format!(
                    "entity {id:?} of kind {} should start with {prefix:?}",
                    kind.as_str()
                ))),
                None if PREFIXES.iter().any(|p| id.starts_with(p.1)) => {
                    out.push(r.problem(format!("brand entity {id:?} uses another kind's prefix")))
                }
                _ => {}
            }
        }
    }
    if let Some(why) = reading_problem(&e.surface, &r.raw_reading) {
        out.push(r.problem(why));
    }
}

/// Why a hand-kept row's reading (as written) is not acceptable, if it is not.
fn reading_problem(surface: &str, reading: &str) -> Option<String> {
    if reading.is_empty() {
        return (!surface.is_ascii())
            .then(|| "empty reading is only allowed for Latin/digit-only surfaces".into());
    }
    let surface_digits = surface.chars().any(|c| c.is_ascii_digit());
    for c in reading.chars() {
        if c.is_ascii_digit() && !surface_digits {
            return Some(format!("digit {c:?} in reading but not in surface"));
        }
        if !(kana::is_hiragana(c) || c == 'ー' || c.is_ascii_digit()) {
            return Some(format!("reading has non-hiragana character {c:?}"));
        }
    }
    // A surface of katakana (with ・ and spaces) reads as its hiragana.
    let katakana = |c: char| kana::is_katakana(c) && kana::kata_to_hira_char(c) != c;
    if surface
        .chars()
        .all(|c| katakana(c) || matches!(c, 'ー' | '・' | ' '))
    {
        let read: String = kana::to_hiragana(surface)
            .chars()
            .filter(|c| !matches!(c, '・' | ' '))
            .collect();
        if read != reading {
            return Some(format!(
                "katakana surface reads {read:?}, reading is {reading:?}"
            ));
        }
    }
    None
}

/// The same (surface, entity) twice in one file.
fn per_file_duplicates(rows: &[&Row], out: &mut Vec<Problem>) {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for r in rows {
        let key = (r.file.as_str(), r.entry.surface.as_str(), r.entity());
        if let Some(line) = seen.insert(key, r.entry.origin.line) {
            out.push(r.problem(format!(
                "duplicate (surface, entity) ({:?}, {:?}), first at line {line}",
                r.entry.surface,
                r.entity()
            )));
        }
    }
}

/// One entity id used with two kinds.
fn entity_kinds(rows: &[&Row], out: &mut Vec<Problem>) {
    let mut kinds: HashMap<&str, Kind> = HashMap::new();
    for r in rows {
        let Some(id) = r.entry.entity.as_deref() else {
            continue;
        };
        let kind = *kinds.entry(id).or_insert(r.entry.kind);
        if kind != r.entry.kind {
            out.push(r.problem(format!(
                "entity {id:?} used with kinds {:?} and {:?}",
                kind.as_str(),
                r.entry.kind.as_str()
            )));
        }
    }
}

/// A category named like an item must weigh less, so the item (the word) is shown first.
fn category_weights(rows: &[&Row], out: &mut Vec<Problem>) {
    let mut item_weight: HashMap<&str, u32> = HashMap::new();
    for r in rows.iter().filter(|r| r.entry.kind == Kind::Item) {
        let w = item_weight.entry(&r.entry.surface).or_default();
        *w = (*w).max(r.entry.weight);
    }
    for r in rows.iter().filter(|r| r.entry.kind == Kind::Category) {
        if let Some(&item) = item_weight.get(r.entry.surface.as_str())
            && r.entry.weight >= item
        {
            out.push(r.problem(format!(
                "category {} ({}) must weigh less than the item ({item})",
                r.entry.surface, r.entry.weight
            )));
        }
    }
}

/// Whether a surface has no kana or kanji (`・` aside).
fn is_latin(surface: &str) -> bool {
    !surface
        .chars()
        .any(|c| c != '・' && (kana::is_kana(c) || kana::is_kanji(c)))
}

/// Brands: a reading on every row, one file, a Latin and a Japanese form, enough of them.
fn brands(dir: &Path, rows: &[&Row], out: &mut Vec<Problem>) {
    let mut by_entity: Vec<(&str, Vec<&Row>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in rows.iter().filter(|r| r.entry.kind == Kind::Brand) {
        if r.entry.reading.is_none() {
            out.push(r.problem(format!("brand row {:?} without a reading", r.entry.surface)));
        }
        let Some(id) = r.entry.entity.as_deref() else {
            continue;
        };
        let i = *index.entry(id).or_insert_with(|| {
            by_entity.push((id, Vec::new()));
            by_entity.len() - 1
        });
        by_entity[i].1.push(r);
    }
    for (id, rs) in &by_entity {
        let first = rs[0];
        let files: BTreeSet<&str> = rs.iter().map(|r| r.file.as_str()).collect();
        if files.len() > 1 {
            let files: Vec<&str> = files.into_iter().collect();
            out.push(first.problem(format!("brand {id:?} is split over {}", files.join(", "))));
        }
        if !rs.iter().any(|r| is_latin(&r.entry.surface)) {
            out.push(first.problem(format!("brand {id:?} has no Latin spelling")));
        }
        if rs.iter().all(|r| is_latin(&r.entry.surface)) {
            out.push(first.problem(format!("brand {id:?} has no Japanese (kana/kanji) form")));
        }
    }
    if by_entity.len() < MIN_BRANDS {
        out.push(Problem::new(
            dir,
            0,
            format!(
                "only {} distinct brand entities in brands*.tsv (need >= {MIN_BRANDS})",
                by_entity.len()
            ),
        ));
    }
}

/// Each hand-kept file but the brands has at least its minimum of entities or of rows.
fn minimums(rows: &[&Row], out: &mut Vec<Problem>) {
    for (file, _, minimum) in FILES {
        let in_file: Vec<&&Row> = rows.iter().filter(|r| r.file == file).collect();
        let entities: BTreeSet<&str> = in_file.iter().map(|r| r.entity()).collect();
        let path = match in_file.first() {
            Some(r) => r.entry.origin.path.to_path_buf(),
            None => PathBuf::from(file),
        };
        if entities.len() < minimum && in_file.len() < minimum {
            out.push(Problem::new(
                path,
                0,
                format!(
                    "only {} entities / {} rows (need >= {minimum})",
                    entities.len(),
                    in_file.len()
                ),
            ));
        }
    }
}

/// The rows the lexicon must hold.
fn required(dir: &Path, rows: &[&Row], out: &mut Vec<Problem>) {
    for (surface, reading, kind, entity) in REQUIRED {
        let found = rows.iter().any(|r| {
            r.entry.surface == surface
                && r.entry.kind == kind
                && reading.is_none_or(|want| r.raw_reading == want)
                && entity.is_none_or(|want| r.entity() == want)
        });
        if !found {
            out.push(Problem::new(
                dir,
                0,
                format!(
                    "required row missing: {surface} {} {} {}",
                    reading.unwrap_or("-"),
                    kind.as_str(),
                    entity.unwrap_or("-")
                ),
            ));
        }
    }
}

/// Which brand rows a rule of [`supreme`] is about, and how its message names them.
type Among = (&'static str, fn(&Row) -> bool);

/// Supreme is the heaviest brand among readings starting with しゅ and among Latin
/// spellings starting with "sup".
fn supreme(rows: &[&Row], out: &mut Vec<Problem>) {
    let rules: [Among; 2] = [
        ("readings starting with しゅ", |r| {
            r.raw_reading.starts_with("しゅ")
        }),
        ("Latin brands starting with \"sup\"", |r| {
            r.entry.surface.to_lowercase().starts_with("sup")
        }),
    ];
    for (among, matches) in rules {
        // The first of the heaviest, as the engine's stable order shows it.
        let mut top: Option<&Row> = None;
        for r in rows
            .iter()
            .filter(|r| r.entry.kind == Kind::Brand && matches(r))
        {
            if top.is_none_or(|t| r.entry.weight > t.entry.weight) {
                top = Some(r);
            }
        }
        if let Some(top) = top
            && top.entity() != "supreme"
        {
            out.push(top.problem(format!(
                "{} outweighs Supreme among {among}",
                top.entry.surface
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_all;
    use crate::lint::tests::has;

    /// The rows of fixture files `(name, text)` under `lexicon/`.
    fn parse(files: &[(&str, &str)]) -> Vec<Row> {
        files
            .iter()
            .flat_map(|(name, text)| {
                let path = PathBuf::from("lexicon").join(name);
                let parsed = parse_all(&path, text.as_bytes());
                assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
                rows(&path, text.as_bytes(), parsed.rows)
            })
            .collect()
    }

    fn lint(files: &[(&str, &str)]) -> Vec<Problem> {
        check(Path::new("lexicon"), &parse(files))
    }

    /// A brand with a Japanese and a Latin form.
    const NIKE: &str = "ナイキ\tないき\tbrand\t900\tnike\nNIKE\tないき\tbrand\t800\tnike\n";

    #[test]
    fn rows_keep_the_reading_as_written() {
        let r = parse(&[("brands_x.tsv", "シュプ\tシュプ\tbrand\t1\tx\n")]);
        assert_eq!(r[0].raw_reading, "シュプ");
        assert_eq!(r[0].entry.reading.as_deref(), Some("しゅぷ"));
        assert_eq!(r[0].file_kind, Some(Kind::Brand));
        let r = parse(&[("mozc_extract.tsv", "愛\tあい\titem\t1\n")]);
        assert_eq!(r[0].file_kind, None);
    }

    #[test]
    fn same_surface_reading_and_kind_across_files() {
        let p = lint(&[
            ("brands_a.tsv", NIKE),
            ("mozc_extract.tsv", "ナイキ\tないき\tbrand\t5\n"),
        ]);
        assert!(
            has(
                &p,
                "lexicon/mozc_extract.tsv:1: same surface, reading and kind as lexicon/brands_a.tsv:1 (ナイキ)"
            ),
            "{p:#?}"
        );
        let p = lint(&[("mozc_extract.tsv", "ナイキ\tないき\titem\t5\n")]);
        assert!(!has(&p, "same surface"), "another kind is no duplicate");
    }

    #[test]
    fn kind_of_the_file() {
        let p = lint(&[("items.tsv", "黒\tくろ\tattribute\t5\tattr_black\n")]);
        assert!(has(
            &p,
            "items.tsv:1: kind \"attribute\" in items.tsv (expected \"item\")"
        ));
    }

    #[test]
    fn weight_range() {
        let p = lint(&[(
            "items.tsv",
            "黒\tくろ\titem\t0\titem_a\n黒い\tくろい\titem\t100001\titem_b\n",
        )]);
        assert!(has(
            &p,
            "items.tsv:1: weight 0 not an integer in 1..=100000"
        ));
        assert!(has(&p, "items.tsv:2: weight 100001"));
    }

    #[test]
    fn entity_ids_and_prefixes() {
        let p = lint(&[
            (
                "items.tsv",
                "黒\tくろ\titem\t5\n白\tしろ\titem\t5\tcat_white\n赤\tあか\titem\t5\titem_a.b\n",
            ),
            ("brands_a.tsv", "ナイキ\tないき\tbrand\t9\tph_nike\n"),
        ]);
        assert!(has(&p, "items.tsv:1: no entity id"));
        assert!(has(
            &p,
            "items.tsv:2: entity \"cat_white\" of kind item should start with \"item_\""
        ));
        assert!(has(&p, "items.tsv:3: bad entity id \"item_a.b\""));
        assert!(has(
            &p,
            "brands_a.tsv:1: brand entity \"ph_nike\" uses another kind's prefix"
        ));
    }

    #[test]
    fn readings_in_hiragana() {
        let why = |s, r| reading_problem(s, r).unwrap_or_default();
        assert_eq!(reading_problem("シュプリーム", "しゅぷりーむ"), None);
        assert_eq!(reading_problem("ルイ・ヴィトン", "るいゔぃとん"), None);
        assert_eq!(reading_problem("NIKE", ""), None);
        assert_eq!(reading_problem("7号", "7ごう"), None);
        assert!(why("黒", "").starts_with("empty reading"));
        assert!(why("黒", "クロ").starts_with("reading has non-hiragana character 'ク'"));
        assert!(why("黒", "く7ろ").starts_with("digit '7' in reading"));
        assert!(why("シュプリーム", "しゅぷりむ").starts_with("katakana surface reads"));
        let p = lint(&[("items.tsv", "黒\tクロ\titem\t5\titem_black\n")]);
        assert!(has(&p, "items.tsv:1: reading has non-hiragana"), "{p:#?}");
    }

    #[test]
    fn surface_and_entity_once_per_file() {
        let p = lint(&[(
            "items.tsv",
            "黒\tくろ\titem\t5\titem_black\n黒\tこく\titem\t5\titem_black\n",
        )]);
        assert!(has(
            &p,
            "items.tsv:2: duplicate (surface, entity) (\"黒\", \"item_black\"), first at line 1"
        ));
    }

    #[test]
    fn one_kind_per_entity() {
        let p = lint(&[
            ("items.tsv", "黒\tくろ\titem\t5\tattr_black\n"),
            (
                "attributes.tsv",
                "ブラック\tぶらっく\tattribute\t5\tattr_black\n",
            ),
        ]);
        assert!(
            has(
                &p,
                "attributes.tsv:1: entity \"attr_black\" used with kinds \"item\" and \"attribute\""
            ),
            "{p:#?}"
        );
    }

    #[test]
    fn categories_weigh_less_than_items() {
        let item = ("items.tsv", "バッグ\tばっぐ\titem\t50\titem_bag\n");
        let p = lint(&[
            item,
            ("categories.tsv", "バッグ\tばっぐ\tcategory\t50\tcat_bag\n"),
        ]);
        assert!(has(
            &p,
            "categories.tsv:1: category バッグ (50) must weigh less than the item (50)"
        ));
        let p = lint(&[
            item,
            ("categories.tsv", "バッグ\tばっぐ\tcategory\t49\tcat_bag\n"),
        ]);
        assert!(!has(&p, "must weigh less"));
    }

    #[test]
    fn brand_rules() {
        let p = lint(&[
            (
                "brands_a.tsv",
                "ナイキ\tないき\tbrand\t9\tnike\nアディダス\tあでぃだす\tbrand\t9\tadidas\nZARA\t\tbrand\t9\tzara\n",
            ),
            ("brands_b.tsv", "NIKE\tないき\tbrand\t9\tnike\n"),
        ]);
        assert!(has(
            &p,
            "brands_a.tsv:3: brand row \"ZARA\" without a reading"
        ));
        assert!(has(
            &p,
            "brands_a.tsv:1: brand \"nike\" is split over brands_a.tsv, brands_b.tsv"
        ));
        assert!(has(
            &p,
            "brands_a.tsv:2: brand \"adidas\" has no Latin spelling"
        ));
        assert!(has(
            &p,
            "brands_a.tsv:3: brand \"zara\" has no Japanese (kana/kanji) form"
        ));
        assert!(has(
            &p,
            "lexicon:0: only 3 distinct brand entities in brands*.tsv (need >= 3000)"
        ));
        assert!(
            !lint(&[("brands_a.tsv", NIKE)])
                .iter()
                .any(|p| p.line > 0 && p.reason.contains("nike"))
        );
    }

    #[test]
    fn minimum_per_file() {
        let p = lint(&[("items.tsv", "黒\tくろ\titem\t5\titem_black\n")]);
        assert!(has(
            &p,
            "lexicon/items.tsv:0: only 1 entities / 1 rows (need >= 250)"
        ));
        assert!(has(
            &p,
            "categories.tsv:0: only 0 entities / 0 rows (need >= 300)"
        ));
    }

    #[test]
    fn required_rows() {
        let p = lint(&[("brands_a.tsv", NIKE)]);
        assert!(has(
            &p,
            "lexicon:0: required row missing: シュプリーム しゅぷりーむ brand supreme"
        ));
        assert!(has(&p, "required row missing: LV - brand louis_vuitton"));
        assert!(!has(&p, "required row missing: NIKE"));
    }

    #[test]
    fn supreme_leads_shu_and_sup() {
        let supreme = "シュプリーム\tしゅぷりーむ\tbrand\t900\tsupreme\nSupreme\tしゅぷりーむ\tbrand\t800\tsupreme\n";
        let p = lint(&[(
            "brands_a.tsv",
            &format!(
                "{supreme}シュウ\tしゅう\tbrand\t901\tshu\nSuperdry\tすーぱーどらい\tbrand\t801\tsuperdry\n"
            ),
        )]);
        assert!(has(
            &p,
            "brands_a.tsv:3: シュウ outweighs Supreme among readings starting with しゅ"
        ));
        assert!(
            has(
                &p,
                "brands_a.tsv:4: Superdry outweighs Supreme among Latin brands starting with \"sup\""
            ),
            "{p:#?}"
        );
        let p = lint(&[("brands_a.tsv", supreme)]);
        assert!(!has(&p, "outweighs"));
    }
}
