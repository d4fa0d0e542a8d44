//! Counterfeit offers by rule: a brand followed by a word that says the item is not genuine
//! (ヴィトンコピー, ロレックススーパーコピー, シャネルN級品, rolexreplica). A general vocabulary
//! such as Mozc's holds such words; listing each one in the block list would never catch
//! them all, so the build blocks every row the rule matches, and a test walks the built
//! dictionary against the same rule.
//!
//! The rule, on folded text ([`ichiba::text::fold`]): the surface (or the reading) ends
//! with a marker — コピー, コピー品, スーパーコピー, 偽物, 偽造品, レプリカ, a Latin letter + 級品
//! or 級 (N級品, S級), copy, fake, replica — optionally followed by 品 or 商品, and what comes
//! before the marker ends with a brand: a brand's folded name or reading, or a tail of at
//! least three characters of one (ヴィトン of ルイ・ヴィトン). The marker must end the word, so
//! コピー用紙, コピー機 and レプリカユニフォーム (a club's official replica shirt) are left
//! alone, and a brand's own name is never matched (a master brand is what the marketplace
//! lists under that name).

use std::collections::HashSet;

use ichiba::text;

/// Folded markers that say an item is not genuine, longest first so the longest match is
/// the one reported.
const MARKERS: &[&str] = &[
    "すーぱーこぴー",
    "こぴーひん",
    "こぴー品",
    "にせもの",
    "偽造品",
    "れぷりか",
    "replica",
    "こぴー",
    "偽物",
    "copy",
    "fake",
];

/// What may follow a marker and still make the word an offer (ヴィトンコピー品).
const TAILS: &[&str] = &["", "品", "商品", "ひん", "しょうひん"];

/// A brand tail shorter than this does not count (the last two kana of a brand are too
/// often a word of their own).
const MIN_TAIL_CHARS: usize = 3;

/// The counterfeit rule over a set of brands.
#[derive(Debug, Default, Clone)]
pub struct CounterfeitRule {
    /// Folded brand names and readings, and their tails of at least [`MIN_TAIL_CHARS`].
    brands: HashSet<String>,
    /// The folded names and readings themselves: never matched.
    names: HashSet<String>,
}

impl CounterfeitRule {
    /// The rule for `brands`: each a brand's name or reading, as written (folded here).
    pub fn new<'a>(brands: impl IntoIterator<Item = &'a str>) -> Self {
        let mut rule = CounterfeitRule::default();
        for brand in brands {
            let folded = text::fold(brand);
            if folded.chars().count() < 2 {
                continue;
            }
            for (i, _) in folded.char_indices() {
                let tail = &folded[i..];
                if i == 0 || tail.chars().count() >= MIN_TAIL_CHARS {
                    rule.brands.insert(tail.to_string());
                }
            }
            rule.names.insert(folded);
        }
        rule
    }

    /// Number of distinct brand names and readings the rule knows.
    pub fn brands(&self) -> usize {
        self.names.len()
    }

    /// The brand part of `word` when it is a counterfeit offer by the rule, else `None`.
    pub fn matches(&self, word: &str) -> Option<String> {
        let folded = text::fold(word);
        if self.names.contains(&folded) {
            return None;
        }
        for tail in TAILS {
            let Some(rest) = folded.strip_suffix(tail) else {
                continue;
            };
            for head in marker_heads(rest) {
                if let Some(brand) = self.brand_ending(head) {
                    return Some(brand.to_string());
                }
            }
        }
        None
    }

    /// The longest brand (or brand tail) that `head` ends with.
    fn brand_ending<'h>(&self, head: &'h str) -> Option<&'h str> {
        head.char_indices()
            .map(|(i, _)| &head[i..])
            .find(|tail| self.brands.contains(*tail))
    }
}

/// What comes before each marker that ends `rest`: none, one or two heads (a word can end
/// with コピー and with スーパーコピー).
fn marker_heads(rest: &str) -> impl Iterator<Item = &str> {
    let grade = grade_marker_head(rest);
    MARKERS
        .iter()
        .filter_map(move |m| rest.strip_suffix(m))
        .chain(grade)
        .filter(|head| !head.is_empty())
}

/// Before a grade marker: a Latin letter then 級品 or 級 (n級品, s級).
fn grade_marker_head(rest: &str) -> Option<&str> {
    let before = rest
        .strip_suffix("級品")
        .or_else(|| rest.strip_suffix("級"))?;
    let letter = before.chars().next_back()?;
    letter
        .is_ascii_alphabetic()
        .then(|| &before[..before.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> CounterfeitRule {
        CounterfeitRule::new([
            "ルイ・ヴィトン",
            "るいゔぃとん",
            "ロレックス",
            "シャネル",
            "ROLEX",
            "CHANEL",
            "メゾン マルジェラ",
        ])
    }

    #[test]
    fn a_brand_before_a_marker_is_an_offer() {
        let r = rule();
        assert_eq!(r.matches("ヴィトンコピー").as_deref(), Some("ゔぃとん"));
        assert_eq!(
            r.matches("ルイヴィトンコピー").as_deref(),
            Some("るいゔぃとん")
        );
        assert_eq!(
            r.matches("ロレックススーパーコピー").as_deref(),
            Some("ろれっくす")
        );
        assert_eq!(
            r.matches("ロレックス コピー品").as_deref(),
            Some("ろれっくす")
        );
        assert_eq!(r.matches("シャネル偽物").as_deref(), Some("しゃねる"));
        assert_eq!(r.matches("シャネルN級品").as_deref(), Some("しゃねる"));
        assert_eq!(r.matches("シャネルS級").as_deref(), Some("しゃねる"));
        assert_eq!(r.matches("シャネルレプリカ").as_deref(), Some("しゃねる"));
        assert_eq!(r.matches("Rolex Replica").as_deref(), Some("rolex"));
        assert_eq!(r.matches("chanel copy").as_deref(), Some("chanel"));
        // By reading too.
        assert_eq!(r.matches("ろれっくすこぴー").as_deref(), Some("ろれっくす"));
    }

    #[test]
    fn genuine_words_are_left_alone() {
        let r = rule();
        for word in [
            "コピー",
            "コピー用紙",
            "コピー機",
            "キャッチコピー",
            "レプリカユニフォーム",
            "レプリカ",
            "ロレックス",
            "シャネルのバッグ",
            "ルイ・ヴィトン",
            "タコピー",
            "ネルコピー",
            "N級品",
            "copy",
        ] {
            assert_eq!(r.matches(word), None, "{word}");
        }
    }

    #[test]
    fn short_tails_of_a_brand_do_not_count() {
        // ネル is the last two kana of シャネル: too short to stand for it.
        let r = rule();
        assert_eq!(r.matches("ネルコピー"), None);
        assert_eq!(
            r.matches("ルイ・ヴィトンコピー").as_deref(),
            Some("るいゔぃとん")
        );
        assert_eq!(r.brands(), 6);
    }
}
