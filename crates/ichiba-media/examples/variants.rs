//! Model variants against the reference: load time, inference time, and agreement of the
//! media decision and top-1 on a folder of photos.
//!
//!   cargo run -p ichiba-media --release --example variants -- IMAGES REFERENCE [VARIANT…]
//!
//! REFERENCE and VARIANTs are model files (ONNX or NNEF). Inference time is the median of 30
//! calls on this thread (wall clock; tract uses no thread pool), after 3 warm-up calls.

use std::path::Path;
use std::time::Instant;

use ichiba_media::{Classification, Classifier, DEFAULT_THRESHOLD};

fn classify_all(c: &Classifier, photos: &[(String, Vec<u8>)]) -> Vec<Classification> {
    photos
        .iter()
        .map(|(name, bytes)| {
            c.classify(bytes, DEFAULT_THRESHOLD)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: variants IMAGES REFERENCE [VARIANT…]");
        std::process::exit(2);
    }
    let mut photos: Vec<(String, Vec<u8>)> = std::fs::read_dir(&args[0])
        .expect("images folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("png" | "jpg")))
        .map(|p| (file_name(&p), std::fs::read(&p).expect("photo")))
        .collect();
    photos.sort();
    let mut reference: Option<Vec<Classification>> = None;
    for path in &args[1..] {
        let bytes = std::fs::read(path).expect("model file");
        let t = Instant::now();
        let c = Classifier::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        let load = t.elapsed().as_secs_f64() * 1e3;
        let n = c.input_size();
        let input = vec![0.1f32; 3 * n * n];
        for _ in 0..3 {
            c.run_normalized(&input).unwrap();
        }
        let mut times: Vec<f64> = (0..30)
            .map(|_| {
                let t = Instant::now();
                c.run_normalized(&input).unwrap();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let results = classify_all(&c, &photos);
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
        println!(
            "{} ({} B, input {n}): load {load:.0} ms, inference median {:.1} ms (min {:.1}, max {:.1}); \
             media decision {same_decision}/{k}, top-1 {same_top1}/{k} as the reference",
            file_name(Path::new(path)),
            bytes.len(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
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

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
