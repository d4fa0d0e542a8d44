//! The engine end to end on the embedded default dictionary.

use std::sync::{Arc, OnceLock};

use ichiba::{Dictionary, Engine, Error, Field, Kind, Request};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().unwrap())
}

fn top(text: &str, k: usize) -> Vec<String> {
    engine()
        .suggest(&Request::new(text).top_k(k))
        .unwrap()
        .into_iter()
        .map(|s| s.surface)
        .collect()
}

fn assert_in_top(text: &str, k: usize, any_of: &[&str]) {
    let got = top(text, k);
    assert!(
        got.iter().any(|s| any_of.contains(&s.as_str())),
        "{text:?}: expected one of {any_of:?} in the top {k}, got {got:?}"
    );
}

#[test]
fn supreme_from_every_script() {
    for input in ["しゅぷ", "shupu", "ｼｭﾌﾟ", "sup", "シュプ", "ＳＵＰ", "Sup"] {
        assert_in_top(input, 3, &["シュプリーム", "Supreme"]);
    }
    // Kana input shows the katakana form; Latin input the Latin one.
    assert_eq!(top("しゅぷ", 1), ["シュプリーム"]);
    assert_eq!(top("sup", 1), ["Supreme"]);
}

#[test]
fn louis_vuitton_once() {
    assert_in_top("るいゔぃ", 3, &["ルイ・ヴィトン", "ルイヴィトン"]);
    let got = top("るいゔぃ", 10);
    let lv = got
        .iter()
        .filter(|s| ["ルイ・ヴィトン", "ルイヴィトン", "Louis Vuitton"].contains(&s.as_str()))
        .count();
    assert_eq!(lv, 1, "one suggestion per entity: {got:?}");
}

#[test]
fn vu_words_are_found_as_they_are_said() {
    // ヴ typed as the plain voiced kana sellers say it with; still one suggestion per entity.
    assert_in_top("るいび", 3, &["ルイ・ヴィトン", "ルイヴィトン"]);
    assert_in_top("べるさーち", 3, &["ヴェルサーチェ", "ヴェルサーチ"]);
    let got = top("るいびとん", 10);
    let lv = got
        .iter()
        .filter(|s| ["ルイ・ヴィトン", "ルイヴィトン", "Louis Vuitton"].contains(&s.as_str()))
        .count();
    assert_eq!(lv, 1, "one suggestion per entity: {got:?}");
}

#[test]
fn replaces_only_the_word_being_typed() {
    let text = "ナイキのすに";
    let s = engine().suggest(&Request::new(text).top_k(5)).unwrap();
    let sneaker = s
        .iter()
        .find(|s| s.surface == "スニーカー")
        .unwrap_or_else(|| panic!("no スニーカー in {s:?}"));
    assert_eq!(&text[sneaker.replace.start..sneaker.replace.end], "すに");
    assert_eq!(sneaker.kind, Kind::Item);
}

#[test]
fn a_fragment_spanning_tokens() {
    let text = "新品未使";
    let s = engine().suggest(&Request::new(text).top_k(3)).unwrap();
    let hit = s
        .iter()
        .find(|s| s.surface == "新品未使用")
        .unwrap_or_else(|| panic!("no 新品未使用 in {s:?}"));
    assert_eq!(&text[hit.replace.start..hit.replace.end], "新品未使");
}

#[test]
fn cursor_in_the_middle() {
    let text = "しゅぷ とても良い";
    let s = engine()
        .suggest(&Request::new(text).cursor("しゅぷ".len()).top_k(3))
        .unwrap();
    assert_eq!(s[0].surface, "シュプリーム");
    assert_eq!((s[0].replace.start, s[0].replace.end), (0, "しゅぷ".len()));
}

#[test]
fn brand_field_prefers_brands() {
    let s = engine()
        .suggest(&Request::new("し").field(Field::Brand).top_k(5))
        .unwrap();
    assert!(!s.is_empty());
    assert!(s.iter().take(3).all(|s| s.kind == Kind::Brand), "{s:?}");
}

#[test]
fn empty_and_blank_input_give_nothing() {
    for text in ["", " ", "、", "\n\n"] {
        assert!(top(text, 10).is_empty(), "{text:?}");
    }
    assert!(
        engine()
            .suggest(&Request::new("しゅぷ").top_k(0))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_cursors_are_typed_errors() {
    let e = engine();
    assert!(matches!(
        e.suggest(&Request::new("abc").cursor(4)),
        Err(Error::CursorOutOfRange { .. })
    ));
    assert!(matches!(
        e.suggest(&Request::new("しゅぷ").cursor(1)),
        Err(Error::CursorInsideChar { .. })
    ));
    assert!(matches!(
        e.suggest(&Request::new("しゅぷ").top_k(10_000)),
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn odd_strings_and_every_cursor_never_panic() {
    let samples = [
        "👍🏽しゅぷ",
        "🇯🇵🇺🇸ないき",
        "👨‍👩‍👧すに",
        "e\u{301}\u{301}\u{301}",
        "\u{301}",
        "\u{301}しゅぷ",
        "葛󠄀飾",
        "ｶﾞﾝﾀﾞﾑ",
        "ﾞﾟ",
        "\u{0}\u{1}\u{7f}",
        "\u{fffd}\u{feff}\u{200b}",
        "a\u{200d}b",
        "ー",
        "ーーーー",
        "っっっ",
        "nnnnn",
        "'''---",
    ];
    let long = ["x".repeat(500), "漢".repeat(300)];
    for text in samples
        .iter()
        .copied()
        .chain(long.iter().map(String::as_str))
    {
        for cursor in 0..=text.len() {
            let r = engine().suggest(&Request::new(text).cursor(cursor));
            match r {
                Ok(s) => {
                    for s in s {
                        assert!(s.replace.start <= s.replace.end && s.replace.end <= text.len());
                        assert!(text.is_char_boundary(s.replace.start));
                    }
                }
                Err(Error::CursorInsideChar { .. }) => assert!(!text.is_char_boundary(cursor)),
                Err(other) => panic!("{text:?} at {cursor}: {other:?}"),
            }
        }
    }
}

#[test]
fn a_huge_text_is_answered_from_a_bounded_window() {
    let mut text = "とても良い商品です。".repeat(100_000);
    text.push_str("しゅぷ");
    assert!(text.len() > 1_000_000);
    let s = engine().suggest(&Request::new(&text).top_k(3)).unwrap();
    assert_eq!(s[0].surface, "シュプリーム");
    assert_eq!(s[0].replace.end, text.len());
    // A huge run of combining marks or flags before the cursor stays bounded too.
    let marks = format!("し{}", "\u{301}".repeat(300_000));
    engine().suggest(&Request::new(&marks)).unwrap();
    let flags = "🇯🇵".repeat(100_000);
    engine().suggest(&Request::new(&flags)).unwrap();
}

#[test]
fn swap_refuses_bad_bytes_and_keeps_serving() {
    let engine = Engine::embedded().unwrap();
    let before = engine.suggest(&Request::new("しゅぷ")).unwrap();
    let mut bad = ichiba::dictionary::DEFAULT_BYTES.to_vec();
    let mid = bad.len() / 2;
    bad[mid] ^= 0xff;
    assert!(matches!(engine.swap_bytes(bad), Err(Error::Corrupt { .. })));
    assert!(engine.swap_bytes(b"garbage".to_vec()).is_err());
    assert!(engine.swap_bytes(Vec::new()).is_err());
    assert_eq!(engine.suggest(&Request::new("しゅぷ")).unwrap(), before);
    // A good swap takes effect.
    engine.swap_bytes(crate::tiny_bytes()).unwrap();
    assert_eq!(engine.dictionary().len(), 17);
}

#[test]
fn queries_run_while_the_dictionary_is_swapped() {
    let engine = Arc::new(Engine::embedded().unwrap());
    let tiny = crate::tiny_bytes();
    std::thread::scope(|s| {
        for _ in 0..4 {
            let engine = Arc::clone(&engine);
            s.spawn(move || {
                for _ in 0..300 {
                    let got = engine.suggest(&Request::new("しゅぷ").top_k(3)).unwrap();
                    assert_eq!(got[0].surface, "シュプリーム");
                }
            });
        }
        for i in 0..50 {
            let bytes = if i % 2 == 0 {
                tiny.clone()
            } else {
                ichiba::dictionary::DEFAULT_BYTES.to_vec()
            };
            engine.swap(Dictionary::from_vec(bytes).unwrap());
        }
    });
}

#[test]
fn history_lifts_what_the_user_took_and_can_be_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.tsv");
    let config = ichiba::HistoryConfig {
        path: Some(path.clone()),
        ..Default::default()
    };
    let engine = Engine::with_history(Dictionary::embedded().unwrap(), config.clone()).unwrap();
    let first = engine.suggest(&Request::new("す").top_k(10)).unwrap();
    let last = first.last().unwrap().clone();
    assert_ne!(first[0].surface, last.surface);
    for _ in 0..3 {
        engine.record_acceptance(&last).unwrap();
    }
    let after = engine.suggest(&Request::new("す").top_k(10)).unwrap();
    let rank = |v: &[ichiba::Suggestion]| v.iter().position(|s| s.surface == last.surface);
    assert!(rank(&after) < rank(&first), "{after:?}");
    // Persisted: a new engine over the same file remembers.
    let again = Engine::with_history(Dictionary::embedded().unwrap(), config).unwrap();
    assert_eq!(
        rank(&again.suggest(&Request::new("す").top_k(10)).unwrap()),
        rank(&after)
    );
    // Learning off: no effect; cleared: gone, file deleted.
    engine.set_learning(false);
    assert!(!engine.learning());
    assert_eq!(
        engine.suggest(&Request::new("す").top_k(10)).unwrap(),
        first
    );
    engine.set_learning(true);
    engine.clear_history().unwrap();
    assert!(!path.exists());
    assert_eq!(
        engine.suggest(&Request::new("す").top_k(10)).unwrap(),
        first
    );
}

#[test]
fn next_words_after_a_finished_word() {
    for text in ["ナイキ", "ナイキ ", "ナイキ　", "naiki "] {
        let s = engine().suggest(&Request::new(text).top_k(5)).unwrap();
        let next = s
            .iter()
            .find(|s| s.surface == "スニーカー")
            .unwrap_or_else(|| panic!("{text:?}: no スニーカー in {s:?}"));
        // An insertion at the cursor: nothing typed is replaced.
        assert_eq!(
            (next.replace.start, next.replace.end),
            (text.len(), text.len())
        );
    }
    let s = engine()
        .suggest(&Request::new("ルイ・ヴィトン ").top_k(5))
        .unwrap();
    assert!(s.iter().any(|s| s.surface == "長財布"), "{s:?}");
    // Nothing is offered after a word that has no known followers.
    assert!(top("とても ", 5).is_empty());
}

#[test]
fn numbers_get_units() {
    assert_in_top("27", 3, &["27cm"]);
    assert_eq!(top("3000", 1), ["3000円"]);
    assert_in_top("3", 3, &["3枚"]);
    let s = engine().suggest(&Request::new("着丈65").top_k(3)).unwrap();
    assert_eq!(s[0].surface, "65cm");
    assert_eq!(&"着丈65"[s[0].replace.start..s[0].replace.end], "65");
}

/// Every prefix of every blocked term, in every form it can be typed, never brings up a
/// suggestion that contains a blocked term.
#[test]
fn blocked_terms_are_never_suggested() {
    let dict = Dictionary::embedded().unwrap();
    let blocked: Vec<(String, String)> = dict
        .entries()
        .map(|e| e.unwrap())
        .filter(|e| e.is_blocked())
        .map(|e| (e.surface.to_string(), e.reading.into_owned()))
        .collect();
    assert!(blocked.len() >= 10, "the default block list is loaded");
    let folded: Vec<String> = blocked.iter().map(|(s, _)| ichiba::text::fold(s)).collect();
    for (surface, reading) in &blocked {
        let forms = [
            surface.clone(),
            reading.clone(),
            ichiba::text::kana::to_katakana(reading),
        ];
        for form in &forms {
            let chars: Vec<char> = form.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                for s in engine().suggest(&Request::new(&prefix).top_k(20)).unwrap() {
                    let f = ichiba::text::fold(&s.surface);
                    assert!(
                        !folded.iter().any(|b| f.contains(b.as_str())),
                        "{prefix:?} suggested blocked {:?}",
                        s.surface
                    );
                }
            }
        }
    }
}

#[test]
fn blocked_terms_are_reported_with_their_reason() {
    let text = "ロレックス スーパーコピー";
    let found = engine().blocked_terms(&Request::new(text)).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].reason, "counterfeit");
    assert_eq!(
        &text[found[0].span.start..found[0].span.end],
        "スーパーコピー"
    );
    assert!(
        engine()
            .blocked_terms(&Request::new("ナイキ スニーカー"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn variants_lead_to_the_main_form_of_their_entity() {
    let entity = |text: &str| {
        let s = engine().suggest(&Request::new(text).top_k(3)).unwrap();
        (s[0].surface.clone(), s[0].entity.clone())
    };
    assert_eq!(
        entity("びとん"),
        ("ルイ・ヴィトン".into(), "mercari-brand:1326".into())
    );
    assert_eq!(entity("ビトン").1, "mercari-brand:1326");
    let (surface, id) = entity("LV");
    assert_eq!(id, "mercari-brand:1326");
    assert!(surface.is_ascii() && surface.len() > 2, "{surface}");
    // Composing kana shows the brand; the same word typed out in its final form offers what
    // follows it instead.
    assert_eq!(entity("しゅぷ").0, "シュプリーム");
    assert_eq!(top("ないき", 1), ["ナイキ"]);
    assert!(!top("ナイキ", 5).contains(&"ナイキ".to_string()));
    // Other kinds keep the matched form: くろ is 黒, not ブラック.
    assert_eq!(top("くろ", 1), ["黒"]);
}

/// The marketplace's master data: brands carry its ids (hand-written brands merged into
/// them), Latin `sub_name`s reach the same entity, category and attribute words are there.
#[test]
fn master_data_brands_carry_the_marketplace_id() {
    let first = |text: &str| {
        let s = engine().suggest(&Request::new(text).top_k(3)).unwrap();
        let s = s.first().unwrap_or_else(|| panic!("{text:?}: nothing"));
        (s.surface.clone(), s.entity.clone())
    };
    // Hand-written シュプリーム / Supreme took the master's id.
    assert_eq!(
        first("しゅぷ"),
        ("シュプリーム".into(), "mercari-brand:1620".into())
    );
    assert_eq!(first("sup").1, "mercari-brand:1620");
    // A brand only the master knows, by its katakana and by its Latin alias.
    assert_eq!(
        first("あーかーげ"),
        ("アーカーゲー".into(), "mercari-brand:4161".into())
    );
    assert_eq!(first("akg").1, "mercari-brand:4161");
    assert_eq!(first("あーゔぇ").1, "mercari-brand:23");
    // Category words from the tree, not its slash-joined labels; attributes.
    assert_in_top("かっとそ", 3, &["カットソー"]);
    assert_in_top("べびーふ", 3, &["ベビー服"]);
}

/// The word being typed after other text: the whole trailing kana run is a start even when
/// its first kana reads as a particle (か, は), and it replaces exactly that run.
#[test]
fn the_fragment_after_other_text_is_the_whole_kana_run() {
    for (text, want, fragment) in [
        ("電子ピアノかばー", "カバー", "かばー"),
        ("悩殺はーど", "ハード", "はーど"),
        ("黒のすにー", "スニーカー", "すにー"),
    ] {
        let bar = engine().suggest(&Request::new(text).top_k(3)).unwrap();
        let hit = bar.iter().find(|s| s.surface == want);
        let hit = hit.unwrap_or_else(|| panic!("{text:?}: no {want} in {bar:?}"));
        assert_eq!(
            &text[hit.replace.start..hit.replace.end],
            fragment,
            "{text:?}"
        );
    }
}

/// A longer fragment's completions outrank a suffix's: れがし is レガシィ/レガシー, not the
/// heavy し-words (新品, シャネル) that its last kana alone would bring.
#[test]
fn the_whole_fragment_outranks_its_suffix() {
    let bar = top("れがし", 3);
    assert!(bar.iter().any(|s| s == "レガシー"), "{bar:?}");
    assert!(bar[0].starts_with("レガシ"), "{bar:?}");
    let bar = top("でんそ", 3);
    assert!(bar.iter().any(|s| s == "デンソー"), "{bar:?}");
}

/// One slip still reaches the word, marked as corrected; `typos(false)` turns it off; an
/// exact match always stays above every correction.
#[test]
fn typos_are_corrected_marked_and_can_be_turned_off() {
    for (typed, want) in [
        ("ないく", "ナイキ"),
        ("ばれんしあか", "バレンシアガ"),
        ("nikw", "NIKE"),
    ] {
        let bar = engine().suggest(&Request::new(typed).top_k(3)).unwrap();
        let hit = bar.iter().find(|s| s.surface == want);
        let hit = hit.unwrap_or_else(|| panic!("{typed:?}: no {want} in {bar:?}"));
        assert!(hit.corrected, "{typed:?}: {hit:?}");
        assert_eq!((hit.replace.start, hit.replace.end), (0, typed.len()));
        let off = engine()
            .suggest(&Request::new(typed).top_k(10).typos(false))
            .unwrap();
        assert!(
            off.iter().all(|s| !s.corrected && s.surface != want),
            "{off:?}"
        );
    }
    let bar = engine()
        .suggest(&Request::new("すにーかー").top_k(5))
        .unwrap();
    assert_eq!(bar[0].surface, "スニーカー");
    assert!(!bar[0].corrected);
    // No correction above a completion of the whole fragment as typed.
    let first_corrected = bar.iter().position(|s| s.corrected).unwrap_or(bar.len());
    let whole = |s: &&ichiba::Suggestion| s.replace.start == 0 && !s.corrected;
    assert_eq!(
        bar[first_corrected..].iter().filter(whole).count(),
        0,
        "{bar:?}"
    );
    // Short fragments are never corrected.
    let bar = engine().suggest(&Request::new("なk").top_k(10)).unwrap();
    assert!(bar.iter().all(|s| !s.corrected), "{bar:?}");
}

/// `forget` removes one learned word and keeps the others; one tap on a long phrase never
/// puts it above the exact match of what is typed, a second tap may.
#[test]
fn forget_one_word_and_one_tap_never_hides_the_exact_match() {
    let engine = Engine::embedded().unwrap();
    let bar = |t: &str| engine.suggest(&Request::new(t).top_k(10)).unwrap();
    let first = bar("す");
    let (a, b) = (first[8].clone(), first[9].clone());
    for _ in 0..3 {
        engine.record_acceptance(&a).unwrap();
        engine.record_acceptance(&b).unwrap();
    }
    let rank = |v: &[ichiba::Suggestion], s: &ichiba::Suggestion| {
        v.iter().position(|x| x.surface == s.surface)
    };
    let learned = bar("す");
    assert!(
        rank(&learned, &a) < Some(8) && rank(&learned, &b) < Some(8),
        "{learned:?}"
    );
    assert!(engine.forget(&a.entity).unwrap());
    assert!(!engine.forget(&a.entity).unwrap(), "forgotten twice");
    let after = bar("す");
    let score = |v: &[ichiba::Suggestion], s: &ichiba::Suggestion| {
        v.iter().find(|x| x.surface == s.surface).map(|x| x.score)
    };
    assert_eq!(score(&after, &a), score(&first, &a), "{after:?}");
    assert_eq!(score(&after, &b), score(&learned, &b), "{after:?}");

    // げーむ typed out: ゲーム is its exact match, ゲームソフト 0.3 below it, closer than one
    // tap's bonus. Tapped once, it stays below; tapped again and again, it goes first.
    let engine = Engine::embedded().unwrap();
    let bar = |t: &str| engine.suggest(&Request::new(t).top_k(10)).unwrap();
    let typed = bar("げーむ");
    assert_eq!(typed[0].surface, "ゲーム");
    let long = typed
        .iter()
        .find(|s| s.surface == "ゲームソフト")
        .unwrap()
        .clone();
    assert!(typed[0].score - long.score < 1.0, "{typed:?}");
    engine.record_acceptance(&long).unwrap();
    let once = bar("げーむ");
    assert_eq!(once[0].surface, "ゲーム", "{once:?}");
    assert_eq!(once[1].surface, "ゲームソフト", "{once:?}");
    for _ in 0..3 {
        engine.record_acceptance(&long).unwrap();
    }
    assert_eq!(bar("げーむ")[0].surface, "ゲームソフト");
}

fn top_in(text: &str, k: usize, field: Field, category: Option<&str>) -> Vec<String> {
    engine()
        .suggest(&Request::new(text).top_k(k).field(field).category(category))
        .unwrap()
        .into_iter()
        .map(|s| s.surface)
        .collect()
}

/// In レディース > バッグ, ば offers バッグ first and バケットバッグ before バット; the
/// marketplace's strong words (しゅぷ → シュプリーム) stay where they were.
#[test]
fn the_selected_category_leans_the_bar() {
    let bags = Some("ladies/bags");
    let got = top_in("ば", 10, Field::Free, bags);
    assert_eq!(got[0], "バッグ");
    let at = |s: &str| got.iter().position(|g| g == s);
    assert!(at("バケットバッグ").is_some(), "{got:?}");
    assert!(
        at("バット").is_none_or(|b| b > at("バケットバッグ").unwrap()),
        "{got:?}"
    );
    assert!(!top_in("ば", 10, Field::Free, None).contains(&"バケットバッグ".to_string()));
    assert_eq!(top_in("しゅぷ", 1, Field::Title, bags), ["シュプリーム"]);
    // A category entity names its node; an unknown id changes nothing.
    assert_eq!(
        top_in("ばけ", 1, Field::Free, Some("cat_bags")),
        ["バケットバッグ"]
    );
    assert_eq!(
        top_in("ばけ", 5, Field::Free, Some("nowhere")),
        top_in("ばけ", 5, Field::Free, None)
    );
}

/// The brand field offers brands only, ranked by the selected category; the category field
/// offers category words with their node and path.
#[test]
fn brand_and_category_fields() {
    let brands = engine()
        .suggest(
            &Request::new("し")
                .top_k(10)
                .field(Field::Brand)
                .category(Some("electronics")),
        )
        .unwrap();
    assert_eq!(brands[0].surface, "シャープ");
    assert!(
        brands
            .iter()
            .all(|s| s.kind == Kind::Brand && s.path.is_none())
    );
    let cats = engine()
        .suggest(&Request::new("ばっ").top_k(5).field(Field::Category))
        .unwrap();
    assert!(
        cats.iter()
            .all(|s| s.kind == Kind::Category && s.path.is_some())
    );
    assert_eq!(
        (cats[0].category.as_deref(), cats[0].path.as_deref()),
        (Some("ladies/bags"), Some("レディース > バッグ"))
    );
    // The selected brand's own words gain a little.
    let plain = engine().suggest(&Request::new("しゅ").top_k(10)).unwrap();
    let with = engine()
        .suggest(
            &Request::new("しゅ")
                .top_k(10)
                .brand(Some("mercari-brand:1620")),
        )
        .unwrap();
    let score = |v: &[ichiba::Suggestion]| {
        v.iter()
            .find(|s| s.entity == "mercari-brand:1620")
            .map(|s| s.score)
    };
    assert!(score(&with).unwrap() > score(&plain).unwrap());
}
