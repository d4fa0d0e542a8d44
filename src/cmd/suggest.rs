//! `ichiba suggest`: suggestions for one text, or one JSON line per input line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use ichiba::text::cursor;
use ichiba::{Engine, Field, Request, Suggestion};

/// Arguments of `ichiba suggest`.
#[derive(clap::Args)]
pub struct Args {
    /// The field's text (the cursor is at its end unless --cursor says otherwise).
    #[arg(required_unless_present = "stdin")]
    text: Option<String>,
    /// How many suggestions.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// The field being typed: title, description, brand, category or free.
    #[arg(long, default_value = "free")]
    field: Field,
    /// Cursor position in characters (Unicode scalar values) from the start of TEXT.
    #[arg(long)]
    cursor: Option<usize>,
    /// Print one JSON array instead of a table.
    #[arg(long)]
    json: bool,
    /// Use this dictionary file instead of the embedded default.
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Read queries from standard input, one per line: either plain text, or a JSON object
    /// {"text": …, "cursor": chars, "field": …, "top": n}. Prints one JSON line each.
    #[arg(long, conflicts_with = "text")]
    stdin: bool,
    /// Do not offer words one slip away from what was typed (ないく → ナイキ).
    #[arg(long)]
    no_typos: bool,
    /// The listing's selected category, a node id of the category tree (ladies/bags,
    /// mercari-category:20); an unknown id is ignored.
    #[arg(long)]
    category: Option<String>,
    /// The listing's selected brand, an entity id (supreme, mercari-brand:4161); an unknown
    /// id is ignored.
    #[arg(long)]
    brand: Option<String>,
}

/// Runs `ichiba suggest`.
pub fn run(args: Args) -> Result<()> {
    let engine = super::engine(args.dict.as_deref())?;
    if args.stdin {
        return run_stdin(&engine, &args);
    }
    let text = args.text.as_deref().unwrap_or_default();
    let cursor = match args.cursor {
        Some(c) => cursor::char_to_byte(text, c)?,
        None => text.len(),
    };
    let suggestions = engine.suggest(
        &Request::new(text)
            .cursor(cursor)
            .field(args.field)
            .top_k(args.top)
            .typos(!args.no_typos)
            .category(args.category.as_deref())
            .brand(args.brand.as_deref()),
    )?;
    for b in engine.blocked_terms(&Request::new(text).cursor(cursor))? {
        eprintln!(
            "warning: {:?} is a blocked term ({}): listings with it are refused",
            b.surface, b.reason
        );
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &to_json(text, &suggestions))?;
        writeln!(out)?;
    } else {
        for (i, s) in suggestions.iter().enumerate() {
            writeln!(
                out,
                "{:>2}. {}\t{}\t{}\t{:.2}\treplaces \"{}\"{}{}",
                i + 1,
                s.surface,
                s.reading,
                s.kind,
                s.score,
                &text[s.replace.start..s.replace.end],
                if s.corrected { "\t(corrected)" } else { "" },
                match (&s.category, &s.path) {
                    (Some(c), Some(p)) => format!("\t{c}\t{p}"),
                    _ => String::new(),
                }
            )?;
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct Query {
    text: String,
    cursor: Option<usize>,
    field: Option<Field>,
    top: Option<usize>,
    typos: Option<bool>,
    category: Option<String>,
    brand: Option<String>,
}

fn run_stdin(engine: &Engine, args: &Args) -> Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("stdin line {}", n + 1))?;
        let answer = answer_line(engine, args, &line);
        let value = match answer {
            Ok(v) => v,
            Err(e) => serde_json::json!({ "error": format!("{e:#}") }),
        };
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        out.flush()?;
    }
    Ok(())
}

fn answer_line(engine: &Engine, args: &Args, line: &str) -> Result<serde_json::Value> {
    let q = if line.trim_start().starts_with('{') {
        serde_json::from_str::<Query>(line).context("invalid JSON query")?
    } else {
        Query {
            text: line.to_string(),
            cursor: None,
            field: None,
            top: None,
            typos: None,
            category: None,
            brand: None,
        }
    };
    let cursor = match q.cursor {
        Some(c) => cursor::char_to_byte(&q.text, c)?,
        None => q.text.len(),
    };
    let suggestions = engine.suggest(
        &Request::new(&q.text)
            .cursor(cursor)
            .field(q.field.unwrap_or(args.field))
            .top_k(q.top.unwrap_or(args.top))
            .typos(q.typos.unwrap_or(!args.no_typos))
            .category(q.category.as_deref().or(args.category.as_deref()))
            .brand(q.brand.as_deref().or(args.brand.as_deref())),
    )?;
    Ok(to_json(&q.text, &suggestions))
}

/// The stable JSON shape: spans in characters, like the --cursor option.
fn to_json(text: &str, suggestions: &[Suggestion]) -> serde_json::Value {
    suggestions
        .iter()
        .map(|s| {
            let mut v = serde_json::json!({
                "surface": s.surface,
                "reading": s.reading,
                "kind": s.kind,
                "score": (f64::from(s.score) * 1000.0).round() / 1000.0,
                "entity": s.entity,
                "corrected": s.corrected,
                "replace": {
                    "start": cursor::byte_to_char(text, s.replace.start),
                    "end": cursor::byte_to_char(text, s.replace.end),
                    "text": &text[s.replace.start..s.replace.end],
                },
            });
            if let (Some(category), Some(path)) = (&s.category, &s.path) {
                v["category"] = category.as_str().into();
                v["path"] = path.as_str().into();
            }
            v
        })
        .collect()
}
