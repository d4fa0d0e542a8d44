//! Keystrokes saved: simulated typing of listing titles, tapping the intended word whenever
//! the bar offers it.
//!
//! The simulated seller types on a kana keyboard, one character per keystroke, and is
//! perfectly attentive: whenever the top k suggestions hold the word they are about to type
//! and tapping it saves at least one keystroke, they tap it. Exact rules (`docs/eval.md`
//! says the same for readers of the report):
//!
//! 1. **Normalisation.** The title is NFKC-normalised (full-width Latin and spaces folded)
//!    and cut to [`MAX_TITLE_CHARS`] characters.
//! 2. **Segments.** It is split at whitespace; at most [`MAX_SEGMENTS`] segments are typed.
//!    Between two segments one space is typed: **1 keystroke**, whatever the whitespace was.
//! 3. **Pieces and keys.** Each segment is tokenized by the analyzer. A run of tokens made
//!    only of kanji, kana and digits is typed as its reading in context, in hiragana (美品 →
//!    びひん though 美 alone reads よし; 31巻 → 31かん; ルイ・ヴィトン → るいゔぃとん), and cut
//!    into *pieces* along its tokens wherever a token's own reading agrees with the run's
//!    (otherwise the rest of the run is one piece). Any other token (Latin, symbols) is a
//!    piece typed as itself. One key per character. A piece whose keys are its surface
//!    (Latin, digits, symbols, hiragana) is *literal*.
//! 4. **Without suggestions** a title costs the sum of its pieces' keys plus the spaces:
//!    [`Plan::keystrokes`]. Converting kana to kanji is not counted, with or without
//!    suggestions.
//! 5. **Looking at the bar.** Within a segment, from its start or from the end of the last
//!    tapped word (the *commit point*), the keys of the remaining pieces are typed one by
//!    one. Before each key — including before the first, i.e. right after a space or a tap
//!    (typed length 0: next-word prediction) — while at least 2 keys remain, the engine is
//!    asked for the top k with the text = everything committed so far + the keys typed since
//!    the commit point, cursor at the end, field [`Field::Title`] unless told otherwise.
//!    Nothing is asked while the text is still empty.
//! 6. **Tapping.** A suggestion is *the intended word* when its surface equals (after NFKC,
//!    ASCII case ignored) the concatenation of the pieces `b..t` of the segment, where its
//!    replaced span starts exactly where piece `b` starts in the text, and the pieces from
//!    the commit point up to `b` are literal and already typed (so that ナイキのすに can take
//!    スニーカー for の's sake). The word must end on a piece boundary (新品未使用 is taken
//!    in 新品未使用品, ｽﾆｰｶｰ is not taken in スニーカーズ, one piece). Tapping costs 1
//!    keystroke and commits pieces up to `t`; it is done only when it saves at least one:
//!    `saved = keys(commit point..t) − typed − 1 ≥ 1`. Among several taps the one saving
//!    most wins, then the better-ranked.
//! 7. **Typed length** of a tap is the number of keys typed since the commit point (0‥5+);
//!    the *hit rate* at a typed length is taps / looks at that length.
//!
//! Everything is deterministic: no randomness, and the engine's learning from acceptances
//! is not used.

use std::path::Path;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::{line_error, read_text};
use ichiba::analysis::{Analyzer, Token};
use ichiba::text::kana;
use ichiba::{Engine, Field, Request, Suggestion};

use crate::error::Result;

/// Characters of a title that are typed (titles are at most 40; longer lines are cut).
pub const MAX_TITLE_CHARS: usize = 100;
/// Segments of a title that are typed; the rest are ignored.
pub const MAX_SEGMENTS: usize = 32;
/// Typed-length buckets: 0, 1, 2, 3, 4 and 5 or more keys.
pub const TYPED_BUCKETS: usize = 6;

/// One title of a titles file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// The 1-based line it was read from.
    pub line: usize,
    /// The title as written.
    pub text: String,
    /// The listing's category (JSON Lines `"category"`: a tree node or category entity id),
    /// when the file gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Reads a titles file: one title per line, or JSON Lines with a `"title"` string field
/// (chosen when the name ends in `.jsonl`/`.ndjson` or the first non-blank line starts with
/// `{`). Blank lines and empty titles are skipped.
pub fn read(path: &Path) -> Result<Vec<Title>> {
    parse(path, &read_text(path)?)
}

/// Parses titles-file text as if read from `path` (its extension chooses JSON Lines).
pub fn parse(path: &Path, text: &str) -> Result<Vec<Title>> {
    let jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
        || text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start().starts_with('{'));
    let mut titles = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (title, category) = if jsonl {
            let value: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| line_error(path, n, format!("invalid JSON: {e}")))?;
            let category = value
                .get("category")
                .and_then(|c| c.as_str())
                .map(str::to_string);
            match value.get("title") {
                Some(serde_json::Value::String(s)) => (s.trim().to_string(), category),
                _ => return Err(line_error(path, n, "no string field \"title\"")),
            }
        } else {
            (line.trim().to_string(), None)
        };
        if !title.is_empty() {
            titles.push(Title {
                line: n,
                text: title,
                category,
            });
        }
    }
    Ok(titles)
}

/// One token of a segment, as the simulated seller types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text it stands for in the title.
    pub surface: String,
    /// What is typed for it, one character per keystroke.
    pub keys: String,
}

impl Piece {
    /// Keystrokes it takes.
    pub fn key_count(&self) -> usize {
        self.keys.chars().count()
    }

    /// Whether it is typed as itself (Latin, digits, symbols, hiragana).
    pub fn literal(&self) -> bool {
        self.keys == self.surface
    }
}

/// How one title is typed: its segments, each a list of pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The title as typed (normalised and cut).
    pub text: String,
    /// Whitespace-separated segments, each as pieces.
    pub segments: Vec<Vec<Piece>>,
}

impl Plan {
    /// Works out how `title` is typed (rules 1–3 of the [module docs](self)).
    pub fn new(analyzer: &Analyzer, title: &str) -> Result<Plan> {
        let text: String = title.nfkc().take(MAX_TITLE_CHARS).collect();
        let mut segments = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        for segment in text.split_whitespace().take(MAX_SEGMENTS) {
            analyzer.tokenize(segment, &mut tokens)?;
            let mut pieces = Vec::with_capacity(tokens.len());
            let mut i = 0;
            while i < tokens.len() {
                let surface = &segment[tokens[i].start..tokens[i].end];
                if !readable(surface) {
                    pieces.push(Piece {
                        surface: surface.to_string(),
                        keys: keys_of(analyzer, surface)?,
                    });
                    i += 1;
                    continue;
                }
                let mut end = i + 1;
                while end < tokens.len() && readable(&segment[tokens[end].start..tokens[end].end]) {
                    end += 1;
                }
                align(analyzer, segment, &tokens[i..end], &mut pieces)?;
                i = end;
            }
            segments.push(pieces);
        }
        Ok(Plan { text, segments })
    }

    /// Keystrokes needed without suggestions: every piece's keys plus one per space.
    pub fn keystrokes(&self) -> usize {
        let keys: usize = self.segments.iter().flatten().map(Piece::key_count).sum();
        keys + self.segments.len().saturating_sub(1)
    }

    /// Everything typed without suggestions, segments joined by one space.
    pub fn keys(&self) -> String {
        let segments: Vec<String> = self
            .segments
            .iter()
            .map(|s| s.iter().map(|p| p.keys.as_str()).collect())
            .collect();
        segments.join(" ")
    }
}

/// Most tokens one piece may span while aligning a run's reading with its tokens.
const MAX_ALIGN: usize = 8;

/// Whether a token belongs to a run read as a whole: kanji, kana and digits only (digits
/// change the readings around them: 31巻 reads 31かん, 巻 alone まき).
fn readable(token: &str) -> bool {
    token
        .chars()
        .all(|c| kana::is_kanji(c) || kana::is_kana(c) || c.is_ascii_digit())
}

/// Turns a run of readable tokens into pieces whose keys add up to the run's reading in
/// context (美品 is びひん, though 美 alone reads よし): from each token, the shortest
/// span whose own reading starts the rest of the run's reading is a piece; when none does,
/// the rest of the run is one piece.
fn align(analyzer: &Analyzer, segment: &str, run: &[Token], out: &mut Vec<Piece>) -> Result<()> {
    let (first, last) = (run[0].start, run[run.len() - 1].end);
    let Some(whole) = analyzer.reading(&segment[first..last])? else {
        for t in run {
            let surface = &segment[t.start..t.end];
            out.push(Piece {
                surface: surface.to_string(),
                keys: keys_of(analyzer, surface)?,
            });
        }
        return Ok(());
    };
    let whole = kana::to_hiragana(&whole);
    let mut rest = whole.as_str();
    let mut i = 0;
    'piece: while i < run.len() && !rest.is_empty() {
        for t in i + 1..=run.len().min(i + MAX_ALIGN) {
            let span = &segment[run[i].start..run[t - 1].end];
            let Some(reading) = analyzer.reading(span)? else {
                continue;
            };
            let reading = kana::to_hiragana(&reading);
            let fits = if t == run.len() {
                reading == rest
            } else {
                rest.starts_with(&reading)
            };
            if fits {
                out.push(Piece {
                    surface: span.to_string(),
                    keys: reading,
                });
                rest = &rest[out[out.len() - 1].keys.len()..];
                i = t;
                continue 'piece;
            }
        }
        out.push(Piece {
            surface: segment[run[i].start..last].to_string(),
            keys: rest.to_string(),
        });
        return Ok(());
    }
    // The reading ran out before the tokens (not seen): type the rest token by token.
    for t in &run[i..] {
        let surface = &segment[t.start..t.end];
        out.push(Piece {
            surface: surface.to_string(),
            keys: keys_of(analyzer, surface)?,
        });
    }
    Ok(())
}

/// What is typed for one token: kanji as its reading, kana as hiragana, the rest as itself.
fn keys_of(analyzer: &Analyzer, surface: &str) -> Result<String> {
    if surface.chars().any(kana::is_kanji) {
        return Ok(match analyzer.reading(surface)? {
            Some(reading) => kana::to_hiragana(&reading),
            None => surface.to_string(),
        });
    }
    if surface.chars().any(kana::is_kana) {
        let keys: String = kana::to_hiragana(surface)
            .chars()
            .filter(|&c| c != '・')
            .collect();
        if !keys.is_empty() {
            return Ok(keys);
        }
    }
    Ok(surface.to_string())
}

/// One tap of the simulated seller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tap {
    /// The suggestion tapped.
    pub surface: String,
    /// Its rank in the bar (1-based).
    pub rank: usize,
    /// Keys typed since the commit point when it was tapped.
    pub typed: usize,
    /// Keystrokes it saved (≥ 1).
    pub saved: usize,
}

/// One title typed at one top-k.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TitleResult {
    /// The line it was read from.
    pub line: usize,
    /// The title as typed (normalised and cut).
    pub title: String,
    /// What is typed without suggestions ([`Plan::keys`]).
    pub keys: String,
    /// Keystrokes needed without suggestions.
    pub keystrokes: usize,
    /// Keystrokes saved by tapping.
    pub saved: usize,
    /// Segments typed.
    pub segments: usize,
    /// Segments in which at least one suggestion was tapped.
    pub accepted_segments: usize,
    /// The taps, in order.
    pub taps: Vec<Tap>,
    /// Looks at the bar per typed length (0, 1, 2, 3, 4, 5+).
    #[serde(skip)]
    pub looks: [usize; TYPED_BUCKETS],
    /// Looks with at least one key typed, [text before the word, word alone].
    #[serde(skip)]
    pub context_looks: [usize; 2],
    /// Taps with at least one key typed, [text before the word, word alone].
    #[serde(skip)]
    pub context_taps: [usize; 2],
}

impl TitleResult {
    /// Keystrokes saved as a share of those needed (0 for an empty title).
    pub fn saved_rate(&self) -> f64 {
        ratio(self.saved, self.keystrokes)
    }
}

/// Looks and taps at one typed length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypedLength {
    /// `0` … `4`, `5+`.
    pub typed: &'static str,
    /// Times the bar was looked at with this many keys typed since the commit point.
    pub looks: usize,
    /// Taps at this typed length.
    pub taps: usize,
}

impl TypedLength {
    /// Taps per look (0 when never looked at).
    pub fn hit_rate(&self) -> f64 {
        ratio(self.taps, self.looks)
    }
}

/// Looks and taps with at least one key typed, by what precedes the word in its segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Context {
    /// `text before` (the word follows other text with no space: 電子ピアノ|かばー) or
    /// `alone` (it starts the title or follows a space).
    pub context: &'static str,
    /// Times the bar was looked at.
    pub looks: usize,
    /// Taps.
    pub taps: usize,
}

impl Context {
    /// Taps per look (0 when never looked at).
    pub fn hit_rate(&self) -> f64 {
        ratio(self.taps, self.looks)
    }
}

/// Index of [`Context`] "text before" in [`Report::by_context`].
pub const TEXT_BEFORE: usize = 0;
/// Index of [`Context`] "alone" in [`Report::by_context`].
pub const ALONE: usize = 1;

/// A titles file typed at one top-k.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Suggestions looked at.
    pub top_k: usize,
    /// The field the titles were typed in.
    pub field: Field,
    /// Titles typed.
    pub titles: usize,
    /// Segments typed.
    pub segments: usize,
    /// Segments in which at least one suggestion was tapped.
    pub accepted_segments: usize,
    /// Keystrokes needed without suggestions.
    pub keystrokes: usize,
    /// Keystrokes saved.
    pub saved: usize,
    /// Taps.
    pub taps: usize,
    /// Looks and taps by typed length: 0, 1, 2, 3, 4, 5+.
    pub by_typed: Vec<TypedLength>,
    /// Looks and taps with a key typed: text before the word ([`TEXT_BEFORE`]), alone
    /// ([`ALONE`]).
    pub by_context: Vec<Context>,
    /// Every title, in file order.
    pub per_title: Vec<TitleResult>,
}

impl Report {
    /// Keystrokes saved as a share of those needed.
    pub fn saved_rate(&self) -> f64 {
        ratio(self.saved, self.keystrokes)
    }

    /// Share of segments in which a suggestion was tapped.
    pub fn accepted_rate(&self) -> f64 {
        ratio(self.accepted_segments, self.segments)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Types every title at each of `top_ks` (one report each, in that order). Each title is
/// planned once. With `with_category`, each title's requests carry its listing's category
/// (the form being filled: [`ichiba::Request::category`]).
pub fn run(
    engine: &Engine,
    titles: &[Title],
    top_ks: &[usize],
    field: Field,
    typos: bool,
    with_category: bool,
) -> Result<Vec<Report>> {
    let mut reports: Vec<Report> = top_ks
        .iter()
        .map(|&top_k| Report {
            top_k,
            field,
            titles: 0,
            segments: 0,
            accepted_segments: 0,
            keystrokes: 0,
            saved: 0,
            taps: 0,
            by_typed: ["0", "1", "2", "3", "4", "5+"]
                .iter()
                .map(|&typed| TypedLength {
                    typed,
                    looks: 0,
                    taps: 0,
                })
                .collect(),
            by_context: ["text before", "alone"]
                .iter()
                .map(|&context| Context {
                    context,
                    looks: 0,
                    taps: 0,
                })
                .collect(),
            per_title: Vec::with_capacity(titles.len()),
        })
        .collect();
    for title in titles {
        let plan = Plan::new(engine.analyzer(), &title.text)?;
        for report in &mut reports {
            let category = title.category.as_deref().filter(|_| with_category);
            let form = Form { field, category };
            let result = simulate(engine, &plan, title.line, report.top_k, form, typos)?;
            report.titles += 1;
            report.segments += result.segments;
            report.accepted_segments += result.accepted_segments;
            report.keystrokes += result.keystrokes;
            report.saved += result.saved;
            report.taps += result.taps.len();
            for (b, looks) in result.looks.iter().enumerate() {
                report.by_typed[b].looks += looks;
            }
            for tap in &result.taps {
                report.by_typed[bucket(tap.typed)].taps += 1;
            }
            for c in [TEXT_BEFORE, ALONE] {
                report.by_context[c].looks += result.context_looks[c];
                report.by_context[c].taps += result.context_taps[c];
            }
            report.per_title.push(result);
        }
    }
    Ok(reports)
}

fn bucket(typed: usize) -> usize {
    typed.min(TYPED_BUCKETS - 1)
}

/// The form a title is typed into: the field, and the listing's category if selected.
#[derive(Debug, Clone, Copy)]
pub struct Form<'a> {
    /// The field typed in.
    pub field: Field,
    /// The selected category (a node or category entity id).
    pub category: Option<&'a str>,
}

/// Types one planned title, tapping the intended word whenever the top `top_k` offer it
/// (rules 5–7 of the [module docs](self)).
pub fn simulate(
    engine: &Engine,
    plan: &Plan,
    line: usize,
    top_k: usize,
    form: Form<'_>,
    typos: bool,
) -> Result<TitleResult> {
    let mut result = TitleResult {
        line,
        title: plan.text.clone(),
        keys: plan.keys(),
        keystrokes: plan.keystrokes(),
        saved: 0,
        segments: plan.segments.len(),
        accepted_segments: 0,
        taps: Vec::new(),
        looks: [0; TYPED_BUCKETS],
        context_looks: [0; 2],
        context_taps: [0; 2],
    };
    let mut committed = String::new();
    let mut text = String::new();
    for (i, pieces) in plan.segments.iter().enumerate() {
        if i > 0 {
            committed.push(' ');
        }
        // cum[i]: keys of pieces[..i].
        let mut cum = vec![0];
        for p in pieces {
            cum.push(cum[cum.len() - 1] + p.key_count());
        }
        let n = pieces.len();
        let mut tapped = false;
        let mut j = 0; // the commit point
        'word: while j < n {
            let keys: Vec<char> = pieces[j..].iter().flat_map(|p| p.keys.chars()).collect();
            // While at least 2 keys remain, a tap could save one.
            for typed in 0..keys.len().saturating_sub(1) {
                if committed.is_empty() && typed == 0 {
                    continue;
                }
                text.clear();
                text.push_str(&committed);
                text.extend(&keys[..typed]);
                result.looks[bucket(typed)] += 1;
                let context = match committed.is_empty() || committed.ends_with(' ') {
                    true => ALONE,
                    false => TEXT_BEFORE,
                };
                if typed > 0 {
                    result.context_looks[context] += 1;
                }
                let request = Request::new(&text)
                    .field(form.field)
                    .top_k(top_k)
                    .typos(typos)
                    .category(form.category);
                let bar = engine.suggest(&request)?;
                let here = Here {
                    pieces,
                    cum: &cum,
                    j,
                    typed,
                    base: committed.len(),
                };
                if let Some((rank, t, saved)) = here.best_tap(&bar) {
                    for p in &pieces[j..t] {
                        committed.push_str(&p.surface);
                    }
                    result.taps.push(Tap {
                        surface: bar[rank].surface.clone(),
                        rank: rank + 1,
                        typed,
                        saved,
                    });
                    result.saved += saved;
                    if typed > 0 {
                        result.context_taps[context] += 1;
                    }
                    tapped = true;
                    j = t;
                    continue 'word;
                }
            }
            // Typed to the end: the IME commits the rest of the segment as written.
            for p in &pieces[j..] {
                committed.push_str(&p.surface);
            }
            j = n;
        }
        if tapped {
            result.accepted_segments += 1;
        }
    }
    Ok(result)
}

/// Where the seller is within a segment when looking at the bar.
struct Here<'a> {
    pieces: &'a [Piece],
    /// `cum[i]`: keys of `pieces[..i]`.
    cum: &'a [usize],
    /// The commit point (a piece index).
    j: usize,
    /// Keys typed since the commit point.
    typed: usize,
    /// Byte offset of the commit point in the text.
    base: usize,
}

impl Here<'_> {
    /// The best tap in `bar`: (rank index, end piece, keystrokes saved).
    fn best_tap(&self, bar: &[Suggestion]) -> Option<(usize, usize, usize)> {
        let Here {
            pieces,
            cum,
            j,
            typed,
            base,
        } = *self;
        let n = pieces.len();
        let mut best: Option<(usize, usize, usize)> = None;
        for (rank, s) in bar.iter().enumerate() {
            let surface: String = s.surface.nfkc().collect();
            // The word may start at `b` after literal, fully typed pieces j..b.
            let mut start = base;
            for b in j..n {
                if cum[b] - cum[j] > typed {
                    break;
                }
                if s.replace.start == start {
                    let mut word = String::new();
                    for t in b + 1..=n {
                        word.push_str(&pieces[t - 1].surface);
                        if word.len() > surface.len() {
                            break;
                        }
                        let needed = cum[t] - cum[j];
                        if needed >= typed + 2 && word.eq_ignore_ascii_case(&surface) {
                            let saved = needed - typed - 1;
                            if best.is_none_or(|(_, _, s)| saved > s) {
                                best = Some((rank, t, saved));
                            }
                        }
                    }
                }
                if !pieces[b].literal() {
                    break;
                }
                start += pieces[b].surface.len();
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ichiba::Dictionary;
    use ichiba_build::Builder;

    /// An engine over a few hand-written rows.
    fn engine(rows: &str) -> Engine {
        let analyzer = Analyzer::new().unwrap();
        let mut b = Builder::new();
        b.add_source(Path::new("tiny.tsv"), rows.as_bytes())
            .unwrap();
        let bytes = b.build(Some(&analyzer)).unwrap().bytes;
        Engine::new(Dictionary::from_vec(bytes).unwrap()).unwrap()
    }

    #[test]
    fn parses_plain_and_jsonl_titles() {
        let plain = parse(Path::new("t.txt"), "ナイキ スニーカー\n\n  新品 \n").unwrap();
        assert_eq!(
            plain,
            vec![
                Title {
                    line: 1,
                    text: "ナイキ スニーカー".into(),
                    category: None,
                },
                Title {
                    line: 3,
                    text: "新品".into(),
                    category: None,
                }
            ]
        );
        let jsonl = "{\"id\":1,\"title\":\"ナイキ\",\"description\":\"x\"}\n\n{\"title\":\"\"}\n";
        let titles = parse(Path::new("dev.jsonl"), jsonl).unwrap();
        assert_eq!(titles.len(), 1, "empty titles are skipped");
        assert_eq!(titles[0].text, "ナイキ");
        // Detected by the first character as well.
        assert_eq!(parse(Path::new("t"), jsonl).unwrap(), titles);

        let err = parse(Path::new("dev.jsonl"), "{\"title\":\"a\"}\n{bad\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("dev.jsonl:2: invalid JSON"), "{err}");
        let err = parse(
            Path::new("dev.jsonl"),
            "{\"title\":\"a\"}\n\n{\"name\":\"b\"}\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "dev.jsonl:3: no string field \"title\"");
    }

    #[test]
    fn plans_keys_by_script() {
        let analyzer = Analyzer::new().unwrap();
        let plan = Plan::new(&analyzer, "ＮＩＫＥ　ルイ・ヴィトン 新品未使用 27cm").unwrap();
        assert_eq!(plan.text, "NIKE ルイ・ヴィトン 新品未使用 27cm");
        assert_eq!(plan.keys(), "NIKE るいゔぃとん しんぴんみしよう 27cm");
        assert_eq!(plan.segments.len(), 4);
        // 4 + 6 + 8 + 4 keys, 3 spaces.
        assert_eq!(plan.keystrokes(), 25);
        // Readings in context: 美 alone is よし, 巻 alone まき, 年版 alone としばん.
        let plan = Plan::new(&analyzer, "超美品 1〜31巻 2023年版 目立った傷や汚れなし").unwrap();
        assert_eq!(
            plan.keys(),
            "ちょうびひん 1〜31かん 2023ねんばん めだったきずやよごれなし"
        );
        let surfaces: Vec<&str> = plan.segments[3]
            .iter()
            .map(|p| p.surface.as_str())
            .collect();
        assert_eq!(surfaces, ["目立っ", "た", "傷", "や", "汚れ", "なし"]);
        let long = Plan::new(&analyzer, &"あ".repeat(150)).unwrap();
        assert_eq!(long.text.chars().count(), MAX_TITLE_CHARS);
        assert_eq!(long.keystrokes(), MAX_TITLE_CHARS);
        let many = "a ".repeat(40);
        let plan = Plan::new(&analyzer, &many).unwrap();
        assert_eq!(plan.segments.len(), MAX_SEGMENTS);
    }

    const ROWS: &str = "\
シュプリーム\tしゅぷりーむ\tbrand\t9000\tsupreme
シュシュ\tしゅしゅ\titem\t300\titem_scrunchie
スニーカー\tすにーかー\titem\t7000\titem_sneaker
スーツ\tすーつ\titem\t2000\titem_suit
新品未使用\t\tphrase\t9900\tph_new_unused
";

    /// Hand-computed: "シュプリーム スニーカー" is しゅぷりーむ (6) + space + すにーかー (5) =
    /// 12 keystrokes. At top-1: after し the bar shows シュプリーム (heaviest) → tap after 1
    /// key, saving 6 − 1 − 1 = 4. After the space (0 typed) nothing is offered; after す,
    /// スニーカー (7000 > 2000) → tap, saving 5 − 1 − 1 = 3. Total 7 of 12.
    #[test]
    fn hand_computed_title() {
        let engine = engine(ROWS);
        let titles = [Title {
            line: 1,
            text: "シュプリーム スニーカー".into(),
            category: None,
        }];
        let reports = run(&engine, &titles, &[1], Field::Free, true, false).unwrap();
        let r = &reports[0];
        assert_eq!((r.keystrokes, r.saved, r.taps), (12, 7, 2));
        assert_eq!((r.segments, r.accepted_segments), (2, 2));
        let t = &r.per_title[0];
        assert_eq!(
            t.taps,
            vec![
                Tap {
                    surface: "シュプリーム".into(),
                    rank: 1,
                    typed: 1,
                    saved: 4
                },
                Tap {
                    surface: "スニーカー".into(),
                    rank: 1,
                    typed: 1,
                    saved: 3
                },
            ]
        );
        // Looks: one at 0 typed (after the space), two at 1 typed.
        assert_eq!(t.looks, [1, 2, 0, 0, 0, 0]);
        assert_eq!(
            r.by_typed.iter().map(|b| b.taps).collect::<Vec<_>>(),
            [0, 2, 0, 0, 0, 0]
        );
    }

    /// "スーツ" (すーつ, 3 keys) at top-1: す shows スニーカー (heavier); after すー one key
    /// remains and a tap could save nothing, so the bar is not even looked at. At top-2, す
    /// shows both: tap after 1 key, saving 3 − 1 − 1 = 1.
    #[test]
    fn a_tap_must_save_a_keystroke() {
        let engine = engine(ROWS);
        let titles = [Title {
            line: 1,
            text: "スーツ".into(),
            category: None,
        }];
        let reports = run(&engine, &titles, &[1, 2], Field::Free, true, false).unwrap();
        assert_eq!((reports[0].keystrokes, reports[0].saved), (3, 0));
        assert_eq!(reports[0].per_title[0].looks, [0, 1, 0, 0, 0, 0]);
        assert_eq!(reports[0].accepted_segments, 0);
        assert_eq!((reports[1].saved, reports[1].taps), (1, 1));
        assert_eq!(reports[1].per_title[0].taps[0].rank, 2);
    }

    /// A word ending on a piece boundary is taken inside a longer segment, and what follows
    /// is typed from there: 新品未使用品 = しんぴんみしようひん (10 keys). し → 新品未使用
    /// (tap after 1 key, 8 − 1 − 1 = 6 saved), then ひん typed: 6 of 10.
    #[test]
    fn a_word_inside_a_segment() {
        let engine = engine(ROWS);
        let titles = [Title {
            line: 7,
            text: "新品未使用品".into(),
            category: None,
        }];
        let r = &run(&engine, &titles, &[3], Field::Free, true, false).unwrap()[0];
        assert_eq!((r.keystrokes, r.saved), (10, 6));
        assert_eq!(r.per_title[0].line, 7);
        assert_eq!(r.per_title[0].taps[0].surface, "新品未使用");
    }

    /// Literal pieces before the word (a particle, a bracket) are kept as typed:
    /// 【スニーカー】 is 【すにーかー】 (7 keys); after 【す the bar offers スニーカー for the
    /// span after 【: tap after 2 keys since the commit point, saving 6 − 2 − 1 = 3.
    #[test]
    fn literal_pieces_before_the_word() {
        let engine = engine(ROWS);
        let titles = [Title {
            line: 1,
            text: "【スニーカー】".into(),
            category: None,
        }];
        let r = &run(&engine, &titles, &[3], Field::Free, true, false).unwrap()[0];
        assert_eq!((r.keystrokes, r.saved), (7, 3));
        assert_eq!(r.per_title[0].taps[0].typed, 2);
    }

    #[test]
    fn deterministic() {
        let engine = engine(ROWS);
        let titles = parse(
            Path::new("t.txt"),
            "シュプリーム スーツ\n新品未使用 スニーカー\nsupreme shushu\n",
        )
        .unwrap();
        let a = run(&engine, &titles, &[1, 3], Field::Title, true, false).unwrap();
        let b = run(&engine, &titles, &[1, 3], Field::Title, true, false).unwrap();
        assert_eq!(a, b);
        assert!(a[1].saved >= a[0].saved);
    }
}
