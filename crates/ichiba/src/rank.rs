//! Ranking: turns raw dictionary hits into a score the user would agree with.
//!
//! The fst lookup already returns the heaviest completions; this adds what the weight
//! alone does not know: how much of the candidate the user has typed (no 20-character phrase
//! for one typed kana), whether the key matched a whole entry, how much of the text the
//! matched fragment covers, the field being typed, and the script the user is typing in.

use serde::{Deserialize, Serialize};

use crate::dictionary::Kind;

/// The form field the user is typing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The listing title (40 characters): brands and item words first.
    Title,
    /// The description: listing phrases are welcome.
    Description,
    /// The brand field: brands only, ranked by the selected category when there is one.
    Brand,
    /// The category field: category names only, each with its node and path
    /// ([`crate::Suggestion::path`]).
    Category,
    /// Any other text: no preference.
    #[default]
    Free,
}

impl std::str::FromStr for Field {
    type Err = String;
    fn from_str(s: &str) -> Result<Field, String> {
        match s {
            "title" => Ok(Field::Title),
            "description" => Ok(Field::Description),
            "brand" => Ok(Field::Brand),
            "category" => Ok(Field::Category),
            "free" => Ok(Field::Free),
            _ => Err(format!(
                "unknown field {s:?} (expected title, description, brand, category or free)"
            )),
        }
    }
}

/// What the ranker knows about one hit.
#[derive(Debug, Clone, Copy)]
pub struct Features {
    /// The entry's weight.
    pub weight: u32,
    /// The entry's kind.
    pub kind: Kind,
    /// Characters in the entry's key (reading or folded surface) that matched.
    pub key_chars: usize,
    /// Characters of the fragment the user typed (as typed, before conversion).
    pub typed_chars: usize,
    /// Whether the typed key is the whole key.
    pub exact: bool,
    /// Whether the hit came from the Latin spelling matching Latin input literally.
    pub literal_latin: bool,
    /// Whether the surface is written in Latin letters only.
    pub latin_surface: bool,
    /// Whether the user typed kana or romaji (wants Japanese script).
    pub kana_input: bool,
    /// Which field is being typed.
    pub field: Field,
}

/// Typed characters beyond which a longer candidate starts to cost.
fn allowance(typed: usize) -> usize {
    2 + 2 * typed
}

/// Scores a hit; higher is better. Scores compare only within one request.
pub fn score(f: &Features) -> f32 {
    let mut s = (1.0 + f.weight as f32).ln();
    // Evidence: a longer typed fragment that still matches is worth more.
    s += 1.2 * f.typed_chars.min(12) as f32;
    // Length: untyped characters beyond the allowance cost.
    let extra = f.key_chars.saturating_sub(f.typed_chars);
    s -= 0.45 * extra.saturating_sub(allowance(f.typed_chars)) as f32;
    if f.exact {
        s += 3.0;
    }
    if f.literal_latin {
        s += 1.0;
    }
    if f.kana_input && f.latin_surface {
        s -= 0.7;
    }
    s += match (f.field, f.kind) {
        (Field::Brand, Kind::Brand) => 3.0,
        (Field::Brand, Kind::Phrase) => -6.0,
        (Field::Brand, _) => -3.0,
        (Field::Title, Kind::Phrase) => -0.5,
        (Field::Description, Kind::Phrase) => 1.0,
        _ => 0.0,
    };
    s
}

/// The most a word tied to the selected category gains: a word of the category itself at
/// full strength (255).
pub const CATEGORY_BONUS: f32 = 3.0;
/// What the selected brand's own words gain.
pub const BRAND_BONUS: f32 = 1.0;
/// What the words that follow the selected brand (its next words) gain.
pub const BRAND_RELATED_BONUS: f32 = 0.6;

/// The bonus of a word linked with `strength` (1‥255) to a category `levels` tree levels
/// from the selected one (its ancestor or descendant): [`CATEGORY_BONUS`] scaled by the
/// strength, halved per level.
pub fn category_bonus(strength: u8, levels: u32) -> f32 {
    CATEGORY_BONUS * f32::from(strength) / 255.0 / (1u32 << levels.min(16)) as f32
}

/// Scores a next-word prediction (nothing typed of it yet): how often it follows the
/// previous word, then its own weight.
pub fn next_word_score(weight: u32, count: u32) -> f32 {
    4.0 + 1.5 * (1.0 + count as f32).ln() + 0.3 * (1.0 + weight as f32).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Features {
        Features {
            weight: 1000,
            kind: Kind::Item,
            key_chars: 5,
            typed_chars: 2,
            exact: false,
            literal_latin: false,
            latin_surface: false,
            kana_input: true,
            field: Field::Free,
        }
    }

    #[test]
    fn long_candidates_for_short_input_cost() {
        let short = score(&Features {
            key_chars: 4,
            typed_chars: 1,
            ..base()
        });
        let long = score(&Features {
            key_chars: 20,
            typed_chars: 1,
            ..base()
        });
        assert!(short > long + 5.0);
        // With enough typed, the long candidate is no longer punished.
        let typed = score(&Features {
            key_chars: 20,
            typed_chars: 8,
            ..base()
        });
        assert!(typed > long);
    }

    #[test]
    fn exact_and_field_matter() {
        assert!(
            score(&Features {
                exact: true,
                ..base()
            }) > score(&base())
        );
        let brand = Features {
            field: Field::Brand,
            kind: Kind::Brand,
            ..base()
        };
        let phrase = Features {
            field: Field::Brand,
            kind: Kind::Phrase,
            ..base()
        };
        assert!(score(&brand) > score(&phrase));
    }

    #[test]
    fn script_preference() {
        let kana = score(&Features {
            latin_surface: false,
            ..base()
        });
        let latin = score(&Features {
            latin_surface: true,
            ..base()
        });
        assert!(kana > latin);
        let typed_latin = Features {
            kana_input: false,
            latin_surface: true,
            literal_latin: true,
            ..base()
        };
        assert!(
            score(&typed_latin)
                > score(&Features {
                    kana_input: false,
                    ..base()
                })
        );
    }

    #[test]
    fn category_bonus_halves_per_level() {
        assert_eq!(category_bonus(255, 0), CATEGORY_BONUS);
        assert_eq!(category_bonus(255, 1), CATEGORY_BONUS / 2.0);
        assert!(category_bonus(160, 0) < category_bonus(255, 0));
        assert!(category_bonus(1, 0) > 0.0);
    }

    #[test]
    fn fields_parse() {
        assert_eq!("brand".parse::<Field>(), Ok(Field::Brand));
        assert_eq!("category".parse::<Field>(), Ok(Field::Category));
        assert!("x".parse::<Field>().is_err());
    }
}
