//! Events: what the app records about the suggestion bar, and the JSONL log they live in.
//!
//! One JSON object per line:
//!
//! ```text
//! {"ts":1736121600000,"user":"u-1","experiment":"display-duration","variant":"4s","type":"exposure"}
//! {"ts":1736121601200,"user":"u-1","experiment":"display-duration","variant":"4s","type":"shown","field":"title","count":5}
//! {"ts":1736121603500,"user":"u-1","experiment":"display-duration","variant":"4s","type":"accepted","field":"title","rank":1,"ms_since_shown":2300,"chars_saved":4}
//! ```
//!
//! The barcode-listing prompt (shown when the on-device model finds a book, CD, DVD or game
//! in a photo) has its own four types:
//!
//! ```text
//! {"ts":1736121605000,"user":"u-1","experiment":"prompt-duration","variant":"prompt-8s","type":"prompt_shown","score":0.93}
//! {"ts":1736121610100,"user":"u-1","experiment":"prompt-duration","variant":"prompt-8s","type":"prompt_tapped","ms_since_shown":5100}
//! ```
//!
//! (`prompt_expired` has no fields; `prompt_dismissed` has `ms_since_shown`.)
//!
//! Every field is an id, a number or an enum: there is no place for the text a seller
//! typed, nor for the photo (the prompt events carry the model's score, not the image). The [`EventWriter`] appends each line with one write of the whole line and its
//! newline, so a crash loses at most the line being written; the reader ([`read_log`])
//! skips and counts lines it cannot use and never fails on content.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Error, Result};
use crate::Field;

/// A model score in [0, 1] (the media classifier's probability that a photo shows a book,
/// CD, DVD or game). Never NaN or infinite, so it compares and hashes like a number should.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f32", into = "f32")]
pub struct Score(f32);

impl Score {
    /// `value` as a score, or `None` if it is not a finite number in [0, 1].
    pub fn new(value: f32) -> Option<Score> {
        (value.is_finite() && (0.0..=1.0).contains(&value)).then_some(Score(value))
    }

    /// The score.
    pub fn get(self) -> f32 {
        self.0
    }
}

// A Score is never NaN (checked by `new` and on deserialisation), so equality is total.
impl Eq for Score {}

impl TryFrom<f32> for Score {
    type Error = String;
    fn try_from(value: f32) -> std::result::Result<Self, Self::Error> {
        Score::new(value).ok_or_else(|| format!("score {value} is not in [0, 1]"))
    }
}

impl From<Score> for f32 {
    fn from(s: Score) -> f32 {
        s.0
    }
}

/// What happened, with its typed details (the JSON `type` and the fields beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The user reached the point where the variant applies: log it once each time the
    /// listing form opens for a user in the experiment. One exposure is one "listing" in the
    /// report.
    Exposure,
    /// A suggestion bar was shown.
    Shown {
        /// The field being typed.
        field: Field,
        /// How many suggestions the bar showed.
        count: u32,
    },
    /// The user tapped a suggestion.
    Accepted {
        /// The field being typed.
        field: Field,
        /// The suggestion's 1-based position in the bar.
        rank: u32,
        /// Milliseconds from the bar being shown to the tap.
        ms_since_shown: u32,
        /// Characters the user did not have to type: the inserted word's length in
        /// characters minus what had been typed of it.
        chars_saved: u32,
    },
    /// The user dismissed the bar without tapping.
    Dismissed {
        /// The field being typed.
        field: Field,
        /// Milliseconds from the bar being shown to the dismissal.
        ms_since_shown: u32,
    },
    /// The barcode-listing prompt appeared: the media model judged a photo to be a book, CD,
    /// DVD or game. Log it once per prompt (the photo itself is never logged).
    PromptShown {
        /// The model's score for the photo.
        score: Score,
    },
    /// The user tapped the prompt's button.
    PromptTapped {
        /// Milliseconds from the prompt being shown to the tap.
        ms_since_shown: u32,
    },
    /// The prompt hid itself after its display time (`prompt_display_ms`) without a tap.
    PromptExpired,
    /// The user closed the prompt without tapping.
    PromptDismissed {
        /// Milliseconds from the prompt being shown to the dismissal.
        ms_since_shown: u32,
    },
}

impl EventKind {
    /// The JSON `type` names this build knows.
    pub const TYPES: [&'static str; 8] = [
        "exposure",
        "shown",
        "accepted",
        "dismissed",
        "prompt_shown",
        "prompt_tapped",
        "prompt_expired",
        "prompt_dismissed",
    ];
}

/// One line of the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When, in unix milliseconds.
    pub ts: i64,
    /// The user: an opaque, pseudonymous id (never an e-mail address or a name).
    pub user: String,
    /// The experiment's id.
    pub experiment: String,
    /// The variant's name.
    pub variant: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// The event as one JSON line, with its trailing newline.
    pub fn to_line(&self) -> String {
        // An Event has only string keys and plain values: serialising cannot fail.
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }
}

/// When the [`EventWriter`] rotates and how many old files it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// The largest size of the current file: a line that would take it past this goes to a
    /// fresh file (a single line longer than this still gets written, alone).
    pub max_bytes: u64,
    /// How many rotated files to keep (`events.jsonl.1` newest … `events.jsonl.N` oldest);
    /// older ones are deleted. The log never takes more than about `(keep + 1) * max_bytes`.
    pub keep: usize,
}

impl Default for Rotation {
    /// 1 MiB per file, 3 old files kept: at most about 4 MiB on the device.
    fn default() -> Self {
        Rotation {
            max_bytes: 1 << 20,
            keep: 3,
        }
    }
}

impl Rotation {
    /// The log's files that exist, oldest first: `path.N`, …, `path.1`, `path`.
    pub fn files(&self, path: &Path) -> Vec<PathBuf> {
        (1..=self.keep)
            .rev()
            .map(|i| rotated(path, i))
            .chain(std::iter::once(path.to_path_buf()))
            .filter(|p| p.exists())
            .collect()
    }
}

fn rotated(path: &Path, i: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{i}"));
    PathBuf::from(name)
}

/// An append-only, size-bounded JSONL event log.
///
/// Each [`append`](EventWriter::append) writes the whole line and its newline in one
/// `write` on a file opened for appending, with no buffer in between: a crash (of the app;
/// see [`sync`](EventWriter::sync) for power loss) loses at most the line being written and
/// never touches earlier lines. Opening a file whose last line was torn by such a crash
/// first ends that line, so the fragment stays one skipped line instead of swallowing the
/// next event.
#[derive(Debug)]
pub struct EventWriter {
    path: PathBuf,
    file: File,
    len: u64,
    rotation: Rotation,
}

impl EventWriter {
    /// Opens (or creates) the log at `path`. The parent directory must exist.
    pub fn open(path: impl Into<PathBuf>, rotation: Rotation) -> Result<EventWriter> {
        let path = path.into();
        let (file, len) = open_append(&path)?;
        Ok(EventWriter {
            path,
            file,
            len,
            rotation,
        })
    }

    /// The current file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The log's files that exist, oldest first (read them in this order).
    pub fn files(&self) -> Vec<PathBuf> {
        self.rotation.files(&self.path)
    }

    /// Appends one event, rotating first if the line would take the file past
    /// [`Rotation::max_bytes`].
    pub fn append(&mut self, event: &Event) -> Result<()> {
        let line = event.to_line();
        let n = line.len() as u64;
        if self.len > 0 && self.len + n > self.rotation.max_bytes {
            self.rotate()?;
        }
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| Error::io(&self.path, e))?;
        self.len += n;
        Ok(())
    }

    /// Asks the OS to put what was written on storage (`fsync`): call it when the app goes
    /// to the background, not after every event.
    pub fn sync(&self) -> Result<()> {
        self.file.sync_data().map_err(|e| Error::io(&self.path, e))
    }

    fn rotate(&mut self) -> Result<()> {
        let keep = self.rotation.keep;
        let io = |p: &Path, e| Error::io(p, e);
        if keep == 0 {
            fs::remove_file(&self.path).map_err(|e| io(&self.path, e))?;
        } else {
            let oldest = rotated(&self.path, keep);
            if oldest.exists() {
                fs::remove_file(&oldest).map_err(|e| io(&oldest, e))?;
            }
            for i in (1..keep).rev() {
                let from = rotated(&self.path, i);
                if from.exists() {
                    fs::rename(&from, rotated(&self.path, i + 1)).map_err(|e| io(&from, e))?;
                }
            }
            fs::rename(&self.path, rotated(&self.path, 1)).map_err(|e| io(&self.path, e))?;
        }
        let (file, len) = open_append(&self.path)?;
        self.file = file;
        self.len = len;
        Ok(())
    }
}

/// Opens `path` for appending and ends a torn last line. Returns the file and its length.
fn open_append(path: &Path) -> Result<(File, u64)> {
    let io = |e| Error::io(path, e);
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    let mut len = file.metadata().map_err(io)?.len();
    if len > 0 {
        let mut last = [0u8];
        file.seek(SeekFrom::Start(len - 1)).map_err(io)?;
        file.read_exact(&mut last).map_err(io)?;
        if last[0] != b'\n' {
            file.write_all(b"\n").map_err(io)?;
            len += 1;
        }
    }
    Ok((file, len))
}

/// Lines the reader could not use, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// A last line without its newline that does not parse: a write cut short by a crash.
    pub torn: u64,
    /// Lines that are not a JSON object (garbage, invalid UTF-8, a torn line that a writer
    /// later ended).
    pub invalid_json: u64,
    /// JSON objects whose `type` is missing or not one of [`EventKind::TYPES`].
    pub unknown_type: u64,
    /// JSON objects of a known type with missing or mistyped fields.
    pub invalid_fields: u64,
}

impl Skipped {
    /// All skipped lines.
    pub fn total(&self) -> u64 {
        self.torn + self.invalid_json + self.unknown_type + self.invalid_fields
    }

    fn add(&mut self, other: Skipped) {
        self.torn += other.torn;
        self.invalid_json += other.invalid_json;
        self.unknown_type += other.unknown_type;
        self.invalid_fields += other.invalid_fields;
    }
}

/// An event log as read: the events, in file order, and what was skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    /// The events that parsed.
    pub events: Vec<Event>,
    /// The lines that did not. Blank lines are neither events nor skipped.
    pub skipped: Skipped,
}

/// Reads a JSONL event log. Never fails on content: lines that are not events are counted
/// in [`Log::skipped`]; only an I/O error fails.
pub fn read_log(mut reader: impl BufRead) -> io::Result<Log> {
    let mut log = Log::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(log);
        }
        let ended = line.last() == Some(&b'\n');
        let text = match std::str::from_utf8(&line) {
            Ok(t) => t.trim(),
            Err(_) if !ended => {
                log.skipped.torn += 1;
                continue;
            }
            Err(_) => {
                log.skipped.invalid_json += 1;
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        match parse_line(text) {
            Ok(event) => log.events.push(event),
            Err(_) if !ended => log.skipped.torn += 1,
            Err(Bad::Json) => log.skipped.invalid_json += 1,
            Err(Bad::Type) => log.skipped.unknown_type += 1,
            Err(Bad::Fields) => log.skipped.invalid_fields += 1,
        }
    }
}

/// Reads several log files in order (the oldest rotated file first) into one [`Log`].
pub fn read_log_files<P: AsRef<Path>>(paths: &[P]) -> Result<Log> {
    let mut log = Log::default();
    for path in paths {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let part = read_log(BufReader::new(file)).map_err(|e| Error::io(path, e))?;
        log.events.extend(part.events);
        log.skipped.add(part.skipped);
    }
    Ok(log)
}

enum Bad {
    Json,
    Type,
    Fields,
}

fn parse_line(text: &str) -> std::result::Result<Event, Bad> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Bad::Json)?;
    let ty = value.as_object().ok_or(Bad::Json)?.get("type");
    if !ty
        .and_then(|t| t.as_str())
        .is_some_and(|t| EventKind::TYPES.contains(&t))
    {
        return Err(Bad::Type);
    }
    serde_json::from_value(value).map_err(|_| Bad::Fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ts: i64) -> Event {
        Event {
            ts,
            user: "u".into(),
            experiment: "e".into(),
            variant: "v".into(),
            kind: EventKind::Accepted {
                field: Field::Title,
                rank: 1,
                ms_since_shown: 1500,
                chars_saved: 3,
            },
        }
    }

    #[test]
    fn line_format() {
        assert_eq!(
            event(7).to_line(),
            "{\"ts\":7,\"user\":\"u\",\"experiment\":\"e\",\"variant\":\"v\",\"type\":\"accepted\",\
             \"field\":\"title\",\"rank\":1,\"ms_since_shown\":1500,\"chars_saved\":3}\n"
        );
    }

    #[test]
    fn prompt_events_round_trip_and_bad_scores_are_invalid_fields() {
        let kinds = [
            EventKind::PromptShown {
                score: Score::new(0.93).unwrap(),
            },
            EventKind::PromptTapped {
                ms_since_shown: 5100,
            },
            EventKind::PromptExpired,
            EventKind::PromptDismissed {
                ms_since_shown: 700,
            },
        ];
        let events: Vec<Event> = kinds
            .iter()
            .map(|kind| Event {
                kind: kind.clone(),
                ..event(1)
            })
            .collect();
        let text: String = events.iter().map(Event::to_line).collect();
        let head = r#"{"ts":1,"user":"u","experiment":"e","variant":"v","type""#;
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                format!(r#"{head}:"prompt_shown","score":0.93}}"#),
                format!(r#"{head}:"prompt_tapped","ms_since_shown":5100}}"#),
                format!(r#"{head}:"prompt_expired"}}"#),
                format!(r#"{head}:"prompt_dismissed","ms_since_shown":700}}"#),
            ]
        );
        let log = read_log(text.as_bytes()).unwrap();
        assert_eq!(log.events, events);
        for score in ["1.5", "-0.1", "null", "\"high\""] {
            let line = format!(r#"{head}:"prompt_shown","score":{score}}}"#);
            let log = read_log(format!("{line}\n").as_bytes()).unwrap();
            assert_eq!(log.skipped.invalid_fields, 1, "{line}");
        }
        for bad in [f32::NAN, f32::INFINITY, -0.5, 1.01] {
            assert!(Score::new(bad).is_none(), "{bad}");
        }
        assert_eq!(Score::new(1.0).map(Score::get), Some(1.0));
    }

    #[test]
    fn rotation_bounds_size_and_keeps_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let line_len = event(1000).to_line().len() as u64;
        let rotation = Rotation {
            max_bytes: line_len * 3,
            keep: 2,
        };
        let mut w = EventWriter::open(&path, rotation).unwrap();
        for ts in 1000..1011 {
            w.append(&event(ts)).unwrap();
        }
        let files = w.files();
        assert_eq!(files.len(), 3);
        for f in &files {
            assert!(fs::metadata(f).unwrap().len() <= rotation.max_bytes);
        }
        let log = read_log_files(&files).unwrap();
        let ts: Vec<i64> = log.events.iter().map(|e| e.ts).collect();
        // 11 events, 3 per file: 1000-1002 were rotated out when the 4th file began.
        assert_eq!(ts, (1003..1011).collect::<Vec<_>>());
        assert!(!dir.path().join("events.jsonl.3").exists());
    }

    #[test]
    fn reopening_after_a_torn_write_keeps_the_next_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.jsonl");
        let full = event(1).to_line();
        fs::write(&path, format!("{full}{}", &full[..20])).unwrap();
        let mut w = EventWriter::open(&path, Rotation::default()).unwrap();
        w.append(&event(2)).unwrap();
        let log = read_log_files(&[&path]).unwrap();
        assert_eq!(log.events.len(), 2);
        assert_eq!(log.skipped.invalid_json, 1);
        assert_eq!(log.skipped.total(), 1);
    }

    #[test]
    fn reader_classifies_what_it_skips() {
        let good = event(1).to_line();
        let text = format!(
            "{good}\n   \nnot json\n[1,2]\n{{\"type\":\"clicked\",\"ts\":1}}\n{{\"ts\":1}}\n\
             {{\"ts\":1,\"user\":\"u\",\"experiment\":\"e\",\"variant\":\"v\",\"type\":\"shown\"}}\n\
             {good}{}",
            &good[..good.len() - 10]
        );
        let mut bytes = text.into_bytes();
        // Invalid UTF-8 in the middle of the file: one more invalid line.
        let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.splice(at..at, *b"\xff\xfe{\n");
        let log = read_log(&bytes[..]).unwrap();
        assert_eq!(log.events.len(), 2);
        assert_eq!(
            log.skipped,
            Skipped {
                torn: 1,
                invalid_json: 3,
                unknown_type: 2,
                invalid_fields: 1,
            }
        );
    }
}
