//! `ichiba serve` under a soak (issue 15 item 6, docs/robustness.md §6): 16 client threads on
//! loopback for `ICHIBA_SOAK_SECS` seconds (default 5; `scripts/test` sets the issue's 60),
//! well-formed requests on keep-alive connections with malformed ones mixed in, each of those
//! on a connection of its own. Checks: every well-formed request is answered 200 with a sane
//! body, every malformed one gets a 4xx (a request cut off in its header, or bytes that are
//! not HTTP, may instead be closed without an answer), never a 5xx, the server serves at the
//! end, and its resident memory did not grow without bound. Times are reported, not asserted.
//!
//! And the timeouts: an idle connection, one that sends its header a byte at a time and one
//! that trickles its body are closed while other clients are served.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::serve::Server;

/// An answer: status, lowercased headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("{e}: {:?}", String::from_utf8_lossy(&self.body)))
    }
}

/// Reads one HTTP/1.1 response; `Ok(None)` when the connection closed before any byte.
fn read_answer(r: &mut impl BufRead) -> io::Result<Option<Answer>> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(bad("the header ends early"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (n, v) = l.split_once(':').ok_or_else(|| bad(l))?;
        headers.push((n.to_ascii_lowercase(), v.trim().to_string()));
    }
    let mut answer = Answer {
        status,
        headers,
        body: Vec::new(),
    };
    if let Some(len) = answer.header("content-length") {
        let len: usize = len.parse().map_err(|_| bad("content-length"))?;
        answer.body.resize(len, 0);
        r.read_exact(&mut answer.body)?;
    } else if answer.header("transfer-encoding") == Some("chunked") {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("chunk size"))?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            answer.body.extend_from_slice(&chunk[..size]);
        }
    } else {
        r.read_to_end(&mut answer.body)?;
    }
    Ok(Some(answer))
}

/// xorshift64*: the same requests on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 11) as usize % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TEXTS: &[&str] = &[
    "しゅぷ",
    "しゅぷりーむ ぼっくすろご ぱーかー",
    "shupu-mu nike sunika-",
    "ナイキ エアマックス スニーカー 27cm",
    "👍🏽 しんぴんみしよう ワンピース",
    "るいう゛ぃとん",
    "新品未使用です。目立った傷や汚れなし。送料込みでお願いします。",
    "iphone 15 pro",
    "ｼｭﾌﾟ",
    "🇯🇵👨‍👩‍👧‍👦\u{7}\u{0}ka\u{3099}",
    "",
];
const FIELDS: &[&str] = &["title", "description", "brand", "free"];

/// A well-formed `POST /api/suggest` body and the cursor it asks at (UTF-16 units).
fn suggest_body(rng: &mut Rng) -> (Value, String, usize) {
    let mut text = rng.pick(TEXTS).to_string();
    if rng.below(4) == 0 {
        text = format!("{} {text}", rng.pick(TEXTS)).repeat(1 + rng.below(20));
    }
    let chars = text.chars().count();
    let at = rng.below(chars + 1);
    let cursor: usize = text.chars().take(at).map(char::len_utf16).sum();
    let body = json!({"text": text, "cursor": cursor, "field": rng.pick(FIELDS),
                      "top": rng.below(11)});
    (body, text, cursor)
}

/// Checks a suggest answer against what was asked.
fn check_suggest(v: &Value, text: &str, cursor: usize, top: usize) -> Result<(), String> {
    if v["units"] != "utf16" {
        return Err(format!("units: {v}"));
    }
    let list = v["suggestions"]
        .as_array()
        .ok_or_else(|| format!("no suggestions array: {v}"))?;
    if list.len() > top {
        return Err(format!("{} suggestions, top {top}: {v}", list.len()));
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    for s in list {
        let (start, end) = (
            s["replace"]["start"].as_u64().unwrap_or(u64::MAX) as usize,
            s["replace"]["end"].as_u64().unwrap_or(u64::MAX) as usize,
        );
        if start > end || end > cursor {
            return Err(format!("span {start}..{end}, cursor {cursor}: {s}"));
        }
        let replaced = String::from_utf16(&units[start..end]).map_err(|e| e.to_string())?;
        if s["replace"]["text"] != replaced.as_str()
            || s["surface"].as_str().is_none_or(str::is_empty)
        {
            return Err(format!("{s} for {text:?}"));
        }
    }
    Ok(())
}

/// One well-formed request: method, path, body, and the check of its answer.
type Check = Box<dyn Fn(&Value) -> Result<(), String>>;

fn well_formed(
    rng: &mut Rng,
    thread: usize,
) -> (&'static str, &'static str, String, String, Check) {
    match rng.below(20) {
        0 => (
            "health",
            "GET",
            "/api/health".into(),
            String::new(),
            Box::new(|v: &Value| match v["status"] == "ok" {
                true => Ok(()),
                false => Err(format!("health {v}")),
            }),
        ),
        1 => {
            let user = format!("soak-{thread}-{}", rng.below(50));
            (
                "session",
                "GET",
                format!("/api/session?user={user}"),
                String::new(),
                Box::new(move |v: &Value| match v["user"] == user.as_str() {
                    true => Ok(()),
                    false => Err(format!("session {v}")),
                }),
            )
        }
        2 => {
            let body = json!({"user": format!("soak-{thread}"), "type": "shown",
                              "field": "title", "count": 5});
            (
                "event",
                "POST",
                "/api/event".into(),
                body.to_string(),
                Box::new(|v: &Value| match v["logged"].as_u64() {
                    Some(_) => Ok(()),
                    None => Err(format!("event {v}")),
                }),
            )
        }
        _ => {
            let (body, text, cursor) = suggest_body(rng);
            let top = body["top"].as_u64().unwrap() as usize;
            (
                "suggest",
                "POST",
                "/api/suggest".into(),
                body.to_string(),
                Box::new(move |v: &Value| check_suggest(v, &text, cursor, top)),
            )
        }
    }
}

/// A malformed request: its name, the bytes sent, whether to close our sending side after
/// them, the statuses it may get, and whether closing without an answer is allowed.
struct Malformed {
    name: &'static str,
    bytes: Vec<u8>,
    shutdown: bool,
    statuses: &'static [u16],
    may_close: bool,
}

fn post(path: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: soak\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n").into_bytes()
}

fn malformed(rng: &mut Rng) -> Malformed {
    let m = |name, bytes, statuses| Malformed {
        name,
        bytes,
        shutdown: false,
        statuses,
        may_close: false,
    };
    let huge = json!({"text": "あ".repeat(22_000 + rng.below(10_000))}).to_string();
    match rng.below(16) {
        0 => m(
            "bad JSON",
            post("/api/suggest", r#"{"text": "しゅ"#.as_bytes()),
            &[400],
        ),
        1 => m(
            "wrong JSON type",
            post("/api/suggest", br#"{"text": 5}"#),
            &[400],
        ),
        2 => m(
            "invalid UTF-8",
            post("/api/suggest", b"{\"text\": \"\xff\xfe\xc3\"}"),
            &[400],
        ),
        3 => m(
            "cursor past the end",
            post("/api/suggest", br#"{"text": "a", "cursor": 9}"#),
            &[422],
        ),
        4 => m("bad query string", get("/api/session?user=%ff%fe"), &[400]),
        // A malformed escape is kept as it is, as WHATWG URL parsing (and so every browser)
        // does: the id `a%2` is a valid one.
        5 => m(
            "malformed escape, kept literally",
            get("/api/session?user=a%2"),
            &[200],
        ),
        6 => m("bad query string", get("/api/session?user="), &[400]),
        7 => m("huge body", post("/api/suggest", huge.as_bytes()), &[413]),
        8 => {
            let mut r = b"POST /api/event HTTP/1.1\r\nHost: soak\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
            r.extend_from_slice(format!("{:x}\r\n", huge.len()).as_bytes());
            r.extend_from_slice(huge.as_bytes());
            r.extend_from_slice(b"\r\n0\r\n\r\n");
            m("huge chunked body", r, &[413])
        }
        9 => m(
            "wrong method",
            b"DELETE /api/suggest HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n".to_vec(),
            &[405],
        ),
        10 => m("wrong method", get("/api/suggest"), &[405]),
        11 => m("no such route", get("/api/../etc/passwd"), &[404]),
        12 => {
            // The header cut off, then our side closed.
            let full = post("/api/suggest", br#"{"text": "a"}"#);
            let cut = 1 + rng.below(full.len() - 20);
            Malformed {
                name: "truncated header",
                bytes: full[..cut].to_vec(),
                shutdown: true,
                statuses: &[400],
                may_close: true,
            }
        }
        13 => {
            // The body cut off: fewer bytes than Content-Length, then our side closed.
            let mut r = post("/api/suggest", r#"{"text": "しゅぷりーむ"}"#.as_bytes());
            r.truncate(r.len() - 1 - rng.below(10));
            Malformed {
                name: "truncated body",
                bytes: r,
                shutdown: true,
                statuses: &[400],
                may_close: true,
            }
        }
        14 => Malformed {
            name: "not HTTP",
            bytes: b"\x00\x01\x02\xff nonsense\r\n\r\n".to_vec(),
            shutdown: false,
            statuses: &[400],
            may_close: true,
        },
        _ => {
            let mut r = b"GET /api/health HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n".to_vec();
            for i in 0..200 {
                r.extend_from_slice(format!("X-Junk-{i}: {}\r\n", "j".repeat(50)).as_bytes());
            }
            r.extend_from_slice(b"\r\n");
            m("too many header fields", r, &[431])
        }
    }
}

/// A keep-alive connection, opened again when the server closes it.
struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    opened: usize,
}

impl Conn {
    fn send(&mut self, method: &str, path: &str, body: &str) -> Result<Answer, String> {
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        // One retry, only on a connection the server had closed before we sent (idle).
        for attempt in 0..2 {
            let fresh = self.stream.is_none();
            if fresh {
                let s = TcpStream::connect(self.addr).map_err(|e| format!("connect: {e}"))?;
                s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
                self.stream = Some(BufReader::new(s));
                self.opened += 1;
            }
            let r = self.stream.as_mut().unwrap();
            let sent = r.get_mut().write_all(req.as_bytes());
            let answer = sent.and_then(|()| read_answer(r));
            match answer {
                Ok(Some(a)) => {
                    if a.header("connection") == Some("close") {
                        self.stream = None;
                    }
                    return Ok(a);
                }
                Ok(None) | Err(_) if !fresh && attempt == 0 => self.stream = None,
                Ok(None) => return Err(format!("{method} {path}: closed without an answer")),
                Err(e) => return Err(format!("{method} {path}: {e}")),
            }
        }
        unreachable!()
    }
}

/// Sends a malformed request on its own connection; the status, or None when the server
/// closed the connection without answering.
fn send_malformed(addr: SocketAddr, m: &Malformed) -> Result<Option<u16>, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer (413, 431) and close before reading all we send.
    let _ = s.write_all(&m.bytes);
    if m.shutdown {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut got = Vec::new();
    let read = s.read_to_end(&mut got);
    if got.is_empty() {
        return match read {
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => Ok(None),
            Err(e) => Err(format!("{}: {e}", m.name)),
        };
    }
    match read_answer(&mut &got[..]) {
        Ok(Some(a)) => Ok(Some(a.status)),
        Ok(None) => Ok(None),
        Err(e) => Err(format!(
            "{}: {e} in {:?}",
            m.name,
            String::from_utf8_lossy(&got)
        )),
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

#[derive(Default)]
struct Tally {
    good: BTreeMap<&'static str, usize>,
    bad: BTreeMap<(&'static str, String), usize>,
    failures: Vec<String>,
    connections: usize,
}

#[test]
fn serve_soak_with_malformed_requests_mixed_in() {
    let secs: f64 = crate::env_or("ICHIBA_SOAK_SECS", 5.0);
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let server = Server::start(&["--events", events.to_str().unwrap()]);
    assert!(server.healthy());
    let pid = server.child.id();
    let rss_before = rss_kib(pid);
    let tally = Mutex::new(Tally::default());
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs);
    std::thread::scope(|scope| {
        for thread in 0..16 {
            let (tally, addr) = (&tally, server.addr);
            scope.spawn(move || {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((thread as u64 + 1) * 0x1234_5678_9abc));
                let mut conn = Conn {
                    addr,
                    stream: None,
                    opened: 0,
                };
                let mut local = Tally::default();
                while Instant::now() < deadline && local.failures.len() < 5 {
                    if rng.below(5) == 0 {
                        let m = malformed(&mut rng);
                        match send_malformed(addr, &m) {
                            Ok(Some(status)) if m.statuses.contains(&status) => {
                                *local.bad.entry((m.name, status.to_string())).or_default() += 1
                            }
                            Ok(None) if m.may_close => {
                                *local.bad.entry((m.name, "closed".into())).or_default() += 1
                            }
                            Ok(got) => local.failures.push(format!(
                                "{}: got {got:?}, want one of {:?}",
                                m.name, m.statuses
                            )),
                            Err(e) => local.failures.push(e),
                        }
                        local.connections += 1;
                        continue;
                    }
                    let (name, method, path, body, check) = well_formed(&mut rng, thread);
                    match conn.send(method, &path, &body) {
                        Ok(a) if a.status == 200 => match a.json().and_then(|v| check(&v)) {
                            Ok(()) => *local.good.entry(name).or_default() += 1,
                            Err(e) => local.failures.push(format!("{name} {body}: {e}")),
                        },
                        Ok(a) => local.failures.push(format!(
                            "{name} {body}: {} {}",
                            a.status,
                            String::from_utf8_lossy(&a.body)
                        )),
                        Err(e) => local.failures.push(format!("{name} {body}: {e}")),
                    }
                }
                let mut t = tally.lock().unwrap();
                for (k, n) in local.good {
                    *t.good.entry(k).or_default() += n;
                }
                for (k, n) in local.bad {
                    *t.bad.entry(k).or_default() += n;
                }
                t.failures.extend(local.failures);
                t.connections += local.connections + conn.opened;
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let t = tally.into_inner().unwrap();
    assert!(server.healthy(), "the server serves after the soak");
    let rss_after = rss_kib(pid);
    let good: usize = t.good.values().sum();
    let bad: usize = t.bad.values().sum();
    eprintln!(
        "soak: {elapsed:.1} s, 16 threads, {good} well-formed requests answered 200 ({:.0}/s), \
         {bad} malformed answered as expected, {} connections; server RSS {rss_before} kB before, \
         {rss_after} kB after",
        good as f64 / elapsed,
        t.connections,
    );
    eprintln!("soak: well-formed {:?}", t.good);
    eprintln!("soak: malformed {:?}", t.bad);
    assert!(
        t.failures.is_empty(),
        "{} failures, the first: {:#?}",
        t.failures.len(),
        &t.failures[..t.failures.len().min(10)]
    );
    assert!(good > 0 && bad > 0);
    // Generous: a leak per request would grow far past this over thousands of requests.
    assert!(
        rss_after < 2 * rss_before + 50 * 1024,
        "RSS grew from {rss_before} kB to {rss_after} kB"
    );
}

/// Waits for the server to close `s`: true when it did within `limit` (EOF or reset).
fn closed_within(s: &mut TcpStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            // An answer (408) before the close is fine; keep reading to the close.
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn idle_and_slow_connections_are_closed_while_others_are_served() {
    let server = Server::start(&[
        "--no-events",
        "--header-timeout",
        "1",
        "--request-timeout",
        "2",
    ]);
    let addr = server.addr;
    // Generous bounds on what must happen, not a measurement: the server closes these
    // connections after 1 s (header) or 2 s (request); 20 s means it never did.
    let limit = Duration::from_secs(20);
    std::thread::scope(|scope| {
        let idle = scope.spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            closed_within(&mut s, limit)
        });
        let idle_after_answer = scope.spawn(move || {
            let mut s = BufReader::new(TcpStream::connect(addr).unwrap());
            s.get_mut()
                .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let answer = read_answer(&mut s).unwrap().unwrap();
            assert_eq!(answer.status, 200);
            closed_within(s.get_mut(), limit)
        });
        // The header a byte every 100 ms: it would take 3.7 s, the limit is 1 s.
        let slowloris = scope.spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            let started = Instant::now();
            for b in b"GET /api/health HTTP/1.1\r\nHost: slow\r\n\r\n" {
                if s.write_all(&[*b]).is_err() || started.elapsed() > limit {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            closed_within(&mut s, limit)
        });
        // A whole header, then the body a byte every 200 ms: 408 after 2 s.
        let slow_body = scope.spawn(move || {
            let mut s = TcpStream::connect(addr).unwrap();
            let body = r#"{"text": "しゅぷりーむ ぼっくすろご"}"#.as_bytes();
            write!(
                s,
                "POST /api/suggest HTTP/1.1\r\nHost: slow\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .unwrap();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let writer = std::thread::spawn(move || {
                for b in body {
                    if s.write_all(&[*b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
            });
            reader.get_mut().set_read_timeout(Some(limit)).unwrap();
            let answer = read_answer(&mut reader);
            let _ = writer.join();
            let answer = answer.unwrap().expect("an answer to the slow body");
            (answer.status, answer.json().unwrap())
        });
        // Meanwhile everyone else is served.
        let started = Instant::now();
        let mut served = 0;
        while started.elapsed() < Duration::from_secs(3) {
            assert!(
                server.healthy(),
                "served while slow clients hold connections"
            );
            served += 1;
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(idle.join().unwrap(), "an idle connection is closed");
        assert!(
            idle_after_answer.join().unwrap(),
            "an idle keep-alive connection is closed"
        );
        assert!(slowloris.join().unwrap(), "a slow header is cut off");
        let (status, v) = slow_body.join().unwrap();
        assert_eq!(status, 408, "{v}");
        assert!(
            v["error"].as_str().unwrap().contains("longer than 2 s"),
            "{v}"
        );
        eprintln!("timeouts: {served} health checks answered meanwhile");
    });
    assert!(server.healthy());
}

#[test]
fn timeouts_must_be_positive() {
    for bad in ["0", "-1", "soon", "inf"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ichiba"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                &format!("--header-timeout={bad}"),
            ])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--header-timeout"), "{bad}: {stderr}");
    }
}
