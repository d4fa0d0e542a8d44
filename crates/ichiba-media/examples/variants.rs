//! Model variants against the reference: load time, inference time, and agreement of the
//! media decision and top-1 on a folder of photos.
//!
//!   cargo run -p ichiba-media --release --example variants -- IMAGES REFERENCE [VARIANT…]
//!   cargo run -p ichiba-media --release --example variants -- --runs N MODEL
//!
//! REFERENCE and VARIANTs are model files (ONNX or NNEF). All models are loaded first, then
//! timed *interleaved* (round r runs model 1, 2, … once each), so a burst of load from other
//! processes on a shared machine hits every model alike. Each inference is timed by wall clock
//! and by the CPU time of this thread (`/proc/thread-self/schedstat`; tract uses no thread
//! pool): wall median and CPU mean of 30 rounds after 3 warm-up rounds.
//!
//! `--runs N MODEL` only loads MODEL and runs N inferences on the fixed input, printing
//! nothing else: for instruction counts under `valgrind --tool=callgrind`, where the
//! difference between two values of N divided by their difference is the cost of one
//! inference, independent of machine load.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use ichiba_media::{Classification, Classifier, DEFAULT_THRESHOLD};

const ROUNDS: usize = 30;
const WARM_UP: usize = 3;

fn classify_all(c: &Classifier, photos: &[(String, Vec<u8>)]) -> Vec<Classification> {
    photos
        .iter()
        .map(|(name, bytes)| {
            c.classify(bytes, DEFAULT_THRESHOLD)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

/// The fixed input every model is timed on (its values do not change the work done).
fn fixed_input(c: &Classifier) -> Vec<f32> {
    let n = c.input_size();
    vec![0.1f32; 3 * n * n]
}

fn load(path: &str) -> (Vec<u8>, Classifier, f64) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t = Instant::now();
    let c = Classifier::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    (bytes, c, t.elapsed().as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n, model] = args.as_slice()
        && flag == "--runs"
    {
        let n: usize = n.parse().expect("--runs N: a number");
        let (_, c, _) = load(model);
        let input = fixed_input(&c);
        for _ in 0..n {
            black_box(c.run_normalized(black_box(&input)).unwrap());
        }
        return;
    }
    if args.len() < 2 {
        eprintln!("usage: variants IMAGES REFERENCE [VARIANT…]\n       variants --runs N MODEL");
        std::process::exit(2);
    }
    let mut photos: Vec<(String, Vec<u8>)> = std::fs::read_dir(&args[0])
        .expect("images folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("png" | "jpg")))
        .map(|p| (file_name(&p), std::fs::read(&p).expect("photo")))
        .collect();
    photos.sort();

    let models: Vec<(&str, Vec<u8>, Classifier, f64)> = args[1..]
        .iter()
        .map(|path| {
            let (bytes, c, ms) = load(path);
            (path.as_str(), bytes, c, ms)
        })
        .collect();
    let inputs: Vec<Vec<f32>> = models.iter().map(|m| fixed_input(&m.2)).collect();
    let load_before = load_average();
    // wall[m], cpu[m]: milliseconds per round.
    let mut wall = vec![Vec::with_capacity(ROUNDS); models.len()];
    let mut cpu = vec![Vec::with_capacity(ROUNDS); models.len()];
    for round in 0..WARM_UP + ROUNDS {
        for (i, (_, _, c, _)) in models.iter().enumerate() {
            let c0 = thread_cpu_ns();
            let t = Instant::now();
            black_box(c.run_normalized(black_box(&inputs[i])).unwrap());
            let w = t.elapsed().as_secs_f64() * 1e3;
            if round >= WARM_UP {
                wall[i].push(w);
                if let (Some(a), Some(b)) = (c0, thread_cpu_ns()) {
                    cpu[i].push((b - a) as f64 / 1e6);
                }
            }
        }
    }
    println!(
        "{} models interleaved, {ROUNDS} rounds after {WARM_UP} warm-up; load average {load_before} before, {} after",
        models.len(),
        load_average()
    );

    let mut reference: Option<Vec<Classification>> = None;
    for (i, (path, bytes, c, load_ms)) in models.iter().enumerate() {
        let results = classify_all(c, &photos);
        let reference = reference.get_or_insert_with(|| results.clone());
        let same_decision = results
            .iter()
            .zip(reference.iter())
            .filter(|(a, b)| a.is_media == b.is_media)
            .count();
        let same_top1 = results
            .iter()
            .zip(reference.iter())
            .filter(|(a, b)| a.top5[0].class_index == b.top5[0].class_index)
            .count();
        let score_diff = results
            .iter()
            .zip(reference.iter())
            .map(|(a, b)| (a.media_score - b.media_score).abs())
            .fold(0.0f32, f32::max);
        let (w_med, w_min, w_max) = median_min_max(&mut wall[i]);
        // The mean, not the median: the kernel may account thread CPU time in scheduler
        // ticks (4 ms on this VM), too coarse for one call but exact enough over 30.
        let cpu_text = if cpu[i].is_empty() {
            String::new()
        } else {
            format!(
                ", {:.1} ms thread CPU (mean)",
                cpu[i].iter().sum::<f64>() / cpu[i].len() as f64
            )
        };
        println!(
            "{} ({} B, input {}): load {load_ms:.0} ms, inference median {w_med:.1} ms wall \
             (min {w_min:.1}, max {w_max:.1}){cpu_text}; media decision {same_decision}/{k}, \
             top-1 {same_top1}/{k} as the reference, media score within {score_diff:.4}",
            file_name(Path::new(path)),
            bytes.len(),
            c.input_size(),
            k = photos.len()
        );
        for ((name, _), r) in photos.iter().zip(&results) {
            println!(
                "  {name}: media {:.4} {} top-1 {} {} ({:.3})",
                r.media_score,
                if r.is_media { "MEDIA" } else { "-" },
                r.top5[0].class_index,
                r.top5[0].name,
                r.top5[0].probability
            );
        }
    }
}

/// Median, minimum and maximum (sorts `v`; `v` is not empty).
fn median_min_max(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// On-CPU nanoseconds of the calling thread, from /proc/thread-self/schedstat (Linux only).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The 1-minute load average from /proc/loadavg, or "?" elsewhere.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
