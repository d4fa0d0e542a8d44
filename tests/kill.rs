//! Crash safety of the on-device files (issue 15, item 5): a child process appends to the
//! event log and records acceptances into the user history as fast as it can, and is killed
//! with SIGKILL at a random moment, again and again. After every kill both files load,
//! every record the child acknowledged is there, in order, and at most the one record being
//! written when the kill came is missing; no temporary file is left to pile up.
//!
//! The child is this test binary itself, running the ignored test [`child_writer`].
//! `ICHIBA_KILLS` kills (default 40; `scripts/test` sets 200, the figure).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use ichiba::experiment::{Event, EventKind, EventWriter, Rotation, read_log_files};
use ichiba::{Dictionary, Engine, HistoryConfig, Kind, Span, Suggestion};

const CHILD_DIR: &str = "ICHIBA_KILL_CHILD_DIR";
const CHILD_FROM: &str = "ICHIBA_KILL_CHILD_FROM";
/// Small files, so the kills also land inside rotations; enough of them that nothing the
/// test writes is rotated out.
const ROTATION: Rotation = Rotation {
    max_bytes: 16 * 1024,
    keep: 400,
};
/// The history's capacity: the file keeps the latest this many records.
const CAPACITY: usize = 32;

fn history_config(dir: &Path) -> HistoryConfig {
    HistoryConfig {
        path: Some(dir.join("history.tsv")),
        capacity: CAPACITY,
        enabled: true,
    }
}

fn event(seq: u64) -> Event {
    Event {
        ts: seq as i64,
        user: "u-kill".into(),
        experiment: "kill".into(),
        variant: "A".into(),
        kind: EventKind::Exposure,
    }
}

fn accepted(seq: u64) -> Suggestion {
    Suggestion {
        surface: format!("s{seq}"),
        reading: String::new(),
        kind: Kind::Brand,
        score: 0.0,
        replace: Span { start: 0, end: 0 },
        entity: format!("e{seq}"),
        corrected: false,
        category: None,
        path: None,
    }
}

/// The child: from `ICHIBA_KILL_CHILD_FROM` on, appends event `n`, records acceptance `n`,
/// then prints `ack n`, until killed. Does nothing when not started by the kill test.
#[test]
#[ignore = "the kill test's child process; runs only when it starts it"]
fn child_writer() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let from: u64 = std::env::var(CHILD_FROM).unwrap().parse().unwrap();
    let engine = Engine::with_history(Dictionary::embedded().unwrap(), history_config(&dir))
        .expect("the history loads");
    let mut log = EventWriter::open(dir.join("events.jsonl"), ROTATION).unwrap();
    println!("ready");
    for seq in from.. {
        log.append(&event(seq)).unwrap();
        engine.record_acceptance(&accepted(seq)).unwrap();
        println!("ack {seq}");
    }
}

/// The history file's records as `(tick, entity)`, after checking it loads.
fn history_records(dir: &Path) -> Vec<(u64, String)> {
    Engine::with_history(Dictionary::embedded().unwrap(), history_config(dir))
        .expect("the history file loads");
    let text = std::fs::read_to_string(dir.join("history.tsv")).unwrap_or_default();
    let mut lines = text.lines();
    match lines.next() {
        None => return Vec::new(),
        Some(h) => assert_eq!(h, "ichiba-history v1", "history header"),
    }
    lines
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "history row {l:?}");
            (cols[0].parse().unwrap(), cols[2].to_string())
        })
        .collect()
}

/// A small xorshift: the kill moments differ from run to run but are reproducible from
/// the seed printed on failure.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn files_survive_sigkill_at_random_moments() {
    let kills: usize = crate::env_or("ICHIBA_KILLS", 40);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = seed;
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    // The next record the child writes: one past the last one found on disk.
    let mut from = 0u64;
    // Records the history lost because a kill came between the log and the history.
    let mut missing = std::collections::BTreeSet::new();
    let (mut lost_events, mut lost_history, mut rotated) = (0, 0, 0);
    for kill in 0..kills {
        let mut child = Command::new(&exe)
            .args(["--exact", "kill::child_writer", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(CHILD_DIR, dir.path())
            .env(CHILD_FROM, from.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        // Wait until it writes, then let it run 0 to 15 ms more.
        loop {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the child ended");
            if line.starts_with("ack ") {
                break;
            }
        }
        std::thread::sleep(Duration::from_micros(next(&mut rng) % 15_000));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "kill {kill}: the child was not killed");
        let mut acked = None;
        for l in out.lines() {
            if let Some(n) = l.unwrap().strip_prefix("ack ") {
                acked = Some(n.parse::<u64>().unwrap());
            }
        }
        let acked = acked.unwrap_or_else(|| {
            // The first ack was read above: parse it back.
            line.trim().strip_prefix("ack ").unwrap().parse().unwrap()
        });
        let ctx = format!("kill {kill} (seed {seed}), child acked {acked}");

        // The event log: every event 0..=acked, once and in order; maybe acked + 1.
        let files = ROTATION.files(&dir.path().join("events.jsonl"));
        rotated = rotated.max(files.len() - 1);
        let log = read_log_files(&files).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let seqs: Vec<u64> = log.events.iter().map(|e| e.ts as u64).collect();
        let last = *seqs.last().unwrap_or_else(|| panic!("{ctx}: no events"));
        assert!(
            seqs.iter().copied().eq(0..=last),
            "{ctx}: events not 0..={last} in order"
        );
        assert!(
            last == acked || last == acked + 1,
            "{ctx}: log ends at {last}"
        );
        assert_eq!(
            log.events.last(),
            Some(&event(last)),
            "{ctx}: last event changed"
        );
        lost_events += usize::from(log.skipped.total() > 0);

        // The history: loads, and holds the latest CAPACITY records ending at acked or
        // acked + 1, each as written.
        let records = history_records(dir.path());
        let newest = records
            .iter()
            .map(|(_, e)| e[1..].parse::<u64>().unwrap())
            .max()
            .unwrap_or_else(|| panic!("{ctx}: empty history"));
        assert!(
            newest == acked || newest == acked + 1,
            "{ctx}: history ends at {newest}"
        );
        assert!(
            newest + 1 >= last,
            "{ctx}: history ends at {newest}, log at {last}"
        );
        let mut want: Vec<String> = (0..=newest)
            .rev()
            .filter(|n| !missing.contains(n))
            .take(CAPACITY)
            .map(|n| format!("e{n}"))
            .collect();
        want.reverse();
        let got: Vec<String> = records.into_iter().map(|(_, e)| e).collect();
        assert_eq!(got, want, "{ctx}: history records");
        if newest < last {
            missing.insert(last);
            lost_history += 1;
        }

        // Nothing left behind that piles up from crash to crash.
        let temps: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(
            temps.len() <= 1,
            "{ctx}: temporary files pile up: {temps:?}"
        );

        from = last.max(newest) + 1;
    }
    eprintln!(
        "kill test: {kills} kills (seed {seed}), {from} records written; kills that left \
         the event log a skipped line: {lost_events}; that caught a record between the log \
         and the history: {lost_history}; rotated files: {rotated}"
    );
    assert!(
        rotated > 0,
        "the log never rotated: the kills never met a rotation"
    );
}
