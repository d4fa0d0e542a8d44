//! Every brand of the marketplace's master list, typed as a seller would.
//!
//! `ichiba eval brands FILE` reads a master `brands.json` (the facets format of
//! `dictionaries/lexicon/mercari/brands.json`) and, for every brand — not a sample — and
//! every field asked for:
//!
//! * **kana**: types the brand's reading in hiragana one character at a time (the reading
//!   of its katakana name; a kanji name is read by the analyzer; a Latin-only name has no
//!   kana test) and asks for the top 10 after each character. It records whether the brand
//!   is in the top 10 after 3 characters (the whole reading when it is shorter), and after
//!   how many characters it first reaches the top 5: the **share of the reading typed
//!   before top 5** is that count over the reading's length, 1 when it never does.
//! * **Latin**: types the first 4 characters of the brand's Latin spelling (`sub_name`, or
//!   a Latin name), lower-cased, and checks the top 10.
//!
//! A suggestion *is* the brand when it carries the brand's entity (`mercari-brand:<id>`) or
//! inserts the brand's name or Latin spelling (folded): a name several brands share is
//! found once for all of them, as a seller sees it.

use std::collections::HashSet;

use serde::Serialize;

use ichiba::text::{self, kana};
use ichiba::{Engine, Field, Request, Suggestion};
use ichiba_build::facets::{MasterBrand, kana_reading};

use crate::error::Result;

/// Characters of the reading typed for the top-10 figure.
pub const KANA_TYPED: usize = 3;
/// Latin characters typed for the Latin top-10 figure.
pub const LATIN_TYPED: usize = 4;
/// Suggestions asked for on every keystroke (the top-10 figures).
const TOP: usize = 10;
/// The rank the share of the reading is measured to.
const REACH: usize = 5;

/// A brand as the evaluation types it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The master's record.
    pub brand: MasterBrand,
    /// The reading typed (hiragana), when the name has one.
    pub reading: Option<String>,
    /// The Latin prefix typed (folded, at most [`LATIN_TYPED`] characters), when it has one.
    pub latin: Option<String>,
}

/// Turns master brands into what is typed: readings of kana names, kanji names read by
/// `engine`'s analyzer, Latin prefixes of the `sub_name` (or of a Latin name).
pub fn targets(engine: &Engine, brands: &[MasterBrand]) -> Result<Vec<Target>> {
    let mut out = Vec::with_capacity(brands.len());
    for b in brands {
        let reading = match kana_reading(&b.name) {
            Some(r) => Some(r),
            None if b.name.chars().any(kana::is_kanji) => engine
                .analyzer()
                .reading(&b.name)?
                .map(|r| kana::to_hiragana(&r))
                .filter(|r| text::is_reading(r)),
            None => None,
        }
        .filter(|r| !r.is_empty());
        let latin_source = b.sub_name.as_deref().or_else(|| {
            b.name
                .chars()
                .all(|c| c.is_ascii_graphic() || c == ' ')
                .then_some(b.name.as_str())
        });
        let latin = latin_source
            .map(|s| {
                s.to_lowercase()
                    .chars()
                    .take(LATIN_TYPED)
                    .collect::<String>()
            })
            .filter(|s| s.chars().any(|c| c.is_ascii_alphanumeric()));
        out.push(Target {
            brand: b.clone(),
            reading,
            latin,
        });
    }
    Ok(out)
}

/// A brand the kana test missed after [`KANA_TYPED`] characters, with what was shown.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The brand's id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// What was typed.
    pub typed: String,
    /// The surfaces shown instead (the top 10).
    pub shown: Vec<String>,
}

/// The figures for one field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldReport {
    /// The field typed in.
    pub field: String,
    /// Brands with a kana reading (typed in kana).
    pub kana_brands: usize,
    /// Of those, brands in the top 10 after [`KANA_TYPED`] characters.
    pub kana_top10: usize,
    /// Of those, brands that reach the top 5 at some prefix of their reading.
    pub kana_reach_top5: usize,
    /// Mean share of the reading typed before the brand reaches the top 5 (1 when never).
    pub kana_share_before_top5: f64,
    /// Brands with a Latin spelling (typed in Latin letters).
    pub latin_brands: usize,
    /// Of those, brands in the top 10 after [`LATIN_TYPED`] characters.
    pub latin_top10: usize,
    /// The first kana misses, in file order.
    pub misses: Vec<Miss>,
}

impl FieldReport {
    /// Share of kana-typed brands in the top 10 after [`KANA_TYPED`] characters.
    pub fn kana_top10_rate(&self) -> f64 {
        rate(self.kana_top10, self.kana_brands)
    }

    /// Share of Latin-typed brands in the top 10 after [`LATIN_TYPED`] characters.
    pub fn latin_top10_rate(&self) -> f64 {
        rate(self.latin_top10, self.latin_brands)
    }
}

fn rate(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Brands in the file.
    pub brands: usize,
    /// Brands with neither a kana reading nor a Latin spelling (not typed at all).
    pub untyped: usize,
    /// One report per field, in the order asked.
    pub fields: Vec<FieldReport>,
}

/// Whether `s` is `t`'s brand: its entity, or its name or Latin spelling as inserted.
fn is_brand(s: &Suggestion, entity: &str, names: &HashSet<String>) -> bool {
    s.entity == entity || names.contains(&text::fold(&s.surface))
}

/// Types every target in every field; keeps at most `keep_misses` misses per field.
pub fn run(
    engine: &Engine,
    targets: &[Target],
    fields: &[Field],
    typos: bool,
    keep_misses: usize,
) -> Result<Report> {
    let mut reports = Vec::with_capacity(fields.len());
    let mut out = Vec::new();
    for &field in fields {
        let mut r = FieldReport {
            field: format!("{field:?}").to_lowercase(),
            kana_brands: 0,
            kana_top10: 0,
            kana_reach_top5: 0,
            kana_share_before_top5: 0.0,
            latin_brands: 0,
            latin_top10: 0,
            misses: Vec::new(),
        };
        let mut share_sum = 0.0;
        for t in targets {
            let entity = t.brand.entity();
            let names: HashSet<String> = std::iter::once(t.brand.name.as_str())
                .chain(t.brand.sub_name.as_deref())
                .map(text::fold)
                .collect();
            let ask = |typed: &str, out: &mut Vec<Suggestion>| -> Result<Option<usize>> {
                let req = Request::new(typed).field(field).top_k(TOP).typos(typos);
                engine.suggest_into(&req, out)?;
                Ok(out.iter().position(|s| is_brand(s, &entity, &names)))
            };
            if let Some(reading) = &t.reading {
                r.kana_brands += 1;
                let chars: Vec<(usize, char)> = reading.char_indices().collect();
                let at3 = KANA_TYPED.min(chars.len());
                let mut reached = None;
                for n in 1..=chars.len() {
                    let end = chars.get(n).map_or(reading.len(), |&(i, _)| i);
                    let typed = &reading[..end];
                    let rank = ask(typed, &mut out)?;
                    if n == at3 {
                        if rank.is_some() {
                            r.kana_top10 += 1;
                        } else if r.misses.len() < keep_misses {
                            r.misses.push(Miss {
                                id: t.brand.id,
                                name: t.brand.name.clone(),
                                typed: typed.to_string(),
                                shown: out.iter().map(|s| s.surface.clone()).collect(),
                            });
                        }
                    }
                    if rank.is_some_and(|k| k < REACH) {
                        reached = Some(n);
                    }
                    if reached.is_some() && n >= at3 {
                        break;
                    }
                }
                match reached {
                    Some(n) => {
                        r.kana_reach_top5 += 1;
                        share_sum += n as f64 / chars.len() as f64;
                    }
                    None => share_sum += 1.0,
                }
            }
            if let Some(latin) = &t.latin {
                r.latin_brands += 1;
                if ask(latin, &mut out)?.is_some() {
                    r.latin_top10 += 1;
                }
            }
        }
        r.kana_share_before_top5 = if r.kana_brands == 0 {
            0.0
        } else {
            share_sum / r.kana_brands as f64
        };
        reports.push(r);
    }
    Ok(Report {
        brands: targets.len(),
        untyped: targets
            .iter()
            .filter(|t| t.reading.is_none() && t.latin.is_none())
            .count(),
        fields: reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(id: u64, name: &str, sub: Option<&str>) -> MasterBrand {
        MasterBrand {
            id,
            name: name.into(),
            sub_name: sub.map(str::to_string),
            line: 1,
        }
    }

    #[test]
    fn targets_read_kana_names_and_take_latin_prefixes() {
        let engine = Engine::embedded().unwrap();
        let t = targets(
            &engine,
            &[
                brand(1, "シュプリーム", Some("Supreme")),
                brand(2, "A.P.C", None),
                brand(3, "無印良品", Some("MUJI")),
            ],
        )
        .unwrap();
        assert_eq!(t[0].reading.as_deref(), Some("しゅぷりーむ"));
        assert_eq!(t[0].latin.as_deref(), Some("supr"));
        assert_eq!(t[1].reading, None);
        assert_eq!(t[1].latin.as_deref(), Some("a.p."));
        assert_eq!(t[2].reading.as_deref(), Some("むじるしりょうひん"));
        assert_eq!(t[2].latin.as_deref(), Some("muji"));
    }

    #[test]
    fn a_known_brand_is_found_and_an_unknown_one_missed() {
        let engine = Engine::embedded().unwrap();
        let t = targets(
            &engine,
            &[
                brand(1620, "シュプリーム", Some("Supreme")),
                brand(9_999_999, "ヅヮヴォゑ", Some("Zqxjv")),
            ],
        )
        .unwrap();
        let report = run(&engine, &t, &[Field::Brand, Field::Title], true, 10).unwrap();
        assert_eq!(report.brands, 2);
        for f in &report.fields {
            assert_eq!(f.kana_brands, 2, "{f:?}");
            assert_eq!(f.kana_top10, 1, "{f:?}");
            assert_eq!(f.kana_reach_top5, 1, "{f:?}");
            assert_eq!(f.latin_brands, 2, "{f:?}");
            assert_eq!(f.latin_top10, 1, "{f:?}");
            assert_eq!(f.misses.len(), 1);
            assert_eq!(f.misses[0].typed, "づゎゔ");
            // シュプリーム is reached within its reading; the unknown brand counts whole.
            assert!(f.kana_share_before_top5 > 0.5 && f.kana_share_before_top5 < 1.0);
        }
    }
}
