//! The image model's artifact manifest (`models/manifest.json`): which variant
//! `ichiba::artifacts::select` gives each device, and — when the model files have been built
//! (`models/fetch_lite0.sh`, `models/fetch_int8.sh`, example `to_nnef`) — that the listed sizes
//! and sha256 are those of the files this checkout makes.
//!
//! The choice (crates/ichiba-media/MEDIA.md, "Variants"): the fp32 NNEF model for every
//! device; the int8 QDQ model only for arm64 devices that ask for int8 (the talk: int8 is the
//! faster form on ARM, fp32 on x86 — in tract 0.23.9 on x86_64 the QDQ model is 1.9× slower
//! than fp32, and its speed on ARM is not measured here).

use std::path::PathBuf;

use ichiba::artifacts::{Device, select, verify_file};

const MANIFEST: &str = include_str!("../../models/manifest.json");
const FP32: &str = "efficientnet_lite0.nnef.tgz";
const INT8: &str = "efficientnet_lite0_int8_qdq.onnx";

fn device(os: &str, arch: &str, precision: Option<&str>) -> Device {
    Device {
        os: os.into(),
        os_version: "14".into(),
        arch: arch.into(),
        app_version: "5.12.0".into(),
        preferred_precision: precision.map(Into::into),
    }
}

fn pick(d: &Device) -> String {
    select(MANIFEST, "media-classifier", d)
        .unwrap_or_else(|e| panic!("{d:?}: {e}"))
        .url
}

#[test]
fn x86_64_gets_fp32_whatever_it_prefers() {
    for p in [None, Some("fp32"), Some("fp16"), Some("int8")] {
        assert_eq!(pick(&device("android", "x86_64", p)), FP32, "{p:?}");
        assert_eq!(pick(&device("ios", "x86_64", p)), FP32, "{p:?}");
    }
}

#[test]
fn arm64_gets_int8_when_it_prefers_int8() {
    for arch in ["arm64", "arm64-v8a", "aarch64"] {
        assert_eq!(pick(&device("android", arch, Some("int8"))), INT8, "{arch}");
        assert_eq!(pick(&device("ios", arch, Some("int8"))), INT8, "{arch}");
    }
}

#[test]
fn arm64_without_an_int8_preference_gets_fp32() {
    for p in [None, Some("fp32"), Some("fp16")] {
        assert_eq!(pick(&device("android", "arm64-v8a", p)), FP32, "{p:?}");
    }
}

#[test]
fn other_architectures_get_fp32() {
    for arch in ["armeabi-v7a", "x86", "riscv64"] {
        assert_eq!(pick(&device("android", arch, Some("int8"))), FP32, "{arch}");
    }
}

#[test]
fn listed_files_match_the_built_ones() {
    let build = std::env::var_os("ICHIBA_MEDIA_BUILD")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/build"));
    let manifest: serde_json::Value = serde_json::from_str(MANIFEST).expect("manifest is JSON");
    for a in manifest["artifacts"].as_array().expect("artifacts") {
        let url = a["url"].as_str().expect("url");
        let path = build.join(url);
        if !path.exists() {
            eprintln!("SKIPPING {url}: not built in {}", build.display());
            continue;
        }
        let size = a["size"].as_u64().expect("size");
        let sha = a["sha256"].as_str().expect("sha256");
        verify_file(&path, size, sha).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
