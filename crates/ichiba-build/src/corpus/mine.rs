//! Mining a corpus against a dictionary: which entries listings mention (document
//! frequencies, overall and per category), which words follow which (next-word pairs), and
//! frequent word runs the dictionary lacks (phrase proposals for a maintainer to review).
//!
//! What one listing says is [`ichiba::mining::ListingMiner::mine`], the function the Spark
//! job (`mining/`) calls through the bindings; this module sums it over listings. The same
//! sums read back from that job's output are [`super::counts`].

use std::collections::BTreeMap;

use super::Listing;
use crate::error::Result;
use ichiba::analysis::Analyzer;
use ichiba::dictionary::Dictionary;
use ichiba::mining::{ListingMiner, ListingTerms};

/// Proposals need at least this many listings.
pub const MIN_PROPOSAL_LISTINGS: u32 = 3;
/// A mined category link needs at least this many listings of the category.
pub const MIN_CATEGORY_LISTINGS: u32 = 2;
/// At most this many proposals are kept.
pub const MAX_PROPOSALS: usize = 500;

/// What a corpus says about a dictionary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mined {
    /// Listings read.
    pub listings: usize,
    /// Entity id → listings that mention it.
    pub doc_freq: BTreeMap<String, u32>,
    /// (category, entity id) → listings of that category that mention it (listings without
    /// a category are left out): the category links of category-aware ranking
    /// ([`Mined::category_links`]).
    pub category_doc_freq: BTreeMap<(String, String), u32>,
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

    /// Category links from the per-category document frequencies: `(entity, category,
    /// strength)` for every entity mentioned in at least [`MIN_CATEGORY_LISTINGS`] listings
    /// of a category, the strength the share of the entity's listings in that category as a
    /// byte (at least 1). In (category, entity) order.
    pub fn category_links(&self) -> impl Iterator<Item = (&str, &str, u8)> + '_ {
        self.category_doc_freq
            .iter()
            .filter(|&(_, &cdf)| cdf >= MIN_CATEGORY_LISTINGS)
            .map(|((category, entity), &cdf)| {
                let df = self.doc_freq.get(entity).copied().unwrap_or(cdf).max(cdf);
                let strength = (255.0 * f64::from(cdf) / f64::from(df)).round() as u32;
                (
                    entity.as_str(),
                    category.as_str(),
                    strength.clamp(1, 255) as u8,
                )
            })
    }

    /// [`Mined::category_links`] as a `category_links*.tsv` source (entity, category,
    /// strength) that a reviewer can commit.
    pub fn category_links_tsv(&self) -> String {
        let mut tsv = String::from(
            "# Category links mined by `ichiba build --corpus`: entity, category, strength \
             (255 × the share of the entity's listings in the category).\n",
        );
        for (entity, category, strength) in self.category_links() {
            tsv.push_str(&format!("{entity}\t{category}\t{strength}\n"));
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

/// The proposals from every phrase's listing count: at least [`MIN_PROPOSAL_LISTINGS`]
/// listings, most frequent first (ties by phrase), at most [`MAX_PROPOSALS`].
pub fn proposals(counts: BTreeMap<String, u32>) -> Vec<(String, u32)> {
    let mut proposals: Vec<(String, u32)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= MIN_PROPOSAL_LISTINGS)
        .collect();
    proposals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    proposals.truncate(MAX_PROPOSALS);
    proposals
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
    let mut phrases: BTreeMap<String, u32> = BTreeMap::new();
    let mut miner = ListingMiner::new();
    let mut terms = ListingTerms::default();
    for listing in listings {
        miner.mine(
            dict,
            analyzer,
            &[&listing.title, &listing.description],
            &mut terms,
        )?;
        for &(p, e) in &terms.pairs {
            let key = (
                dict.entity_id(p)?.into_owned(),
                dict.entity_id(e)?.into_owned(),
            );
            *mined.pairs.entry(key).or_default() += 1;
        }
        for &e in &terms.entities {
            let id = dict.entity_id(e)?.into_owned();
            if let Some(category) = &listing.category {
                *mined
                    .category_doc_freq
                    .entry((category.clone(), id.clone()))
                    .or_default() += 1;
            }
            *mined.doc_freq.entry(id).or_default() += 1;
        }
        for p in std::mem::take(&mut terms.phrases) {
            *phrases.entry(p).or_default() += 1;
        }
    }
    mined.proposals = proposals(phrases);
    Ok(mined)
}
