//! The `ichiba` command: one subcommand per file in `cmd/`; this file only dispatches.

mod cmd;

use clap::{Parser, Subcommand};

/// Marketplace suggestions for a listing form, from the command line.
#[derive(Parser)]
#[command(name = "ichiba", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Suggest words for the text before the cursor.
    Suggest(cmd::suggest::Args),
    /// Build a dictionary artifact from lexicon sources.
    Build(cmd::build::Args),
    /// Index a listing corpus for `build --corpus`.
    Corpus(cmd::corpus::Args),
    /// The analyzer dictionary: build the trimmed file, inspect it, compare it with IPADIC.
    Analyzer(cmd::analyzer::Args),
    /// Check a dictionary artifact and print its header and counts.
    Inspect(cmd::inspect::Args),
    /// Check the dictionary sources (lexicon, category tree, corpus, eval cases).
    Lint(cmd::lint::Args),
    /// A/B experiments: simulate an event log, report on one.
    Ab(cmd::ab::AbArgs),
    /// Measure quality: regression cases, keystrokes saved when typing titles.
    Eval(cmd::eval::Args),
    /// Serve the listing-form web demo and its JSON API on loopback.
    Serve(cmd::serve::Args),
    /// Interactive terminal demo: type, see suggestions, pick one.
    Demo(cmd::demo::Args),
    /// Signed delivery: make a key pair, sign an artifact manifest, verify a signed one.
    Sign(cmd::sign::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        die_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Suggest(a) => cmd::suggest::run(a),
        Command::Build(a) => cmd::build::run(a),
        Command::Corpus(a) => cmd::corpus::run(a),
        Command::Analyzer(a) => cmd::analyzer::run(a),
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Lint(a) => cmd::lint::run(a),
        Command::Ab(a) => cmd::ab::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Sign(a) => cmd::sign::run(a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ichiba: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// `ichiba inspect … | head`: when the reader of stdout goes away, end like any Unix tool
/// (killed by SIGPIPE, no message) instead of panicking in `println!`. Rust ignores SIGPIPE
/// by default; this restores the default action. Not for `serve`, where a client closing its
/// socket must be an error on that connection, not the server's end.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called at the start of main, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
