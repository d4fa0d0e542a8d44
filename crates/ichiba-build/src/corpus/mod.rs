//! The listing corpus (feature `corpus`): a tantivy index of listing titles and
//! descriptions, tokenized with the same analyzer as the engine, that the dictionary build
//! mines for document frequencies, next-word pairs and phrase proposals ([`mine`]).
//!
//! `ichiba corpus index CORPUS.jsonl --index DIR` adds listings (one JSON object per line:
//! `id`, `title`, `description`, optional `category`); it is incremental — a listing whose id
//! is already indexed is skipped, so indexing the same file twice adds nothing.
//! `ichiba build --corpus DIR` then reads the index. At marketplace scale the same counts come
//! from the Spark job under `mining/` instead, read back by [`counts`] for
//! `ichiba build --counts DIR` (see `docs/mining.md`).

pub mod counts;
pub mod mine;

use std::collections::HashSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, Token as TantivyToken, TokenStream, Tokenizer};
use tantivy::{Index, TantivyDocument, Term, doc};

use crate::error::{BuildError as Error, Result};
use ichiba::analysis::{Analyzer, Pos, Token};
use ichiba::text;

/// Name the analyzer is registered under in the index.
const TOKENIZER: &str = "ichiba";

/// One listing of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Listing {
    /// Unique id: the same id is indexed once.
    pub id: String,
    /// The listing title.
    pub title: String,
    /// The description.
    #[serde(default)]
    pub description: String,
    /// Its top-level category entity, if known.
    #[serde(default)]
    pub category: Option<String>,
}

/// What one `add_jsonl` call did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexStats {
    /// Non-blank lines read.
    pub lines: usize,
    /// Listings added.
    pub added: usize,
    /// Listings skipped because their id was already indexed (or repeated in the file).
    pub duplicates: usize,
    /// Malformed lines skipped: `(line number, reason)`.
    pub skipped: Vec<(usize, String)>,
}

/// A listing corpus index on disk.
pub struct CorpusIndex {
    index: Index,
    id: Field,
    title: Field,
    description: Field,
    category: Field,
}

fn index_error(e: impl std::fmt::Display) -> Error {
    Error::Index(e.to_string())
}

impl CorpusIndex {
    /// Opens the index in `dir`, creating it (and the folder) when missing.
    pub fn open(dir: &Path, analyzer: Arc<Analyzer>) -> Result<CorpusIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let text = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let mut schema = Schema::builder();
        schema.add_text_field("id", STRING | STORED);
        schema.add_text_field("title", text.clone());
        schema.add_text_field("description", text);
        schema.add_text_field("category", STRING | STORED);
        let schema = schema.build();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(index_error)?;
        let index = Index::open_or_create(directory, schema).map_err(index_error)?;
        index.tokenizers().register(
            TOKENIZER,
            TextAnalyzer::from(AnalyzerTokenizer { analyzer }),
        );
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name).map_err(index_error);
        Ok(CorpusIndex {
            id: field("id")?,
            title: field("title")?,
            description: field("description")?,
            category: field("category")?,
            index,
        })
    }

    /// Adds the listings of a JSONL file. A malformed line (invalid JSON, a missing field) is
    /// skipped and reported in the stats, or, when `strict`, fails the run naming its line
    /// before anything is committed.
    pub fn add_jsonl(&self, path: &Path, strict: bool) -> Result<IndexStats> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let searcher = self.reader()?.searcher();
        let mut writer: tantivy::IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(1, 32_000_000)
            .map_err(index_error)?;
        let mut stats = IndexStats::default();
        let mut seen = HashSet::new();
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| Error::io(path, e))?;
            if line.trim().is_empty() {
                continue;
            }
            stats.lines += 1;
            let parsed = serde_json::from_str::<Listing>(&line)
                .map_err(|e| format!("invalid listing: {e}"))
                .and_then(|l| match l.id.is_empty() {
                    true => Err("empty id".to_string()),
                    false => Ok(l),
                });
            let listing = match parsed {
                Ok(listing) => listing,
                Err(reason) if strict => {
                    return Err(Error::CorpusLine {
                        path: PathBuf::from(path),
                        line: i + 1,
                        reason,
                    });
                }
                Err(reason) => {
                    stats.skipped.push((i + 1, reason));
                    continue;
                }
            };
            let term = Term::from_field_text(self.id, &listing.id);
            if !seen.insert(listing.id.clone())
                || searcher.doc_freq(&term).map_err(index_error)? > 0
            {
                stats.duplicates += 1;
                continue;
            }
            writer
                .add_document(doc!(
                    self.id => listing.id,
                    self.title => listing.title,
                    self.description => listing.description,
                    self.category => listing.category.unwrap_or_default(),
                ))
                .map_err(index_error)?;
            stats.added += 1;
        }
        writer.commit().map_err(index_error)?;
        writer.wait_merging_threads().map_err(index_error)?;
        Ok(stats)
    }

    fn reader(&self) -> Result<tantivy::IndexReader> {
        self.index.reader().map_err(index_error)
    }

    /// Number of listings indexed.
    pub fn len(&self) -> Result<u64> {
        Ok(self.reader()?.searcher().num_docs())
    }

    /// Whether the index holds no listing.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// In how many listings' titles the analyzer's token `token` (folded) occurs.
    pub fn title_doc_freq(&self, token: &str) -> Result<u64> {
        let term = Term::from_field_text(self.title, &text::fold(token));
        self.reader()?
            .searcher()
            .doc_freq(&term)
            .map_err(index_error)
    }

    /// Every listing in the index, in id order (for mining).
    pub fn listings(&self) -> Result<Vec<Listing>> {
        let searcher = self.reader()?.searcher();
        let addresses = searcher
            .search(&AllQuery, &DocSetCollector)
            .map_err(index_error)?;
        let mut out = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            let get = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let category = get(self.category);
            out.push(Listing {
                id: get(self.id),
                title: get(self.title),
                description: get(self.description),
                category: (!category.is_empty()).then_some(category),
            });
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }
}

/// The engine's analyzer as a tantivy tokenizer: word tokens, folded (width, case, kana).
#[derive(Clone)]
struct AnalyzerTokenizer {
    analyzer: Arc<Analyzer>,
}

/// Tokens computed up front, handed out one by one.
struct VecTokenStream {
    tokens: Vec<TantivyToken>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &TantivyToken {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut words: Vec<Token> = Vec::new();
        // A failing analysis indexes nothing for this text rather than failing the run.
        if self.analyzer.tokenize(text, &mut words).is_err() {
            words.clear();
        }
        let tokens = words
            .iter()
            .filter(|t| !matches!(t.pos, Pos::Whitespace | Pos::Symbol))
            .enumerate()
            .map(|(position, t)| TantivyToken {
                offset_from: t.start,
                offset_to: t.end,
                position,
                text: text::fold(&text[t.start..t.end]),
                position_length: 1,
            })
            .filter(|t| !t.text.is_empty())
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}
