//! `ichiba demo` driven through a pseudo-terminal: tmux runs it in a detached session, keys
//! go in with `send-keys`, the screen comes back with `capture-pane`.
//!
//! Needs tmux (`scripts/test` installs it). Without tmux the test says so and passes, unless
//! `CI` is set: then it fails, so CI cannot skip it silently.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap()
    }

    fn screen(&self) -> String {
        let o = self.cmd(&["capture-pane", "-p", "-t", "demo"]);
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok`, or panics with the last screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "demo"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    fn type_text(&self, text: &str) {
        assert!(
            self.cmd(&["send-keys", "-t", "demo", "-l", text])
                .status
                .success()
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is not installed and CI is set: the terminal demo test must run"
        );
        eprintln!("SKIPPED: tmux is not installed (scripts/test installs it)");
    }
    found
}

/// The text of the input line: the first line inside the top box.
fn input_line(screen: &str) -> String {
    let line = screen.lines().nth(1).unwrap_or_default();
    line.trim().trim_matches('│').trim().to_string()
}

fn start_demo(name: &str) -> Tmux {
    let tmux = Tmux {
        socket: format!("ichiba-test-{name}-{}", std::process::id()),
    };
    let command = format!("{} demo", env!("CARGO_BIN_EXE_ichiba"));
    let o = tmux.cmd(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "demo",
        "-x",
        "110",
        "-y",
        "20",
        &command,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmux.wait_for("the demo to start", |s| s.contains("ichiba demo"));
    tmux
}

#[test]
fn demo_suggests_while_typing_romaji_and_picks_with_enter() {
    if !tmux_available() {
        return;
    }
    let tmux = start_demo("romaji");
    tmux.type_text("shupu");
    let screen = tmux.wait_for("シュプリーム in the table", |s| {
        s.contains("シュプリーム") && input_line(s) == "shupu"
    });
    // Each row shows kind and score, and the first row is highlighted.
    let row = screen.lines().find(|l| l.contains("シュプリーム")).unwrap();
    assert!(row.contains("▶"), "first row highlighted: {row}");
    assert!(row.contains("brand"), "{row}");
    assert!(row.contains("“shupu”"), "{row}");

    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the pick", |s| s.contains("picked #1"));
    assert_eq!(input_line(&screen), "シュプリーム", "{screen}");

    // Text before the word stays: the pick replaces only the word's span.
    tmux.type_text(" nikeno");
    tmux.wait_for("the new word's suggestions", |s| {
        input_line(s) == "シュプリーム nikeno"
    });
    tmux.keys(&["Escape"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while tmux.cmd(&["has-session", "-t", "demo"]).status.success() {
        assert!(
            Instant::now() < deadline,
            "Esc did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn demo_picks_the_highlighted_kana_suggestion_after_moving() {
    if !tmux_available() {
        return;
    }
    let tmux = start_demo("kana");
    tmux.type_text("美品 しゅ");
    let screen = tmux.wait_for("シュプリーム", |s| {
        s.contains("シュプリーム") && input_line(s) == "美品 しゅ"
    });
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("“しゅ”")).collect();
    assert!(rows.len() >= 2, "at least two suggestions:\n{screen}");
    let second = rows[1]
        .trim_matches(|c: char| c == '│' || c.is_whitespace())
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    // Tab moves the highlight to the second row, Enter picks it.
    tmux.keys(&["Tab"]);
    tmux.wait_for("the highlight on row 2", |s| {
        s.lines().any(|l| l.contains('▶') && l.contains(&second))
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the pick", |s| s.contains("picked #2"));
    assert_eq!(input_line(&screen), format!("美品 {second}"), "{screen}");
}
