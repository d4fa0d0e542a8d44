//! Image-model latency (DESIGN.md target: inference ≤ 30 ms fp32 on one thread, stretch ≤ 15).
//!
//! Needs the real model: `crates/ichiba-media/models/fetch_lite0.sh` and `crates/ichiba-media/tests/media/fetch_images.sh`
//! (or `crates/ichiba-media/tests/media/run.sh`), then
//!   ICHIBA_MEDIA_MODEL=crates/ichiba-media/models/build/efficientnet_lite0.onnx \
//!   ICHIBA_MEDIA_IMAGES=crates/ichiba-media/models/build/images \
//!   cargo bench -p ichiba-bindings --features image --bench media
//! Without them it prints that it skips. tract runs on the calling thread only (no thread pool).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use ichiba_media::{Classifier, DEFAULT_THRESHOLD};

fn bench(c: &mut Criterion) {
    let (Some(model), Some(images)) = (
        std::env::var_os("ICHIBA_MEDIA_MODEL"),
        std::env::var_os("ICHIBA_MEDIA_IMAGES"),
    ) else {
        eprintln!(
            "SKIPPING media bench: set ICHIBA_MEDIA_MODEL and ICHIBA_MEDIA_IMAGES (see crates/ichiba-media/tests/media/run.sh)"
        );
        return;
    };
    let (model, images) = (PathBuf::from(model), PathBuf::from(images));
    let bytes = std::fs::read(&model).expect("model file");

    let mut g = c.benchmark_group("media");
    g.sample_size(10);
    // Parse + optimize + plan + the warm-up contract check.
    g.bench_function("load", |b| {
        b.iter(|| Classifier::from_bytes(black_box(&bytes)).unwrap())
    });

    let t = Instant::now();
    let clf = Classifier::from_bytes(&bytes).unwrap();
    eprintln!("model load (one cold call): {:?}", t.elapsed());

    let input = vec![0.1f32; 3 * 224 * 224];
    // CPU time of this thread per inference (Linux): unlike wall time, it does not grow when
    // other processes compete for the cores.
    if let Some(t0) = thread_cpu_ns() {
        let n = 20;
        let w = Instant::now();
        for _ in 0..n {
            black_box(clf.run_normalized(black_box(&input)).unwrap());
        }
        let cpu = (thread_cpu_ns().unwrap() - t0) as f64 / n as f64 / 1e6;
        eprintln!(
            "inference: {cpu:.1} ms CPU per call on this thread ({:.1} ms wall), {n} calls",
            w.elapsed().as_secs_f64() * 1e3 / n as f64
        );
    }

    g.sample_size(50);
    g.bench_function("inference_224", |b| {
        b.iter(|| clf.run_normalized(black_box(&input)).unwrap())
    });
    for name in ["coffee.png", "page.png", "rocket.jpg", "astronaut.png"] {
        let photo = std::fs::read(images.join(name)).expect("test photo");
        // Decode + crop/resize + normalize + inference + top-5.
        g.bench_function(format!("classify/{name}"), |b| {
            b.iter(|| clf.classify(black_box(&photo), DEFAULT_THRESHOLD).unwrap())
        });
    }
    // A phone-sized photo: 4032×3024 JPEG (12 MP), synthetic, to show decode + resize cost.
    let big = image::RgbImage::from_fn(4032, 3024, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
    });
    let mut jpeg = Vec::new();
    big.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    g.sample_size(10);
    g.bench_function("classify/12MP_jpeg", |b| {
        b.iter(|| clf.classify(black_box(&jpeg), DEFAULT_THRESHOLD).unwrap())
    });
    g.finish();
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

criterion_group!(benches, bench);
criterion_main!(benches);
