//! The user's own history: what they accepted before ranks higher next time.
//!
//! Bounded (least recently used entries are dropped past `capacity`), persisted to a local
//! file the app chooses (never sent anywhere), clearable, and switchable off. Keyed by the
//! canonical entity id, so it survives dictionary updates. The file is a small UTF-8 TSV
//! (`ichiba-history v1` header, then `tick  count  entity  surface` rows) rewritten
//! atomically on every change; unreadable rows are skipped, never fatal. A temporary file left
//! by a process killed mid-save is deleted on the next load.
//!
//! Off the query path: queries read an immutable `HistorySnapshot` swapped in whole on
//! every change (no lock), and the file is written and synced outside any lock a query
//! takes, by one writer at a time, never an older state over a newer one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use arc_swap::ArcSwap;

use crate::error::{Error, Result};
use crate::file::{remove_stale_temps, write_atomic};

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

/// An immutable view of the history, what a query reads: the bonus and the tap count of an
/// entity, found by a hash lookup instead of a scan.
#[derive(Debug, Default)]
pub(crate) struct HistorySnapshot {
    enabled: bool,
    tick: u64,
    items: Vec<Item>,
    /// Per entity: the first and the last of its items (one and the same but in a file
    /// edited by hand).
    index: HashMap<String, (usize, usize)>,
}

impl HistorySnapshot {
    fn of(h: &History) -> HistorySnapshot {
        let mut index: HashMap<String, (usize, usize)> = HashMap::with_capacity(h.items.len());
        for (i, item) in h.items.iter().enumerate() {
            index
                .entry(item.entity.clone())
                .and_modify(|(_, last)| *last = i)
                .or_insert((i, i));
        }
        HistorySnapshot {
            enabled: h.config.enabled,
            tick: h.tick,
            items: h.items.clone(),
            index,
        }
    }

    /// Whether learning is on.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Whether nothing is learned.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The ranking bonus of `entity` (more for often and recently taken words) and how many
    /// times it was taken; nothing while disabled.
    pub(crate) fn bonus_and_count(&self, entity: &str) -> (f32, u32) {
        match (self.enabled, self.index.get(entity)) {
            (true, Some(&(first, last))) => (
                bonus_of(&self.items[last], self.tick),
                self.items[first].count,
            ),
            _ => (0.0, 0),
        }
    }
}

/// The ranking bonus of one item when the latest record is `tick`.
fn bonus_of(item: &Item, tick: u64) -> f32 {
    let often = (1.2 * (1.0 + item.count as f32).ln()).min(3.0);
    let recent = if tick - item.tick < RECENT { 1.0 } else { 0.0 };
    often + recent
}

/// What a change needs on disk.
enum Save {
    /// The history rewritten.
    Write,
    /// The file deleted.
    Remove,
}

/// A change to write to the history file.
enum Persist {
    /// Write this text.
    Write(String),
    /// Delete the file.
    Remove,
}

/// The history as the engine shares it between threads: a snapshot for queries, the
/// mutable history behind a lock that only changes take, and the file behind another.
pub(crate) struct SharedHistory {
    /// What queries read; replaced whole, in order, on every change.
    snapshot: ArcSwap<HistorySnapshot>,
    /// The history and the number of its last change; queries never take it.
    state: Mutex<(History, u64)>,
    /// The number of the change last on disk: one writer at a time, and a change older
    /// than the one written is not written at all (the newer text already holds it).
    file: Mutex<u64>,
    /// The history file, if any.
    path: Option<PathBuf>,
}

impl SharedHistory {
    /// Loads the history file named by `config`.
    pub(crate) fn load(config: HistoryConfig) -> Result<SharedHistory> {
        let path = config.path.clone();
        let history = History::load(config)?;
        Ok(SharedHistory {
            snapshot: ArcSwap::from_pointee(HistorySnapshot::of(&history)),
            state: Mutex::new((history, 0)),
            file: Mutex::new(0),
            path,
        })
    }

    /// The current snapshot (no lock; a reference count).
    pub(crate) fn snapshot(&self) -> Arc<HistorySnapshot> {
        self.snapshot.load_full()
    }

    fn state(&self) -> MutexGuard<'_, (History, u64)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies `change` to the history; if it changed something, publishes a new snapshot
    /// and, after the lock is released, brings the file up to date.
    fn change<R>(&self, change: impl FnOnce(&mut History) -> (R, Option<Save>)) -> Result<R> {
        let (result, job) = {
            let mut state = self.state();
            let (history, version) = &mut *state;
            let (result, save) = change(history);
            let Some(save) = save else {
                return Ok(result);
            };
            *version += 1;
            self.snapshot.store(Arc::new(HistorySnapshot::of(history)));
            let persist = match save {
                Save::Write => Persist::Write(history.text()),
                Save::Remove => Persist::Remove,
            };
            (result, self.path.is_some().then_some((*version, persist)))
        };
        if let Some((version, persist)) = job {
            self.persist(version, persist)?;
        }
        Ok(result)
    }

    /// Writes change `version` to the file unless a newer one is already there.
    fn persist(&self, version: u64, persist: Persist) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut written = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if *written >= version {
            return Ok(());
        }
        match persist {
            Persist::Write(text) => write_atomic(path, text.as_bytes())?,
            Persist::Remove => remove(path)?,
        }
        *written = version;
        Ok(())
    }

    /// Holds the file lock as a write in progress would, for tests that show a query never
    /// waits for one.
    #[cfg(test)]
    pub(crate) fn hold_file(&self) -> MutexGuard<'_, u64> {
        self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// [`History::record`], shared.
    pub(crate) fn record(&self, entity: &str, surface: &str) -> Result<()> {
        self.change(|h| {
            (
                (),
                h.record_in_memory(entity, surface).then_some(Save::Write),
            )
        })
    }

    /// [`History::forget`], shared.
    pub(crate) fn forget(&self, entity: &str) -> Result<bool> {
        self.change(|h| {
            let forgot = h.forget_in_memory(entity);
            (forgot, forgot.then_some(Save::Write))
        })
    }

    /// [`History::clear`], shared.
    pub(crate) fn clear(&self) -> Result<()> {
        self.change(|h| {
            h.clear_in_memory();
            ((), Some(Save::Remove))
        })
    }

    /// Turns learning on or off (nothing is written).
    pub(crate) fn set_enabled(&self, enabled: bool) {
        let mut state = self.state();
        state.0.set_enabled(enabled);
        self.snapshot.store(Arc::new(HistorySnapshot::of(&state.0)));
    }
}

impl History {
    /// Loads the history file named by `config` (a missing file is an empty history).
    pub(crate) fn load(config: HistoryConfig) -> Result<History> {
        let mut items = Vec::new();
        if let Some(path) = &config.path {
            // Temporary files of earlier processes killed while saving (issue 15 item 5).
            remove_stale_temps(path);
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

    pub(crate) fn set_enabled(&mut self, enabled: bool) {
        self.config.enabled = enabled;
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Records that the user took `surface` of `entity`, and saves. Does nothing while
    /// disabled.
    #[cfg(test)]
    pub(crate) fn record(&mut self, entity: &str, surface: &str) -> Result<()> {
        match self.record_in_memory(entity, surface) {
            true => self.save(),
            false => Ok(()),
        }
    }

    /// Records that the user took `surface` of `entity`, without saving; returns whether
    /// anything changed (nothing does while disabled).
    fn record_in_memory(&mut self, entity: &str, surface: &str) -> bool {
        if !self.config.enabled || self.config.capacity == 0 {
            return false;
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
        true
    }

    /// Forgets one learned entity, without saving; returns whether it was learned.
    fn forget_in_memory(&mut self, entity: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|i| i.entity != entity);
        self.items.len() != before
    }

    /// Forgets everything, and deletes the file.
    #[cfg(test)]
    pub(crate) fn clear(&mut self) -> Result<()> {
        self.clear_in_memory();
        match &self.config.path {
            Some(path) => remove(path),
            None => Ok(()),
        }
    }

    /// Forgets everything, without touching the file.
    fn clear_in_memory(&mut self) {
        self.items.clear();
        self.tick = 0;
    }

    /// The ranking bonus for `entity`: more for often and recently taken words.
    #[cfg(test)]
    pub(crate) fn bonus(&self, entity: &str) -> f32 {
        if !self.config.enabled {
            return 0.0;
        }
        self.items
            .iter()
            .rev()
            .find(|i| i.entity == entity)
            .map_or(0.0, |i| bonus_of(i, self.tick))
    }

    /// The file's text.
    fn text(&self) -> String {
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
        text
    }

    #[cfg(test)]
    fn save(&self) -> Result<()> {
        match &self.config.path {
            Some(path) => write_atomic(path, self.text().as_bytes()),
            None => Ok(()),
        }
    }
}

/// Deletes the history file (a missing one is fine).
fn remove(path: &std::path::Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
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
    fn snapshots_answer_as_the_history_does() {
        let shared = SharedHistory::load(HistoryConfig::default()).unwrap();
        let mut h = in_memory(512);
        for (e, s) in [("a", "A"), ("b", "B"), ("a", "A"), ("c", "C"), ("a", "A")] {
            shared.record(e, s).unwrap();
            h.record(e, s).unwrap();
        }
        let snap = shared.snapshot();
        assert!(!snap.is_empty() && snap.enabled());
        for e in ["a", "b", "c", "x"] {
            let taps = h
                .items
                .iter()
                .find(|i| i.entity == e)
                .map_or(0, |i| i.count);
            assert_eq!(snap.bonus_and_count(e), (h.bonus(e), taps), "{e}");
        }
        assert_eq!(snap.bonus_and_count("a").1, 3);
        // An earlier snapshot stays as it was; a new one sees the change.
        assert!(shared.forget("a").unwrap());
        assert!(!shared.forget("a").unwrap());
        assert_eq!(snap.bonus_and_count("a").1, 3);
        assert_eq!(shared.snapshot().bonus_and_count("a"), (0.0, 0));
        shared.set_enabled(false);
        assert_eq!(shared.snapshot().bonus_and_count("b"), (0.0, 0));
        shared.record("d", "D").unwrap();
        shared.set_enabled(true);
        assert_eq!(
            shared.snapshot().bonus_and_count("d"),
            (0.0, 0),
            "not recorded while off"
        );
        assert!(shared.snapshot().bonus_and_count("b").0 > 0.0);
    }

    #[test]
    fn concurrent_recorders_lose_nothing_and_the_file_ends_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.tsv");
        let config = HistoryConfig {
            path: Some(path.clone()),
            ..HistoryConfig::default()
        };
        let shared = SharedHistory::load(config.clone()).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let shared = &shared;
                s.spawn(move || {
                    for i in 0..25 {
                        shared.record(&format!("e{}", (t + i) % 7), "x").unwrap();
                    }
                });
            }
        });
        let on_disk = History::load(config.clone()).unwrap();
        let taps: u32 = on_disk.items.iter().map(|i| i.count).sum();
        assert_eq!(taps, 100, "every acceptance reached the file");
        assert_eq!(on_disk.tick, 100, "the last change is the one on disk");
        shared.clear().unwrap();
        assert!(!path.exists());
        assert!(shared.snapshot().is_empty());
        shared.record("a", "A").unwrap();
        assert_eq!(History::load(config).unwrap().items.len(), 1);
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
