//! `ichiba serve`'s HTTP API, spoken to over a raw TCP socket (no HTTP client crate): the
//! binary is started on a free loopback port and asked good and bad questions.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// A running `ichiba serve`, killed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: SocketAddr,
}

impl Server {
    pub(crate) fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ichiba"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // Keep reading what else it prints, so that it never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let url = line
            .trim()
            .strip_prefix("ichiba serve: listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        let addr = url.trim_end_matches('/').parse().unwrap();
        Server { child, addr }
    }

    fn start_quiet() -> Server {
        Server::start(&["--no-events"])
    }

    /// Sends raw request bytes and returns (status, content type, body).
    fn raw(&self, request: &[u8]) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // The server may answer (413) and close before reading everything we send.
        let _ = s.write_all(request);
        let mut response = Vec::new();
        let _ = s.read_to_end(&mut response);
        parse_response(&response)
    }

    fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.raw(&req)
    }

    fn json(&self, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
        let (status, content_type, body) = self.request(method, path, body);
        assert_eq!(content_type, "application/json", "{method} {path}");
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&body)));
        (status, value)
    }

    fn suggest(&self, body: Value) -> (u16, Value) {
        self.json("POST", "/api/suggest", body.to_string().as_bytes())
    }

    pub(crate) fn healthy(&self) -> bool {
        let (status, v) = self.json("GET", "/api/health", b"");
        status == 200 && v["status"] == "ok"
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_response(bytes: &[u8]) -> (u16, String, Vec<u8>) {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut content_type = String::new();
    let mut chunked = false;
    for l in lines {
        let (name, value) = l.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.trim().to_string(),
            "transfer-encoding" => chunked = value.trim() == "chunked",
            _ => {}
        }
    }
    let mut body = bytes[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body);
    }
    (status, content_type, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[test]
fn health_page_and_assets() {
    let server = Server::start_quiet();
    let (status, v) = server.json("GET", "/api/health", b"");
    assert_eq!(status, 200);
    assert_eq!(v["status"], "ok");
    assert!(v["entries"].as_u64().unwrap() > 100, "{v}");

    let (status, content_type, body) = server.request("GET", "/", b"");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    let html = String::from_utf8(body).unwrap();
    for needle in [
        "商品名",
        "商品の説明",
        "ブランド",
        "カテゴリー",
        "商品の状態",
        "/ 40",
        "id=\"bar\"",
    ] {
        assert!(html.contains(needle), "page lacks {needle}");
    }
    let (status, content_type, _) = server.request("GET", "/page.js", b"");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    let (status, content_type, _) = server.request("GET", "/page.css", b"");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
}

#[test]
fn suggest_answers_with_utf16_spans() {
    let server = Server::start_quiet();
    let (status, v) = server.suggest(json!({"text": "しゅぷ", "field": "title"}));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["units"], "utf16");
    assert_eq!(v["cursor"], 3);
    let first = &v["suggestions"][0];
    assert_eq!(first["surface"], "シュプリーム");
    assert_eq!(first["kind"], "brand");
    assert_eq!(
        first["replace"],
        json!({"start": 0, "end": 3, "text": "しゅぷ"})
    );
    let (_, v) = server.suggest(json!({"text": "しゅ"}));
    assert_eq!(
        v["suggestions"].as_array().unwrap().len(),
        5,
        "default top is 5"
    );

    // An emoji with a skin tone (4 UTF-16 units, 8 bytes) before the word, text after the
    // cursor: the span counts UTF-16 units and stops at the cursor.
    let text = "👍🏽しゅぷ Tシャツ";
    let cursor = utf16_len("👍🏽しゅぷ");
    let (status, v) = server.suggest(json!({"text": text, "cursor": cursor, "top": 3}));
    assert_eq!(status, 200, "{v}");
    let first = &v["suggestions"][0];
    assert_eq!(first["surface"], "シュプリーム");
    assert_eq!(
        first["replace"],
        json!({"start": 4, "end": 7, "text": "しゅぷ"})
    );
    assert!(v["suggestions"].as_array().unwrap().len() <= 3);
    // Replacing the span the JavaScript way (UTF-16 indices) gives the expected text.
    let units: Vec<u16> = text.encode_utf16().collect();
    let (s, e) = (4, 7);
    let mut replaced = units[..s].to_vec();
    replaced.extend("シュプリーム".encode_utf16());
    replaced.extend_from_slice(&units[e..]);
    assert_eq!(
        String::from_utf16(&replaced).unwrap(),
        "👍🏽シュプリーム Tシャツ"
    );

    // A supplementary kanji (a surrogate pair) before the word.
    let (status, v) = server.suggest(json!({"text": "𠮷野家 しゅぷ"}));
    assert_eq!(status, 200);
    assert_eq!(
        v["suggestions"][0]["replace"],
        json!({"start": 5, "end": 8, "text": "しゅぷ"})
    );

    // Nothing to suggest, zero asked for.
    let (status, v) = server.suggest(json!({"text": ""}));
    assert_eq!((status, v["suggestions"].clone()), (200, json!([])));
    let (status, v) = server.suggest(json!({"text": "しゅぷ", "top": 0}));
    assert_eq!((status, v["suggestions"].clone()), (200, json!([])));
}

/// The form being filled: `category` and `brand` lean the ranking, unknown ids are ignored,
/// the category field answers with nodes and paths.
#[test]
fn suggest_takes_the_form_context() {
    let server = Server::start_quiet();
    let surfaces = |v: &Value| -> Vec<String> {
        v["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["surface"].as_str().unwrap().to_string())
            .collect()
    };
    let (status, plain) = server.suggest(json!({"text": "ばけ", "top": 3}));
    assert_eq!(status, 200, "{plain}");
    assert_eq!(surfaces(&plain)[0], "バケットハット");
    let (status, bags) =
        server.suggest(json!({"text": "ばけ", "top": 3, "category": "ladies/bags"}));
    assert_eq!(status, 200, "{bags}");
    assert_eq!(surfaces(&bags)[0], "バケットバッグ");
    assert!(bags["suggestions"][0].get("path").is_none());
    let (status, unknown) = server
        .suggest(json!({"text": "ばけ", "top": 3, "category": "no/such/node", "brand": "nobody"}));
    assert_eq!(status, 200, "{unknown}");
    assert_eq!(surfaces(&unknown), surfaces(&plain));
    let (status, brands) = server
        .suggest(json!({"text": "し", "top": 1, "field": "brand", "category": "electronics"}));
    assert_eq!(
        (status, surfaces(&brands)),
        (200, vec!["シャープ".to_string()])
    );
    let (status, cats) =
        server.suggest(json!({"text": "ばっ", "top": 1, "field": "category", "category": "mens"}));
    assert_eq!(status, 200, "{cats}");
    let first = &cats["suggestions"][0];
    assert_eq!(
        (&first["surface"], &first["category"], &first["path"]),
        (
            &json!("バッグ"),
            &json!("mens/bags"),
            &json!("メンズ > バッグ")
        )
    );
    let (status, _) = server.suggest(json!({"text": "ば", "category": 3}));
    assert_eq!(status, 400);
}

#[test]
fn bad_requests_get_json_errors_and_the_server_keeps_serving() {
    let server = Server::start_quiet();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", b"hello".to_vec(), 400, "invalid JSON"),
        ("empty body", b"".to_vec(), 400, "invalid JSON"),
        (
            "missing text",
            br#"{"cursor": 0}"#.to_vec(),
            400,
            "missing field `text`",
        ),
        (
            "unknown field",
            br#"{"text": "a", "curser": 1}"#.to_vec(),
            400,
            "unknown field `curser`",
        ),
        (
            "mistyped cursor",
            br#"{"text": "a", "cursor": -1}"#.to_vec(),
            400,
            "invalid",
        ),
        (
            "unknown field kind",
            br#"{"text": "a", "field": "price"}"#.to_vec(),
            400,
            "unknown variant",
        ),
        (
            "invalid UTF-8",
            b"{\"text\": \"\xff\xfe\"}".to_vec(),
            400,
            "invalid",
        ),
        (
            "lone surrogate",
            br#"{"text": "\ud83d"}"#.to_vec(),
            400,
            "invalid JSON",
        ),
        (
            "cursor past the end",
            r#"{"text": "しゅぷ", "cursor": 4}"#.as_bytes().to_vec(),
            422,
            "past the end",
        ),
        (
            "cursor inside a surrogate pair",
            r#"{"text": "👍しゅぷ", "cursor": 1}"#.as_bytes().to_vec(),
            422,
            "inside a character",
        ),
        (
            "top too large",
            br#"{"text": "a", "top": 100000}"#.to_vec(),
            422,
            "top_k",
        ),
        (
            "huge cursor",
            br#"{"text": "a", "cursor": 18446744073709551615}"#.to_vec(),
            422,
            "past the end",
        ),
    ];
    for (what, body, want, needle) in cases {
        let (status, v) = server.json("POST", "/api/suggest", &body);
        assert_eq!(status, want, "{what}: {v}");
        let error = v["error"].as_str().unwrap_or_else(|| panic!("{what}: {v}"));
        assert!(error.contains(needle), "{what}: {error:?} lacks {needle:?}");
    }

    // Routes and methods.
    let (status, v) = server.json("GET", "/api/nope", b"");
    assert_eq!(
        (status, v["error"].as_str().unwrap()),
        (404, "no such route")
    );
    let (status, v) = server.json("GET", "/api/suggest", b"");
    assert_eq!(status, 405, "{v}");
    assert!(v["error"].is_string());

    // Oversized bodies, announced by Content-Length or streamed in chunks.
    let big = json!({"text": "あ".repeat(30_000)}).to_string();
    assert!(big.len() > 65_536);
    let (status, v) = server.json("POST", "/api/suggest", big.as_bytes());
    assert_eq!(status, 413, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("larger than 65536 bytes")
    );
    let mut chunked = format!(
        "POST /api/suggest HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n",
        big.len()
    )
    .into_bytes();
    chunked.extend_from_slice(big.as_bytes());
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let (status, content_type, _) = server.raw(&chunked);
    assert_eq!((status, content_type.as_str()), (413, "application/json"));

    // A long text (under the limit) is fine, and costs no more than its window.
    let long = format!("{}。しゅぷ", "あ".repeat(20_000));
    let (status, v) = server.suggest(json!({"text": long}));
    assert_eq!(status, 200);
    assert_eq!(
        v["suggestions"][0]["replace"],
        json!({"start": 20_001, "end": 20_004, "text": "しゅぷ"})
    );

    // Garbage that is not HTTP at all.
    let _ = server.raw(b"\x00\x01\x02 nonsense\r\n\r\n").0;
    assert!(server.healthy(), "the server still serves after all that");
}

#[test]
fn concurrent_clients_share_the_engine() {
    let server = Server::start_quiet();
    std::thread::scope(|scope| {
        for t in 0..8 {
            let server = &server;
            scope.spawn(move || {
                for i in 0..40 {
                    let prefix = "x".repeat((t + i) % 5);
                    let text = format!("{prefix} しゅぷ");
                    let (status, v) = server.suggest(json!({"text": text}));
                    assert_eq!(status, 200, "{v}");
                    assert_eq!(v["suggestions"][0]["surface"], "シュプリーム");
                    let start = utf16_len(&prefix) + 1;
                    assert_eq!(v["suggestions"][0]["replace"]["start"], start);
                }
            });
        }
    });
}

#[test]
fn session_shows_the_variant_and_events_feed_ab_report() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let server = Server::start(&["--events", events.to_str().unwrap()]);

    // docs/experiments.md's test vector: user-1 is in bucket 6970, the 4-second display;
    // in the demo's barcode-prompt experiment, bucket 9919: the 8-second prompt.
    let (status, v) = server.json("GET", "/api/session?user=user-1", b"");
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v["assignments"],
        json!([{"experiment": "display-duration", "variant": "display-4s", "bucket": 6970},
               {"experiment": "barcode-prompt", "variant": "prompt-8s-register", "bucket": 9919}])
    );
    assert_eq!(v["params"]["display_ms"], 4000);
    assert_eq!(v["params"]["prompt_display_ms"], 8000);
    assert_eq!(v["params"]["prompt_copy"], "barcode-register");
    assert_eq!(v["logged"], 2, "an exposure in each experiment");
    let (_, v) = server.json("GET", "/api/session", b"");
    assert_eq!(v["user"], "demo-user");

    let accepted = json!({"user": "user-1", "type": "accepted", "field": "title", "rank": 1,
                          "ms_since_shown": 900, "chars_saved": 3});
    let (status, v) = server.json("POST", "/api/event", accepted.to_string().as_bytes());
    assert_eq!((status, v), (200, json!({"logged": 1})));
    let shown = json!({"user": "user-1", "type": "shown", "field": "title", "count": 5});
    assert_eq!(
        server
            .json("POST", "/api/event", shown.to_string().as_bytes())
            .0,
        200
    );
    // The barcode prompt's events go to its own experiment only.
    for event in [
        json!({"user": "user-1", "type": "prompt_shown", "score": 0.2}),
        json!({"user": "user-1", "type": "prompt_tapped", "ms_since_shown": 5100}),
    ] {
        let (status, v) = server.json("POST", "/api/event", event.to_string().as_bytes());
        assert_eq!((status, v), (200, json!({"logged": 1})), "{event}");
    }

    // Bad events: a client may not log exposures or pick its variant.
    for (body, needle) in [
        (
            json!({"user": "user-1", "type": "exposure"}),
            "exposures are logged",
        ),
        (
            json!({"user": "user-1", "type": "accepted", "field": "title"}),
            "missing field",
        ),
        (
            json!({"user": "", "type": "shown", "field": "title", "count": 1}),
            "user id is empty",
        ),
        (
            json!({"type": "shown", "field": "title", "count": 1}),
            "missing field `user`",
        ),
        (json!({"user": "u", "type": "clicked"}), "unknown variant"),
    ] {
        let (status, v) = server.json("POST", "/api/event", body.to_string().as_bytes());
        assert_eq!(status, 400, "{body}: {v}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{body}: {v}");
    }
    let (status, _) = server.json("GET", "/api/session?user=", b"");
    assert_eq!(status, 400);

    let log = ichiba::experiment::read_log_files(&[&events]).unwrap();
    let in_experiment = |id: &str| {
        log.events
            .iter()
            .filter(|e| e.experiment == id)
            .map(|e| e.kind.clone())
            .collect::<Vec<_>>()
    };
    use ichiba::experiment::EventKind as K;
    let display = in_experiment("display-duration");
    assert_eq!(
        display.len(),
        4,
        "2 exposures, accepted, shown: {display:?}"
    );
    assert!(
        display
            .iter()
            .all(|k| !format!("{k:?}").starts_with("Prompt"))
    );
    assert_eq!(
        in_experiment("barcode-prompt"),
        [
            K::Exposure,
            K::Exposure,
            K::PromptShown {
                score: 0.2f32.try_into().unwrap()
            },
            K::PromptTapped {
                ms_since_shown: 5100
            }
        ]
    );
    assert_eq!(log.events.len(), 8);
    assert_eq!(log.skipped.total(), 0);

    // `ichiba ab report` reads the log as it is.
    let out = dir.path().join("report");
    let report = Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args([
            "ab",
            "report",
            events.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert!(Path::new(&out).join("report.md").exists());
}

#[test]
fn accept_and_forget_one_word_through_the_api() {
    let server = Server::start_quiet();
    let bar = |server: &Server| {
        let (status, v) = server.suggest(json!({"text": "しゅ", "top": 10}));
        assert_eq!(status, 200, "{v}");
        v["suggestions"].as_array().unwrap().clone()
    };
    let before = bar(&server);
    let last = before.last().unwrap().clone();
    let body = json!({"entity": last["entity"], "surface": last["surface"]}).to_string();
    for _ in 0..3 {
        let (status, v) = server.json("POST", "/api/accept", body.as_bytes());
        assert_eq!(status, 200, "{v}");
    }
    let rank = |v: &[Value]| v.iter().position(|s| s["entity"] == last["entity"]);
    assert!(rank(&bar(&server)) < rank(&before));
    let forget = json!({"entity": last["entity"]}).to_string();
    let (status, v) = server.json("POST", "/api/forget", forget.as_bytes());
    assert_eq!((status, v["forgotten"].as_bool()), (200, Some(true)), "{v}");
    let (_, v) = server.json("POST", "/api/forget", forget.as_bytes());
    assert_eq!(v["forgotten"].as_bool(), Some(false), "{v}");
    assert_eq!(rank(&bar(&server)), rank(&before));
    let (status, v) = server.json("POST", "/api/forget", br#"{"entity": ""}"#);
    assert_eq!(status, 422, "{v}");
    let (status, _) = server.json("POST", "/api/forget", br#"{"id": 1}"#);
    assert_eq!(status, 400);
}

/// The 16 KB stand-in model with the real one's contract (crates/ichiba-media/tests/media/).
fn tiny_model() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/ichiba-media/tests/media/tiny_classifier.onnx")
        .to_str()
        .unwrap()
        .to_owned()
}

fn photo_fixture() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photo-8x8.png"))
        .unwrap()
}

#[test]
fn photos_are_classified_and_media_gets_the_variants_prompt() {
    // Threshold 0: every photo counts as media, so the prompt's variant can be checked with
    // the stand-in model (the real model's decisions are tested in tests/web/photo.test.mjs).
    let model = tiny_model();
    let server = Server::start(&[
        "--no-events",
        "--media-model",
        &model,
        "--media-threshold",
        "0",
    ]);
    let (_, health) = server.json("GET", "/api/health", b"");
    assert_eq!(health["media_model"], true);
    assert_eq!(health["photo_max_bytes"], 8 * 1024 * 1024);
    let photo = photo_fixture();
    for (user, copy, ms) in [
        ("user-1", "barcode-register", 8000),
        ("user-2", "barcode-categories", 4000),
    ] {
        let (status, v) = server.json("POST", &format!("/api/photo?user={user}"), &photo);
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["is_media"], true, "{v}");
        assert_eq!(v["threshold"], 0.0);
        assert_eq!(v["top5"].as_array().unwrap().len(), 5, "{v}");
        assert!(v["model_ms"].as_f64().unwrap() > 0.0, "{v}");
        let score = v["media_score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{v}");
        let text = ichiba::experiment::PromptCopy::from_id(copy)
            .unwrap()
            .text();
        assert_eq!(
            v["prompt"],
            json!({"copy": copy, "text": text, "display_ms": ms}),
            "{user}"
        );
    }
}

#[test]
fn bad_photos_get_clear_errors_and_the_server_keeps_serving() {
    let model = tiny_model();
    let server = Server::start(&["--no-events", "--media-model", &model]);
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[0; 64]);
    let mut truncated = photo_fixture();
    truncated.truncate(40);
    for (body, status, needle) in [
        (Vec::new(), 400, "body is empty"),
        (b"hello, not a photo".to_vec(), 422, "JPEG or PNG only"),
        (gif, 422, "not a photo the model can read"),
        (truncated, 422, "not a photo the model can read"),
        (vec![0x89; 8 * 1024 * 1024 + 1], 413, "larger than 8 MB"),
    ] {
        let (got, v) = server.json("POST", "/api/photo?user=u", &body);
        assert_eq!(got, status, "{v}");
        assert!(v["error"].as_str().unwrap().contains(needle), "{v}");
        assert!(server.healthy());
    }
    let (status, v) = server.json("POST", "/api/photo?user=", &photo_fixture());
    assert_eq!(status, 400, "{v}");
    let (status, v) = server.json("POST", "/api/photo?user=u", &photo_fixture());
    assert_eq!(status, 200, "{v}");
    // The default threshold: the stand-in model's scores are far below it.
    assert_eq!(
        (v["is_media"].clone(), v["prompt"].clone()),
        (json!(false), Value::Null)
    );
}

#[test]
fn without_a_model_photos_say_how_to_get_one() {
    let server = Server::start_quiet();
    let (_, health) = server.json("GET", "/api/health", b"");
    assert_eq!(health["media_model"], false);
    let (status, v) = server.json("POST", "/api/photo", &photo_fixture());
    assert_eq!(status, 503, "{v}");
    let message = v["error"].as_str().unwrap();
    assert!(message.contains("--media-model"), "{message}");
    assert!(message.contains("fetch_lite0.sh"), "{message}");

    let out = Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args(["serve", "--addr", "127.0.0.1:0", "--no-events"])
        .args(["--media-model", "/nonexistent/efficientnet_lite0.onnx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/efficientnet_lite0.onnx does not exist")
            && stderr.contains("fetch_lite0.sh"),
        "{stderr}"
    );
    // A file that is not a model.
    let out = Command::new(env!("CARGO_BIN_EXE_ichiba"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-events",
            "--media-model",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photo-8x8.png"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("loading the image model"), "{stderr}");
}
