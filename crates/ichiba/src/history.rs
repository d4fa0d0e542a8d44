//! The user's own history: what they accepted before ranks higher next time.
//!
//! Bounded (least recently used entries are dropped past `capacity`), persisted to a local
//! file the app chooses (never sent anywhere), clearable, and switchable off. Keyed by the
//! canonical entity id, so it survives dictionary updates. The file is a small UTF-8 TSV
//! (`ichiba-history v1` header, then `tick  count  entity  surface` rows) rewritten
//! atomically on every change; unreadable rows are skipped, never fatal.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::file::write_atomic;

/// First line of a history file.
const HEADER: &str = "ichiba-history v1";
/// Records within this many of the latest count as recent.
const RECENT: u64 = 16;

/// How the engine keeps history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryConfig {
    /// Where to persist it; `None` keeps it in memory only.
    pub path: Option<PathBuf>,
    /// Most entities remembered (least recently used go first).
    pub capacity: usize,
    /// Whether acceptances are recorded and used for ranking.
    pub enabled: bool,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            path: None,
            capacity: 512,
            enabled: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    tick: u64,
    count: u32,
    entity: String,
    surface: String,
}

/// The history itself; the engine keeps it behind a lock.
#[derive(Debug)]
pub(crate) struct History {
    config: HistoryConfig,
    items: Vec<Item>,
    tick: u64,
}

impl History {
    /// Loads the history file named by `config` (a missing file is an empty history).
    pub(crate) fn load(config: HistoryConfig) -> Result<History> {
        let mut items = Vec::new();
        if let Some(path) = &config.path {
            match std::fs::read(path) {
                Ok(bytes) => items = parse(&String::from_utf8_lossy(&bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        items.sort_by_key(|i| i.tick);
        let excess = items.len().saturating_sub(config.capacity);
        items.drain(..excess);
        let tick = items.last().map_or(0, |i| i.tick);
        Ok(History {
            config,
            items,
            tick,
        })
    }

    pub(crate) fn enabled(&self) -> bool {
        self.config.enabled
    }

    pub(crate) fn set_enabled(&mut self, enabled: bool) {
        self.config.enabled = enabled;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Records that the user took `surface` of `entity`. Does nothing while disabled.
    pub(crate) fn record(&mut self, entity: &str, surface: &str) -> Result<()> {
        if !self.config.enabled || self.config.capacity == 0 {
            return Ok(());
        }
        self.tick += 1;
        match self.items.iter().position(|i| i.entity == entity) {
            Some(at) => {
                let mut item = self.items.remove(at);
                item.tick = self.tick;
                item.count = item.count.saturating_add(1);
                item.surface = surface.to_string();
                self.items.push(item);
            }
            None => {
                self.items.push(Item {
                    tick: self.tick,
                    count: 1,
                    entity: entity.to_string(),
                    surface: surface.to_string(),
                });
                if self.items.len() > self.config.capacity {
                    self.items.remove(0);
                }
            }
        }
        self.save()
    }

    /// Forgets one learned entity; returns whether it was learned. Saved like a record.
    pub(crate) fn forget(&mut self, entity: &str) -> Result<bool> {
        let before = self.items.len();
        self.items.retain(|i| i.entity != entity);
        if self.items.len() == before {
            return Ok(false);
        }
        self.save()?;
        Ok(true)
    }

    /// How many times `entity` was taken (0 when not learned or while disabled).
    pub(crate) fn count(&self, entity: &str) -> u32 {
        if !self.config.enabled {
            return 0;
        }
        self.items
            .iter()
            .find(|i| i.entity == entity)
            .map_or(0, |i| i.count)
    }

    /// Forgets everything, and deletes the file.
    pub(crate) fn clear(&mut self) -> Result<()> {
        self.items.clear();
        self.tick = 0;
        if let Some(path) = &self.config.path {
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Ok(())
    }

    /// The ranking bonus for `entity`: more for often and recently taken words.
    pub(crate) fn bonus(&self, entity: &str) -> f32 {
        if !self.config.enabled {
            return 0.0;
        }
        self.items
            .iter()
            .rev()
            .find(|i| i.entity == entity)
            .map_or(0.0, |i| {
                let often = (1.2 * (1.0 + i.count as f32).ln()).min(3.0);
                let recent = if self.tick - i.tick < RECENT {
                    1.0
                } else {
                    0.0
                };
                often + recent
            })
    }

    fn save(&self) -> Result<()> {
        let Some(path) = &self.config.path else {
            return Ok(());
        };
        let mut text = String::from(HEADER);
        text.push('\n');
        for i in &self.items {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                i.tick,
                i.count,
                clean(&i.entity),
                clean(&i.surface)
            ));
        }
        write_atomic(path, text.as_bytes())
    }
}

/// Keeps a field on one TSV cell.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn parse(text: &str) -> Vec<Item> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Vec::new();
    }
    lines
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let tick = cols.next()?.parse().ok()?;
            let count = cols.next()?.parse().ok()?;
            let entity = cols.next()?.to_string();
            let surface = cols.next()?.to_string();
            (cols.next().is_none() && !entity.is_empty()).then_some(Item {
                tick,
                count,
                entity,
                surface,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_memory(capacity: usize) -> History {
        History::load(HistoryConfig {
            capacity,
            ..HistoryConfig::default()
        })
        .unwrap()
    }

    #[test]
    fn bounded_and_least_recently_used_first_out() {
        let mut h = in_memory(2);
        h.record("a", "A").unwrap();
        h.record("b", "B").unwrap();
        h.record("a", "A").unwrap();
        h.record("c", "C").unwrap();
        assert!(h.bonus("a") > 0.0);
        assert_eq!(h.bonus("b"), 0.0);
        assert!(h.bonus("c") > 0.0);
        assert!(h.bonus("a") > h.bonus("c"), "taken twice");
    }

    #[test]
    fn disabled_records_and_ranks_nothing() {
        let mut h = in_memory(8);
        h.record("a", "A").unwrap();
        h.set_enabled(false);
        assert_eq!(h.bonus("a"), 0.0);
        h.record("b", "B").unwrap();
        h.set_enabled(true);
        assert_eq!(h.bonus("b"), 0.0);
        assert!(h.bonus("a") > 0.0);
    }

    #[test]
    fn persists_clears_and_survives_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.tsv");
        let config = HistoryConfig {
            path: Some(path.clone()),
            ..HistoryConfig::default()
        };
        let mut h = History::load(config.clone()).unwrap();
        h.record("supreme", "シュプリーム").unwrap();
        h.record("nike", "ナイキ\tx").unwrap();
        let again = History::load(config.clone()).unwrap();
        assert!(again.bonus("supreme") > 0.0);
        assert_eq!(again.items.len(), 2);
        // Damaged rows are skipped, the rest is kept.
        let text = std::fs::read_to_string(&path).unwrap() + "garbage\n1\tx\n";
        std::fs::write(&path, text).unwrap();
        assert_eq!(History::load(config.clone()).unwrap().items.len(), 2);
        // A foreign file is an empty history, not an error.
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert!(History::load(config.clone()).unwrap().is_empty());
        h.clear().unwrap();
        assert!(!path.exists());
        assert!(h.is_empty());
    }
}
