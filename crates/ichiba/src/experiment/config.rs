//! The experiment config: JSON in (serde, strict), a validated [`Config`] out.
//!
//! Parsing happens in two layers: `raw` structs mirror the JSON exactly (unknown fields are
//! refused, so a typo such as `"dispay_ms"` never silently runs an experiment without its
//! parameter), then [`Config::from_json`] checks everything a config's author can get wrong
//! and builds the typed, immutable [`Config`] whose invariants the rest of the module relies
//! on (positive weights that fit the buckets, known control, no two live experiments on one
//! parameter, versions and timestamps parsed).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::assign::{BUCKETS, Device, bucket};
use super::{Error, Result};
use crate::Version;

/// A parameter an experiment can control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Parameter {
    /// Whether the suggestion bar is shown at all.
    SuggestionsEnabled,
    /// How many suggestions the bar shows.
    MaxSuggestions,
    /// How long a suggestion stays up, in milliseconds.
    DisplayMs,
    /// Which ranking variant the engine uses.
    Ranking,
    /// How long the barcode-listing prompt stays up, in milliseconds.
    PromptDisplayMs,
    /// Which wording the barcode-listing prompt shows (an id from [`PromptCopy::ALL`]).
    PromptCopy,
}

impl Parameter {
    /// Every parameter, in a fixed order.
    pub const ALL: [Parameter; 6] = [
        Parameter::SuggestionsEnabled,
        Parameter::MaxSuggestions,
        Parameter::DisplayMs,
        Parameter::Ranking,
        Parameter::PromptDisplayMs,
        Parameter::PromptCopy,
    ];

    /// The parameter's name in the config (`display_ms`, …).
    pub fn name(self) -> &'static str {
        match self {
            Parameter::SuggestionsEnabled => "suggestions_enabled",
            Parameter::MaxSuggestions => "max_suggestions",
            Parameter::DisplayMs => "display_ms",
            Parameter::Ranking => "ranking",
            Parameter::PromptDisplayMs => "prompt_display_ms",
            Parameter::PromptCopy => "prompt_copy",
        }
    }
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The wordings of the barcode-listing prompt: a small catalogue, referred to by id in the
/// config (`"prompt_copy": "barcode-register"`). A new wording is a new variant here, so a
/// config can never show text nobody reviewed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PromptCopy {
    /// `barcode-categories`: the wording that names the categories (the original one).
    #[default]
    BarcodeCategories,
    /// `barcode-register`: the wording that says what scanning does for the seller.
    BarcodeRegister,
}

impl PromptCopy {
    /// Every wording, in catalogue order.
    pub const ALL: [PromptCopy; 2] = [PromptCopy::BarcodeCategories, PromptCopy::BarcodeRegister];

    /// Its id in the config and in the bindings.
    pub fn id(self) -> &'static str {
        match self {
            PromptCopy::BarcodeCategories => "barcode-categories",
            PromptCopy::BarcodeRegister => "barcode-register",
        }
    }

    /// The text the prompt shows.
    pub fn text(self) -> &'static str {
        match self {
            PromptCopy::BarcodeCategories => "本・CD/DVD・ゲームの場合はバーコードで出品できます",
            PromptCopy::BarcodeRegister => {
                "商品のバーコードを読み取ると出品に必要な情報を登録できます"
            }
        }
    }

    /// The wording with id `id`, if the catalogue has it.
    pub fn from_id(id: &str) -> Option<PromptCopy> {
        PromptCopy::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The catalogue's ids, comma-separated (for error messages).
    pub fn ids() -> String {
        PromptCopy::ALL.map(PromptCopy::id).join(", ")
    }
}

impl fmt::Display for PromptCopy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The parameters the app runs with: the config's defaults with the assigned variants'
/// parameters laid over them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// Whether the suggestion bar is shown at all.
    pub suggestions_enabled: bool,
    /// How many suggestions the bar shows (1–20).
    pub max_suggestions: u32,
    /// How long a suggestion stays up before it hides, in milliseconds (1–120000).
    pub display_ms: u32,
    /// The ranking variant's name (`[a-z0-9_-]`, 1–64 characters); the engine decides what
    /// names it knows and falls back to its default for others.
    pub ranking: String,
    /// How long the barcode-listing prompt stays up before it expires, in milliseconds
    /// (1–120000).
    pub prompt_display_ms: u32,
    /// The barcode-listing prompt's wording.
    pub prompt_copy: PromptCopy,
}

impl Default for Params {
    /// Suggestions on, 5 of them, shown for 8 seconds, `default` ranking; the barcode prompt
    /// shown for 8 seconds with the `barcode-categories` wording.
    fn default() -> Self {
        Params {
            suggestions_enabled: true,
            max_suggestions: 5,
            display_ms: 8000,
            ranking: "default".to_owned(),
            prompt_display_ms: 8000,
            prompt_copy: PromptCopy::BarcodeCategories,
        }
    }
}

/// Some of the parameters: the config's `defaults` and a variant's `params`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialParams {
    /// Whether the suggestion bar is shown at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestions_enabled: Option<bool>,
    /// How many suggestions the bar shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_suggestions: Option<u32>,
    /// How long a suggestion stays up, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_ms: Option<u32>,
    /// The ranking variant's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<String>,
    /// How long the barcode-listing prompt stays up, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_display_ms: Option<u32>,
    /// The prompt wording's id (checked against [`PromptCopy::ALL`] when the config is
    /// validated: an unknown id is [`Error::UnknownPromptCopy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_copy: Option<String>,
}

impl PartialParams {
    /// The parameters this sets, in [`Parameter::ALL`] order.
    pub fn parameters(&self) -> Vec<Parameter> {
        let set = [
            self.suggestions_enabled.is_some(),
            self.max_suggestions.is_some(),
            self.display_ms.is_some(),
            self.ranking.is_some(),
            self.prompt_display_ms.is_some(),
            self.prompt_copy.is_some(),
        ];
        Parameter::ALL
            .into_iter()
            .zip(set)
            .filter_map(|(p, s)| s.then_some(p))
            .collect()
    }

    /// Lays the parameters this sets over `params`. A `prompt_copy` id not in the catalogue
    /// (which a validated config never holds) leaves the wording as it was.
    pub fn apply_to(&self, params: &mut Params) {
        if let Some(v) = self.suggestions_enabled {
            params.suggestions_enabled = v;
        }
        if let Some(v) = self.max_suggestions {
            params.max_suggestions = v;
        }
        if let Some(v) = self.display_ms {
            params.display_ms = v;
        }
        if let Some(v) = &self.ranking {
            params.ranking.clone_from(v);
        }
        if let Some(v) = self.prompt_display_ms {
            params.prompt_display_ms = v;
        }
        if let Some(c) = self.prompt_copy.as_deref().and_then(PromptCopy::from_id) {
            params.prompt_copy = c;
        }
    }

    fn check(&self, place: &dyn Fn() -> String) -> Result<()> {
        let out_of_range = |parameter, value: String, allowed| Error::ParamOutOfRange {
            place: place(),
            parameter,
            value,
            allowed,
        };
        if let Some(n) = self.max_suggestions
            && !(1..=20).contains(&n)
        {
            return Err(out_of_range(
                Parameter::MaxSuggestions,
                n.to_string(),
                "1 to 20",
            ));
        }
        if let Some(ms) = self.display_ms
            && !(1..=120_000).contains(&ms)
        {
            return Err(out_of_range(
                Parameter::DisplayMs,
                ms.to_string(),
                "1 to 120000 ms",
            ));
        }
        if let Some(r) = &self.ranking
            && (r.is_empty()
                || r.len() > 64
                || !r.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
                }))
        {
            return Err(out_of_range(
                Parameter::Ranking,
                format!("{r:?}"),
                "1 to 64 of a-z 0-9 _ -",
            ));
        }
        if let Some(ms) = self.prompt_display_ms
            && !(1..=120_000).contains(&ms)
        {
            return Err(out_of_range(
                Parameter::PromptDisplayMs,
                ms.to_string(),
                "1 to 120000 ms",
            ));
        }
        if let Some(id) = &self.prompt_copy
            && PromptCopy::from_id(id).is_none()
        {
            return Err(Error::UnknownPromptCopy {
                place: place(),
                id: id.clone(),
                known: PromptCopy::ids(),
            });
        }
        Ok(())
    }
}

/// A mobile platform, for targeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Apple iOS / iPadOS.
    Ios,
    /// Android.
    Android,
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Platform::Ios => "ios",
            Platform::Android => "android",
        })
    }
}

/// Who an experiment applies to. Every condition must hold; an absent one holds for all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targeting {
    /// The platforms; empty means every platform.
    pub platforms: Vec<Platform>,
    /// The lowest app version included (inclusive).
    pub app_version_min: Option<Version>,
    /// The first app version excluded (exclusive).
    pub app_version_max: Option<Version>,
    /// The lowest OS version included, per platform (inclusive); a platform without an entry
    /// has no minimum.
    pub os_version_min: BTreeMap<Platform, Version>,
}

impl Targeting {
    /// Whether `device` is targeted.
    pub fn matches(&self, device: &Device) -> bool {
        (self.platforms.is_empty() || self.platforms.contains(&device.platform))
            && self
                .app_version_min
                .is_none_or(|min| device.app_version >= min)
            && self
                .app_version_max
                .is_none_or(|max| device.app_version < max)
            && self
                .os_version_min
                .get(&device.platform)
                .is_none_or(|min| device.os_version >= *min)
    }

    /// Whether some device could be targeted by both `self` and `other` (conservative: it
    /// looks at platforms and app versions, not at OS versions).
    fn may_overlap(&self, other: &Targeting) -> bool {
        let platforms = self.platforms.is_empty()
            || other.platforms.is_empty()
            || self.platforms.iter().any(|p| other.platforms.contains(p));
        let low = self.app_version_min.max(other.app_version_min);
        let high = match (self.app_version_max, other.app_version_max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let versions = match (low, high) {
            (Some(low), Some(high)) => low < high,
            _ => true,
        };
        platforms && versions
    }
}

/// One arm of an experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    name: String,
    weight: u32,
    params: PartialParams,
    buckets: Range<u32>,
}

impl Variant {
    /// The variant's name, as written into events.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its integer weight.
    pub fn weight(&self) -> u32 {
        self.weight
    }

    /// The parameters it sets.
    pub fn params(&self) -> &PartialParams {
        &self.params
    }

    /// The buckets it owns, a sub-range of `0..BUCKETS` (empty for weight 0).
    pub fn buckets(&self) -> Range<u32> {
        self.buckets.clone()
    }

    /// The share of users it gets: its bucket count over [`BUCKETS`].
    pub fn share(&self) -> f64 {
        f64::from(self.buckets.end - self.buckets.start) / f64::from(BUCKETS)
    }
}

/// One validated experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experiment {
    id: String,
    salt: String,
    parameters: Vec<Parameter>,
    variants: Vec<Variant>,
    control: usize,
    targeting: Targeting,
    start_ms: Option<i64>,
    end_ms: Option<i64>,
    killed: bool,
}

impl Experiment {
    /// Its id, as written into events.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The salt hashed with the user id.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// The parameters it controls.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Its variants, in config order (their bucket ranges follow that order).
    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    /// The variant named `name`.
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The control variant's index: the `control` field, or else the first variant.
    pub fn control_index(&self) -> usize {
        self.control
    }

    /// The control variant.
    pub fn control(&self) -> &Variant {
        &self.variants[self.control]
    }

    /// Who it applies to.
    pub fn targeting(&self) -> &Targeting {
        &self.targeting
    }

    /// When it starts (unix ms, inclusive), if it has a start.
    pub fn start_ms(&self) -> Option<i64> {
        self.start_ms
    }

    /// When it ends (unix ms, exclusive), if it has an end.
    pub fn end_ms(&self) -> Option<i64> {
        self.end_ms
    }

    /// Whether the kill switch is on.
    pub fn killed(&self) -> bool {
        self.killed
    }

    /// The variant owning `bucket` (`bucket < BUCKETS`; larger values wrap).
    pub fn variant_for_bucket(&self, bucket: u32) -> &Variant {
        let b = bucket % BUCKETS;
        // Weights sum to at least 1 and the last range ends at BUCKETS, so one matches.
        self.variants
            .iter()
            .find(|v| v.buckets.contains(&b))
            .unwrap_or(&self.variants[self.variants.len() - 1])
    }

    /// The bucket and variant of `user_id`, whatever the targeting, window or kill switch.
    pub fn assign(&self, user_id: &str) -> (u32, &Variant) {
        let b = bucket(&self.salt, user_id);
        (b, self.variant_for_bucket(b))
    }

    /// Whether it runs at `now_ms`: not killed, and `start <= now < end`.
    pub fn is_live(&self, now_ms: i64) -> bool {
        !self.killed
            && self.start_ms.is_none_or(|s| s <= now_ms)
            && self.end_ms.is_none_or(|e| now_ms < e)
    }

    /// Whether it applies to `device` at `now_ms`: live and targeted.
    pub fn applies_to(&self, device: &Device, now_ms: i64) -> bool {
        self.is_live(now_ms) && self.targeting.matches(device)
    }

    /// Whether `self` and `other` could both apply to one device at one time.
    fn may_overlap(&self, other: &Experiment) -> bool {
        let windows = self.start_ms.max(other.start_ms) < min_end(self.end_ms, other.end_ms);
        !self.killed && !other.killed && windows && self.targeting.may_overlap(&other.targeting)
    }
}

/// The earlier of two optional ends, `None` meaning "never"; as an `Option` that orders
/// after every start (`Some(i64::MAX)` for never).
fn min_end(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    Some(a.unwrap_or(i64::MAX).min(b.unwrap_or(i64::MAX)))
}

/// A validated experiment config: defaults and experiments. Build it with
/// [`Config::from_json`]; the [`Client`](super::Client) keeps the last good one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    defaults: Params,
    experiments: Vec<Experiment>,
}

impl Config {
    /// Parses and validates a config. See `docs/experiments.md` for the format.
    pub fn from_json(json: &str) -> Result<Config> {
        let raw: raw::Config = serde_json::from_str(json).map_err(|error| Error::Json { error })?;
        raw.validate()
    }

    /// The parameters of a user in no experiment.
    pub fn defaults(&self) -> &Params {
        &self.defaults
    }

    /// The experiments, in config order.
    pub fn experiments(&self) -> &[Experiment] {
        &self.experiments
    }

    /// The experiment with id `id`.
    pub fn experiment(&self, id: &str) -> Option<&Experiment> {
        self.experiments.iter().find(|e| e.id == id)
    }
}

/// Parses an RFC 3339 timestamp (`2025-01-06T00:00:00Z`, `2025-01-06T09:00:00.5+09:00`)
/// into unix milliseconds (fractions below a millisecond are truncated). `None` if it is not
/// one. Leap seconds (`:60`) are refused.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: Range<usize>| -> Option<i64> {
        let s = b.get(range)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut millis = 0i64;
    if sep(i, b".") {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for k in 0..3 {
            millis = millis * 10
                + if k < digits {
                    i64::from(b[i + 1 + k] - b'0')
                } else {
                    0
                };
        }
        i += 1 + digits;
    }
    let offset_min = match b.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && sep(i + 3, b":") => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            if *sign == b'+' {
                h * 60 + m
            } else {
                -(h * 60 + m)
            }
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month[(month - 1) as usize]
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(seconds * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The JSON as written, before validation.
mod raw {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::{
        BUCKETS, Error, Experiment, Parameter, Params, PartialParams, Platform, Result, Targeting,
        Variant, Version, parse_rfc3339_ms,
    };

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Config {
        #[serde(default)]
        defaults: PartialParams,
        experiments: Vec<RawExperiment>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawExperiment {
        id: String,
        salt: String,
        #[serde(default)]
        parameters: Vec<Parameter>,
        variants: Vec<RawVariant>,
        #[serde(default)]
        control: Option<String>,
        #[serde(default)]
        targeting: RawTargeting,
        #[serde(default)]
        start: Option<String>,
        #[serde(default)]
        end: Option<String>,
        #[serde(default)]
        killed: bool,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawVariant {
        name: String,
        weight: u32,
        #[serde(default)]
        params: PartialParams,
    }

    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct RawTargeting {
        #[serde(default)]
        platforms: Vec<Platform>,
        #[serde(default)]
        app_version: RawRange,
        #[serde(default)]
        os_version_min: BTreeMap<Platform, String>,
    }

    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct RawRange {
        #[serde(default)]
        min: Option<String>,
        #[serde(default)]
        max: Option<String>,
    }

    impl Config {
        pub(super) fn validate(self) -> Result<super::Config> {
            self.defaults.check(&|| "defaults".to_owned())?;
            let mut defaults = Params::default();
            self.defaults.apply_to(&mut defaults);
            let mut experiments: Vec<Experiment> = Vec::with_capacity(self.experiments.len());
            for (index, raw) in self.experiments.into_iter().enumerate() {
                let e = raw.validate(index)?;
                for other in &experiments {
                    if other.id == e.id {
                        return Err(Error::DuplicateExperiment { experiment: e.id });
                    }
                    if other.salt == e.salt {
                        return Err(Error::DuplicateSalt {
                            first: other.id.clone(),
                            second: e.id,
                            salt: e.salt,
                        });
                    }
                    if other.may_overlap(&e)
                        && let Some(&p) = e.parameters.iter().find(|p| other.parameters.contains(p))
                    {
                        return Err(Error::Overlap {
                            first: other.id.clone(),
                            second: e.id,
                            parameter: p,
                        });
                    }
                }
                experiments.push(e);
            }
            Ok(super::Config {
                defaults,
                experiments,
            })
        }
    }

    impl RawExperiment {
        fn validate(self, index: usize) -> Result<Experiment> {
            let id = self.id;
            if id.is_empty() {
                return Err(Error::EmptyId { index });
            }
            if self.salt.is_empty() {
                return Err(Error::EmptySalt { experiment: id });
            }
            if self.variants.is_empty() {
                return Err(Error::NoVariants { experiment: id });
            }
            let mut parameters = self.parameters;
            parameters.sort();
            parameters.dedup();

            let sum: u64 = self.variants.iter().map(|v| u64::from(v.weight)).sum();
            if sum == 0 {
                return Err(Error::WeightsSumToZero { experiment: id });
            }
            if sum > u64::from(BUCKETS) {
                return Err(Error::WeightsTooLarge {
                    experiment: id,
                    sum,
                });
            }
            let mut variants: Vec<Variant> = Vec::with_capacity(self.variants.len());
            let mut cumulative = 0u64;
            for v in self.variants {
                if v.name.is_empty() || variants.iter().any(|w| w.name == v.name) {
                    return Err(Error::BadVariantName {
                        experiment: id,
                        variant: v.name,
                    });
                }
                if let Some(&p) = v
                    .params
                    .parameters()
                    .iter()
                    .find(|p| !parameters.contains(p))
                {
                    return Err(Error::UnlistedParameter {
                        experiment: id,
                        variant: v.name,
                        parameter: p,
                    });
                }
                v.params
                    .check(&|| format!("experiment \"{id}\", variant \"{}\"", v.name))?;
                // Boundaries: floor(BUCKETS * cumulative weight / sum), so the last one is
                // exactly BUCKETS and a variant of weight >= 1 gets >= 1 bucket (sum <= BUCKETS).
                let start = boundary(cumulative, sum);
                cumulative += u64::from(v.weight);
                let end = boundary(cumulative, sum);
                variants.push(Variant {
                    name: v.name,
                    weight: v.weight,
                    params: v.params,
                    buckets: start..end,
                });
            }
            let control = match &self.control {
                None => 0,
                Some(name) => variants
                    .iter()
                    .position(|v| &v.name == name)
                    .ok_or_else(|| Error::UnknownVariant {
                        experiment: id.clone(),
                        variant: name.clone(),
                        place: "control",
                    })?,
            };

            let version = |field: &str, text: &Option<String>| -> Result<Option<Version>> {
                text.as_deref()
                    .map(|t| {
                        Version::parse(t).ok_or_else(|| Error::BadVersion {
                            place: format!("experiment \"{id}\": targeting.{field}"),
                            value: t.to_owned(),
                        })
                    })
                    .transpose()
            };
            let t = self.targeting;
            let app_version_min = version("app_version.min", &t.app_version.min)?;
            let app_version_max = version("app_version.max", &t.app_version.max)?;
            if let (Some(min), Some(max)) = (app_version_min, app_version_max)
                && min >= max
            {
                return Err(Error::EmptyVersionRange {
                    experiment: id,
                    min: t.app_version.min.unwrap_or_default(),
                    max: t.app_version.max.unwrap_or_default(),
                });
            }
            let mut os_version_min = BTreeMap::new();
            for (platform, text) in &t.os_version_min {
                let v = Version::parse(text).ok_or_else(|| Error::BadVersion {
                    place: format!("experiment \"{id}\": targeting.os_version_min.{platform}"),
                    value: text.clone(),
                })?;
                os_version_min.insert(*platform, v);
            }
            let mut platforms = t.platforms;
            platforms.sort();
            platforms.dedup();

            let time = |field: &'static str, text: Option<String>| -> Result<Option<i64>> {
                text.map(|t| {
                    parse_rfc3339_ms(&t).ok_or_else(|| Error::BadTimestamp {
                        experiment: id.clone(),
                        field,
                        value: t,
                    })
                })
                .transpose()
            };
            let start_ms = time("start", self.start)?;
            let end_ms = time("end", self.end)?;
            if let (Some(s), Some(e)) = (start_ms, end_ms)
                && e <= s
            {
                return Err(Error::EmptyWindow { experiment: id });
            }

            Ok(Experiment {
                id,
                salt: self.salt,
                parameters,
                variants,
                control,
                targeting: Targeting {
                    platforms,
                    app_version_min,
                    app_version_max,
                    os_version_min,
                },
                start_ms,
                end_ms,
                killed: self.killed,
            })
        }
    }

    fn boundary(cumulative: u64, sum: u64) -> u32 {
        // cumulative <= sum, so the quotient is <= BUCKETS and fits a u32.
        (u64::from(BUCKETS) * cumulative / sum) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        // Values from python3: datetime.fromisoformat(...).timestamp() * 1000.
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2025-01-06T00:00:00+09:00"),
            Some(1_736_089_200_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T23:59:59.999Z"),
            Some(1_709_251_199_999)
        );
        assert_eq!(
            parse_rfc3339_ms("1969-12-31T23:00:00-01:30"),
            Some(1_800_000)
        );
        for bad in [
            "2025-02-29T00:00:00Z",
            "2025-01-06",
            "2025-01-06T00:00:00",
            "2025-13-01T00:00:00Z",
            "2025-01-06T24:00:00Z",
            "2025-01-06T00:00:00.Z",
            "2025-01-06T00:00:00+0900",
            "２025-01-06T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    fn prompt_config(params: &str) -> String {
        format!(
            r#"{{"experiments": [{{"id": "prompt", "salt": "prompt-1",
                "parameters": ["prompt_display_ms", "prompt_copy"],
                "variants": [{{"name": "a", "weight": 1, "params": {params}}}]}}]}}"#
        )
    }

    #[test]
    fn prompt_parameters_are_validated_like_the_others() {
        let c = Config::from_json(&prompt_config(
            r#"{"prompt_display_ms": 4000, "prompt_copy": "barcode-register"}"#,
        ))
        .unwrap();
        let mut p = c.defaults().clone();
        assert_eq!(
            (p.prompt_display_ms, p.prompt_copy),
            (8000, PromptCopy::BarcodeCategories)
        );
        c.experiments()[0].variants()[0].params().apply_to(&mut p);
        assert_eq!(
            (p.prompt_display_ms, p.prompt_copy),
            (4000, PromptCopy::BarcodeRegister)
        );
        assert_eq!(
            p.prompt_copy.text(),
            "商品のバーコードを読み取ると出品に必要な情報を登録できます"
        );
        for ms in [1, 120_000] {
            let json = prompt_config(&format!(r#"{{"prompt_display_ms": {ms}}}"#));
            assert!(Config::from_json(&json).is_ok(), "{ms}");
        }
        for ms in [0, 120_001] {
            let json = prompt_config(&format!(r#"{{"prompt_display_ms": {ms}}}"#));
            let e = Config::from_json(&json).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "experiment \"prompt\", variant \"a\": prompt_display_ms = {ms} is out of range (1 to 120000 ms)"
                )
            );
        }
        let e = Config::from_json(&prompt_config(r#"{"prompt_copy": "barcode"}"#)).unwrap_err();
        assert!(
            matches!(&e, Error::UnknownPromptCopy { id, .. } if id == "barcode"),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "experiment \"prompt\", variant \"a\": prompt_copy \"barcode\" is not a known wording \
             (known: barcode-categories, barcode-register)"
        );
        let e = Config::from_json(r#"{"defaults": {"prompt_copy": ""}, "experiments": []}"#)
            .unwrap_err();
        assert!(matches!(e, Error::UnknownPromptCopy { .. }), "{e:?}");
        let c = Config::from_json(
            r#"{"defaults": {"prompt_copy": "barcode-register"}, "experiments": []}"#,
        )
        .unwrap();
        assert_eq!(c.defaults().prompt_copy, PromptCopy::BarcodeRegister);
        // A variant may set a prompt parameter only if its experiment lists it.
        let json = r#"{"experiments": [{"id": "x", "salt": "s", "parameters": ["display_ms"],
            "variants": [{"name": "a", "weight": 1, "params": {"prompt_display_ms": 10}}]}]}"#;
        assert!(matches!(
            Config::from_json(json),
            Err(Error::UnlistedParameter {
                parameter: Parameter::PromptDisplayMs,
                ..
            })
        ));
        for c in PromptCopy::ALL {
            assert_eq!(PromptCopy::from_id(c.id()), Some(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.id())
            );
        }
    }

    #[test]
    fn versions() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("10"), v("10.0.0"));
        assert!(v("1.10") > v("1.9.9"));
        assert_eq!(v("5.3.0-beta.2"), v("5.3"));
        assert_eq!(v("5.3.0+1234").to_string(), "5.3.0");
        for bad in ["", "1..2", "v1.2", "1.2.3.4.5", "1.-2", "99999999999"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }
}
