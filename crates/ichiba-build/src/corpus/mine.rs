//! Mining a corpus against a dictionary: which entries listings mention (document
//! frequencies), which words follow which (next-word pairs), and frequent word runs the
//! dictionary lacks (phrase proposals for a maintainer to review).
//!
//! Each text is tokenized; at every token the longest dictionary key that starts there and
//! ends on a token boundary is taken as a word (so 新品未使用 counts once, not as 新品 + 未使用).
//! Two words form a pair when only spaces or particles stand between them (ナイキ スニーカー,
//! ナイキのスニーカー).

use std::collections::{BTreeMap, BTreeSet};

use super::Listing;
use crate::error::Result;
use ichiba::analysis::{Analyzer, Pos, Token};
use ichiba::dictionary::{Dictionary, KeySpace, Scratch};
use ichiba::text;

/// Longest word, in tokens, looked for at one position.
const MAX_WORD_TOKENS: usize = 8;
/// Proposals need at least this many listings.
const MIN_PROPOSAL_LISTINGS: u32 = 3;
/// At most this many proposals are kept.
const MAX_PROPOSALS: usize = 500;

/// What a corpus says about a dictionary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mined {
    /// Listings read.
    pub listings: usize,
    /// Entity id → listings that mention it.
    pub doc_freq: BTreeMap<String, u32>,
    /// (previous entity, next entity) → how often the second directly follows the first.
    pub pairs: BTreeMap<(String, String), u32>,
    /// Runs of two or three unknown words frequent in listings: (phrase, listings), most
    /// frequent first.
    pub proposals: Vec<(String, u32)>,
}

impl Mined {
    /// The next-word pairs seen at least `min_pair` times as a `next*.tsv` source
    /// (`prev_entity`, `next_entity`, listings) that a reviewer can commit.
    pub fn pairs_tsv(&self, min_pair: u32) -> String {
        let mut tsv = String::from(
            "# Next-word pairs mined by `ichiba build --corpus`: prev_entity, next_entity, listings.\n",
        );
        for ((prev, next), count) in &self.pairs {
            if *count >= min_pair {
                tsv.push_str(&format!("{prev}\t{next}\t{count}\n"));
            }
        }
        tsv
    }

    /// The phrase proposals as TSV (phrase, listings), most frequent first.
    pub fn proposals_tsv(&self) -> String {
        let mut tsv = String::from(
            "# Phrase proposals: frequent word runs not in the lexicon (phrase, listings).\n",
        );
        for (phrase, n) in &self.proposals {
            tsv.push_str(&format!("{phrase}\t{n}\n"));
        }
        tsv
    }
}

enum Item {
    /// A dictionary word (its entity index).
    Word(u32),
    /// Spaces or a particle: words on both sides still form a pair.
    Soft,
    /// Anything else breaks pairs; unknown nouns feed proposals.
    Other {
        start: usize,
        end: usize,
        noun: bool,
    },
}

/// Mines `listings` (titles and descriptions) against `dict`.
pub fn mine<D: AsRef<[u8]>>(
    listings: &[Listing],
    dict: &Dictionary<D>,
    analyzer: &Analyzer,
) -> Result<Mined> {
    let mut mined = Mined {
        listings: listings.len(),
        ..Mined::default()
    };
    let mut proposals: BTreeMap<String, u32> = BTreeMap::new();
    let mut scratch = Scratch::default();
    let mut tokens = Vec::new();
    let mut items = Vec::new();
    for listing in listings {
        let mut entities = BTreeSet::new();
        let mut phrases = BTreeSet::new();
        for text in [&listing.title, &listing.description] {
            analyzer.tokenize(text, &mut tokens)?;
            items.clear();
            words(text, &tokens, dict, &mut scratch, &mut items)?;
            let mut prev: Option<u32> = None;
            for item in &items {
                match *item {
                    Item::Word(e) => {
                        entities.insert(e);
                        if let Some(p) = prev.filter(|&p| p != e) {
                            let key = (
                                dict.entity_id(p)?.to_string(),
                                dict.entity_id(e)?.to_string(),
                            );
                            *mined.pairs.entry(key).or_default() += 1;
                        }
                        prev = Some(e);
                    }
                    Item::Soft => {}
                    Item::Other { .. } => prev = None,
                }
            }
            for run in items.split(|i| !matches!(i, Item::Other { noun: true, .. })) {
                for n in 2..=3 {
                    for w in run.windows(n) {
                        if let (Item::Other { start, .. }, Item::Other { end, .. }) =
                            (&w[0], &w[n - 1])
                        {
                            phrases.insert(text[*start..*end].to_string());
                        }
                    }
                }
            }
        }
        for e in entities {
            *mined
                .doc_freq
                .entry(dict.entity_id(e)?.to_string())
                .or_default() += 1;
        }
        for p in phrases {
            *proposals.entry(p).or_default() += 1;
        }
    }
    let mut proposals: Vec<(String, u32)> = proposals
        .into_iter()
        .filter(|(_, n)| *n >= MIN_PROPOSAL_LISTINGS)
        .collect();
    proposals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    proposals.truncate(MAX_PROPOSALS);
    mined.proposals = proposals;
    Ok(mined)
}

/// Turns one text's tokens into words, soft gaps and other tokens.
fn words<D: AsRef<[u8]>>(
    text: &str,
    tokens: &[Token],
    dict: &Dictionary<D>,
    scratch: &mut Scratch,
    items: &mut Vec<Item>,
) -> Result<()> {
    let mut keys = Vec::new();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.pos == Pos::Whitespace {
            items.push(Item::Soft);
            i += 1;
            continue;
        }
        if t.pos == Pos::Symbol {
            items.push(Item::Other {
                start: t.start,
                end: t.end,
                noun: false,
            });
            i += 1;
            continue;
        }
        // Folded lengths at each token end this word could stop at.
        let last = (i + MAX_WORD_TOKENS).min(tokens.len());
        ends.clear();
        for (j, u) in tokens[i..last].iter().enumerate() {
            ends.push((i + j, text::fold(&text[t.start..u.end]).len()));
        }
        let folded = text::fold(&text[t.start..tokens[last - 1].end]);
        keys.clear();
        dict.keys_prefixing(KeySpace::Surface, &folded, scratch, &mut keys);
        dict.keys_prefixing(KeySpace::Reading, &folded, scratch, &mut keys);
        let mut best: Option<(usize, u32, u32)> = None;
        for &(entry, len) in &keys {
            let Some(&(j, _)) = ends.iter().find(|(_, l)| *l == len) else {
                continue;
            };
            let e = dict.entry(entry)?;
            if e.is_blocked() {
                continue;
            }
            if best.is_none_or(|(bj, bw, _)| (j, e.weight) > (bj, bw)) {
                best = Some((j, e.weight, e.entity));
            }
        }
        match best {
            Some((j, _, entity)) => {
                items.push(Item::Word(entity));
                i = j + 1;
            }
            None if matches!(t.pos, Pos::Particle | Pos::Auxiliary) => {
                items.push(Item::Soft);
                i += 1;
            }
            None => {
                let noun = matches!(t.pos, Pos::Noun | Pos::Unknown);
                items.push(Item::Other {
                    start: t.start,
                    end: t.end,
                    noun,
                });
                i += 1;
            }
        }
    }
    Ok(())
}
