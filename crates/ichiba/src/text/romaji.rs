//! Romaji → hiragana, the way a Japanese IME converts it while the user types.
//!
//! The spelling table is data, `romaji.tsv` beside this file (`romaji<TAB>kana`, modelled on
//! the behaviour of Mozc's romanji-hiragana table), compiled in and parsed once on first use.
//! [`to_kana`] converts as much as it can and hands back the unfinished tail ("kyo" is done,
//! "ky" is still [`pending`](Conversion::pending)); [`pending_starts`] tells which kana that
//! tail can still become, so the engine can look up every continuation.
//!
//! ```
//! use ichiba::text::romaji::{pending_starts, to_kana};
//!
//! let c = to_kana("shupur");
//! assert_eq!((c.kana.as_str(), c.pending.as_str()), ("しゅぷ", "r"));
//! assert_eq!(pending_starts(&c.pending), ["ら", "り", "る", "れ", "ろ", "っ"]);
//! ```

use std::sync::OnceLock;

/// The spelling table, `romaji<TAB>kana` per line.
const TABLE_TSV: &str = include_str!("romaji.tsv");

/// Letters whose doubling (`kk`, `tt`, …) types `っ`: every consonant but `n`, as in Mozc.
const DOUBLING: &[u8] = b"bcdfghjklmpqrstvwxyz";

/// What a romaji string converts to so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conversion {
    /// The converted hiragana (with any characters that are not romaji passed through).
    pub kana: String,
    /// The lower-cased romaji tail still being typed: a proper prefix of some spelling,
    /// such as `k`, `ky`, `sh` or a lone `n` (or the `tc` of `matc|ha`). Empty when
    /// everything converted.
    pub pending: String,
}

/// The parsed table: a trie over the romaji (for [`to_kana`]) and the answers of
/// [`pending_starts`].
struct Table {
    trie: Trie,
    /// [`pending_starts`] of every prefix of every spelling, sorted by prefix.
    starts: Vec<(&'static str, Box<[&'static str]>)>,
}

/// A dense trie over the few bytes that spellings use. Node 0 is the root.
struct Trie {
    /// Byte → 1-based symbol number; 0 for a byte no spelling uses.
    symbols: [u8; 128],
    /// How many symbols there are: the width of one node's row in `next`.
    width: usize,
    /// `next[node * width + symbol]`: the child node, 0 for none (the root is nobody's child).
    next: Vec<u16>,
    /// Per node: the kana of the spelling that ends there.
    kana: Vec<Option<&'static str>>,
    /// Per node: whether some longer spelling goes on from there.
    inner: Vec<bool>,
}

/// What the table says about the start of the rest of the input.
enum Step {
    /// The whole rest is a proper prefix of a spelling: wait for more input.
    Pending,
    /// The longest spelling at the start of the rest: its length and its kana.
    Match(usize, &'static str),
    /// No spelling starts the rest.
    NoMatch,
}

impl Trie {
    fn new(rows: &[(&'static str, &'static str)]) -> Trie {
        let mut symbols = [0u8; 128];
        let mut width = 0;
        for b in rows.iter().flat_map(|(k, _)| k.bytes()) {
            if let Some(slot) = symbols.get_mut(usize::from(b))
                && *slot == 0
            {
                width += 1;
                *slot = u8::try_from(width).unwrap_or(u8::MAX);
            }
        }
        let mut trie = Trie {
            symbols,
            width,
            next: vec![0; width],
            kana: vec![None],
            inner: vec![false],
        };
        for &(key, kana) in rows {
            let mut node = 0;
            for b in key.bytes() {
                let Some(slot) = trie.slot(node, b) else {
                    break;
                };
                trie.inner[node] = true;
                node = match trie.next[slot] {
                    0 => {
                        let child = trie.kana.len();
                        trie.next[slot] = u16::try_from(child).unwrap_or(0);
                        trie.next.resize(trie.next.len() + width, 0);
                        trie.kana.push(None);
                        trie.inner.push(false);
                        child
                    }
                    child => usize::from(child),
                };
            }
            trie.kana[node].get_or_insert(kana);
        }
        trie
    }

    /// Index into `next` for `node`'s child on byte `b`, if spellings use `b` at all.
    fn slot(&self, node: usize, b: u8) -> Option<usize> {
        let symbol = *self.symbols.get(usize::from(b))?;
        (symbol != 0).then(|| node * self.width + usize::from(symbol) - 1)
    }

    fn step(&self, rest: &[u8]) -> Step {
        let mut node = 0;
        let mut best = None;
        for (depth, &b) in rest.iter().enumerate() {
            let child = self.slot(node, b).and_then(|slot| self.next.get(slot));
            match child {
                Some(&child) if child != 0 => node = usize::from(child),
                _ => return best.map_or(Step::NoMatch, |(n, k)| Step::Match(n, k)),
            }
            if let Some(kana) = self.kana[node] {
                best = Some((depth + 1, kana));
            }
        }
        if node != 0 && self.inner[node] {
            Step::Pending
        } else {
            best.map_or(Step::NoMatch, |(n, k)| Step::Match(n, k))
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // A malformed row is skipped here and reported by the `table_is_valid` test.
        let rows: Vec<_> = parse_table(TABLE_TSV)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        let trie = Trie::new(&rows);
        let mut prefixes: Vec<&'static str> = rows
            .iter()
            .flat_map(|(k, _)| (1..=k.len()).filter_map(|n| k.get(..n)))
            .chain(["tc"])
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        let starts = prefixes
            .into_iter()
            .map(|p| (p, compute_starts(&rows, p)))
            .collect();
        Table { trie, starts }
    })
}

/// Parses the table, one result per data line (comments and blank lines skipped): the row,
/// or `line: reason`.
fn parse_table(src: &'static str) -> Vec<Result<(&'static str, &'static str), String>> {
    let mut seen = std::collections::HashSet::new();
    src.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let at = i + 1;
            let mut fields = line.split('\t');
            let (Some(key), Some(kana), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("romaji.tsv:{at}: expected `romaji<TAB>kana`"));
            };
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "romaji.tsv:{at}: romaji {key:?} is not printable ASCII"
                ));
            }
            if key.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(format!("romaji.tsv:{at}: romaji {key:?} is not lower case"));
            }
            if kana.is_empty() || kana.trim() != kana {
                return Err(format!("romaji.tsv:{at}: kana {kana:?} is empty or padded"));
            }
            if !seen.insert(key) {
                return Err(format!("romaji.tsv:{at}: duplicate romaji {key:?}"));
            }
            Ok((key, kana))
        })
        .collect()
}

/// Converts romaji to hiragana, IME-style, returning the kana and the unfinished tail.
///
/// ASCII letters are lower-cased first. Then, from left to right:
///
/// - if the rest of the input is a proper prefix of a spelling (`k`, `ky`, `ts`, `xt`, a
///   lone `n`, `t'`), it is left [`pending`](Conversion::pending);
/// - otherwise the longest spelling that matches is converted (`kyo` → きょ; `n` → ん when
///   nothing longer matches, so `kanji` → かんじ; `nn` and `n'` → ん);
/// - otherwise a doubled consonant other than `n` gives `っ` and keeps the second one
///   (`kitte` → きって, `kk` → っ + pending `k`), and so does the Hepburn `t` before `ch`
///   (`matcha` → まっちゃ; a final `tc` is pending);
/// - otherwise the character is passed through unchanged (`iphone` → いpほね): callers
///   decide with [`is_romaji_input`] whether the input was romaji at all.
///
/// Linear in the input's length; never panics.
pub fn to_kana(input: &str) -> Conversion {
    let mut conv = Conversion::default();
    to_kana_into(input, &mut conv);
    conv
}

/// [`to_kana`] into `out`, reusing its strings: the per-keystroke form, which allocates
/// nothing once `out` has grown to the input's size.
pub fn to_kana_into(input: &str, out: &mut Conversion) {
    let trie = &table().trie;
    let Conversion { kana, pending } = out;
    kana.clear();
    kana.reserve(input.len() * 3);
    // The lower-cased input is staged in `pending`, which ends up holding its unconverted
    // tail (ASCII lower-casing keeps every byte offset).
    pending.clear();
    pending.push_str(input);
    pending.make_ascii_lowercase();
    let s = pending.as_str();
    let mut i = 0;
    let mut tail = s.len();
    while let Some(rest) = s.get(i..).filter(|r| !r.is_empty()) {
        let bytes = rest.as_bytes();
        let step = if rest == "tc" {
            Step::Pending
        } else {
            trie.step(bytes)
        };
        match step {
            Step::Pending => {
                tail = i;
                break;
            }
            Step::Match(n, v) => {
                kana.push_str(v);
                i += n;
            }
            Step::NoMatch => {
                let doubled =
                    bytes.len() >= 2 && bytes[0] == bytes[1] && DOUBLING.contains(&bytes[0]);
                if doubled || rest.starts_with("tch") {
                    kana.push('っ');
                    i += 1;
                } else {
                    // Pass one character through.
                    let n = rest.chars().next().map_or(1, char::len_utf8);
                    kana.push_str(&rest[..n]);
                    i += n;
                }
            }
        }
    }
    pending.drain(..tail);
}

/// The hiragana that a [`pending`](Conversion::pending) tail can still turn into, as the
/// minimal set of prefixes to look up.
///
/// That is the kana of every spelling that starts with `pending`, plus `っ` when `pending`
/// is a single consonant that doubles (`k` → `kk…`) or is `tc` (→ `tch…`), minus every kana
/// that another one in the set is a prefix of (`き` covers `きゃ`). Order: that of the table
/// (gojūon), then `っ`.
///
/// - `"k"` → `か き く け こ っ`
/// - `"ky"` → `きゃ きぃ きゅ きぇ きょ`
/// - `"n"` → `な に ぬ ね の ん`
/// - `"sh"` → `し`
///
/// Case-insensitive for ASCII. Empty for an empty tail and for one that cannot continue
/// any spelling. Precomputed for every prefix of every spelling: a lookup, no allocation.
pub fn pending_starts(pending: &str) -> &'static [&'static str] {
    let table = table();
    let mut buf = [0u8; 8];
    let Some(p) = buf.get_mut(..pending.len()) else {
        return &[];
    };
    p.copy_from_slice(pending.as_bytes());
    p.make_ascii_lowercase();
    let p = &*p;
    table
        .starts
        .binary_search_by(|(prefix, _)| prefix.as_bytes().cmp(p))
        .ok()
        .and_then(|i| table.starts.get(i))
        .map_or(&[], |(_, starts)| starts)
}

/// Computes [`pending_starts`] for `p`, one of the prefixes of the spellings.
fn compute_starts(rows: &[(&'static str, &'static str)], p: &str) -> Box<[&'static str]> {
    let mut starts: Vec<&'static str> = Vec::new();
    for (key, kana) in rows {
        if key.starts_with(p) && !starts.contains(kana) {
            starts.push(kana);
        }
    }
    let doubles = matches!(p.as_bytes(), [c] if DOUBLING.contains(c));
    if (doubles || p == "tc") && !starts.contains(&"っ") {
        starts.push("っ");
    }
    let all = starts.clone();
    starts.retain(|s| !all.iter().any(|t| t.len() < s.len() && s.starts_with(t)));
    starts.into_boxed_slice()
}

/// Whether `s` looks like romaji being typed: non-empty, only ASCII letters, `-` and `'`,
/// and at least one letter.
///
/// The engine uses it to decide whether to also try [`to_kana`] on what the user typed.
pub fn is_romaji_input(s: &str) -> bool {
    let mut letter = false;
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => letter = true,
            b'-' | b'\'' => {}
            _ => return false,
        }
    }
    letter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::kana::is_hiragana;

    fn conv(s: &str) -> (String, String) {
        let c = to_kana(s);
        (c.kana, c.pending)
    }

    fn check(cases: &[(&str, &str, &str)]) {
        for &(input, kana, pending) in cases {
            assert_eq!(
                conv(input),
                (kana.to_owned(), pending.to_owned()),
                "to_kana({input:?})"
            );
        }
    }

    #[test]
    fn table_is_valid() {
        let rows = parse_table(TABLE_TSV);
        let errors: Vec<_> = rows.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(rows.len() > 250);
        let punctuation = ["ー", "、", "。", "「", "」"];
        for (key, kana) in rows.iter().flatten() {
            assert!(
                kana.chars().all(is_hiragana) || punctuation.contains(kana),
                "{key} → {kana}"
            );
            // Doubling is handled in code: no spelling may start with a doubled consonant.
            let b = key.as_bytes();
            assert!(
                !(b.len() >= 2 && b[0] == b[1] && DOUBLING.contains(&b[0])),
                "{key}"
            );
        }
        assert_eq!(rows.iter().flatten().map(|(k, _)| k.len()).max(), Some(4));
        // Every spelling converts to its own kana, alone and followed by a vowel.
        for (key, kana) in rows.iter().flatten() {
            if *key != "n" {
                assert_eq!(conv(key), (kana.to_string(), String::new()), "{key}");
            }
        }
    }

    #[test]
    fn parse_reports_bad_rows() {
        let rows = parse_table("# c\n\nka\tか\nKA\tか\nka\tか\nx\nkb\t\nk b\tx\nq\tx\ty\n");
        let errors: Vec<_> = rows.into_iter().filter_map(Result::err).collect();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(errors[0].starts_with("romaji.tsv:4: "), "{}", errors[0]);
        assert!(errors[1].contains("duplicate"));
    }

    #[test]
    fn spec_examples() {
        check(&[
            ("shupu", "しゅぷ", ""),
            ("kyo", "きょ", ""),
            ("k", "", "k"),
            ("ky", "", "ky"),
            ("shupur", "しゅぷ", "r"),
            ("n", "", "n"),
            ("kan", "か", "n"),
            ("kann", "かん", ""),
            ("kanji", "かんじ", ""),
            ("kitte", "きって", ""),
            ("kk", "っ", "k"),
            ("sinpinmisiyou", "しんぴんみしよう", ""),
            ("shinpinmishiyou", "しんぴんみしよう", ""),
            ("ruivuitton", "るいゔいっと", "n"),
            ("ruivitonn", "るいゔぃとん", ""),
            ("ra-men", "らーめ", "n"),
            ("tya", "ちゃ", ""),
            ("xtu", "っ", ""),
            ("SHUPU", "しゅぷ", ""),
            ("iphone", "いpほね", ""),
        ]);
    }

    #[test]
    fn syllables() {
        check(&[
            ("aiueo", "あいうえお", ""),
            ("kakikukeko", "かきくけこ", ""),
            ("sashisuseso", "さしすせそ", ""),
            ("tachitsuteto", "たちつてと", ""),
            ("titu", "ちつ", ""),
            ("hahifuheho", "はひふへほ", ""),
            ("hu", "ふ", ""),
            ("zajizuzezo", "ざじずぜぞ", ""),
            ("zi", "じ", ""),
            ("dadidudedo", "だぢづでど", ""),
            ("wawo", "わを", ""),
            ("wiwe", "うぃうぇ", ""),
            ("whawhi", "うぁうぃ", ""),
            ("yayuyo", "やゆよ", ""),
            ("rarirurero", "らりるれろ", ""),
            ("fafifefo", "ふぁふぃふぇふぉ", ""),
            ("vavivuvevo", "ゔぁゔぃゔゔぇゔぉ", ""),
            ("thi", "てぃ", ""),
            ("dhi", "でぃ", ""),
            ("dhu", "でゅ", ""),
            ("twu", "とぅ", ""),
            ("tsa", "つぁ", ""),
            ("she", "しぇ", ""),
            ("che", "ちぇ", ""),
            ("je", "じぇ", ""),
            ("jajujo", "じゃじゅじょ", ""),
            ("jyajyujyo", "じゃじゅじょ", ""),
            ("zyazyuzyo", "じゃじゅじょ", ""),
            ("syasyusyo", "しゃしゅしょ", ""),
            ("chachucho", "ちゃちゅちょ", ""),
            ("cyacyucyo", "ちゃちゅちょ", ""),
            ("nyanyunyo", "にゃにゅにょ", ""),
            ("hyamyaryagyabyapyadya", "ひゃみゃりゃぎゃびゃぴゃぢゃ", ""),
            ("qa", "くぁ", ""),
            ("ye", "いぇ", ""),
        ]);
    }

    #[test]
    fn small_kana() {
        check(&[
            ("xala", "ぁぁ", ""),
            ("xtultuxtsu", "っっっ", ""),
            ("xyalya", "ゃゃ", ""),
            ("xwa", "ゎ", ""),
            ("xkaxke", "ゕゖ", ""),
            ("xt", "", "xt"),
            ("lts", "", "lts"),
        ]);
    }

    #[test]
    fn n_handling() {
        check(&[
            ("n'a", "んあ", ""),
            ("kan'i", "かんい", ""),
            ("kani", "かに", ""),
            ("kannna", "かんな", ""),
            ("konnnichiha", "こんにちは", ""),
            ("konnichiha", "こんいちは", ""),
            ("sanpo", "さんぽ", ""),
            ("nyu", "にゅ", ""),
            ("ny", "", "ny"),
            ("n-", "んー", ""),
            ("n1", "ん1", ""),
            ("xn", "ん", ""),
        ]);
    }

    #[test]
    fn sokuon() {
        check(&[
            ("kippu", "きっぷ", ""),
            ("matcha", "まっちゃ", ""),
            ("macchi", "まっち", ""),
            ("matc", "ま", "tc"),
            ("matchi", "まっち", ""),
            ("tca", "tか", ""),
            ("zasshi", "ざっし", ""),
            ("kitt", "きっ", "t"),
            ("ttsu", "っつ", ""),
            ("bbb", "っっ", "b"),
            ("mma", "っま", ""),
            ("xxa", "っぁ", ""),
            ("nna", "んあ", ""),
        ]);
    }

    #[test]
    fn punctuation_and_pass_through() {
        check(&[
            ("a,i.[u]", "あ、い。「う」", ""),
            ("a-", "あー", ""),
            ("123", "123", ""),
            ("ka1k", "か1", "k"),
            ("q", "", "q"),
            ("qx", "q", "x"),
            ("kyx", "ky", "x"),
            ("あk", "あ", "k"),
            ("ｋａ", "ｋａ", ""),
            ("t'", "", "t'"),
            ("t'i", "てぃ", ""),
            ("'", "'", ""),
            ("", "", ""),
        ]);
    }

    #[test]
    fn pending_starts_examples() {
        assert_eq!(pending_starts("k"), ["か", "き", "く", "け", "こ", "っ"]);
        assert_eq!(pending_starts("K"), pending_starts("k"));
        assert_eq!(
            pending_starts("ky"),
            ["きゃ", "きぃ", "きゅ", "きぇ", "きょ"]
        );
        assert_eq!(pending_starts("n"), ["な", "に", "ぬ", "ね", "の", "ん"]);
        assert_eq!(
            pending_starts("ny"),
            ["にゃ", "にぃ", "にゅ", "にぇ", "にょ"]
        );
        assert_eq!(pending_starts("sh"), ["し"]);
        assert_eq!(pending_starts("ts"), ["つ"]);
        assert_eq!(pending_starts("t"), ["た", "ち", "つ", "て", "と", "っ"]);
        assert_eq!(pending_starts("ch"), ["ち"]);
        assert_eq!(pending_starts("xt"), ["っ"]);
        assert_eq!(pending_starts("tc"), ["っ"]);
        assert_eq!(pending_starts("TC"), ["っ"]);
        assert_eq!(pending_starts("t'"), ["てぃ", "てゅ", "とぅ"]);
        assert_eq!(pending_starts("r"), ["ら", "り", "る", "れ", "ろ", "っ"]);
        assert!(pending_starts("x").contains(&"っ"));
        assert_eq!(
            pending_starts("x").iter().filter(|s| **s == "っ").count(),
            1
        );
        assert!(pending_starts("").is_empty());
        assert!(pending_starts("kk").is_empty());
        assert!(pending_starts("1").is_empty());
        assert!(pending_starts("shupu").is_empty());
        assert!(pending_starts("あ").is_empty());
        assert!(pending_starts("é").is_empty());
    }

    /// Every pending tail that `to_kana` can leave has continuations, and each completed
    /// spelling it could become starts with one of them.
    #[test]
    fn pending_starts_covers_every_completion() {
        for (key, kana) in parse_table(TABLE_TSV).into_iter().flatten() {
            for n in 1..key.len() {
                let prefix = &key[..n];
                let c = to_kana(prefix);
                if c.pending.is_empty() {
                    continue;
                }
                let starts = pending_starts(&c.pending);
                let completed = to_kana(&format!("{}{}", c.pending, &key[n..]));
                assert!(completed.pending.is_empty(), "{key}");
                assert_eq!(completed.kana, *kana, "{key}");
                assert!(
                    starts.iter().any(|s| kana.starts_with(s)),
                    "{key}: {kana} not covered by {starts:?}"
                );
            }
        }
    }

    #[test]
    fn romaji_input() {
        for s in ["shupu", "SHUPU", "ra-men", "n'", "Louis", "k"] {
            assert!(is_romaji_input(s), "{s}");
        }
        for s in ["", "-", "'", "ra men", "iphone13", "しゅ", "ｓｈｕ", "a.b"] {
            assert!(!is_romaji_input(s), "{s}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\u{0}",
            "n\u{301}",
            "ké",
            "👍k",
            "ｎ",
            "\u{10FFFF}n",
            "n'n'",
            "'''",
        ] {
            let c = to_kana(s);
            let _ = pending_starts(&c.pending);
        }
    }

    #[test]
    fn huge_inputs() {
        let s = "shinpinmishiyou".repeat(20_000);
        let c = to_kana(&s);
        assert_eq!(c.kana, "しんぴんみしよう".repeat(20_000));
        assert!(c.pending.is_empty());
        let c = to_kana(&"k".repeat(1 << 18));
        assert_eq!(c.kana.chars().count(), (1 << 18) - 1);
        assert_eq!(c.pending, "k");
        let c = to_kana(&"あ".repeat(100_000));
        assert_eq!(c.kana.len(), 300_000);
    }
}
