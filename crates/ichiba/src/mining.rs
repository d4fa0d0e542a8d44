//! What one listing says about a dictionary, the unit of corpus mining: the entities its
//! title and description mention, the next-word pairs between them, and the runs of unknown
//! nouns that may be phrases the dictionary lacks.
//!
//! This is the one definition of "the words of a listing": `ichiba build --corpus` (through
//! `ichiba-build`'s `corpus::mine`) and the Spark job under `mining/` (through the bindings'
//! `CorpusMiner`) both call [`ListingMiner::mine`], so their counts agree exactly.
//!
//! Each text is tokenized; at every token the longest dictionary key that starts there and
//! ends on a token boundary is taken as a word (so 新品未使用 counts once, not as 新品 + 未使用).
//! Two words form a pair when only spaces or particles stand between them (ナイキ スニーカー,
//! ナイキのスニーカー). Runs of two or three unknown nouns are phrase candidates.

use std::collections::BTreeSet;

use crate::Result;
use crate::analysis::{Analyzer, Pos, Token};
use crate::dictionary::{Dictionary, KeySpace, Scratch};
use crate::text;

/// Longest word, in tokens, looked for at one position.
pub const MAX_WORD_TOKENS: usize = 8;

/// What one listing mentions ([`ListingMiner::mine`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ListingTerms {
    /// Entity indexes (see [`Dictionary::entity_id`]) the listing mentions, each once.
    pub entities: BTreeSet<u32>,
    /// Every occurrence of a next-word pair `(previous entity, next entity)`, in text order
    /// (a pair that occurs twice is here twice).
    pub pairs: Vec<(u32, u32)>,
    /// Runs of two or three unknown nouns (their text as written), each once.
    pub phrases: BTreeSet<String>,
}

impl ListingTerms {
    /// Empties it for the next listing, keeping its allocations.
    pub fn clear(&mut self) {
        self.entities.clear();
        self.pairs.clear();
        self.phrases.clear();
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

/// Per-thread scratch for mining listings: reuse one across listings (like
/// [`crate::Worker`] for suggestions); the dictionary and analyzer are shared.
#[derive(Default)]
pub struct ListingMiner {
    scratch: Scratch,
    tokens: Vec<Token>,
    items: Vec<Item>,
    keys: Vec<(u32, usize)>,
    ends: Vec<(usize, usize)>,
}

impl std::fmt::Debug for ListingMiner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListingMiner").finish_non_exhaustive()
    }
}

impl ListingMiner {
    /// A miner with empty buffers.
    pub fn new() -> Self {
        ListingMiner::default()
    }

    /// Mines one listing's `texts` (its title and description) against `dict`, tokenized by
    /// `analyzer`, into `out` (cleared first). Pairs never cross from one text to the next.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Analyzer`] if tokenizing fails, or a dictionary error if `dict` is
    /// damaged.
    pub fn mine<D: AsRef<[u8]>>(
        &mut self,
        dict: &Dictionary<D>,
        analyzer: &Analyzer,
        texts: &[&str],
        out: &mut ListingTerms,
    ) -> Result<()> {
        out.clear();
        for &text in texts {
            analyzer.tokenize(text, &mut self.tokens)?;
            self.items.clear();
            self.words(text, dict)?;
            let mut prev: Option<u32> = None;
            for item in &self.items {
                match *item {
                    Item::Word(e) => {
                        out.entities.insert(e);
                        if let Some(p) = prev.filter(|&p| p != e) {
                            out.pairs.push((p, e));
                        }
                        prev = Some(e);
                    }
                    Item::Soft => {}
                    Item::Other { .. } => prev = None,
                }
            }
            for run in self
                .items
                .split(|i| !matches!(i, Item::Other { noun: true, .. }))
            {
                for n in 2..=3 {
                    for w in run.windows(n) {
                        if let (Item::Other { start, .. }, Item::Other { end, .. }) =
                            (&w[0], &w[n - 1])
                        {
                            out.phrases.insert(text[*start..*end].to_string());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Turns one text's tokens into words, soft gaps and other tokens.
    fn words<D: AsRef<[u8]>>(&mut self, text: &str, dict: &Dictionary<D>) -> Result<()> {
        let tokens = &self.tokens;
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.pos == Pos::Whitespace {
                self.items.push(Item::Soft);
                i += 1;
                continue;
            }
            if t.pos == Pos::Symbol {
                self.items.push(Item::Other {
                    start: t.start,
                    end: t.end,
                    noun: false,
                });
                i += 1;
                continue;
            }
            // Folded lengths at each token end this word could stop at.
            let last = (i + MAX_WORD_TOKENS).min(tokens.len());
            self.ends.clear();
            for (j, u) in tokens[i..last].iter().enumerate() {
                self.ends
                    .push((i + j, text::fold(&text[t.start..u.end]).len()));
            }
            let folded = text::fold(&text[t.start..tokens[last - 1].end]);
            self.keys.clear();
            dict.keys_prefixing(
                KeySpace::Surface,
                &folded,
                &mut self.scratch,
                &mut self.keys,
            );
            dict.keys_prefixing(
                KeySpace::Reading,
                &folded,
                &mut self.scratch,
                &mut self.keys,
            );
            let mut best: Option<(usize, u32, u32)> = None;
            for &(entry, len) in &self.keys {
                let Some(&(j, _)) = self.ends.iter().find(|(_, l)| *l == len) else {
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
                    self.items.push(Item::Word(entity));
                    i = j + 1;
                }
                None if matches!(t.pos, Pos::Particle | Pos::Auxiliary) => {
                    self.items.push(Item::Soft);
                    i += 1;
                }
                None => {
                    let noun = matches!(t.pos, Pos::Noun | Pos::Unknown);
                    self.items.push(Item::Other {
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
}

#[cfg(all(test, feature = "analysis", feature = "embedded-dictionary"))]
mod tests {
    use super::*;

    #[test]
    fn words_pairs_and_phrases_of_one_listing() {
        let dict = Dictionary::embedded().unwrap();
        let analyzer = Analyzer::new().unwrap();
        let mut miner = ListingMiner::new();
        let mut out = ListingTerms::default();
        miner
            .mine(
                &dict,
                &analyzer,
                &["ナイキのスニーカー", "NIKE スニーカー"],
                &mut out,
            )
            .unwrap();
        let ids: Vec<String> = out
            .entities
            .iter()
            .map(|&e| dict.entity_id(e).unwrap().into_owned())
            .collect();
        assert_eq!(ids.len(), 2, "ナイキ and NIKE are one entity: {ids:?}");
        assert_eq!(out.pairs.len(), 2, "one pair in each text: {:?}", out.pairs);
        assert_eq!(out.pairs[0], out.pairs[1]);
        // Reused: the previous listing's terms are gone.
        miner.mine(&dict, &analyzer, &["、。"], &mut out).unwrap();
        assert_eq!(out, ListingTerms::default());
    }
}
