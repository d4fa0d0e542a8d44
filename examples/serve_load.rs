//! A load client for `ichiba serve`: many `POST /api/suggest` requests over keep-alive
//! loopback connections from several threads; prints the latency distribution and the
//! error count. Standard library only (HTTP/1.1 by hand).
//!
//! ```text
//! cargo build --release
//! target/release/ichiba serve --addr 127.0.0.1:8080 --no-events &
//! cargo run --release --example serve_load -- 127.0.0.1:8080 --requests 5000 --concurrency 8
//! ```
//!
//! The texts are what a seller's keystrokes send: every prefix of a few listing titles
//! (kana, romaji, katakana, Latin, an emoji, a long description), cursor at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TITLES: &[(&str, &str)] = &[
    ("title", "しゅぷりーむ ぼっくすろご ぱーかー"),
    ("title", "shupu-mu nike sunika-"),
    ("title", "ナイキ エアマックス スニーカー 27cm"),
    ("title", "👍🏽 しんぴんみしよう ワンピース"),
    ("brand", "るいう゛ぃとん"),
    (
        "description",
        "新品未使用です。目立った傷や汚れなし。送料込みでお願いします。",
    ),
];

struct Options {
    addr: SocketAddr,
    requests: usize,
    concurrency: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut addr = None;
    let mut requests = 5000;
    let mut concurrency = 8;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--requests" => {
                requests = value("--requests")?
                    .parse()
                    .map_err(|e| format!("--requests: {e}"))?
            }
            "--concurrency" => {
                concurrency = value("--concurrency")?
                    .parse()
                    .map_err(|e| format!("--concurrency: {e}"))?
            }
            "-h" | "--help" => {
                return Err("usage: serve_load HOST:PORT [--requests N] [--concurrency C]".into());
            }
            other => {
                let other = other.trim_start_matches("http://").trim_end_matches('/');
                addr = Some(other.parse().map_err(|e| format!("{other}: {e}"))?);
            }
        }
    }
    let addr = addr.ok_or("usage: serve_load HOST:PORT [--requests N] [--concurrency C]")?;
    Ok(Options {
        addr,
        requests,
        concurrency: concurrency.max(1),
    })
}

/// Every keystroke's request body: each prefix (by characters) of each title.
fn bodies() -> Vec<String> {
    let mut out = Vec::new();
    for (field, title) in TITLES {
        let mut text = String::new();
        for c in title.chars() {
            text.push(c);
            out.push(format!(
                r#"{{"text":{},"field":"{field}","top":5}}"#,
                json_string(&text)
            ));
        }
    }
    out
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One keep-alive connection.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(Conn {
            reader: BufReader::new(stream),
        })
    }

    /// Sends one request, reads the whole response; returns the status.
    fn post(&mut self, addr: SocketAddr, body: &str) -> std::io::Result<u16> {
        let request = format!(
            "POST /api/suggest HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((name, value)) = l.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().map_err(std::io::Error::other)?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(status)
    }
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let bodies = bodies();
    let per_thread = options.requests.div_ceil(options.concurrency);
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..options.concurrency)
            .map(|t| {
                let bodies = &bodies;
                let addr = options.addr;
                scope.spawn(move || {
                    let mut latencies = Vec::with_capacity(per_thread);
                    let mut errors = 0;
                    let mut conn = None;
                    for i in 0..per_thread {
                        let body = &bodies[(t * 7 + i) % bodies.len()];
                        let begin = Instant::now();
                        let c = match conn.take() {
                            Some(c) => Ok(c),
                            None => Conn::open(addr),
                        };
                        match c.and_then(|mut c| c.post(addr, body).map(|s| (c, s))) {
                            Ok((c, 200)) => {
                                latencies.push(begin.elapsed());
                                conn = Some(c);
                            }
                            Ok((c, _)) => {
                                errors += 1;
                                conn = Some(c);
                            }
                            Err(_) => errors += 1,
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let wall = started.elapsed();
    let errors: usize = results.iter().map(|r| r.1).sum();
    let mut all: Vec<Duration> = results.into_iter().flat_map(|r| r.0).collect();
    all.sort_unstable();
    let n = all.len() + errors;
    println!(
        "{n} requests ({} distinct texts), {} connections, {:.2} s: {:.0} requests/s",
        bodies.len(),
        options.concurrency,
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64()
    );
    println!(
        "latency: median {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        us(percentile(&all, 0.5)),
        us(percentile(&all, 0.9)),
        us(percentile(&all, 0.99)),
        us(all.last().copied().unwrap_or_default())
    );
    println!("errors: {errors}");
    if errors > 0 {
        std::process::exit(1);
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
