//! Phase 9: the manifest, the JSON a delivery system reads to ship and verify an artifact.

use std::collections::BTreeMap;

use serde::Serialize;

use super::SourceInfo;

/// The JSON manifest written beside an artifact: what a delivery system needs to ship and
/// verify it. Deterministic: no timestamps, no host names.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Artifact format version.
    pub format_version: u32,
    /// Build id (hash of the sources), hex.
    pub build_id: String,
    /// SHA-256 of the artifact, hex.
    pub sha256: String,
    /// Artifact size in bytes.
    pub size: u64,
    /// Number of entries.
    pub entries: u32,
    /// Number of entities.
    pub entities: u32,
    /// Number of reading keys.
    pub reading_keys: u32,
    /// Number of surface keys.
    pub surface_keys: u32,
    /// Entries per kind.
    pub kinds: BTreeMap<String, u32>,
    /// Entries whose reading the analyzer inferred.
    pub inferred_readings: u32,
    /// Blocked terms (never suggested).
    pub blocked_terms: u32,
    /// Rows dropped because they contain a blocked term.
    pub blocked_filtered: u32,
    /// Rows that became blocked terms by the counterfeit rule (a brand + コピー, 偽物, …).
    pub counterfeit_by_rule: u32,
    /// Next-word pairs kept.
    pub next_word_pairs: u32,
    /// Bytes per section.
    pub sections: BTreeMap<String, u64>,
    /// What merging the master data did, when the sources held any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master: Option<crate::facets::MergeSummary>,
    /// The sources.
    pub sources: Vec<SourceInfo>,
}
