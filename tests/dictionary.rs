//! The artifact: build then open, lookups, and refusal of damaged bytes.

use ichiba::dictionary::{KeySpace, Scratch};
use ichiba::{Dictionary, Error};

use crate::tiny_bytes;

#[test]
fn build_then_open_round_trips() {
    let dict = Dictionary::from_vec(tiny_bytes()).unwrap();
    dict.validate().unwrap();
    assert_eq!(dict.len(), 17);
    let surfaces: Vec<String> = dict
        .entries()
        .map(|e| e.unwrap().surface.to_string())
        .collect();
    assert!(surfaces.contains(&"シュプリーム".to_string()));
    // 新品未使用 had no reading: the analyzer gave it one.
    let e = dict
        .entries()
        .map(|e| e.unwrap())
        .find(|e| e.surface == "新品未使用")
        .unwrap();
    assert_eq!(e.reading, "しんぴんみしよう");
    // Latin-only rows stand for themselves.
    let nike = dict
        .entries()
        .map(|e| e.unwrap())
        .find(|e| e.surface == "NIKE")
        .unwrap();
    assert_eq!(nike.reading, "nike");
    assert_eq!(dict.entity_id(nike.entity).unwrap(), "nike");
}

#[test]
fn entries_are_ranked_and_entities_resolve_with_or_without_a_record() {
    let lexicon = "ナイキ\tないき\tbrand\t9\tnike\nNIKE\t\tbrand\t7\tnike\n\
        スニーカー\tすにーかー\titem\t5\t\nSupreme\t\tbrand\t8\tsupreme\n\
        偽物\tにせもの\titem\t3\t\n";
    let mut b = ichiba_build::Builder::new();
    b.add_source(std::path::Path::new("l.tsv"), lexicon.as_bytes())
        .unwrap();
    b.add_source(
        std::path::Path::new("next.tsv"),
        "スニーカー\tnike\t4\nsupreme\tスニーカー\t2\n".as_bytes(),
    )
    .unwrap();
    let dict = Dictionary::from_vec(b.build(None).unwrap().bytes).unwrap();
    dict.validate().unwrap();
    let h = dict.header();
    // nike (two entries) and supreme (id differs from its surface) need records;
    // スニーカー and 偽物 stand alone for themselves.
    assert_eq!((h.entities, h.entity_records), (4, 2));
    let entries: Vec<_> = dict.entries().map(|e| e.unwrap()).collect();
    let surfaces: Vec<&str> = entries.iter().map(|e| &*e.surface).collect();
    assert_eq!(
        surfaces,
        ["ナイキ", "Supreme", "NIKE", "スニーカー", "偽物"]
    );
    assert!(entries.windows(2).all(|w| w[0].weight >= w[1].weight));
    let by = |s: &str| entries.iter().find(|e| e.surface == s).unwrap();
    assert_eq!(dict.entity_id(by("NIKE").entity).unwrap(), "nike");
    assert_eq!(by("NIKE").entity, by("ナイキ").entity);
    assert_eq!(dict.entity_id(by("Supreme").entity).unwrap(), "supreme");
    let sneaker = by("スニーカー");
    assert!(sneaker.entity >= h.entity_records);
    assert_eq!(dict.entity_id(sneaker.entity).unwrap(), "スニーカー");
    assert_eq!(
        dict.main_forms(sneaker.entity).unwrap(),
        (Some(sneaker.index), None)
    );
    assert_eq!(
        dict.main_forms(by("ナイキ").entity).unwrap(),
        (Some(by("ナイキ").index), Some(by("NIKE").index))
    );
    assert_eq!(by("偽物").reading, "にせもの");
    assert_eq!(by("NIKE").reading, "nike");
    // Next words, found through the sparse index from both kinds of entity.
    let next = |e: u32| dict.next_words(e).collect::<Vec<_>>();
    assert_eq!(next(sneaker.entity), [(by("ナイキ").index, 4)]);
    assert_eq!(next(by("Supreme").entity), [(sneaker.index, 2)]);
    assert!(next(by("ナイキ").entity).is_empty());
    assert!(next(by("偽物").entity).is_empty());
    assert!(next(u32::MAX).is_empty());
    // Indices that name no entity are refused, not misread.
    let past = h.entity_records + h.entries;
    assert!(dict.entity_id(past).is_err());
    assert!(dict.entity_id(h.entity_records + by("NIKE").index).is_err());
    assert!(
        dict.main_forms(h.entity_records + by("NIKE").index)
            .is_err()
    );
}

#[test]
fn same_sources_same_bytes() {
    assert_eq!(tiny_bytes(), tiny_bytes());
}

#[test]
fn top_k_is_best_first_and_matches_streaming() {
    let dict = Dictionary::from_vec(tiny_bytes()).unwrap();
    let mut scratch = Scratch::default();
    for key in [
        "し",
        "しゅ",
        "しゅぷ",
        "す",
        "すに",
        "るいゔ",
        "こ",
        "しんぴん",
    ] {
        for k in [1, 2, 3, 10] {
            let mut hits = Vec::new();
            dict.top_k(KeySpace::Reading, key, k, &mut scratch, &mut hits);
            let streamed = dict.top_k_by_streaming(KeySpace::Reading, key, k);
            // The k best come first; exact matches beyond them may follow.
            let got: Vec<_> = hits
                .iter()
                .take(streamed.len())
                .map(|h| (h.entry, h.weight))
                .collect();
            let want: Vec<_> = streamed.iter().map(|h| (h.entry, h.weight)).collect();
            assert!(
                hits[streamed.len()..].iter().all(|h| h.exact),
                "key {key} k {k}"
            );
            assert_eq!(got, want, "key {key} k {k}");
        }
    }
    let mut hits = Vec::new();
    dict.top_k(
        KeySpace::Reading,
        "しゅぷりーむ",
        10,
        &mut scratch,
        &mut hits,
    );
    assert!(hits.iter().all(|h| h.exact), "{hits:?}");
    assert_eq!(hits.len(), 2);
    hits.clear();
    dict.top_k(KeySpace::Surface, "sup", 10, &mut scratch, &mut hits);
    assert_eq!(hits.len(), 1);
    assert_eq!(dict.entry(hits[0].entry).unwrap().surface, "Supreme");
}

#[test]
fn homographs_are_all_found() {
    let dict = Dictionary::from_vec(tiny_bytes()).unwrap();
    let mut scratch = Scratch::default();
    let mut hits = Vec::new();
    dict.top_k(KeySpace::Surface, "神戸", 10, &mut scratch, &mut hits);
    let mut readings: Vec<String> = hits
        .iter()
        .map(|h| dict.entry(h.entry).unwrap().reading.into_owned())
        .collect();
    readings.sort();
    assert_eq!(readings, ["かんべ", "こうべ"]);
    assert!(hits.iter().all(|h| h.exact));
}

#[test]
fn damaged_bytes_are_refused_with_typed_errors() {
    let good = tiny_bytes();
    // Every truncation.
    for len in [
        0,
        4,
        8,
        12,
        100,
        231,
        232,
        240,
        good.len() / 2,
        good.len() - 8,
        good.len() - 1,
    ] {
        let err = Dictionary::from_vec(good[..len].to_vec()).unwrap_err();
        assert!(
            matches!(err, Error::BadMagic | Error::Corrupt { .. }),
            "len {len}: {err:?}"
        );
    }
    // A flipped bit anywhere.
    for at in (0..good.len()).step_by(7) {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        let err = Dictionary::from_vec(bad).unwrap_err();
        assert!(
            matches!(
                err,
                Error::BadMagic | Error::Corrupt { .. } | Error::Version { .. }
            ),
            "byte {at}: {err:?}"
        );
    }
    // Trusted opening skips only the body checksum: a damaged header is still refused.
    let mut bad = good.clone();
    bad[20] ^= 1;
    assert!(Dictionary::from_trusted_bytes(bad).is_err());
    assert!(Dictionary::from_trusted_bytes(good[..good.len() - 1].to_vec()).is_err());
    // Another version.
    let mut v9 = good.clone();
    v9[8..12].copy_from_slice(&9u32.to_le_bytes());
    assert!(matches!(
        Dictionary::from_vec(v9).unwrap_err(),
        Error::Version {
            expected: ichiba::format::VERSION,
            got: 9
        }
    ));
    // Not a dictionary at all.
    assert!(matches!(
        Dictionary::from_vec(b"PK\x03\x04 some zip".to_vec()).unwrap_err(),
        Error::BadMagic
    ));
}

#[test]
fn open_maps_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ichiba");
    std::fs::write(&path, tiny_bytes()).unwrap();
    let dict = Dictionary::open(&path).unwrap();
    assert_eq!(dict.len(), 17);
    let missing = Dictionary::open(dir.path().join("nope")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
}

#[test]
fn embedded_default_equals_a_fresh_build() {
    let checked = Dictionary::from_bytes(ichiba::dictionary::DEFAULT_BYTES).unwrap();
    checked.validate().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut b = ichiba_build::Builder::new();
    for f in ichiba_build::lexicon_files(&root.join("dictionaries/lexicon")).unwrap() {
        let rel = f.strip_prefix(root).unwrap().to_path_buf();
        b.add_source(&rel, &std::fs::read(&f).unwrap()).unwrap();
    }
    let analyzer = ichiba::analysis::Analyzer::new().unwrap();
    let fresh = b.build(Some(&analyzer)).unwrap().bytes;
    assert!(
        fresh == ichiba::dictionary::DEFAULT_BYTES,
        "dictionaries/default.ichiba is stale: run `cargo run --release -- build` and commit it"
    );
}

#[test]
fn precomputed_lists_agree_with_streaming() {
    // 120 words under か (so か has a precomputed list) and 3 under き (best-first only).
    let kana: Vec<char> = ('あ'..='ん').collect();
    let mut tsv = String::new();
    for i in 0..120usize {
        let word: String = ['か', kana[i % kana.len()], kana[i / kana.len()]]
            .into_iter()
            .collect();
        let weight = (i * 7919) % 1000 + 1;
        tsv.push_str(&format!("{word}\t{word}\titem\t{weight}\t\n"));
    }
    for (w, weight) in [("きく", 5), ("きし", 9), ("きた", 9)] {
        tsv.push_str(&format!("{w}\t{w}\titem\t{weight}\t\n"));
    }
    let mut b = ichiba_build::Builder::new();
    b.add_source(std::path::Path::new("l.tsv"), tsv.as_bytes())
        .unwrap();
    let dict = Dictionary::from_vec(b.build(None).unwrap().bytes).unwrap();
    dict.validate().unwrap();
    assert!(
        dict.section_sizes()
            .iter()
            .any(|&(n, l)| n == "top lists" && l > 0)
    );
    let mut scratch = Scratch::default();
    for key in ["か", "かあ", "かい", "き", "きし", "かいあ"] {
        for k in [1, 5, 10, 32, 40] {
            let mut hits = Vec::new();
            dict.top_k(KeySpace::Reading, key, k, &mut scratch, &mut hits);
            let got: Vec<_> = hits.iter().map(|h| (h.entry, h.weight)).collect();
            let want: Vec<_> = dict
                .top_k_by_streaming(KeySpace::Reading, key, k)
                .iter()
                .map(|h| (h.entry, h.weight))
                .collect();
            assert_eq!(got, want, "key {key} k {k}");
            assert!(!got.is_empty(), "key {key}");
        }
    }
}

/// The crafted files in `tests/fixtures/crafted/` (see its README): one fst byte changed and
/// both checksums recomputed, so only the fst check can refuse them; `F` has a stale body
/// checksum. Each is refused by `from_bytes` with `Corrupt`, naming the section.
pub const CRAFTED: [(&str, &str); 6] = [
    ("A-top-index-root", "reading top index: "),
    ("B-reading-fst-walk", "reading fst: "),
    ("C-reading-fst-best-first", "reading fst: "),
    ("D-surface-fst-pack-size", "surface fst: "),
    ("E-surface-top-pack-size", "surface top index: "),
    ("F-stale-body-checksum", "body checksum mismatch"),
];

/// The path of a crafted fixture.
pub fn crafted_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/crafted")
        .join(format!("{name}.ichiba"))
}

#[test]
fn crafted_fsts_are_refused_at_open() {
    for (name, says) in CRAFTED {
        let bytes = std::fs::read(crafted_path(name)).unwrap();
        let err = Dictionary::from_vec(bytes).unwrap_err();
        match &err {
            Error::Corrupt { reason } => assert!(reason.starts_with(says), "{name}: {reason}"),
            other => panic!("{name}: {other:?}"),
        }
        let err = Dictionary::open(crafted_path(name)).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{name}: {err:?}");
    }
    // The fst check passes what the builder writes: the default and the tiny fixture.
    let dict = Dictionary::from_bytes(ichiba::dictionary::DEFAULT_BYTES).unwrap();
    let (mut scratch, mut hits) = (Scratch::default(), Vec::new());
    dict.top_k(KeySpace::Reading, "しゅぷ", 5, &mut scratch, &mut hits);
    assert!(!hits.is_empty());
    Dictionary::from_vec(tiny_bytes()).unwrap();
}

/// The v3 files of the first crafted set and the v4, v5, v6 and v7 files of the later ones: refused by
/// version, as every older format is.
#[test]
fn older_crafted_files_are_refused_by_version() {
    let crafted = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crafted");
    for version in [3u32, 4, 5, 6, 7] {
        let dir = crafted.join(format!("v{version}"));
        for (name, _) in CRAFTED {
            let bytes = std::fs::read(dir.join(format!("{name}.ichiba"))).unwrap();
            match Dictionary::from_vec(bytes) {
                Err(Error::Version { got, expected })
                    if got == version && expected == ichiba::format::VERSION => {}
                other => panic!("v{version} {name}: {other:?}"),
            }
        }
    }
}

/// Writes `tests/fixtures/crafted/*.ichiba` for the current format: for each fixture, the
/// first one-byte change in its section (values tried in a fixed order) that the fst check
/// refuses with the fixture's kind of error, both checksums recomputed (`F`: the body
/// checksum left stale). Run by hand after a format change:
/// `cargo test --test main regenerate_crafted -- --ignored`.
#[test]
#[ignore = "writes fixtures; run by hand after a format change"]
fn regenerate_crafted_fixtures() {
    use ichiba::format::{HEADER_LEN, Section};
    let lexicon = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/lexicon");
    let five = {
        let mut b = ichiba_build::Builder::new();
        for f in [
            "brands_luxury",
            "brands_street",
            "brands_sports",
            "items",
            "categories",
        ] {
            b.add_file(&lexicon.join(format!("{f}.tsv"))).unwrap();
        }
        b.build(Some(&ichiba::analysis::Analyzer::new().unwrap()))
            .unwrap()
            .bytes
    };
    let tiny = tiny_bytes();
    // The root address is at the end of an fst: A searches from the end.
    let wanted: [(&str, &[u8], Section, &str); 5] = [
        (
            "A-top-index-root",
            &tiny,
            Section::ReadingTop,
            "root address",
        ),
        (
            "B-reading-fst-walk",
            &tiny,
            Section::ReadingFst,
            "points before the fst data",
        ),
        (
            "C-reading-fst-best-first",
            &tiny,
            Section::ReadingFst,
            "output pack size",
        ),
        (
            "D-surface-fst-pack-size",
            &five,
            Section::SurfaceFst,
            "transition pack size",
        ),
        (
            "E-surface-top-pack-size",
            &five,
            Section::SurfaceTop,
            "transition pack size",
        ),
    ];
    let values = [0x97u8, 0x65, 0x25, 0xff, 0x01, 0x00, 0x80, 0x7f];
    let mut notes = Vec::new();
    for (name, valid, section, says) in wanted {
        let header = Dictionary::from_bytes(valid).unwrap().header().clone();
        let range = header.range(section);
        let mut offsets: Vec<usize> = range.clone().collect();
        if name.starts_with('A') {
            offsets.reverse();
        }
        let found = offsets.into_iter().find_map(|at| {
            values.iter().find_map(|&v| {
                let mut body = valid[HEADER_LEN..].to_vec();
                let old = body[at - HEADER_LEN];
                (old != v).then_some(())?;
                body[at - HEADER_LEN] = v;
                let bytes = header.write(&body);
                match Dictionary::from_vec(bytes.clone()) {
                    Err(Error::Corrupt { reason })
                        if reason.starts_with(&format!("{}: ", section.name()))
                            && reason.contains(says) =>
                    {
                        Some((bytes, at - range.start, old, v, reason))
                    }
                    _ => None,
                }
            })
        });
        let (bytes, at, old, v, reason) = found.unwrap_or_else(|| panic!("{name}: none found"));
        std::fs::write(crafted_path(name), bytes).unwrap();
        notes.push(format!(
            "{name}: {} byte {at}, {old:#04x}→{v:#04x}: {reason}",
            section.name()
        ));
    }
    // F: body bytes changed, checksum left stale.
    let mut stale = tiny.clone();
    for b in &mut stale[HEADER_LEN..HEADER_LEN + 123] {
        *b ^= 0x5a;
    }
    std::fs::write(crafted_path("F-stale-body-checksum"), stale).unwrap();
    eprintln!("{}", notes.join("\n"));
}

/// Property: over random dictionaries (readings from a small alphabet with `ー` and digits,
/// kana, kanji and Latin surfaces, distinct weights), `top_k` and `keys_prefixing` answer in
/// both key spaces exactly what a brute-force scan of the source rows says.
#[test]
fn lookups_match_a_brute_force_reference_on_random_dictionaries() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let alphabet: Vec<char> = "かきくしゅぷりーむあい12".chars().collect();
    let latin: Vec<char> = "abcsup".chars().collect();
    for round in 0..40 {
        // (surface, reading key, surface key, weight)
        let mut rows: Vec<(String, Option<String>, Option<String>, u32)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for i in 0..(5 + next(60)) {
            let len = 1 + next(5);
            let reading: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            if !ichiba::text::is_reading(&reading) {
                continue;
            }
            let weight = 1 + (i as u32) * 3 + round;
            let (surface, r) = match next(4) {
                0 => (reading.clone(), Some(reading.clone())),
                1 => (
                    format!("{reading}{}", ['品', '物'][next(2)]),
                    Some(reading.clone()),
                ),
                2 => (
                    ichiba::text::kana::to_katakana(&reading),
                    Some(reading.clone()),
                ),
                _ => (
                    (0..1 + next(4)).map(|_| latin[next(latin.len())]).collect(),
                    None,
                ),
            };
            if !seen.insert(surface.clone()) {
                continue;
            }
            let folded = ichiba::text::fold(&surface);
            let skey = (r.as_deref() != Some(folded.as_str())).then_some(folded);
            rows.push((surface, r, skey, weight));
        }
        let mut tsv = String::new();
        for (s, r, _, w) in &rows {
            tsv.push_str(&format!(
                "{s}\t{}\titem\t{w}\t\n",
                r.as_deref().unwrap_or("")
            ));
        }
        let mut b = ichiba_build::Builder::new();
        b.add_source(std::path::Path::new("r.tsv"), tsv.as_bytes())
            .unwrap();
        let dict = Dictionary::from_vec(b.build(None).unwrap().bytes).unwrap();
        let mut scratch = Scratch::default();
        for _ in 0..30 {
            let (space, key) = match next(2) {
                0 => {
                    let len = 1 + next(3);
                    let k: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                    (KeySpace::Reading, k)
                }
                _ => {
                    let len = 1 + next(2);
                    let k: String = (0..len).map(|_| latin[next(latin.len())]).collect();
                    (KeySpace::Surface, k)
                }
            };
            let key_of = |r: &(String, Option<String>, Option<String>, u32)| match space {
                KeySpace::Reading => r.1.clone(),
                KeySpace::Surface => r.2.clone(),
            };
            let mut want: Vec<&(String, Option<String>, Option<String>, u32)> = rows
                .iter()
                .filter(|r| key_of(r).is_some_and(|k| k.starts_with(&key)))
                .collect();
            want.sort_by_key(|r| std::cmp::Reverse(r.3));
            for k in [1, 3, 10] {
                let mut hits = Vec::new();
                dict.top_k(space, &key, k, &mut scratch, &mut hits);
                let n = want.len().min(k);
                let got: Vec<String> = hits[..n.min(hits.len())]
                    .iter()
                    .map(|h| dict.entry(h.entry).unwrap().surface.to_string())
                    .collect();
                let expected: Vec<String> = want[..n].iter().map(|r| r.0.clone()).collect();
                assert_eq!(got, expected, "round {round} {space:?} {key:?} k {k}");
            }
            // keys_prefixing: entries whose whole key is a prefix of `key`.
            let mut pre = Vec::new();
            dict.keys_prefixing(space, &key, &mut scratch, &mut pre);
            let mut got: Vec<(String, usize)> = pre
                .iter()
                .map(|&(e, len)| (dict.entry(e).unwrap().surface.to_string(), len))
                .collect();
            let mut expected: Vec<(String, usize)> = rows
                .iter()
                .filter_map(|r| {
                    key_of(r)
                        .filter(|k| key.starts_with(k.as_str()))
                        .map(|k| (r.0.clone(), k.len()))
                })
                .collect();
            got.sort();
            expected.sort();
            assert_eq!(got, expected, "round {round} {space:?} {key:?} prefixing");
        }
    }
}

#[test]
fn no_entry_of_the_default_offers_a_counterfeit() {
    // The build blocks a brand + コピー/偽物/レプリカ/N級品 by rule; walk every entry of the
    // shipped dictionary against the same rule, with its own brands.
    let dict = Dictionary::embedded().unwrap();
    let entries: Vec<_> = dict.entries().map(|e| e.unwrap()).collect();
    let brands = entries
        .iter()
        .filter(|e| e.kind == ichiba::Kind::Brand && !e.is_blocked())
        .flat_map(|e| [e.surface.as_ref(), e.reading.as_ref()]);
    let rule = ichiba_build::counterfeit::CounterfeitRule::new(brands);
    assert!(rule.brands() > 15_000, "{} brands", rule.brands());
    let offers: Vec<String> = entries
        .iter()
        .filter(|e| !e.is_blocked() && e.kind != ichiba::Kind::Brand)
        .filter(|e| rule.matches(&e.surface).is_some() || rule.matches(&e.reading).is_some())
        .map(|e| e.surface.to_string())
        .collect();
    assert!(offers.is_empty(), "counterfeit offers: {offers:?}");
    // And the rule does catch what it is meant to, with these brands.
    assert!(rule.matches("ヴィトンコピー").is_some());
    assert!(rule.matches("ロレックススーパーコピー").is_some());
}

/// A small dictionary with a category tree and a lexicon `categories` column.
fn with_categories() -> Vec<u8> {
    let mut b = ichiba_build::Builder::new();
    b.add_source(
        std::path::Path::new("category_tree.tsv"),
        "ladies\t\tcat_ladies\nladies/bags\tladies\tcat_bags\n".as_bytes(),
    )
    .unwrap();
    b.add_source(
        std::path::Path::new("lex.tsv"),
        "レディース\tれでぃーす\tcategory\t9\tcat_ladies\nバッグ\tばっぐ\tcategory\t8\tcat_bags\n\
         バケットバッグ\tばけっとばっぐ\titem\t1\t\tladies/bags\n"
            .as_bytes(),
    )
    .unwrap();
    b.build(None).unwrap().bytes
}

/// Every one-byte change of the categories section, with both checksums recomputed (so only
/// the section's own checks can catch it), opens or is refused with a typed error; lookups
/// on what opens never panic. A wrong tag is refused naming the section.
#[test]
fn a_damaged_categories_section_is_a_typed_error() {
    use ichiba::format::{Header, Section};
    let good = with_categories();
    let dict = Dictionary::from_vec(good.clone()).unwrap();
    assert_eq!(dict.categories().len(), 2);
    let range = dict.header().range(Section::Categories);
    let header = Header::read(&good).unwrap();
    let mut refused = 0;
    for at in range.clone() {
        for flip in [0x01u8, 0x10, 0x80] {
            let mut bad = good.clone();
            bad[at] ^= flip;
            header.write_into(&mut bad);
            match Dictionary::from_vec(bad) {
                Ok(d) => {
                    let t = d.categories();
                    for n in 0..t.len() + 2 {
                        let mut p = String::new();
                        t.push_path(n, &mut p);
                        let _ = (t.id(n), t.parent(n), t.find(t.id(n)), t.links(n).count());
                    }
                }
                Err(Error::Corrupt { reason }) => {
                    assert!(reason.contains("categories"), "{reason}");
                    refused += 1;
                }
                Err(other) => panic!("byte {at}: {other:?}"),
            }
        }
    }
    assert!(refused > 0);
    let mut bad = good.clone();
    bad[range.start] = b'X';
    header.write_into(&mut bad);
    let err = Dictionary::from_vec(bad).unwrap_err();
    assert!(err.to_string().contains("categories: bad tag"), "{err}");
}
