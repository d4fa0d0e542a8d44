//! Typo correction: the keys one edit away from what was typed, found by walking the fst
//! with a Damerau–Levenshtein automaton of distance 1 (never by scanning the keys).
//!
//! The walk follows the typed key exactly, and at each position tries one edit: a
//! substitution (any character the fst has there), an insertion (a character the seller
//! left out), a deletion (one typed too many) or a transposition of two neighbours; after
//! the edit it follows the rest of the key exactly again. The first character is taken as
//! typed. Each way through that consumes the
//! whole key ends at a *corrected prefix*, a range of the rank array (see [`super::topk`])
//! whose best entry its tree of minima gives, so the corrected prefixes can be ranked
//! before any of their completions is read. Work is bounded by the
//! key's length times the number of characters branching at each position, and capped.

use fst::raw::Fst;

use super::topk::{Hit, KeySpace, Pos, Scratch, best_first, to_index};
use super::{Dictionary, Slice};
use crate::format::RankArray;

/// Typed keys longer than this (in characters) are not corrected: the work grows with the
/// length, and a long fragment has prefix matches to show anyway.
pub const MAX_CORRECTED_CHARS: usize = 12;
/// At most this many corrected prefixes are searched for completions.
const MAX_PREFIXES: usize = 8;
/// Safety net on node visits per correction.
const MAX_VISITS: usize = 8_000;

/// One edit that turned the typed key into a corrected prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// `typed` was typed where the key has `key`.
    Substitute {
        /// The character typed.
        typed: char,
        /// The character in the key.
        key: char,
    },
    /// The key has `0` where nothing was typed.
    Insert(char),
    /// `0` was typed and the key does not have it.
    Delete(char),
    /// Two neighbouring characters were typed in the wrong order.
    Transpose,
}

/// How likely an edit is as a slip on a phone keyboard; lower is likelier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slip {
    /// A voicing mark added or missed (は/ば/ぱ), a small kana for a large one (つ/っ), or
    /// a long vowel written as a vowel (ー/う/お).
    Mark,
    /// The right key of the 12-key flick layout, flicked the wrong way (く for き).
    Flick,
    /// Any other edit.
    Other,
}

impl Edit {
    /// What kind of slip the edit is.
    pub fn slip(self) -> Slip {
        match self {
            Edit::Substitute { typed, key } => crate::text::kana::slip(typed, key),
            Edit::Insert(c) | Edit::Delete(c) if is_mark(c) => Slip::Mark,
            _ => Slip::Other,
        }
    }
}

/// Whether `c` is easily typed or left out by slip: the long-vowel mark or a small kana.
fn is_mark(c: char) -> bool {
    crate::text::kana::is_long_vowel_mark(c)
        || crate::text::kana::base_kana(c) != c
            && !"がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ".contains(c)
}

/// A corrected completion: the hit, and the edit that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corrected {
    /// The entry found.
    pub hit: Hit,
    /// The edit between the typed key and the entry's key.
    pub edit: Edit,
}

/// A corrected prefix: where it ends in the fst and its best entry.
#[derive(Debug)]
pub(super) struct Prefix {
    addr: usize,
    /// The range of the rank array below the prefix.
    lo: u64,
    hi: u64,
    /// Its best entry.
    acc: u64,
    edit: Edit,
}

/// The typo walk's reusable buffers, kept in [`Scratch`].
#[derive(Debug, Default)]
pub(super) struct TypoScratch {
    /// The typed key's characters.
    typed: Vec<char>,
    /// The best corrected prefixes.
    prefixes: Vec<Prefix>,
    /// (character, node, range start, range end) children of a node.
    children: Vec<Child>,
    /// The children walk's stack: (node, range start, range end, bytes of the character so
    /// far, how many).
    stack: Vec<(usize, u64, u64, [u8; 4], usize)>,
}

/// A child of a node: (character, node, range start, range end).
type Child = (char, usize, u64, u64);

impl<D: AsRef<[u8]>> Dictionary<D> {
    /// Appends to `out` the best completions (at most `k` per corrected prefix) of the keys
    /// one edit away from `key` in `space`, best corrected prefix first. `key` must be
    /// folded; keys under 3 or over [`MAX_CORRECTED_CHARS`] characters are not corrected.
    /// Completions of `key` itself are not included: [`Dictionary::top_k`] finds those.
    pub fn corrections(
        &self,
        space: KeySpace,
        key: &str,
        k: usize,
        scratch: &mut Scratch,
        out: &mut Vec<Corrected>,
    ) {
        let TypoScratch {
            typed,
            prefixes,
            children,
            stack,
        } = &mut scratch.typo;
        typed.clear();
        typed.extend(key.chars());
        if typed.len() < 3 || typed.len() > MAX_CORRECTED_CHARS || k == 0 {
            return;
        }
        let fst = self.fst(space);
        let (ranks, rank_bytes) = self.ranks(space);
        prefixes.clear();
        prefixes.reserve(MAX_PREFIXES + 1);
        Walk {
            fst,
            ranks,
            rank_bytes,
            space,
            typed,
            visits: 0,
            out: prefixes,
            children: std::mem::take(children),
            stack: std::mem::take(stack),
        }
        .run_into(children, stack);
        for p in prefixes.iter() {
            best_first(
                ranks,
                rank_bytes,
                p.lo,
                p.hi,
                k,
                &mut scratch.heap,
                |entry| {
                    if !out.iter().any(|c| c.hit.entry == entry) {
                        out.push(Corrected {
                            hit: Hit {
                                entry,
                                weight: self.weight(entry),
                                exact: false,
                                space,
                            },
                            edit: p.edit,
                        });
                    }
                    true
                },
            );
        }
    }
}

struct Walk<'f, 'o, D> {
    fst: &'f Fst<Slice<D>>,
    ranks: &'f RankArray,
    rank_bytes: &'f [u8],
    space: KeySpace,
    typed: &'f [char],
    visits: usize,
    /// The best [`MAX_PREFIXES`] corrected prefixes so far, best (lowest output) first,
    /// one per prefix (two edits can reach the same prefix).
    out: &'o mut Vec<Prefix>,
    /// Reused buffer of children.
    children: Vec<Child>,
    /// Reused stack of [`Walk::children_of`].
    stack: Vec<(usize, u64, u64, [u8; 4], usize)>,
}

impl<'f, D: AsRef<[u8]>> Walk<'f, '_, D> {
    /// Runs the walk, then hands its buffers back for the next one.
    fn run_into(
        mut self,
        children: &mut Vec<Child>,
        stack: &mut Vec<(usize, u64, u64, [u8; 4], usize)>,
    ) {
        self.run();
        *children = std::mem::take(&mut self.children);
        *stack = std::mem::take(&mut self.stack);
    }

    fn run(&mut self) {
        let n = self.typed.len();
        let mut pos = Pos::root(self.fst);
        for i in 0..n {
            // Not the first character: a slip there is rare, and the root's fan-out (every
            // first character) would make it the costliest position.
            if i > 0 {
                self.edits_at(pos, i);
            }
            match self.follow(pos, &self.typed[i..=i]) {
                Some(next) => pos = next,
                None => return,
            }
        }
    }

    /// Tries each edit at typed position `i`, from `node` (the typed key's first `i`
    /// characters followed exactly).
    fn edits_at(&mut self, pos: Pos<'f>, i: usize) {
        let typed = self.typed;
        let rest = &typed[i + 1..];
        // Deletion: typed[i] is one too many (ぐっちぃ → ぐっち).
        self.finish(pos, rest, Edit::Delete(typed[i]));
        // Transposition of typed[i] and typed[i + 1].
        if i + 1 < typed.len() && typed[i] != typed[i + 1] {
            let swapped = [typed[i + 1], typed[i]];
            if let Some(p) = self.follow(pos, &swapped) {
                self.finish(p, &typed[i + 2..], Edit::Transpose);
            }
        }
        // Substitution and insertion: every character the fst has here.
        let mut children = std::mem::take(&mut self.children);
        children.clear();
        self.children_of(pos, &mut children);
        for &(c, addr, lo, hi) in &children {
            let child = Pos {
                node: self.fst.node(addr),
                lo,
                hi,
            };
            if c != typed[i] {
                let edit = Edit::Substitute {
                    typed: typed[i],
                    key: c,
                };
                self.finish(child, rest, edit);
            }
            self.finish(child, &typed[i..], Edit::Insert(c));
        }
        self.children = children;
    }

    /// Follows `rest` exactly from `node` and records the prefix reached.
    fn finish(&mut self, pos: Pos<'f>, rest: &[char], edit: Edit) {
        let Some(p) = self.follow(pos, rest) else {
            return;
        };
        let Some(best) = self
            .ranks
            .range_min(self.rank_bytes, to_index(p.lo), to_index(p.hi))
        else {
            return;
        };
        let (addr, acc, lo, hi) = (p.node.addr(), u64::from(best), p.lo, p.hi);
        let out = &mut *self.out;
        if let Some(at) = out.iter().position(|p| p.addr == addr && p.lo == lo) {
            if acc < out[at].acc || (acc == out[at].acc && edit.slip() < out[at].edit.slip()) {
                out.remove(at);
            } else {
                return;
            }
        }
        if out.len() == MAX_PREFIXES && out.last().is_some_and(|p| p.acc < acc) {
            return;
        }
        // Ties (the same best entry) go to the likelier slip: ないく is ないき mistyped, not
        // ない with one key too many.
        let slip = edit.slip();
        let at = out.partition_point(|p| (p.acc, p.edit.slip()) <= (acc, slip));
        out.insert(
            at,
            Prefix {
                addr,
                lo,
                hi,
                acc,
                edit,
            },
        );
        out.truncate(MAX_PREFIXES);
    }

    /// Follows the characters `chars` exactly from `node`.
    fn follow(&mut self, mut pos: Pos<'f>, chars: &[char]) -> Option<Pos<'f>> {
        let mut buf = [0; 4];
        for &c in chars {
            for &b in self.space.char_bytes(c, &mut buf)? {
                self.visits += 1;
                if self.visits > MAX_VISITS {
                    return None;
                }
                pos = pos.step(self.fst, b)?;
            }
        }
        Some(pos)
    }

    /// Every whole character that leads out of `node` (not the key end), with the node and
    /// range after it.
    fn children_of(&mut self, pos: Pos<'f>, out: &mut Vec<Child>) {
        if self.space == KeySpace::Reading {
            // One byte per character.
            self.visits += 1;
            for i in 0..pos.node.len() {
                let inp = pos.node.transition(i).inp;
                if let Some(c) = crate::format::reading_key_char(inp) {
                    let p = pos.take(self.fst, i);
                    out.push((c, p.node.addr(), p.lo, p.hi));
                }
            }
            return;
        }
        // (node, range, bytes of the character so far, how many)
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push((pos.node.addr(), pos.lo, pos.hi, [0; 4], 0));
        while let Some((addr, lo, hi, bytes, len)) = stack.pop() {
            self.visits += 1;
            if self.visits > MAX_VISITS {
                break;
            }
            let here = Pos {
                node: self.fst.node(addr),
                lo,
                hi,
            };
            for i in 0..here.node.len() {
                let mut b = bytes;
                b[len] = here.node.transition(i).inp;
                let p = here.take(self.fst, i);
                match std::str::from_utf8(&b[..=len]) {
                    Ok(s) => {
                        if let Some(c) = s.chars().next() {
                            out.push((c, p.node.addr(), p.lo, p.hi));
                        }
                    }
                    Err(e) if e.error_len().is_none() && len < 3 => {
                        stack.push((p.node.addr(), p.lo, p.hi, b, len + 1));
                    }
                    Err(_) => {}
                }
            }
        }
        self.stack = stack;
    }
}

#[cfg(all(test, feature = "embedded-dictionary"))]
mod tests {
    use super::*;

    fn found(key: &str) -> Vec<(String, Edit)> {
        let dict = Dictionary::embedded().unwrap();
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        dict.corrections(KeySpace::Reading, key, 3, &mut scratch, &mut out);
        out.iter()
            .map(|c| (dict.entry(c.hit.entry).unwrap().surface.to_string(), c.edit))
            .collect()
    }

    #[test]
    fn each_kind_of_edit_is_found() {
        let has = |key: &str, want: &str| {
            let got = found(key);
            assert!(got.iter().any(|(s, _)| s == want), "{key}: {got:?}");
            got.into_iter().find(|(s, _)| s == want).unwrap().1
        };
        assert_eq!(
            has("ないく", "ナイキ"),
            Edit::Substitute {
                typed: 'く',
                key: 'き'
            }
        );
        assert_eq!(has("ぐっちぃ", "グッチ"), Edit::Delete('ぃ'));
        assert_eq!(has("ないこ", "ナイキ").slip(), Slip::Flick);
        assert!(matches!(has("すにか", "スニーカー"), Edit::Insert('ー')));
        assert_eq!(has("すにかーー", "スニーカー"), Edit::Transpose);
    }

    #[test]
    fn short_long_and_unknown_keys_find_nothing() {
        assert!(found("ない").is_empty());
        assert!(found(&"あ".repeat(MAX_CORRECTED_CHARS + 1)).is_empty());
        assert!(found("ゑゑゑゑ").is_empty());
    }
}
