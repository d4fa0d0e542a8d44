//! The engine: text and cursor in, ranked suggestions with the span they replace out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;

use crate::analysis::{Analyzer, Pos, Token};
use crate::dictionary::{
    Bytes, Corrected, Dictionary, EntryRef, Hit, KeySpace, Kind, Scratch, Slip,
};
use crate::error::{Error, Result};
use crate::format::TOP_LIST_LEN;
use crate::format::categories::CategoryTree;
use crate::history::{HistoryConfig, HistorySnapshot, SharedHistory};
use crate::rank::{self, Features, Field};
use crate::text::{self, cursor, kana, romaji};

/// Most suggestions one request may ask for.
pub const MAX_TOP_K: usize = 64;
/// Grapheme clusters before the cursor that are looked at, however long the text.
pub const WINDOW_GRAPHEMES: usize = 48;
/// Longest fragment (characters) taken as the word being typed.
pub const MAX_FRAGMENT_CHARS: usize = 16;
/// At most this many candidate starts of the fragment are tried.
const MAX_STARTS: usize = 6;
/// A fragment whose best completion scores at least this has strong completions: shorter
/// suffixes of it then pay [`SUFFIX_PENALTY`] per character they leave out.
const STRONG_SCORE: f32 = 5.0;
/// Score a suffix's completion loses per typed character it ignores, when a longer fragment
/// has strong completions (れがし: し-words below レガシー).
const SUFFIX_PENALTY: f32 = 4.0;
/// Score given back to a start the analyzer finds likely: right after a particle or an
/// auxiliary (黒の|すにーかー).
const AFTER_PARTICLE_PRIOR: f32 = 2.5;

/// Score a romaji reading of Latin letters loses when the same letters match a Latin word.
const ROMAJI_SECOND: f32 = 2.0;

/// Where the word being typed may start: an offset into the window, and whether the
/// analyzer puts a particle or an auxiliary right before it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Start {
    at: usize,
    after_particle: bool,
    /// A character inside the trailing run that neither the analyzer nor a script change
    /// starts a word at: looked up only when the longer fragments leave the bar short.
    inner: bool,
}

/// A candidate start of a word, as [`Engine::word_starts`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordStart {
    /// Byte offset into the text.
    pub at: usize,
    /// Whether the analyzer puts a particle or an auxiliary right before it.
    pub after_particle: bool,
    /// A character inside the trailing run that neither the analyzer nor a script change
    /// starts a word at (looked up only when longer fragments leave the bar short).
    pub inner: bool,
}

/// The analysis results the engine uses at a cursor ([`Engine::word_starts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordStarts {
    /// Where the word being typed may start, longest fragment first.
    pub starts: Vec<WordStart>,
    /// Where the previous word (whose next words are offered) may start.
    pub previous: Vec<WordStart>,
}

/// One suggestion request.
///
/// `cursor` is a **UTF-8 byte offset** into `text` (the core's one unit). Bindings convert
/// from UTF-16 (Android `EditText`, iOS `NSRange`) with [`cursor::utf16_to_byte`]; the CLI
/// converts from characters with [`cursor::char_to_byte`].
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The field's whole text.
    pub text: &'a str,
    /// The cursor, a byte offset on a character boundary (snapped back to a grapheme start).
    pub cursor: usize,
    /// The field being typed.
    pub field: Field,
    /// How many suggestions to return (at most [`MAX_TOP_K`]).
    pub top_k: usize,
    /// Whether to offer words one slip away from a fragment of 3 or more characters
    /// (ないく → ナイキ), marked [`Suggestion::corrected`] and ranked below exact matches.
    pub typos: bool,
    /// The listing's selected category, a node id of the dictionary's category tree
    /// (`ladies/bags`, `mercari-category:20`) or the entity id of a category word naming
    /// a node (`cat_bags`): words tied to it, its ancestors or its descendants rank higher.
    /// An id the dictionary does not hold is ignored.
    pub category: Option<&'a str>,
    /// The listing's selected brand, an entity id (`mercari-brand:4161`, `supreme`): the
    /// brand itself and the words that follow it rank a little higher. An unknown id is
    /// ignored.
    pub brand: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A request for `text` with the cursor at its end, free field, top 10.
    pub fn new(text: &'a str) -> Self {
        Request {
            text,
            cursor: text.len(),
            field: Field::Free,
            top_k: 10,
            typos: true,
            category: None,
            brand: None,
        }
    }

    /// Sets the listing's selected category (a tree node id; see [`Request::category`]).
    pub fn category(mut self, category: Option<&'a str>) -> Self {
        self.category = category;
        self
    }

    /// Sets the listing's selected brand (an entity id; see [`Request::brand`]).
    pub fn brand(mut self, brand: Option<&'a str>) -> Self {
        self.brand = brand;
        self
    }

    /// Sets the cursor (byte offset).
    pub fn cursor(mut self, cursor: usize) -> Self {
        self.cursor = cursor;
        self
    }

    /// Sets the field.
    pub fn field(mut self, field: Field) -> Self {
        self.field = field;
        self
    }

    /// Sets how many suggestions to return.
    pub fn top_k(mut self, top_k: usize) -> Self {
        self.top_k = top_k;
        self
    }

    /// Turns typo correction on or off (on by default).
    pub fn typos(mut self, typos: bool) -> Self {
        self.typos = typos;
        self
    }
}

/// A byte range of the request's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced (the cursor).
    pub end: usize,
}

/// One suggestion: what to show, and what to replace when it is tapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The text to insert.
    pub surface: String,
    /// Its reading (hiragana; Latin-only entries give their folded spelling).
    pub reading: String,
    /// What it is.
    pub kind: Kind,
    /// Ranking score; only comparable within one answer.
    pub score: f32,
    /// The span of the request's text that the surface replaces (bytes).
    pub replace: Span,
    /// The canonical entity id (variants of one brand share it).
    pub entity: String,
    /// Whether it was found by correcting a slip in what was typed (ないく → ナイキ).
    pub corrected: bool,
    /// In the category field: the category-tree node the suggestion names
    /// (`ladies/bags/handbag`), the one nearest the selected category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// In the category field: the node's path, labels joined by ` > `
    /// (レディース > バッグ > ハンドバッグ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A blocked term found in the text, with the reason code the app can show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockedTerm {
    /// The blocked term as listed.
    pub surface: String,
    /// Its reason code (`counterfeit`, `prohibited`, …).
    pub reason: String,
    /// Where it stands in the request's text (bytes).
    pub span: Span,
}

/// Idle workers the engine keeps; more only exist while more threads query at once.
const MAX_IDLE_WORKERS: usize = 16;

/// Everything one suggestion request works in, reused from one request to the next so that
/// a keystroke allocates nothing once the buffers have grown (modelled on vibrato's
/// `Worker`).
///
/// [`Engine::suggest`] and [`Engine::suggest_into`] take one from the engine's small pool
/// (a mutex held only to take or return one, never during the work), so any thread may
/// call them. A caller with a thread of its own can keep a worker and call
/// [`Engine::suggest_with`], skipping the pool. A worker holds no dictionary data: it
/// serves any engine.
#[derive(Default)]
pub struct Worker {
    lookup: Lookup,
    starts: Vec<Start>,
    previous_starts: Vec<Start>,
    region: RegionScratch,
    found: Vec<Found>,
    /// Hits of the word before the cursor, for next-word predictions.
    previous_hits: Vec<Found>,
    rank: RankScratch,
    /// Suggestions taken back from earlier answers, whose strings are reused.
    spare: Vec<Suggestion>,
}

impl Worker {
    /// An empty worker (buffers grow on first use).
    pub fn new() -> Self {
        Worker::default()
    }

    /// Moves every suggestion of `out` into the spares, leaving `out` empty. In reverse, so
    /// that the next answer's first suggestion reuses this one's first (strings that fit).
    fn recycle(&mut self, out: &mut Vec<Suggestion>) {
        self.spare.extend(out.drain(..).rev());
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("spare_suggestions", &self.spare.len())
            .finish_non_exhaustive()
    }
}

/// Lookup buffers: the fst scratch, folded and converted keys, raw hits.
#[derive(Default)]
struct Lookup {
    scratch: Scratch,
    folded: String,
    conv: romaji::Conversion,
    key: String,
    hits: Vec<Hit>,
    corrected: Vec<Corrected>,
}

/// Buffers of [`Engine::fragment_starts`].
#[derive(Default)]
struct RegionScratch {
    tokens: Vec<Token>,
    token_starts: Vec<(usize, bool)>,
    latin: Vec<usize>,
}

/// Buffers of [`rank_found`].
#[derive(Default)]
struct RankScratch {
    /// Per hit: (score, entry shown, entity), None when it is not shown at all.
    scored: Vec<Option<(f32, u32, u32)>>,
    /// Per hit: its score without the history.
    unlearned: Vec<f32>,
    /// Per hit: whether it was tapped exactly once.
    once_learned: Vec<bool>,
    /// Best exact score per fragment start.
    exact_by_start: Vec<(usize, f32)>,
    latin_starts: Vec<usize>,
    /// Best (score, found index, entry shown) per entity.
    best: HashMap<u32, (f32, usize, u32)>,
    ranked: Vec<(f32, usize, u32)>,
    /// Entities of the words that follow the selected brand.
    brand_next: Vec<u32>,
    /// A decoded entity id.
    id: String,
    /// Decoded strings for a reading's length.
    tmp: String,
    tmp2: String,
}

/// Bytes a new suggestion's surface and reading have room for: most entries fit (21 kana),
/// so reused suggestions seldom grow.
const SLOT_CAPACITY: usize = 64;

/// A suggestion to fill: a spare one (its strings are reused) or a new one.
fn slot(spare: &mut Vec<Suggestion>) -> Suggestion {
    spare.pop().unwrap_or_else(|| Suggestion {
        surface: String::with_capacity(SLOT_CAPACITY),
        reading: String::with_capacity(SLOT_CAPACITY),
        kind: Kind::Item,
        score: 0.0,
        replace: Span { start: 0, end: 0 },
        entity: String::with_capacity(SLOT_CAPACITY / 2),
        corrected: false,
        category: None,
        path: None,
    })
}

/// The suggestion engine: an analyzer and a swappable dictionary. `Send + Sync`; share one.
pub struct Engine {
    dict: RwLock<Arc<Dictionary<Bytes>>>,
    analyzer: Analyzer,
    history: SharedHistory,
    workers: Mutex<Vec<Worker>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dictionary", &*self.dictionary())
            .finish_non_exhaustive()
    }
}

/// A hit with what the ranker needs about where it matched.
struct Found {
    hit: Hit,
    start: usize,
    typed_chars: usize,
    kana_input: bool,
    literal_latin: bool,
    /// For a next-word prediction, how often it follows the previous word.
    next_count: Option<u32>,
    /// For a typo correction, what kind of slip it corrects.
    corrected: Option<Slip>,
    /// Whether the hit came from reading Latin letters as romaji.
    romaji: bool,
}

impl Engine {
    /// An engine over `dict`, with an in-memory history.
    pub fn new(dict: Dictionary<Bytes>) -> Result<Self> {
        Engine::with_history(dict, HistoryConfig::default())
    }

    /// An engine over `dict` whose user history follows `history` (loaded from its file
    /// when there is one).
    pub fn with_history(dict: Dictionary<Bytes>, history: HistoryConfig) -> Result<Self> {
        Ok(Engine {
            dict: RwLock::new(Arc::new(dict)),
            analyzer: Analyzer::new()?,
            history: SharedHistory::load(history)?,
            workers: Mutex::new(Vec::with_capacity(MAX_IDLE_WORKERS)),
        })
    }

    /// Remembers that the user took `suggestion`, so it ranks higher next time (and persists
    /// the history when it has a file). Does nothing while learning is off.
    ///
    /// Queries never wait for it: they read a snapshot of the history, swapped on every
    /// change, and the file is written and synced outside any lock a query takes.
    pub fn record_acceptance(&self, suggestion: &Suggestion) -> Result<()> {
        self.history.record(&suggestion.entity, &suggestion.surface)
    }

    /// Forgets one learned word (by its entity id, [`Suggestion::entity`]): it ranks as if
    /// never tapped. Returns whether it had been learned.
    pub fn forget(&self, entity: &str) -> Result<bool> {
        self.history.forget(entity)
    }

    /// Forgets the user's history and deletes its file.
    pub fn clear_history(&self) -> Result<()> {
        self.history.clear()
    }

    /// Turns learning from the user's acceptances on or off (off: nothing is recorded and
    /// the history does not affect ranking).
    pub fn set_learning(&self, enabled: bool) {
        self.history.set_enabled(enabled);
    }

    /// Whether learning is on.
    pub fn learning(&self) -> bool {
        self.history.snapshot().enabled()
    }

    /// An engine over the embedded default dictionary (feature `embedded-dictionary`).
    #[cfg(feature = "embedded-dictionary")]
    pub fn embedded() -> Result<Self> {
        Engine::new(Dictionary::embedded()?)
    }

    /// The dictionary currently serving.
    pub fn dictionary(&self) -> Arc<Dictionary<Bytes>> {
        Arc::clone(&self.dict.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replaces the dictionary atomically: queries running now finish on the old one,
    /// later ones use the new one. Returns the old one.
    pub fn swap(&self, dict: Dictionary<Bytes>) -> Arc<Dictionary<Bytes>> {
        let mut guard = self.dict.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *guard, Arc::new(dict))
    }

    /// Checks `bytes` and, only if they are a valid dictionary, swaps them in. On error the
    /// current dictionary keeps serving.
    pub fn swap_bytes(&self, bytes: Vec<u8>) -> Result<()> {
        let dict = Dictionary::from_vec(bytes)?;
        dict.validate()?;
        self.swap(dict);
        Ok(())
    }

    /// The analyzer.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Runs `f` with a worker from the pool (a new one when all are busy), then returns it.
    fn with_worker<R>(&self, f: impl FnOnce(&mut Worker) -> R) -> R {
        let lock = || self.workers.lock().unwrap_or_else(|e| e.into_inner());
        let mut worker = lock().pop().unwrap_or_default();
        let result = f(&mut worker);
        let mut idle = lock();
        if idle.len() < MAX_IDLE_WORKERS {
            idle.push(worker);
        }
        result
    }

    /// Suggestions for the word being typed before the cursor, best first.
    ///
    /// Errors: the cursor past the end or inside a UTF-8 sequence, `top_k` above
    /// [`MAX_TOP_K`]. A cursor inside a grapheme cluster (between an emoji and its modifier)
    /// is snapped back to the cluster's start. Work is bounded by [`WINDOW_GRAPHEMES`],
    /// whatever the text's length.
    ///
    /// The answer's vector and strings are the only allocations; [`Engine::suggest_into`]
    /// reuses those too.
    pub fn suggest(&self, req: &Request<'_>) -> Result<Vec<Suggestion>> {
        let mut out = Vec::new();
        self.suggest_into(req, &mut out)?;
        Ok(out)
    }

    /// [`Engine::suggest`] into `out`, whose suggestions (and their strings) are reused for
    /// the answer: with a vector kept from one keystroke to the next, a keystroke allocates
    /// nothing once the buffers have grown. `out` is overwritten (left empty on error).
    pub fn suggest_into(&self, req: &Request<'_>, out: &mut Vec<Suggestion>) -> Result<()> {
        self.with_worker(|worker| self.suggest_with(worker, req, out))
    }

    /// [`Engine::suggest_into`] with a worker the caller keeps (one per thread), without
    /// the engine's pool.
    pub fn suggest_with(
        &self,
        worker: &mut Worker,
        req: &Request<'_>,
        out: &mut Vec<Suggestion>,
    ) -> Result<()> {
        worker.recycle(out);
        let cursor = cursor::check(req.text, req.cursor)?;
        if req.top_k > MAX_TOP_K {
            return Err(Error::InvalidRequest(format!(
                "top_k {} is above the maximum {MAX_TOP_K}",
                req.top_k
            )));
        }
        if req.top_k == 0 {
            return Ok(());
        }
        let ws = cursor::window_start(req.text, cursor, WINDOW_GRAPHEMES);
        let window = &req.text[ws..cursor];
        let dict = self.dictionary();
        // With a category selected, its words may be lighter than the bar's usual
        // candidates: look deeper so the category bonus has them to lift.
        let n = match req.category.is_some() && !dict.categories().is_empty() {
            true => CONTEXT_CANDIDATES,
            false => (req.top_k * 3).clamp(10, TOP_LIST_LEN),
        };
        let Worker {
            lookup: lk,
            starts,
            previous_starts,
            region,
            found,
            previous_hits,
            rank,
            spare,
        } = worker;
        found.clear();
        let previous_len = self.window_starts(window, region, starts, previous_starts)?;
        let previous = &window[..previous_len];
        let typed_out = previous.len() < window.len();
        for start in starts.iter() {
            // An inner start of the run fills in only a bar the longer fragments left
            // short (their strong completions would outrank it anyway).
            if start.inner && found.len() >= n {
                continue;
            }
            let at = start.at;
            lookup(&dict, &window[at..], at, n, only_kind(req.field), lk, found);
        }
        if let (true, Some(first)) = (req.typos, starts.first()) {
            // Corrections fill in after what matches as typed: none are needed when the
            // fragment is a word as typed or already has a few completions of its own.
            let run = first.at + trailing_run_start(&window[first.at..]);
            let own = found
                .iter()
                .filter(|f| f.start == run && (f.hit.weight >= MIN_OWN_WEIGHT || f.hit.exact));
            let (count, exact) = own.fold((0, false), |(n, e), f| (n + 1, e || f.hit.exact));
            if count < MIN_OWN_COMPLETIONS && !exact {
                corrections(&dict, &window[run..], run, lk, found);
            }
        }
        for start in previous_starts.iter() {
            let word = &previous[start.at..];
            if next_words(
                &dict,
                word,
                typed_out,
                window.len(),
                lk,
                previous_hits,
                found,
            ) {
                break;
            }
        }
        {
            let history = self.history.snapshot();
            let history = (!history.is_empty() && history.enabled()).then_some(&*history);
            let ranked = rank_found(
                &dict, found, starts, req, ws, cursor, history, rank, spare, out,
            );
            if let Err(e) = ranked {
                spare.append(out);
                return Err(e);
            }
        }
        if let Some(start) = starts.last() {
            // Units follow a number, not a model number (着丈65 → 65cm; iphone12 → nothing).
            let run = start.at + trailing_run_start(&window[start.at..]);
            if !window[run..].starts_with(|c: char| c.is_alphabetic()) {
                units(&window[run..], ws + run, cursor, spare, out);
            }
        }
        if out.len() > req.top_k {
            spare.extend(out.drain(req.top_k..).rev());
        }
        Ok(())
    }

    /// Blocked terms (prohibited or counterfeit words) that end in the text before the
    /// cursor, with their reason codes, so the app can warn the seller. Bounded like
    /// [`Engine::suggest`]: only the window before the cursor is examined.
    pub fn blocked_terms(&self, req: &Request<'_>) -> Result<Vec<BlockedTerm>> {
        let cursor = cursor::check(req.text, req.cursor)?;
        let ws = cursor::window_start(req.text, cursor, WINDOW_GRAPHEMES);
        let window = &req.text[ws..cursor];
        let dict = self.dictionary();
        let mut out: Vec<BlockedTerm> = Vec::new();
        let mut keys = Vec::new();
        self.with_worker(|worker| -> Result<()> {
            let scratch = &mut worker.lookup.scratch;
            for (start, c) in window.char_indices() {
                // A term starts on a character that counts (not a space or a dropped dot).
                if c.is_whitespace() || c == '・' {
                    continue;
                }
                let rest = &window[start..];
                let folded = text::fold(rest);
                keys.clear();
                dict.keys_prefixing(KeySpace::Surface, &folded, scratch, &mut keys);
                dict.keys_prefixing(KeySpace::Reading, &folded, scratch, &mut keys);
                for &(entry, key_len) in &keys {
                    let entry = dict.entry(entry)?;
                    if !entry.is_blocked() {
                        continue;
                    }
                    let reason = dict.entity_id(entry.entity)?;
                    let end = original_end(rest, key_len);
                    let term = BlockedTerm {
                        surface: entry.surface.to_string(),
                        reason: reason.trim_start_matches('!').to_string(),
                        span: Span {
                            start: ws + start,
                            end: ws + start + end,
                        },
                    };
                    if !out.contains(&term) {
                        out.push(term);
                    }
                }
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// What the analysis of the window gives the engine: where the word being typed may
    /// start (`starts`), and where the previous word — whose next words are offered — may
    /// start (`previous_starts`). Returns the previous word's end in `window`: the window,
    /// or the window without the spaces that end it.
    fn window_starts(
        &self,
        window: &str,
        region: &mut RegionScratch,
        starts: &mut Vec<Start>,
        previous_starts: &mut Vec<Start>,
    ) -> Result<usize> {
        self.fragment_starts(window, region, starts)?;
        // The word just before the cursor (typed to its end), or before the spaces that end
        // the window: its next words are offered as insertions at the cursor.
        let previous = match starts.first() {
            Some(_) => window,
            None => window.trim_end_matches(|c: char| c.is_whitespace()),
        };
        previous_starts.clear();
        match starts.first() {
            // A word typed to its end is at least two characters, or the whole fragment.
            Some(_) => previous_starts.extend(
                starts
                    .iter()
                    .enumerate()
                    .filter(|&(i, s)| i == 0 || window[s.at..].chars().nth(1).is_some())
                    .map(|(_, s)| *s),
            ),
            None if previous.len() < window.len() => {
                self.fragment_starts(previous, region, previous_starts)?
            }
            None => {}
        }
        Ok(previous.len())
    }

    /// The analysis results [`Engine::suggest`] uses at `cursor` (UTF-8 bytes) in `text`:
    /// the candidate starts of the word being typed and of the previous word, as byte
    /// offsets into `text`. For inspection and for measuring one analyzer against another
    /// (`ichiba analyzer compare`); it allocates.
    ///
    /// # Errors
    ///
    /// The cursor past the end or inside a UTF-8 sequence.
    pub fn word_starts(&self, text: &str, cursor: usize) -> Result<WordStarts> {
        let cursor = cursor::check(text, cursor)?;
        let ws = cursor::window_start(text, cursor, WINDOW_GRAPHEMES);
        let window = &text[ws..cursor];
        let (mut starts, mut previous) = (Vec::new(), Vec::new());
        self.with_worker(|w| {
            self.window_starts(window, &mut w.region, &mut starts, &mut previous)
        })?;
        let public = |s: &Start| WordStart {
            at: ws + s.at,
            after_particle: s.after_particle,
            inner: s.inner,
        };
        Ok(WordStarts {
            starts: starts.iter().map(public).collect(),
            previous: previous.iter().map(public).collect(),
        })
    }

    /// Where the word being typed may start, longest fragment first.
    ///
    /// Candidates: the start of the word region (back to whitespace or punctuation, at most
    /// [`MAX_FRAGMENT_CHARS`]), the start of its trailing run of one script and every
    /// character inside that run that can begin a word (電子ピアノ|か|ば|ー: かばー and ばー),
    /// the analyzer's word starts and script changes (シュプ|sup). The analyzer only ranks
    /// starts (after a particle is likelier); it never removes the run's start, which a
    /// particle-looking kana (か, は, た) would otherwise hide. At most [`MAX_STARTS`].
    fn fragment_starts(
        &self,
        window: &str,
        rs: &mut RegionScratch,
        starts: &mut Vec<Start>,
    ) -> Result<()> {
        starts.clear();
        let region = word_region(window);
        if region == window.len() {
            return Ok(());
        }
        let word = &window[region..];
        starts.push(Start {
            at: region,
            after_particle: false,
            inner: false,
        });
        if !word.is_ascii() {
            let run = trailing_run_start(word);
            let tokens = &mut rs.tokens;
            self.analyzer.tokenize(word, tokens)?;
            let mut after_prefix = false;
            let mut after_particle = false;
            let token_starts = &mut rs.token_starts;
            token_starts.clear();
            for t in tokens.iter() {
                // A word starts at a token, not inside a particle or an auxiliary, and not
                // right after a prefix (ご|ら is ご覧 being typed).
                let function_word = matches!(
                    t.pos,
                    Pos::Particle | Pos::Auxiliary | Pos::Symbol | Pos::Whitespace
                );
                if t.start > 0 && t.start < word.len() && !function_word && !after_prefix {
                    token_starts.push((t.start, after_particle));
                }
                after_prefix = t.pos == Pos::Prefix;
                after_particle = matches!(t.pos, Pos::Particle | Pos::Auxiliary);
            }
            let push = |starts: &mut Vec<Start>, at: usize, after_particle: bool, inner: bool| {
                if at < word.len() && !starts.iter().any(|s| s.at == region + at) {
                    starts.push(Start {
                        at: region + at,
                        after_particle,
                        inner,
                    });
                }
            };
            push(starts, run, false, false);
            for &(at, after) in token_starts.iter() {
                push(starts, at, after, false);
            }
            // Script changes start words too (シュプ|sup), whatever the tokenizer says.
            let mut prev = None;
            for (i, c) in word.char_indices() {
                let s = kana::script(c);
                if prev.is_some_and(|p| p != s && is_word_script_change(p, s)) {
                    push(starts, i, false, false);
                }
                prev = Some(s);
            }
            // Then every other character of a trailing kana or kanji run that can begin a
            // word, longest fragment first, while there is room (not inside 65 or iphone).
            for (i, c) in word[run..].char_indices() {
                if starts.len() >= MAX_STARTS
                    || matches!(kana::script(c), kana::Script::Latin | kana::Script::Digit)
                {
                    break;
                }
                // A one-character suffix only where the analyzer starts a word there.
                let rest = &word[run + i..];
                if can_begin_word(c) && rest.chars().nth(1).is_some() {
                    push(starts, run + i, false, true);
                }
            }
        }
        // A Latin word after Latin words completes the multi-word name as typed, in order
        // (nintendo sw → Nintendo Switch, north f → THE NORTH FACE): keys have no spaces.
        if word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'&')
        {
            latin_words_before(window, region, &mut rs.latin);
            for &at in rs.latin.iter() {
                starts.push(Start {
                    at,
                    after_particle: false,
                    inner: false,
                });
            }
        }
        starts.sort_unstable_by_key(|s| s.at);
        if starts.len() > MAX_STARTS {
            // Keep the whole region and the shortest candidates (nearest the cursor).
            starts.drain(1..starts.len() - (MAX_STARTS - 1));
        }
        Ok(())
    }
}

/// Where the word region before the end of `window` begins: back to whitespace or breaking
/// punctuation, at most [`MAX_FRAGMENT_CHARS`] characters. `window.len()` when there is none.
fn word_region(window: &str) -> usize {
    let mut region = window.len();
    for (chars, (i, c)) in window.char_indices().rev().enumerate() {
        // A decimal point between digits belongs to the number (26.5cm).
        let decimal = matches!(c, '.' | '．')
            && window[..i].ends_with(|d: char| d.is_ascii_digit())
            && window[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
        if c.is_whitespace() || (is_break(c) && !decimal) || chars == MAX_FRAGMENT_CHARS {
            break;
        }
        region = i;
    }
    region
}

/// Longest multi-word Latin fragment, in characters.
const MAX_LATIN_PHRASE_CHARS: usize = 24;
/// At most this many Latin words before the one being typed join it.
const MAX_LATIN_WORDS_BEFORE: usize = 2;

/// Whether `word` is ASCII letters and digits with at least one letter.
fn is_latin_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'&')
        && word.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Starts of the Latin words (each followed by one space) right before `region`, nearest
/// first, into `out` (cleared first): `new bal` gives the start of `new`.
fn latin_words_before(window: &str, region: usize, out: &mut Vec<usize>) {
    out.clear();
    let mut end = region;
    while out.len() < MAX_LATIN_WORDS_BEFORE {
        let Some(before) = window[..end].strip_suffix(' ') else {
            break;
        };
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '&'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[start..];
        if !is_latin_word(word) || window[start..].chars().count() > MAX_LATIN_PHRASE_CHARS {
            break;
        }
        out.push(start);
        end = start;
    }
}

/// Where the trailing run of one script of `word` begins (a byte offset). The long-vowel
/// mark joins the kana before it (かばー is one hiragana run); Latin letters and digits are one
/// run (iphone12).
fn trailing_run_start(word: &str) -> usize {
    use kana::Script;
    let class = |c: char| match kana::script(c) {
        Script::Digit => Script::Latin,
        s => s,
    };
    let mut run_class = None;
    let mut start = word.len();
    for (i, c) in word.char_indices().rev() {
        let joins = kana::is_long_vowel_mark(c) && run_class.is_none_or(|r| r != Script::Kanji);
        let cls = class(c);
        match run_class {
            None if joins => {}
            None => run_class = Some(cls),
            Some(_) if joins => {}
            Some(r) if r == cls => {}
            Some(_) => break,
        }
        start = i;
    }
    start
}

/// Whether a word can begin with `c`: not the long-vowel mark, a small kana or ん/ン.
fn can_begin_word(c: char) -> bool {
    !kana::is_long_vowel_mark(c)
        && !matches!(
            c,
            'ぁ' | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ゎ'
                | 'ん'
                | 'ァ'
                | 'ィ'
                | 'ゥ'
                | 'ェ'
                | 'ォ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ヮ'
                | 'ン'
        )
}

/// Punctuation that ends a word: what comes after it starts a new one.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | ','
            | '.'
            | '!'
            | '?'
            | '！'
            | '？'
            | '「'
            | '」'
            | '『'
            | '』'
            | '('
            | ')'
            | '（'
            | '）'
            | '【'
            | '】'
            | '['
            | ']'
            | '"'
            | '“'
            | '”'
            | '…'
            | ':'
            | ';'
            | '：'
            | '；'
            | '/'
            | '／'
            | '|'
            | '｜'
            | '#'
            | '＃'
    )
}

fn is_word_script_change(prev: kana::Script, next: kana::Script) -> bool {
    use kana::Script::*;
    matches!(
        (prev, next),
        (Latin | Digit, Hiragana | Katakana | Kanji) | (Hiragana | Katakana | Kanji, Latin)
    )
}

/// Looks `fragment` up in every way it could be meant and appends the hits to `found`.
/// The one kind a field offers: the brand field offers brands only.
fn only_kind(field: Field) -> Option<Kind> {
    match field {
        Field::Brand => Some(Kind::Brand),
        Field::Category => Some(Kind::Category),
        _ => None,
    }
}

/// Candidates looked up per fragment when a category is selected (otherwise at most
/// [`TOP_LIST_LEN`]).
const CONTEXT_CANDIDATES: usize = 160;

/// Most tree levels between the selected category and a word's for the word to gain.
const MAX_CATEGORY_LEVELS: u32 = 3;

/// What the form context adds to a word of entity `entity`: its strongest category link
/// near the selected node ([`rank::category_bonus`]), and the brand bonus when it is the
/// selected brand or follows it.
fn context_bonus(
    tree: &CategoryTree<'_>,
    selected: Option<u32>,
    brand: Option<u32>,
    brand_next: &[u32],
    entity: u32,
) -> f32 {
    let mut bonus = 0.0f32;
    if let Some(node) = selected {
        for (linked, strength) in tree.links(entity) {
            if let Some(levels) = tree.distance(node, linked)
                && levels <= MAX_CATEGORY_LEVELS
            {
                bonus = bonus.max(rank::category_bonus(strength, levels));
            }
        }
    }
    if brand == Some(entity) {
        bonus += rank::BRAND_BONUS;
    } else if brand.is_some() && brand_next.contains(&entity) {
        bonus += rank::BRAND_RELATED_BONUS;
    }
    bonus
}

/// The node a category word names (a link of full strength): the one nearest the selected
/// node, else the shallowest (バッグ: レディース > バッグ, not a bag node three levels down).
fn category_node(tree: &CategoryTree<'_>, entity: u32, selected: Option<u32>) -> Option<u32> {
    let own = tree
        .links(entity)
        .filter(|&(_, s)| s == u8::MAX)
        .map(|(n, _)| n);
    let depth = |n: u32| tree.depth(n).unwrap_or(usize::MAX) as u32;
    match selected {
        Some(sel) => own.min_by_key(|&n| (tree.distance(sel, n).unwrap_or(u32::MAX), depth(n))),
        None => own.min_by_key(|&n| depth(n)),
    }
}

fn lookup(
    dict: &Dictionary<Bytes>,
    fragment: &str,
    start: usize,
    n: usize,
    only: Option<Kind>,
    lk: &mut Lookup,
    found: &mut Vec<Found>,
) {
    let Lookup {
        scratch,
        folded,
        conv,
        key,
        hits,
        ..
    } = lk;
    folded.clear();
    text::fold_into(fragment, folded);
    if folded.is_empty() {
        return;
    }
    hits.clear();
    let romaji_input = romaji::is_romaji_input(folded);
    let mut push = |hits: &mut Vec<Hit>, typed: usize, kana_input: bool, literal: bool| {
        for hit in hits.drain(..) {
            found.push(Found {
                hit,
                start,
                typed_chars: typed,
                kana_input,
                literal_latin: literal,
                next_count: None,
                corrected: None,
                romaji: romaji_input && kana_input,
            });
        }
    };
    if romaji_input {
        let typed = folded.chars().count();
        dict.top_k_of(KeySpace::Surface, folded, n, only, scratch, hits);
        push(hits, typed, false, true);
        romaji::to_kana_into(folded, conv);
        if !all_kana(&conv.kana) {
            return;
        }
        if conv.pending.is_empty() {
            dict.top_k_of(KeySpace::Reading, &conv.kana, n, only, scratch, hits);
            push(hits, conv.kana.chars().count(), true, false);
        } else {
            let typed = conv.kana.chars().count() + 1;
            for s in romaji::pending_starts(&conv.pending) {
                key.clear();
                key.push_str(&conv.kana);
                key.push_str(s);
                dict.top_k_of(KeySpace::Reading, key, n, only, scratch, hits);
                push(hits, typed, true, false);
            }
        }
    } else {
        let typed = folded.chars().count();
        let kana_input = folded.chars().any(kana::is_kana);
        if all_kana(folded) {
            dict.top_k_of(KeySpace::Reading, folded, n, only, scratch, hits);
            push(hits, typed, kana_input, false);
        }
        dict.top_k_of(KeySpace::Surface, folded, n, only, scratch, hits);
        push(hits, typed, kana_input, false);
    }
}

/// A fragment with this many completions of its own (or an exact match) is not corrected.
const MIN_OWN_COMPLETIONS: usize = 3;

/// Completions lighter than this do not count as a fragment's own ([`MIN_OWN_COMPLETIONS`]):
/// a long tail of rare words (a marketplace's master lists thousands of brands no one has
/// weighed) must not keep the word the seller meant, one slip away, off the bar
/// (cele → CELINE beside CELEC, CELEB …). They still rank as found.
const MIN_OWN_WEIGHT: u32 = 50;

/// Completions per corrected prefix of a fragment.
const CORRECTIONS_PER_PREFIX: usize = 3;

/// Appends the words one slip away from `fragment` (3 characters or more): in the readings
/// for kana (or romaji, converted), in the surfaces for Latin.
fn corrections(
    dict: &Dictionary<Bytes>,
    fragment: &str,
    start: usize,
    lk: &mut Lookup,
    found: &mut Vec<Found>,
) {
    let Lookup {
        scratch,
        folded,
        conv,
        corrected,
        ..
    } = lk;
    folded.clear();
    text::fold_into(fragment, folded);
    let mut keys: [Option<(KeySpace, &str, bool)>; 2] = [None, None];
    if all_kana(folded) {
        keys[0] = Some((KeySpace::Reading, folded.as_str(), true));
    } else if romaji::is_romaji_input(folded) {
        // Latin letters: a Latin word first, then their romaji reading.
        romaji::to_kana_into(folded, conv);
        keys[0] = Some((KeySpace::Surface, folded.as_str(), false));
        if conv.pending.is_empty() && all_kana(&conv.kana) {
            keys[1] = Some((KeySpace::Reading, conv.kana.as_str(), true));
        }
    } else {
        return;
    }
    for (space, key, kana_input) in keys.into_iter().flatten() {
        let typed = key.chars().count();
        corrected.clear();
        dict.corrections(space, key, CORRECTIONS_PER_PREFIX, scratch, corrected);
        found.extend(corrected.drain(..).map(|c| Found {
            hit: c.hit,
            start,
            typed_chars: typed,
            kana_input,
            literal_latin: false,
            next_count: None,
            corrected: Some(c.edit.slip()),
            romaji: false,
        }));
    }
}

/// If `word` is a dictionary word typed to its end — followed by a space (`typed_out`), or
/// written exactly as the entry is (ナイキ, NIKE; not the composing kana ないき) —, appends the
/// words that follow it (as insertions at `at`, an offset into the window) and returns true.
/// `hits` is scratch for the word's own hits.
fn next_words(
    dict: &Dictionary<Bytes>,
    word: &str,
    typed_out: bool,
    at: usize,
    lk: &mut Lookup,
    hits: &mut Vec<Found>,
    found: &mut Vec<Found>,
) -> bool {
    hits.clear();
    lookup(dict, word, 0, 8, None, lk, hits);
    let Some(prev) = hits
        .iter()
        .filter(|f| f.hit.exact)
        .filter_map(|f| dict.entry_ref(f.hit.entry).ok())
        .filter(|e| !e.is_blocked() && (typed_out || e.surface.eq_str(word)))
        .max_by_key(|e| (e.weight, std::cmp::Reverse(e.index)))
    else {
        return false;
    };
    let before = found.len();
    for (entry, count) in dict.next_words(prev.entity) {
        found.push(Found {
            hit: Hit {
                entry,
                weight: dict.weight(entry),
                exact: false,
                space: KeySpace::Reading,
            },
            start: at,
            typed_chars: 0,
            kana_input: true,
            literal_latin: false,
            next_count: Some(count),
            corrected: None,
            romaji: false,
        });
    }
    found.len() > before
}

/// Counter words a typed number may go on with, and what they are read as: the engine
/// offers `27cm`, `3000円` … after a typed number, surfaces no dictionary row holds.
pub const UNITS: [(&str, &str); 6] = [
    ("cm", "せんち"),
    ("円", "えん"),
    ("枚", "まい"),
    ("点", "てん"),
    ("個", "こ"),
    ("巻", "かん"),
];

/// Offers units after a typed number (27 → 27cm, 3000 → 3000円), most plausible first:
/// halves and 10–299 as centimetres (sizes, measurements) or volumes, 300 and more as yen,
/// below 10 as counters (枚, 点, 個, 巻). New suggestions reuse the strings of `spare` ones.
fn units(
    fragment: &str,
    start: usize,
    cursor: usize,
    spare: &mut Vec<Suggestion>,
    out: &mut Vec<Suggestion>,
) {
    let digits = fragment.trim_start_matches(|c: char| !c.is_ascii_digit());
    let Ok(n) = digits.parse::<f64>() else {
        return;
    };
    if digits.is_empty()
        || digits.len() > 7
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return;
    }
    let whole = n.fract() == 0.0;
    let order: &[usize] = match n {
        _ if !whole => &[0],
        n if n >= 300.0 => &[1],
        n if n >= 10.0 => &[0, 5],
        _ => &[2, 3, 4, 5],
    };
    let start = start + (fragment.len() - digits.len());
    for (rank, &u) in order.iter().enumerate() {
        let (unit, reading) = UNITS[u];
        let is_surface = |s: &str| {
            s.len() == digits.len() + unit.len() && s.starts_with(digits) && s.ends_with(unit)
        };
        if out.iter().any(|s| is_surface(&s.surface)) {
            continue;
        }
        let score = 10.0 - rank as f32 * 0.5;
        let at = out.partition_point(|s| s.score >= score);
        let mut s = slot(spare);
        s.surface.clear();
        s.surface.push_str(digits);
        s.surface.push_str(unit);
        s.reading.clear();
        s.reading.push_str(digits);
        s.reading.push_str(reading);
        s.kind = Kind::Attribute;
        s.score = score;
        s.replace = Span { start, end: cursor };
        s.entity.clear();
        s.entity.push_str("unit:");
        s.entity.push_str(unit);
        s.corrected = false;
        (s.category, s.path) = (None, None);
        out.insert(at, s);
    }
}

/// Byte length of the shortest prefix of `text` whose folded form is `folded_len` bytes
/// long (or all of `text`).
fn original_end(text: &str, folded_len: usize) -> usize {
    let mut buf = String::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        buf.clear();
        text::fold_into(&text[..end], &mut buf);
        if buf.len() >= folded_len {
            return end;
        }
    }
    text.len()
}

/// Whether a folded fragment can be (a prefix of) a reading key.
fn all_kana(s: &str) -> bool {
    text::is_reading(s) || (!s.is_empty() && s.chars().all(kana::is_long_vowel_mark))
}

/// The entry to show for a hit. A brand is shown in its main form in the script being typed
/// (しゅぷ or シュプ → シュプリーム, びとん → ルイ・ヴィトン, LV → Louis Vuitton): its variants are
/// abbreviations and misspellings people type, not what they want in the listing. Other
/// kinds keep the form that matched (くろ → 黒, not ブラック).
fn shown_form<'d>(dict: &'d Dictionary<Bytes>, f: &Found) -> Result<EntryRef<'d>> {
    let entry = dict.entry_ref(f.hit.entry)?;
    if entry.kind != Kind::Brand || f.next_count.is_some() {
        return Ok(entry);
    }
    let (japanese, latin) = dict.main_forms(entry.entity)?;
    let main = match f.kana_input {
        true => japanese.or(latin),
        false => latin.or(japanese),
    };
    match main {
        Some(m) if m != entry.index => dict.entry_ref(m),
        _ => Ok(entry),
    }
}

/// What a corrected completion loses against one matching what was typed.
fn correction_penalty(slip: Slip) -> f32 {
    match slip {
        Slip::Mark => 2.0,
        Slip::Flick => 2.5,
        Slip::Other => 4.0,
    }
}

/// Scores every hit, keeps the best per entity and per surface, and appends the top k to
/// `out` (filling `spare` suggestions first).
///
/// Hits of a shorter suffix lose [`SUFFIX_PENALTY`] per character they ignore when a longer
/// fragment has strong completions (a start after a particle gets [`AFTER_PARTICLE_PRIOR`]
/// back): the whole fragment's words come first, a suffix's only where the whole has none
/// or only weak ones.
#[allow(clippy::too_many_arguments)]
fn rank_found(
    dict: &Dictionary<Bytes>,
    found: &[Found],
    starts: &[Start],
    req: &Request<'_>,
    ws: usize,
    cursor: usize,
    history: Option<&HistorySnapshot>,
    rs: &mut RankScratch,
    spare: &mut Vec<Suggestion>,
    out: &mut Vec<Suggestion>,
) -> Result<()> {
    let RankScratch {
        scored,
        unlearned,
        once_learned,
        exact_by_start,
        latin_starts,
        best,
        ranked,
        brand_next,
        id,
        tmp,
        tmp2,
    } = rs;
    let fragment_chars = |f: &Found| req.text[ws + f.start..cursor].chars().count();
    let tree = dict.categories();
    let selected = req.category.and_then(|id| {
        tree.find(id)
            .or_else(|| category_node(&tree, dict.entity_by_id(id)?, None))
    });
    let brand = req.brand.and_then(|id| dict.entity_by_id(id));
    brand_next.clear();
    if let Some(b) = brand {
        for (entry, _) in dict.next_words(b) {
            brand_next.push(dict.entry_ref(entry)?.entity);
        }
    }
    scored.clear();
    unlearned.clear();
    once_learned.clear();
    // The longest fragment with a strong completion, in characters.
    let mut anchor = 0;
    for f in found {
        let entry = dict.entry_ref(f.hit.entry)?;
        if entry.is_blocked() || only_kind(req.field).is_some_and(|k| entry.kind != k) {
            scored.push(None);
            unlearned.push(0.0);
            once_learned.push(false);
            continue;
        }
        let shown = shown_form(dict, f)?;
        // Offering exactly what is already typed would change nothing.
        if f.next_count.is_none()
            && req
                .text
                .get(ws + f.start..cursor)
                .is_some_and(|typed| shown.surface.eq_str(typed))
        {
            scored.push(None);
            unlearned.push(0.0);
            once_learned.push(false);
            continue;
        }
        let key_chars = match f.hit.space {
            KeySpace::Reading => dict.reading_chars(&entry, tmp2, tmp)?,
            KeySpace::Surface => entry.surface.char_count(),
        };
        let (learned, taps) = match history {
            Some(h) => {
                let entity = dict.entity_id_ref(entry.entity)?;
                let entity = match entity.as_str() {
                    Some(e) => e,
                    None => {
                        id.clear();
                        entity.push_to(id);
                        id.as_str()
                    }
                };
                h.bonus_and_count(entity)
            }
            None => (0.0, 0),
        };
        let score = learned
            + match f.next_count {
                Some(count) => rank::next_word_score(f.hit.weight, count),
                None => rank::score(&Features {
                    weight: f.hit.weight,
                    kind: entry.kind,
                    key_chars,
                    typed_chars: f.typed_chars,
                    exact: f.hit.exact,
                    literal_latin: f.literal_latin,
                    latin_surface: entry.surface.is_ascii(),
                    kana_input: f.kana_input,
                    field: req.field,
                }),
            }
            + match (selected.is_some() || brand.is_some(), f.next_count) {
                (true, None) => context_bonus(&tree, selected, brand, brand_next, entry.entity),
                _ => 0.0,
            };
        if f.next_count.is_none() {
            let penalty = f.corrected.map_or(0.0, correction_penalty);
            if score - learned - penalty >= STRONG_SCORE {
                anchor = anchor.max(fragment_chars(f));
            }
        }
        scored.push(Some((score, shown.index, entry.entity)));
        once_learned.push(taps == 1 && !f.hit.exact && f.next_count.is_none());
        unlearned.push(score - learned);
    }
    // One tap never lifts a completion above an exact match of what is typed (a phrase
    // taken once must not hide the word itself); from the second tap on it may.
    exact_by_start.clear();
    for ((f, s), &raw) in found.iter().zip(scored.iter()).zip(unlearned.iter()) {
        if s.is_some() && f.hit.exact && f.corrected.is_none() && f.next_count.is_none() {
            match exact_by_start.iter_mut().find(|(at, _)| *at == f.start) {
                Some((_, e)) => *e = e.max(raw),
                None => exact_by_start.push((f.start, f32::NEG_INFINITY.max(raw))),
            }
        }
    }
    for (i, f) in found.iter().enumerate() {
        let exact = exact_by_start
            .iter()
            .find(|(at, _)| *at == f.start)
            .map(|(_, e)| *e);
        if let (true, Some((score, _, _)), Some(exact)) =
            (once_learned[i], scored[i].as_mut(), exact)
            && unlearned[i] < exact
        {
            *score = score.min(exact - 0.05);
        }
    }
    // Corrections fill in after the exact matches and the strong completions of the fragment
    // they correct, never above them: a rare word typed exactly is never buried. The long
    // tail of unweighed words ([`MIN_OWN_WEIGHT`]) sets no cap: CELINE for cele may rank
    // above CELEC.
    let corrected_start = found
        .iter()
        .find(|f| f.corrected.is_some())
        .map(|f| f.start);
    let mut correction_cap = f32::INFINITY;
    for (f, s) in found.iter().zip(scored.iter()) {
        if let Some((score, _, _)) = *s
            && Some(f.start) == corrected_start
            && f.next_count.is_none()
            && f.corrected.is_none()
            && (f.hit.exact || (score >= STRONG_SCORE && f.hit.weight >= MIN_OWN_WEIGHT))
        {
            correction_cap = correction_cap.min(score - 0.1);
        }
    }
    // Latin first: where Latin letters typed literally match a Latin word strongly, the same
    // letters read as romaji come second (sou: SOUTH2 WEST8 beside 送料込み; DJ sha: SHARP).
    latin_starts.clear();
    for (f, s) in found.iter().zip(scored.iter()) {
        if let Some((score, _, _)) = *s
            && f.literal_latin
            && f.corrected.is_none()
            && score >= STRONG_SCORE
            && !latin_starts.contains(&f.start)
        {
            latin_starts.push(f.start);
        }
    }
    // Best (score, found index, entry shown) per entity.
    best.clear();
    for (i, (f, s)) in found.iter().zip(scored.iter()).enumerate() {
        let Some((mut score, shown, entity)) = *s else {
            continue;
        };
        if f.next_count.is_none() {
            let ignored = anchor.saturating_sub(fragment_chars(f));
            if ignored > 0 {
                let after_particle = starts.iter().any(|s| s.at == f.start && s.after_particle);
                let prior = if after_particle {
                    AFTER_PARTICLE_PRIOR
                } else {
                    0.0
                };
                score -= (SUFFIX_PENALTY * ignored as f32 - prior).max(0.0);
            }
        }
        if f.romaji && latin_starts.contains(&f.start) {
            score -= ROMAJI_SECOND;
        }
        if let Some(slip) = f.corrected {
            score -= correction_penalty(slip);
            if correction_cap.is_finite() {
                score = score.min(correction_cap);
            }
        }
        let slot = best.entry(entity).or_insert((f32::NEG_INFINITY, i, shown));
        if score > slot.0 || (score == slot.0 && f.hit.entry < found[slot.1].hit.entry) {
            *slot = (score, i, shown);
        }
    }
    ranked.clear();
    ranked.extend(best.drain().map(|(_, v)| v));
    // Unstable: no two candidates tie on all three keys (the entry shown is one entity's).
    ranked.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| found[b.1].hit.weight.cmp(&found[a.1].hit.weight))
            .then_with(|| a.2.cmp(&b.2))
    });
    for &(score, i, shown) in ranked.iter() {
        if out.len() == req.top_k {
            break;
        }
        let f = &found[i];
        let entry = dict.entry_ref(shown)?;
        if out.iter().any(|s| entry.surface.eq_str(&s.surface)) {
            continue;
        }
        let mut s = slot(spare);
        s.surface.clear();
        entry.surface.push_to(&mut s.surface);
        s.reading.clear();
        dict.push_reading(&entry, tmp, &mut s.reading)?;
        s.kind = entry.kind;
        s.score = score;
        s.replace = Span {
            start: ws + f.start,
            end: cursor,
        };
        s.entity.clear();
        let entity = dict.entity_id_ref(entry.entity);
        match entity {
            Ok(e) => e.push_to(&mut s.entity),
            Err(e) => {
                spare.push(s);
                return Err(e);
            }
        }
        s.corrected = f.corrected.is_some();
        (s.category, s.path) = (None, None);
        if req.field == Field::Category
            && let Some(node) = category_node(&tree, entry.entity, selected)
        {
            let mut path = String::new();
            tree.push_path(node, &mut path);
            s.category = Some(tree.id(node).to_string());
            s.path = Some(path);
        }
        out.push(s);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analysis results the engine uses are those of the embedded IPADIC with the
    /// trimmed file too, at every cursor of a slice of the development corpus (the whole
    /// corpus and the eval keys: `ichiba analyzer compare`); script runs differ.
    #[cfg(all(feature = "analysis", feature = "embedded-dictionary"))]
    #[test]
    fn trimmed_analyzer_gives_the_engine_the_same_word_starts() {
        let corpus = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../dictionaries/corpus/dev.jsonl"
        ))
        .unwrap();
        let full = Engine::embedded().unwrap();
        let trimmed = Engine::embedded().unwrap();
        trimmed
            .analyzer()
            .load_bytes(&crate::analysis::Analyzer::trimmed_ipadic(false).unwrap())
            .unwrap();
        assert_eq!(
            trimmed.analyzer().kind(),
            crate::analysis::AnalyzerKind::File
        );
        let script = Engine::embedded().unwrap();
        script.analyzer().unload();
        let (mut positions, mut script_same) = (0, 0);
        for line in corpus.lines().take(40) {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            for field in ["title", "description"] {
                let text = row[field].as_str().unwrap();
                for cursor in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
                    let want = full.word_starts(text, cursor).unwrap();
                    assert_eq!(
                        trimmed.word_starts(text, cursor).unwrap(),
                        want,
                        "{text} {cursor}"
                    );
                    positions += 1;
                    script_same += usize::from(script.word_starts(text, cursor).unwrap() == want);
                }
            }
        }
        assert!(positions > 1_000, "{positions}");
        assert!(
            script_same < positions,
            "script runs agree everywhere: the test sees nothing"
        );
        // A particle: only the dictionary knows すに starts after one.
        let text = "ナイキのすに";
        let at = text.find('す').unwrap();
        let starts = full.word_starts(text, text.len()).unwrap().starts;
        assert!(
            starts.iter().any(|s| s.at == at && s.after_particle),
            "{starts:?}"
        );
        let starts = script.word_starts(text, text.len()).unwrap().starts;
        assert!(!starts.iter().any(|s| s.after_particle), "{starts:?}");
    }

    #[test]
    fn trailing_runs() {
        fn at(w: &str) -> &str {
            &w[trailing_run_start(w)..]
        }
        assert_eq!(at("電子ピアノかばー"), "かばー");
        assert_eq!(at("悩殺はーど"), "はーど");
        assert_eq!(at("ピアノ"), "ピアノ");
        assert_eq!(at("新せいき"), "せいき");
        assert_eq!(at("iphone12"), "iphone12");
        assert_eq!(at("ナイキair"), "air");
        assert_eq!(at("ー"), "ー");
        assert_eq!(at(""), "");
    }

    #[test]
    fn word_beginnings() {
        assert!(can_begin_word('か') && can_begin_word('ば') && can_begin_word('ア'));
        for c in ['ー', 'っ', 'ゃ', 'ん', 'ッ', 'ン', 'ァ'] {
            assert!(!can_begin_word(c), "{c}");
        }
    }

    #[test]
    fn word_regions_stop_at_spaces_and_punctuation_not_decimal_points() {
        fn at(w: &str) -> &str {
            &w[word_region(w)..]
        }
        assert_eq!(at("ナイキ すに"), "すに");
        assert_eq!(at("美品、しゅぷ"), "しゅぷ");
        assert_eq!(at("26.5c"), "26.5c");
        assert_eq!(at("abc "), "");
    }

    #[test]
    fn latin_words_join_the_one_being_typed() {
        fn before(w: &str) -> Vec<&str> {
            let region = word_region(w);
            let mut out = vec![7];
            latin_words_before(w, region, &mut out);
            out.into_iter().map(|i| &w[i..]).collect()
        }
        assert_eq!(before("nintendo sw"), ["nintendo sw"]);
        assert_eq!(before("iphone 1"), ["iphone 1"]);
        assert!(before("12 3").is_empty());
        assert_eq!(before("the north f"), ["north f", "the north f"]);
        assert_eq!(before("a b c d"), ["c d", "b c d"]);
        assert!(before("ナイキ air").is_empty());
        assert_eq!(before("ミキハウス kids sw"), ["kids sw"]);
        assert_eq!(before("ミキハウスkids sw"), ["kids sw"]);
        assert!(before("nintendo  sw").is_empty());
        assert!(before("sw").is_empty());
        assert!(before(&format!("{} sw", "x".repeat(30))).is_empty());
    }

    /// While a history write is stuck (its file lock held), a tap is still recorded in memory
    /// and every query answers, already ranking the tap: nothing on the query path waits for
    /// the file. Deterministic, unlike a race against real fsyncs.
    #[cfg(feature = "embedded-dictionary")]
    #[test]
    fn queries_answer_while_a_history_write_is_stuck() {
        use std::sync::mpsc;
        use std::time::Duration;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.tsv");
        let config = HistoryConfig {
            path: Some(path.clone()),
            ..HistoryConfig::default()
        };
        let engine = Engine::with_history(Dictionary::embedded().unwrap(), config).unwrap();
        let request = Request::new("げーむ");
        let before = engine.suggest(&request).unwrap();
        let tap = before
            .iter()
            .find(|s| s.entity != before[0].entity)
            .expect("a second suggestion to tap")
            .clone();
        let (engine, request, tap) = (&engine, &request, &tap);
        std::thread::scope(|s| {
            let stuck = engine.history.hold_file();
            let (recorded_tx, recorded) = mpsc::channel();
            let recorder = s.spawn(move || {
                // Blocks in the write, after the tap is in memory and in the snapshot.
                let r = engine.record_acceptance(tap);
                recorded_tx.send(()).unwrap();
                r
            });
            // The snapshot shows the tap while the writer is stuck behind the file lock.
            let mut seen = false;
            for _ in 0..2_000 {
                let (tx, rx) = mpsc::channel();
                s.spawn(move || tx.send(engine.suggest(request)).unwrap());
                let answer = rx
                    .recv_timeout(Duration::from_secs(60))
                    .expect("a query waited for the stuck history write")
                    .unwrap();
                if engine.history.snapshot().bonus_and_count(&tap.entity).1 > 0 {
                    assert!(!answer.is_empty());
                    seen = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            assert!(seen, "the tap never reached the snapshot");
            assert!(
                recorded.try_recv().is_err(),
                "the write finished although its file lock was held"
            );
            drop(stuck);
            recorder.join().unwrap().unwrap();
        });
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains(&tap.entity)
        );
    }

    #[cfg(feature = "embedded-dictionary")]
    #[test]
    fn starts_keep_the_whole_run_and_stay_bounded() {
        let engine = Engine::embedded().unwrap();
        let mut rs = RegionScratch::default();
        let mut starts = Vec::new();
        let mut fragment_starts = |w: &str| {
            engine.fragment_starts(w, &mut rs, &mut starts).unwrap();
            starts.clone()
        };
        let starts = fragment_starts("電子ピアノかばー");
        let offsets: Vec<usize> = starts.iter().map(|s| s.at).collect();
        assert!(offsets.contains(&"電子ピアノ".len()), "{offsets:?}");
        assert!(starts.len() <= MAX_STARTS);
        let long = "あ".repeat(40);
        let starts = fragment_starts(&long);
        assert!(starts.len() <= MAX_STARTS && !starts.is_empty());
        assert!(fragment_starts("").is_empty());
    }
}
