//! The analyzer proper: lindera's Viterbi segmenter over IPADIC, embedded (feature
//! `analysis`) or from a trimmed analyzer dictionary file ([`super::artifact`]).

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex};

use ::lindera::dictionary::Dictionary;
use ::lindera::mode::Mode;
use ::lindera::segmenter::Segmenter;
use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
use lindera_dictionary::util::Data;
use lindera_dictionary::viterbi::{Lattice, LatticeOptions, WordId};

use super::artifact::{self, AnalyzerFileError, Layout, Section};
use super::{Fallback, Pos, Token, fallback, is_hiragana, is_kana, push_katakana};
use crate::{Error, Result};

/// Buffers kept for reuse; more only exist while more threads tokenize at once.
const MAX_IDLE_BUFFERS: usize = 16;

/// lindera's sentence cut when no delimiter comes: 32 KiB (`MAX_SENTENCE_BYTES`).
const MAX_SENTENCE_BYTES: usize = 32 * 1024;

/// Every this many calls, a lattice grown far past what the calls needed is shrunk back.
const SHRINK_WINDOW_CALLS: u32 = 64;
/// Lattice capacity (characters) never shrunk below.
const SHRINK_FLOOR_CHARS: usize = 4 * 1024;

/// A Viterbi lattice and its backtrace buffer, reused from one call to the next.
#[derive(Default)]
struct Buffers {
    lattice: Lattice,
    offsets: Vec<(usize, WordId)>,
    /// Largest sentence (characters) seen since the last shrink check.
    needed: usize,
    /// Calls since the last shrink check.
    calls: u32,
}

impl Buffers {
    /// Bounds retained memory after a long input, as lindera's `SegmentWorker` does.
    fn maybe_shrink(&mut self) {
        self.needed = self.needed.max(self.lattice.take_max_char_len());
        self.calls += 1;
        if self.calls >= SHRINK_WINDOW_CALLS {
            let target = self.needed.max(SHRINK_FLOOR_CHARS);
            if self.lattice.capacity() > target.saturating_mul(2) {
                self.lattice.shrink_to(target);
            }
            self.needed = 0;
            self.calls = 0;
        }
    }
}

/// Where a word's part of speech comes from.
enum Tags {
    /// IPADIC's feature strings (the embedded, full dictionary).
    #[cfg(feature = "analysis")]
    Details,
    /// One [`artifact::pos_code`] per word id (a trimmed file).
    Table(Data),
}

/// Where a word's reading comes from.
enum Readings {
    /// IPADIC's feature strings: the index of the `reading` field among a word's details.
    #[cfg(feature = "analysis")]
    Details(Option<usize>),
    /// A trimmed file's `readidx` and `readings` sections.
    Table { idx: Data, text: Data },
    /// A trimmed file without readings (the phone's variant).
    None,
}

/// Morphological analyzer: lindera 6.2 with IPADIC, shared by all threads.
///
/// lindera's `Segmenter` is `Send + Sync` and immutable, but segmenting with it allocates
/// a fresh Viterbi lattice per call, and even its reusable `SegmentWorker` returns a fresh
/// vector of tokens. The analyzer drives lindera's lattice itself — the same sentence cuts,
/// options and backtrace as `Segmenter::segment` (a test compares the two) — with a small
/// pool of lattices behind a mutex held only to take or return one (never while
/// segmenting): threads do not wait on each other, and a keystroke's tokenization into a
/// reused token vector allocates nothing.
pub(super) struct Lindera {
    /// Its dictionary and options (Normal mode, whitespace kept, no user dictionary).
    segmenter: Segmenter,
    /// Idle lattices.
    idle: Mutex<Vec<Buffers>>,
    /// Parts of speech.
    tags: Tags,
    /// Readings.
    readings: Readings,
}

/// lindera's error, as a corrupt analyzer file.
fn refused(what: &str, e: impl std::fmt::Display) -> AnalyzerFileError {
    AnalyzerFileError::Corrupt(format!("lindera refuses the {what} section: {e}"))
}

impl Lindera {
    fn with(dictionary: Dictionary, tags: Tags, readings: Readings) -> Self {
        let segmenter = Segmenter::new(Mode::Normal, dictionary, None).keep_whitespace(true);
        Lindera {
            segmenter,
            idle: Mutex::new(Vec::with_capacity(MAX_IDLE_BUFFERS)),
            tags,
            readings,
        }
    }

    /// Loads the embedded IPADIC (about a millisecond, shared by later analyzers).
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if the embedded dictionary cannot be loaded (a build problem).
    #[cfg(feature = "analysis")]
    pub(super) fn embedded() -> Result<Self> {
        let dictionary = ichiba_ipadic::dictionary().map_err(|e| Error::Analyzer(e.to_string()))?;
        // Detail fields are the schema's fields after surface, left id, right id and cost.
        let reading_field = dictionary
            .metadata
            .dictionary_schema
            .get_field_index("reading")
            .and_then(|i| i.checked_sub(4));
        Ok(Lindera::with(
            dictionary,
            Tags::Details,
            Readings::Details(reading_field),
        ))
    }

    /// Loads a trimmed analyzer dictionary file, memory-mapped: every section is mapped in
    /// place (after the whole file was checked), nothing is copied.
    ///
    /// The file must not be rewritten while an analyzer uses it: write a new download to a
    /// new path, then load that.
    pub(super) fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: read-only mappings of a file the app owns and does not rewrite in place
        // (documented above); all reads through them are bounds-checked.
        let whole = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        let layout = artifact::check(&whole)?;
        let section = |s: Section| -> Result<Option<Data>> {
            let Some(r) = layout.range(s) else {
                return Ok(None);
            };
            if r.is_empty() {
                return Ok(Some(Data::from(Vec::new())));
            }
            // SAFETY: as above.
            let map = unsafe {
                memmap2::MmapOptions::new()
                    .offset(r.start as u64)
                    .len(r.len())
                    .map(&file)
            }
            .map_err(|e| Error::io(path, e))?;
            Ok(Some(Data::from(map)))
        };
        Lindera::from_sections(&layout, &whole, section)
    }

    /// Loads a trimmed analyzer dictionary from bytes (each section is copied out once).
    pub(super) fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let layout = artifact::check(bytes)?;
        Lindera::from_sections(&layout, bytes, |s| {
            Ok(layout.range(s).map(|r| Data::from(bytes[r].to_vec())))
        })
    }

    fn from_sections(
        layout: &Layout,
        bytes: &[u8],
        mut section: impl FnMut(Section) -> Result<Option<Data>>,
    ) -> Result<Self> {
        let mut required = |s: Section| -> Result<Data> {
            section(s)?.ok_or_else(|| {
                AnalyzerFileError::Corrupt(format!("section {} is missing", s.tag())).into()
            })
        };
        let metadata_range = layout.range(Section::Metadata).unwrap_or_default();
        let metadata =
            Metadata::load(&bytes[metadata_range]).map_err(|e| refused("metadata", e))?;
        let prefix = PrefixDictionary::load(
            required(Section::Trie)?,
            required(Section::ValsIdx)?,
            required(Section::Vals)?,
            Vec::new(),
            Vec::new(),
        )
        .map_err(|e| refused("trie", e))?;
        let matrix = ConnectionCostMatrix::load(required(Section::Matrix)?)
            .map_err(|e| refused("matrix", e))?;
        let char_def = load_char_def(&required(Section::CharDef)?)?;
        let unk =
            UnknownDictionary::load(&required(Section::Unk)?).map_err(|e| refused("unk", e))?;
        check_word_ids(&prefix, layout.word_count())?;
        check_context_ids(&prefix, &unk, &matrix, char_def.category_definitions.len())?;
        let tags = Tags::Table(required(Section::Pos)?);
        let readings = if layout.has_readings() {
            Readings::Table {
                idx: required(Section::ReadingIdx)?,
                text: required(Section::Readings)?,
            }
        } else {
            Readings::None
        };
        let dictionary = Dictionary {
            prefix_dictionary: Arc::new(prefix),
            connection_cost_matrix: Arc::new(matrix),
            character_definition: Arc::new(char_def),
            unknown_dictionary: Arc::new(unk),
            metadata: Arc::new(metadata),
        };
        Ok(Lindera::with(dictionary, tags, readings))
    }

    /// Whether [`Lindera::reading`] has dictionary readings.
    pub(super) fn has_readings(&self) -> bool {
        !matches!(self.readings, Readings::None)
    }

    /// Tokenizes `text` (the caller bounds its length) into `out`, which is cleared first.
    ///
    /// The tokens tile `text`: every byte is in exactly one token, in order. Whitespace comes
    /// back as [`Pos::Whitespace`] tokens (consecutive spaces, tabs and newlines form one
    /// token; U+3000 is a token of its own), never as a gap.
    /// Never panics; any `&str` is accepted. lindera cuts sentences at `。`, `、`, `\n`, `\t`
    /// and every 32 KiB, so a long input costs time linear in its length.
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if lindera fails (it does not for valid UTF-8 with this dictionary).
    pub(super) fn tokenize(&self, text: &str, out: &mut Vec<Token>) -> Result<()> {
        out.clear();
        self.segment(text, |start, end, word_id| {
            // Offsets are char boundaries; should one not be, its token is skipped and the
            // gap closed below instead of panicking.
            if let Some(surface) = text.get(start..end) {
                push_tiling(out, start, end, self.pos(word_id, surface));
            }
            true
        });
        // Closes a trailing gap: not seen with IPADIC, but the tokens must cover the text.
        push_tiling(out, text.len(), text.len(), Pos::Unknown);
        Ok(())
    }

    /// The reading of a whole surface in katakana, as IPADIC gives it; for building
    /// dictionaries, not for keystrokes.
    ///
    /// The surface is segmented like [`Analyzer::tokenize`] does, and each token, in order:
    /// 1. contributes its IPADIC reading, if it has one made only of katakana (and ー),
    ///    whatever its part of speech (so ＋ reads タス, and 未 alone reads ヒツジ);
    /// 2. otherwise, if its surface is all hiragana/katakana (ー and ゝゞヽヾ included; middle
    ///    dots ・ allowed and dropped), contributes that surface in katakana (unknown
    ///    katakana words: ナイキ → ナイキ, ルイ・ヴィトン → ルイヴィトン);
    /// 3. otherwise, if its surface is all ASCII or full-width digits, contributes it as is;
    /// 4. otherwise, if it is whitespace or a symbol (・, 「, ！, emoji …), contributes nothing;
    /// 5. otherwise (Latin letters, half-width katakana, a kanji IPADIC does not know, …)
    ///    makes the whole reading `None`.
    ///
    /// `None` also when nothing was contributed (an empty or all-symbol surface).
    /// NFKC-normalize the surface first: half-width katakana and full-width Latin are not
    /// read.
    ///
    /// # Errors
    ///
    /// [`Error::Analyzer`] if lindera fails.
    pub(super) fn reading(&self, surface: &str) -> Result<Option<String>> {
        let mut reading = String::with_capacity(surface.len());
        let mut readable = true;
        self.segment(surface, |start, end, word_id| {
            let Some(text) = surface.get(start..end) else {
                readable = false;
                return false;
            };
            if let Some(r) = self.dictionary_reading(word_id).filter(|r| is_katakana(r)) {
                reading.push_str(r);
                return true;
            }
            let pos = self.pos(word_id, text);
            match fallback(text, pos) {
                Fallback::Kana => push_katakana(&mut reading, text),
                Fallback::Digits => reading.push_str(text),
                Fallback::Skip => {}
                Fallback::Unreadable => readable = false,
            }
            readable
        });
        Ok((readable && !reading.is_empty()).then_some(reading))
    }

    /// Segments `text` with pooled buffers, calling `f` with each token's byte range and
    /// word id in order, until it returns false.
    ///
    /// What `Segmenter::segment` does with whitespace kept and no user dictionary: cut
    /// sentences after `\n`, `\t`, `。` and `、` (or every [`MAX_SENTENCE_BYTES`]), run the
    /// lattice over each and walk back its best path.
    fn segment(&self, text: &str, mut f: impl FnMut(usize, usize, WordId) -> bool) {
        let mut buffers = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_default();
        buffers.maybe_shrink();
        let dict = &self.segmenter.dictionary;
        let mut options = LatticeOptions::new(&self.segmenter.mode);
        options.max_grouping_len = self.segmenter.max_grouping_len;
        options.unknown_word_ladder = self.segmenter.unknown_word_ladder;
        let Buffers {
            lattice, offsets, ..
        } = &mut buffers;
        let mut start = 0;
        'sentences: while start < text.len() {
            let end = sentence_end(text, start);
            let sentence = &text[start..end];
            lattice.set_text_with_options(
                &dict.prefix_dictionary,
                &None,
                &dict.character_definition,
                &dict.unknown_dictionary,
                &dict.connection_cost_matrix,
                sentence,
                &options,
            );
            lattice.tokens_offset_into(offsets);
            for (i, &(at, word_id)) in offsets.iter().enumerate() {
                let next = offsets.get(i + 1).map_or(sentence.len(), |&(n, _)| n);
                if !f(start + at, start + next, word_id) {
                    break 'sentences;
                }
            }
            start = end;
        }
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < MAX_IDLE_BUFFERS {
            idle.push(buffers);
        }
    }

    /// A system dictionary word's reading field (unknown words have none).
    fn dictionary_reading(&self, word_id: WordId) -> Option<&str> {
        if word_id.is_unknown() || !word_id.is_system() {
            return None;
        }
        let id = word_id.id() as usize;
        match &self.readings {
            #[cfg(feature = "analysis")]
            Readings::Details(field) => self
                .segmenter
                .dictionary
                .word_details_iter(id)
                .nth((*field)?)
                .filter(|r| !r.is_empty() && *r != "*"),
            Readings::Table { idx, text } => artifact::reading_at(idx, text, id),
            Readings::None => None,
        }
    }

    /// The coarse part of speech of a token.
    fn pos(&self, word_id: WordId, surface: &str) -> Pos {
        if word_id.is_unknown() {
            // IPADIC gives unknown runs a guessed POS by character class (unknown symbols are
            // 名詞,サ変接続!); only the class itself is worth keeping.
            return by_chars(surface);
        }
        if !word_id.is_system() {
            return Pos::Unknown; // a user dictionary entry: none are loaded
        }
        let id = word_id.id() as usize;
        match &self.tags {
            #[cfg(feature = "analysis")]
            Tags::Details => ipadic_pos(&self.segmenter.dictionary, id),
            Tags::Table(codes) => codes
                .get(id)
                .and_then(|&c| artifact::pos_from_code(c))
                .unwrap_or(Pos::Unknown),
        }
    }
}

/// The trimmed analyzer dictionary cut from the embedded IPADIC: its trie, entries, matrix
/// and character tables as they are, a `pos` byte per word instead of the feature strings,
/// and each word's reading when `readings` (the build-time variant).
#[cfg(feature = "analysis")]
pub(super) fn trimmed_ipadic(readings: bool) -> Result<Vec<u8>> {
    let files = ichiba_ipadic::files();
    let ipadic = Lindera::embedded()?;
    let dictionary = &ipadic.segmenter.dictionary;
    let words = dictionary.prefix_dictionary.word_count();
    let pos: Vec<u8> = (0..words)
        .map(|id| artifact::pos_code(ipadic_pos(dictionary, id)))
        .collect();
    let mut idx = Vec::with_capacity((words + 1) * 4);
    let mut text = Vec::new();
    if readings {
        for id in 0..words {
            idx.extend_from_slice(&(text.len() as u32).to_le_bytes());
            let word = WordId::new(lindera_dictionary::viterbi::LexType::System, id as u32);
            if let Some(r) = ipadic.dictionary_reading(word) {
                text.extend_from_slice(r.as_bytes());
            }
        }
        idx.extend_from_slice(&(text.len() as u32).to_le_bytes());
    }
    let mut sections: Vec<(Section, &[u8])> = vec![
        (Section::Metadata, files.metadata),
        (Section::Trie, files.trie),
        (Section::ValsIdx, files.vals_idx),
        (Section::Vals, files.vals),
        (Section::Matrix, files.matrix),
        (Section::CharDef, files.char_def),
        (Section::Unk, files.unk),
        (Section::Pos, &pos),
    ];
    if readings {
        sections.push((Section::ReadingIdx, &idx));
        sections.push((Section::Readings, &text));
    }
    sections.push((Section::Copying, files.copying));
    Ok(artifact::write(&sections))
}

/// What lindera's character definition holds, read through its serde form to check the
/// invariants its loader and lattice index by without checking (a crafted section panics
/// `CharacterDefinition::load` otherwise).
#[derive(serde::Deserialize)]
struct CharDefShape {
    category_definitions: Vec<serde::de::IgnoredAny>,
    category_names: Vec<serde::de::IgnoredAny>,
    mapping: LookupShape,
}

/// lindera's `LookupTable<CategoryId>`: a sorted list of code point boundaries, each with
/// the categories of the code points from it to the next.
#[derive(serde::Deserialize)]
struct LookupShape {
    boundaries: Vec<u32>,
    values: Vec<Vec<usize>>,
}

/// Loads the chardef section, refusing one lindera would panic on: no categories, names
/// and definitions of different counts, a mapping that does not start at code point 0, is
/// not strictly ascending, has a row count other than its boundary count, or names a
/// category that does not exist.
fn load_char_def(bytes: &[u8]) -> Result<CharacterDefinition> {
    let corrupt = |why: String| -> Error { refused("chardef", why).into() };
    let mut aligned = rkyv::util::AlignedVec::<16>::new();
    aligned.extend_from_slice(bytes);
    // Deserializing does not build the lookup table that panics; `new` below does, once
    // the shape is known to be sound.
    let def = rkyv::from_bytes::<CharacterDefinition, rkyv::rancor::Error>(&aligned)
        .map_err(|e| corrupt(e.to_string()))?;
    let shape: CharDefShape = serde_json::to_value(&def)
        .and_then(serde_json::from_value)
        .map_err(|e| corrupt(e.to_string()))?;
    let categories = shape.category_definitions.len();
    if categories == 0 || shape.category_names.len() != categories {
        return Err(corrupt(format!(
            "{categories} category definitions and {} names",
            shape.category_names.len()
        )));
    }
    let LookupShape { boundaries, values } = shape.mapping;
    if boundaries.first() != Some(&0) || !boundaries.windows(2).all(|w| w[0] < w[1]) {
        return Err(corrupt(
            "the code point mapping does not start at 0 or is not ascending".into(),
        ));
    }
    if values.len() != boundaries.len() {
        return Err(corrupt(format!(
            "{} mapping rows for {} boundaries",
            values.len(),
            boundaries.len()
        )));
    }
    if let Some(&id) = values.iter().flatten().find(|&&id| id >= categories) {
        return Err(corrupt(format!(
            "the mapping names category {id}, there are {categories}"
        )));
    }
    Ok(CharacterDefinition::new(
        def.category_definitions,
        def.category_names,
        def.mapping,
    ))
}

/// Checks that every word entry (known and unknown) has left and right context ids inside
/// the connection matrix and that the unknown-word table covers every character category
/// with entries it has: lindera indexes by all of them without checking.
fn check_context_ids(
    prefix: &PrefixDictionary,
    unk: &UnknownDictionary,
    matrix: &ConnectionCostMatrix,
    categories: usize,
) -> Result<()> {
    let corrupt = |why: String| -> Error { AnalyzerFileError::Corrupt(why).into() };
    let (forward, backward) = (matrix.forward_size, matrix.backward_size);
    // The lattice's BOS and EOS nodes have context id 0.
    if forward == 0 || backward == 0 {
        return Err(corrupt(format!("the matrix is {forward}×{backward}")));
    }
    let fits = |left: u32, right: u32| left < backward && right < forward;
    // `vals`: 10-byte entries, word id (4), cost (2), left id (2), right id (2), LE.
    for entry in prefix.vals_data.chunks_exact(10) {
        let left = u16::from_le_bytes([entry[6], entry[7]]) as u32;
        let right = u16::from_le_bytes([entry[8], entry[9]]) as u32;
        if !fits(left, right) {
            return Err(corrupt(format!(
                "a word has context ids {left}/{right}, the matrix is {forward}×{backward}"
            )));
        }
    }
    if let Some(e) = unk.costs.iter().find(|e| !fits(e.left_id(), e.right_id())) {
        return Err(corrupt(format!(
            "an unknown-word entry has context ids {}/{}, the matrix is {forward}×{backward}",
            e.left_id(),
            e.right_id()
        )));
    }
    if unk.category_references.len() < categories {
        return Err(corrupt(format!(
            "the unknown-word table covers {} of {categories} character categories",
            unk.category_references.len()
        )));
    }
    let costs = unk.costs.len();
    if let Some(&r) = unk
        .category_references
        .iter()
        .flatten()
        .find(|&&r| r as usize >= costs)
    {
        return Err(corrupt(format!(
            "the unknown-word table names entry {r}, it has {costs}"
        )));
    }
    Ok(())
}

/// Every word id the entries name has a `pos` byte: a file whose tables disagree is corrupt.
fn check_word_ids(prefix: &PrefixDictionary, words: usize) -> Result<()> {
    // `vals` holds 10-byte entries whose first four bytes are the word id (LE).
    const ENTRY: usize = 10;
    let vals: &[u8] = &prefix.vals_data;
    if !vals.len().is_multiple_of(ENTRY) {
        return Err(AnalyzerFileError::Corrupt(format!(
            "vals is {} bytes, not a whole number of entries",
            vals.len()
        ))
        .into());
    }
    for entry in vals.chunks_exact(ENTRY) {
        let id = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]) as usize;
        if id >= words {
            return Err(AnalyzerFileError::Corrupt(format!(
                "an entry names word {id}, the pos table has {words}"
            ))
            .into());
        }
    }
    Ok(())
}

/// IPADIC's part of speech of word `id`, coarsened, from its feature strings.
#[cfg(feature = "analysis")]
fn ipadic_pos(dictionary: &Dictionary, id: usize) -> Pos {
    {
        let mut fields = dictionary.word_details_iter(id);
        let major = fields.next().unwrap_or("");
        let minor = fields.next().unwrap_or("");
        match (major, minor) {
            ("名詞", _) => Pos::Noun,
            ("動詞", _) => Pos::Verb,
            ("形容詞", _) => Pos::Adjective,
            ("助詞", _) => Pos::Particle,
            ("助動詞", _) => Pos::Auxiliary,
            ("接頭詞", _) => Pos::Prefix,
            ("記号", "空白") => Pos::Whitespace,
            ("記号", _) => Pos::Symbol,
            // 副詞, 連体詞, 接続詞, 感動詞, フィラー, その他
            _ => Pos::Other,
        }
    }
}

/// Where the sentence that starts at `start` ends (exclusive): just after the first `\n`,
/// `\t`, `。` or `、`, or at the first char boundary [`MAX_SENTENCE_BYTES`] on, or at the end.
/// lindera's own rule (`find_sentence_end`).
fn sentence_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        end += 1;
        if b == b'\n' || b == b'\t' {
            return end;
        }
        if (b == 0x81 || b == 0x82) && end >= 3 {
            let last = &bytes[end - 3..end];
            if last == "。".as_bytes() || last == "、".as_bytes() {
                return end;
            }
        }
        if end - start >= MAX_SENTENCE_BYTES && text.is_char_boundary(end) {
            return end;
        }
    }
    end
}

/// Whether `s` is a non-empty reading in katakana (see [`is_kana`]; hiragana excluded).
fn is_katakana(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| is_kana(c) && !is_hiragana(c))
}

/// The POS of a run the dictionary does not know, from its characters alone.
fn by_chars(surface: &str) -> Pos {
    if surface.chars().all(char::is_whitespace) {
        Pos::Whitespace
    } else if surface.chars().next().is_some_and(char::is_alphanumeric) {
        Pos::Unknown
    } else {
        Pos::Symbol
    }
}

/// Appends a token, first closing any gap lindera left before it (none seen with IPADIC).
fn push_tiling(out: &mut Vec<Token>, start: usize, end: usize, pos: Pos) {
    let at = out.last().map_or(0, |t| t.end);
    if start > at {
        out.push(Token {
            start: at,
            end: start,
            pos: Pos::Unknown,
        });
    }
    if end > start.max(at) {
        out.push(Token {
            start: start.max(at),
            end,
            pos,
        });
    }
}

#[cfg(all(test, feature = "analysis"))]
mod tests {
    use std::sync::OnceLock;

    use serde_json::json;

    use super::super::tests::{assert_tiles, odd_inputs};
    use super::*;

    fn analyzer() -> &'static Lindera {
        static ANALYZER: OnceLock<Lindera> = OnceLock::new();
        ANALYZER.get_or_init(|| Lindera::embedded().unwrap())
    }

    /// The trimmed file, with readings and without, loaded from bytes and from a file.
    fn trimmed() -> &'static [Lindera; 3] {
        static TRIMMED: OnceLock<[Lindera; 3]> = OnceLock::new();
        TRIMMED.get_or_init(|| {
            let with = trimmed_ipadic(true).unwrap();
            let without = trimmed_ipadic(false).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("ipadic.analyzer");
            std::fs::write(&path, &without).unwrap();
            let mapped = Lindera::open(&path).unwrap();
            // The mappings outlive the file's name (and the directory).
            drop(dir);
            [
                Lindera::from_bytes(&with).unwrap(),
                Lindera::from_bytes(&without).unwrap(),
                mapped,
            ]
        })
    }

    fn tokens(text: &str) -> Vec<(&str, Pos)> {
        let mut out = Vec::new();
        analyzer().tokenize(text, &mut out).unwrap();
        assert_tiles(text, &out);
        out.iter().map(|t| (&text[t.start..t.end], t.pos)).collect()
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Lindera>();
    }

    #[test]
    fn trimmed_tokenizes_as_embedded() {
        let full = analyzer();
        let mut texts = odd_inputs();
        texts.extend(
            [
                "ナイキ ペガサス40 US10 28cm 白 中古",
                "美しい靴を買った。ご覧ください、新品未使用のわんぴーす",
                "全体的に履いた感じがありますが、まだまだ履けます。\nお値下げ交渉はご遠慮ください。",
            ]
            .map(String::from),
        );
        let (mut want, mut got) = (Vec::new(), Vec::new());
        for t in trimmed() {
            for text in &texts {
                full.tokenize(text, &mut want).unwrap();
                t.tokenize(text, &mut got).unwrap();
                assert_eq!(got, want, "{:?}", text.chars().take(40).collect::<String>());
            }
        }
    }

    #[test]
    fn trimmed_readings_only_in_the_build_time_variant() {
        let [with, without, mapped] = trimmed();
        assert!(with.has_readings() && !without.has_readings() && !mapped.has_readings());
        for s in [
            "新品未使用",
            "目立った傷や汚れなし",
            "ナイキのスニーカー",
            "＋",
            "Nike",
        ] {
            assert_eq!(
                with.reading(s).unwrap(),
                analyzer().reading(s).unwrap(),
                "{s}"
            );
        }
        assert_eq!(without.reading("新品未使用").unwrap(), None);
        assert_eq!(
            mapped.reading("すにーかー").unwrap().as_deref(),
            Some("スニーカー")
        );
    }

    #[test]
    fn damaged_files_are_typed_errors() {
        let bytes = trimmed_ipadic(false).unwrap();
        let err = |b: &[u8]| match Lindera::from_bytes(b) {
            Err(Error::AnalyzerFile(e)) => e,
            Err(e) => panic!("untyped {e}"),
            Ok(_) => panic!("damaged bytes loaded"),
        };
        assert!(matches!(
            err(&bytes[..bytes.len() / 2]),
            AnalyzerFileError::Truncated { .. }
        ));
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 3] ^= 1;
        assert!(matches!(err(&flipped), AnalyzerFileError::Checksum { .. }));
        assert!(matches!(
            err(b"not an analyzer"),
            AnalyzerFileError::BadMagic
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.analyzer");
        std::fs::write(&path, &bytes[..1000]).unwrap();
        assert!(matches!(
            Lindera::open(&path),
            Err(Error::AnalyzerFile(AnalyzerFileError::Truncated { .. }))
        ));
        assert!(matches!(
            Lindera::open(&dir.path().join("missing")),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn particle_after_unknown_katakana() {
        let toks = tokens("ナイキのすに");
        assert_eq!(toks[0], ("ナイキ", Pos::Unknown));
        assert_eq!(toks[1], ("の", Pos::Particle));
    }

    #[test]
    fn fragment_start_is_a_token_start() {
        let text = "新品未使";
        let mut out = Vec::new();
        analyzer().tokenize(text, &mut out).unwrap();
        let start_of_mi = text.find('未').unwrap();
        assert!(
            out.iter().any(|t| t.start == start_of_mi),
            "{:?}",
            tokens(text)
        );
    }

    #[test]
    fn whitespace_is_a_token() {
        let toks = tokens("新品  未使用\u{3000}です\n");
        assert!(toks.contains(&("  ", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("\u{3000}", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("\n", Pos::Whitespace)), "{toks:?}");
        assert!(toks.contains(&("です", Pos::Auxiliary)), "{toks:?}");
    }

    #[test]
    fn coarse_pos() {
        let toks = tokens("美しい靴を買った。");
        assert_eq!(
            toks,
            [
                ("美しい", Pos::Adjective),
                ("靴", Pos::Noun),
                ("を", Pos::Particle),
                ("買っ", Pos::Verb),
                ("た", Pos::Auxiliary),
                ("。", Pos::Symbol),
            ]
        );
        assert_eq!(tokens("👍🏽")[0].1, Pos::Symbol);
        assert_eq!(tokens("Nike")[0], ("Nike", Pos::Unknown));
    }

    #[test]
    fn out_is_cleared() {
        let mut out = vec![Token {
            start: 9,
            end: 99,
            pos: Pos::Noun,
        }];
        analyzer().tokenize("", &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn katakana_readings_only() {
        assert!(is_katakana("シンピン"));
        assert!(!is_katakana("しんぴん"));
        assert!(!is_katakana("・"));
        assert!(!is_katakana(""));
    }

    #[test]
    fn readings() {
        let a = analyzer();
        let r = |s: &str| a.reading(s).unwrap();
        assert_eq!(r("新品未使用").as_deref(), Some("シンピンミシヨウ"));
        assert_eq!(
            r("目立った傷や汚れなし").as_deref(),
            Some("メダッタキズヤヨゴレナシ")
        );
        assert_eq!(r("ナイキ").as_deref(), Some("ナイキ"));
        assert_eq!(
            r("ナイキのスニーカー").as_deref(),
            Some("ナイキノスニーカー")
        );
        assert_eq!(r("ルイ・ヴィトン").as_deref(), Some("ルイヴィトン"));
        assert_eq!(r("2個セット").as_deref(), Some("2コセット"));
        assert_eq!(r("すにーかー").as_deref(), Some("スニーカー"));
        assert_eq!(r("＋"), Some("タス".to_string())); // as IPADIC gives it
        assert_eq!(r("Nike"), None);
        assert_eq!(r("ナイキ Air"), None);
        assert_eq!(r(""), None);
        assert_eq!(r("・"), None);
    }

    #[test]
    fn segments_as_lindera_does() {
        let a = analyzer();
        let mut texts = odd_inputs();
        texts.extend(
            [
                "ナイキ ペガサス40 US10 28cm 白 中古",
                "新品 未使用 マリオカート8 デラックス Nintendo Switch",
                "全体的に履いた感じがありますが、まだまだ履けます。\nインソールに多少の汚れがあります。",
                "箱を潰して発送します。\tお値下げ交渉はご遠慮ください。",
                "とても綺麗な状態のわんぴーす、ルイ・ヴィトンのバッグ",
                "ｼｭﾌﾟﾘｰﾑ ＴＨＥ ＮＯＲＴＨ ＦＡＣＥ　美品",
                "、、。。\n\n\t",
            ]
            .map(String::from),
        );
        // Past lindera's 32 KiB sentence cut, with and without a delimiter near it.
        texts.push("ア".repeat(12_000));
        texts.push(format!("{}。{}", "あ".repeat(10_900), "い".repeat(3_000)));
        for text in &texts {
            let want: Vec<(usize, usize, WordId)> = a
                .segmenter
                .segment(std::borrow::Cow::Borrowed(text.as_str()))
                .unwrap()
                .iter()
                .map(|t| (t.byte_start, t.byte_end, t.word_id))
                .collect();
            let mut got = Vec::new();
            a.segment(text, |start, end, id| {
                got.push((start, end, id));
                true
            });
            assert_eq!(got, want, "{:?}", text.chars().take(40).collect::<String>());
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let a = analyzer();
        let mut out = Vec::new();
        for text in odd_inputs() {
            a.tokenize(&text, &mut out).unwrap();
            assert_tiles(&text, &out);
            a.reading(&text).unwrap();
        }
    }

    #[test]
    fn threads_share_one_analyzer() {
        let a = analyzer();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let mut out = Vec::new();
                    for _ in 0..200 {
                        a.tokenize("ナイキのスニーカー 27cm 美品", &mut out)
                            .unwrap();
                        assert_eq!(out[1].pos, Pos::Particle);
                    }
                });
            }
        });
    }

    /// The trimmed file with its chardef and unknown-word sections replaced.
    fn with_sections(char_def: &[u8], unk: &[u8]) -> Vec<u8> {
        let files = ichiba_ipadic::files();
        let words = analyzer()
            .segmenter
            .dictionary
            .prefix_dictionary
            .word_count();
        let pos = vec![artifact::pos_code(Pos::Noun); words];
        artifact::write(&[
            (Section::Metadata, files.metadata),
            (Section::Trie, files.trie),
            (Section::ValsIdx, files.vals_idx),
            (Section::Vals, files.vals),
            (Section::Matrix, files.matrix),
            (Section::CharDef, char_def),
            (Section::Unk, unk),
            (Section::Pos, &pos),
            (Section::Copying, files.copying),
        ])
    }

    /// A lindera section of IPADIC (`real`), edited through its serde form and archived
    /// again as lindera does.
    fn edited<T>(real: &T, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8>
    where
        T: serde::Serialize
            + serde::de::DeserializeOwned
            + for<'a> rkyv::Serialize<
                rkyv::api::high::HighSerializer<
                    rkyv::util::AlignedVec,
                    rkyv::ser::allocator::ArenaHandle<'a>,
                    rkyv::rancor::Error,
                >,
            >,
    {
        let mut json = serde_json::to_value(real).unwrap();
        edit(&mut json);
        let value: T = serde_json::from_value(json).unwrap();
        rkyv::to_bytes::<rkyv::rancor::Error>(&value)
            .unwrap()
            .to_vec()
    }

    /// IPADIC's chardef, edited.
    fn edited_char_def(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        edited::<CharacterDefinition>(&analyzer().segmenter.dictionary.character_definition, edit)
    }

    /// IPADIC's unknown-word table, edited.
    fn edited_unk(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        edited::<UnknownDictionary>(&analyzer().segmenter.dictionary.unknown_dictionary, edit)
    }

    /// The fuzz crash (`analyzer_mutated`, a chardef whose mapping has no rows) and its
    /// relatives: each is a typed error from the loader, not a panic in lindera, and the
    /// untouched sections still load and segment.
    #[test]
    fn crafted_character_and_unknown_tables_are_refused() {
        let files = ichiba_ipadic::files();
        let ok = Lindera::from_bytes(&with_sections(files.char_def, files.unk)).unwrap();
        let mut out = Vec::new();
        ok.tokenize("ナイキのスニーカー Nike 😀", &mut out).unwrap();
        assert!(out.len() > 3);
        let rearchived = with_sections(&edited_char_def(|_| {}), &edited_unk(|_| {}));
        Lindera::from_bytes(&rearchived).unwrap();

        let char_defs = [
            (
                "no mapping rows",
                edited_char_def(|j| j["mapping"]["values"] = json!([])),
            ),
            (
                "no boundaries",
                edited_char_def(|j| j["mapping"]["boundaries"] = json!([])),
            ),
            (
                "not from 0",
                edited_char_def(|j| j["mapping"]["boundaries"][0] = json!(5)),
            ),
            (
                "not ascending",
                edited_char_def(|j| j["mapping"]["boundaries"][2] = json!(1)),
            ),
            (
                "unknown category",
                edited_char_def(|j| j["mapping"]["values"][1] = json!([999])),
            ),
            (
                "names and definitions differ",
                edited_char_def(|j| {
                    j["category_names"].as_array_mut().unwrap().pop();
                }),
            ),
            (
                "garbage",
                b"not an archive at all, not even aligned".to_vec(),
            ),
        ];
        for (what, char_def) in char_defs {
            let file = with_sections(&char_def, files.unk);
            match Lindera::from_bytes(&file) {
                Err(Error::AnalyzerFile(AnalyzerFileError::Corrupt(why))) => {
                    assert!(why.contains("chardef"), "{what}: {why}")
                }
                Err(e) => panic!("{what}: {e}"),
                Ok(_) => panic!("{what}: accepted"),
            }
        }

        let unks = [
            (
                "fewer categories",
                edited_unk(|j| {
                    j["category_references"].as_array_mut().unwrap().truncate(2);
                }),
            ),
            (
                "an entry out of range",
                edited_unk(|j| j["category_references"][0] = json!([4_000_000])),
            ),
            (
                "a context id outside the matrix",
                edited_unk(|j| j["costs"][0]["left_id"] = json!(60_000)),
            ),
        ];
        for (what, unk) in unks {
            let file = with_sections(files.char_def, &unk);
            assert!(
                matches!(
                    Lindera::from_bytes(&file),
                    Err(Error::AnalyzerFile(AnalyzerFileError::Corrupt(_)))
                ),
                "{what}: not refused"
            );
        }
    }
}
