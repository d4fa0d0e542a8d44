//! On-device "is this photo a book / CD / DVD / game?" classifier.
//!
//! A pretrained ImageNet-1k classifier (EfficientNet-Lite0, converted to ONNX by
//! `crates/ichiba-media/models/convert_lite0.py`) run with tract, pure Rust. The photo is decoded
//! (JPEG / PNG), cropped and resized to 224×224, and the probabilities of the ImageNet classes
//! that look like media or its packaging are summed into a *media score*; the app offers
//! barcode listing when the score reaches a threshold.
//!
//! ImageNet has no CD, DVD or game-console class: see `crates/ichiba-media/MEDIA.md` for what this
//! zero-shot model can and cannot tell, the classes in [`MEDIA_CLASSES`] and why, and the
//! scores measured on real photos.
//!
//! Two model formats: tract's NNEF (a `.nnef.tgz` or `.nnef.tar`, always readable: the phone
//! library's format) and ONNX (feature `onnx`, on by default; the CLI and the tests).
//! [`onnx_to_nnef`] (example `to_nnef`) converts one into the other at artifact time, optionally
//! at a reduced input resolution (a faster variant of the same network).
//!
//! Everything here is plain Rust (no uniffi attributes); the uniffi wrapper delegates to it.
//! Nothing panics on bad input: a truncated or foreign model is [`MediaError::Model`], an
//! empty, non-image, corrupt or oversized picture is [`MediaError::Image`].

mod labels;
mod preprocess;

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use tract_nnef::prelude::*;

pub use labels::{MEDIA_CLASSES, label_name};
pub use preprocess::{INPUT_SIZE, MAX_DIMENSION, MAX_PIXELS};

/// Photo bytes → the normalized NCHW input tensor of `3 × input_size × input_size` values:
/// the decoding (JPEG or PNG, dimensions checked against [`MAX_DIMENSION`] and [`MAX_PIXELS`]
/// from the header, EXIF orientation applied), centre crop, resize and normalization that
/// [`Classifier::classify`] does before running the network.
///
/// Unlike `classify`, this does not turn a panic into an error: it is the entry point of the
/// `image_decode` fuzz target (`fuzz/`), which must see any panic. `input_size` is the
/// model's input side ([`Classifier::input_size`]; a model accepts 32 to 1024).
///
/// # Errors
///
/// [`MediaError::Image`] for an empty, non-JPEG/PNG, corrupt or oversized picture, or an
/// `input_size` outside 1..=1024.
pub fn preprocess(image_bytes: &[u8], input_size: usize) -> Result<Vec<f32>, MediaError> {
    if !(1..=1024).contains(&input_size) {
        return Err(MediaError::Image(format!(
            "input size {input_size} is outside 1..=1024"
        )));
    }
    preprocess::to_input_tensor_sized(image_bytes, input_size)
}

/// Media score at or above which [`Classification::is_media`] is true.
///
/// Chosen from the measured scores in `crates/ichiba-media/MEDIA.md`: a photographed book page scores
/// 0.20 and ordinary photos (coffee, cat, astronaut, rocket, coins, …) 0.0001–0.038, printed
/// text on a picture 0.059; 0.10 sits above every ordinary photo tried and at half the page's
/// score. Few images back it: the app should pass a threshold tuned on real listing photos
/// (e.g. from remote config) to [`Classifier::classify`].
pub const DEFAULT_THRESHOLD: f32 = 0.10;

/// Number of ImageNet-1k classes the model must output.
pub const NUM_CLASSES: usize = 1000;

/// Why a model could not be loaded or a photo could not be classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// The model file is missing, truncated, not ONNX, or not a 224×224 → 1000-class classifier.
    Model(String),
    /// The photo is empty, not a JPEG/PNG, corrupt, or too large to decode on the device.
    Image(String),
}

impl fmt::Display for MediaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaError::Model(m) => write!(f, "image model: {m}"),
            MediaError::Image(m) => write!(f, "image: {m}"),
        }
    }
}

impl std::error::Error for MediaError {}

/// One ImageNet class with its probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// ImageNet-1k class index, 0..=999.
    pub class_index: u32,
    /// Short English name (first WordNet synonym, e.g. "book jacket", "espresso").
    pub name: String,
    /// Softmax probability, 0..=1.
    pub probability: f32,
}

/// Result of [`Classifier::classify`].
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// Sum of the probabilities of [`MEDIA_CLASSES`], 0..=1.
    pub media_score: f32,
    /// `media_score >= threshold`.
    pub is_media: bool,
    /// The five most probable classes, most probable first.
    pub top5: Vec<Label>,
}

type Plan = Arc<TypedSimplePlan>;

/// A loaded image model. Load once (≈ 0.1–0.2 s), then call [`Classifier::classify`] from any
/// thread: the optimized plan is shared read-only, every call gets its own scratch state.
pub struct Classifier {
    plan: Plan,
    /// Side of the square input the model takes (224 for the reference model).
    input_size: usize,
}

// The uniffi wrapper holds a Classifier in an Arc shared across threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Classifier>();
};

impl fmt::Debug for Classifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Classifier")
            .field("nodes", &self.plan.model().nodes().len())
            .finish()
    }
}

/// `context: error`, with the error's whole cause chain (tract's errors are `anyhow` chains
/// whose top line alone, e.g. "Translating model to proto_model", does not name the op).
fn model_err(context: &str, e: impl fmt::Display) -> MediaError {
    MediaError::Model(format!("{context}: {e:#}"))
}

/// Run `f`, turning a panic inside tract / the decoders into an error: a corrupt file must
/// never bring the app down (release builds with `panic = "abort"` lose this net, which is why
/// inputs are also validated up front).
fn no_panic<T>(
    what: fn(String) -> MediaError,
    f: impl FnOnce() -> Result<T, MediaError>,
) -> Result<T, MediaError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(what(format!("internal error while processing: {msg}")))
        }
    }
}

impl Classifier {
    /// Load a model from bytes (e.g. a file the app downloaded and verified): NNEF (a tar or
    /// gzipped tar, as written by [`onnx_to_nnef`]) or, with feature `onnx`, ONNX.
    ///
    /// The graph must take `f32 [1, 3, S, S]` (S = 224 for ONNX; an NNEF file declares its own
    /// S) and return `[1, 1000]` probabilities (softmax inside the graph). The model is
    /// optimized once here and run once on a fixed input to check that its output is a
    /// probability distribution, so a wrong or damaged model fails now rather than at the
    /// first photo.
    pub fn from_bytes(model: &[u8]) -> Result<Classifier, MediaError> {
        if model.is_empty() {
            return Err(MediaError::Model("model is empty (0 bytes)".into()));
        }
        no_panic(MediaError::Model, || {
            let (typed, input_size) = if is_nnef(model) {
                read_nnef(model)?
            } else {
                (read_onnx(model, INPUT_SIZE)?, INPUT_SIZE)
            };
            let plan = typed
                .into_optimized()
                .map_err(|e| {
                    model_err(
                        "model cannot be prepared (unsupported or inconsistent graph)",
                        e,
                    )
                })?
                .into_runnable()
                .map_err(|e| model_err("model cannot be planned", e))?;
            let classifier = Classifier { plan, input_size };
            classifier.check_contract()?;
            Ok(classifier)
        })
    }

    /// Side of the square input this model takes (224, or less for a reduced-resolution
    /// variant); photos are cropped and resized to it.
    pub fn input_size(&self) -> usize {
        self.input_size
    }

    /// Load a model file, NNEF or ONNX (see [`Classifier::from_bytes`]).
    pub fn load(path: &Path) -> Result<Classifier, MediaError> {
        let bytes = std::fs::read(path)
            .map_err(|e| MediaError::Model(format!("cannot read {}: {e}", path.display())))?;
        Self::from_bytes(&bytes)
    }

    /// Check the graph's shapes and that it outputs probabilities (not logits).
    fn check_contract(&self) -> Result<(), MediaError> {
        let model = self.plan.model();
        if model.inputs.len() != 1 || model.outputs.len() != 1 {
            return Err(MediaError::Model(format!(
                "expected 1 input and 1 output, found {} and {}",
                model.inputs.len(),
                model.outputs.len()
            )));
        }
        // A mid-grey image: any classifier gives a valid distribution for it.
        let n = self.input_size;
        let probs = self.run_normalized(&vec![0.0; 3 * n * n])?;
        let sum: f32 = probs.iter().sum();
        if probs.iter().any(|p| !(0.0..=1.0).contains(p)) || (sum - 1.0).abs() > 1e-3 {
            return Err(MediaError::Model(format!(
                "model output is not a softmax (sum {sum}); the graph must end with Softmax"
            )));
        }
        Ok(())
    }

    /// Run the network on an already normalized NCHW tensor (`3 × S × S` values, S =
    /// [`Classifier::input_size`], `(pixel − 127) / 128`, RGB planes) and return the 1000
    /// probabilities. Exposed for benches and cross-checks against other runtimes.
    pub fn run_normalized(&self, nchw: &[f32]) -> Result<Vec<f32>, MediaError> {
        let side = self.input_size;
        let n = 3 * side * side;
        if nchw.len() != n {
            return Err(MediaError::Image(format!(
                "input tensor has {} values, expected {n}",
                nchw.len()
            )));
        }
        no_panic(MediaError::Model, || {
            let input = Tensor::from_shape(&[1, 3, side, side], nchw)
                .map_err(|e| model_err("cannot build the input tensor", e))?;
            let out = self
                .plan
                .run(tvec!(input.into_tvalue()))
                .map_err(|e| model_err("inference failed", e))?;
            let probs = out[0]
                .to_plain_array_view::<f32>()
                .map_err(|e| model_err("model output is not f32", e))?;
            if probs.len() != NUM_CLASSES {
                return Err(MediaError::Model(format!(
                    "model outputs {} values (shape {:?}), expected {NUM_CLASSES} ImageNet classes",
                    probs.len(),
                    probs.shape()
                )));
            }
            let v: Vec<f32> = probs.iter().copied().collect();
            if v.iter().any(|p| !p.is_finite()) {
                return Err(MediaError::Model(
                    "model output contains NaN or infinity".into(),
                ));
            }
            Ok(v)
        })
    }

    /// Classify a JPEG or PNG photo. `threshold` is compared with the media score
    /// (use [`DEFAULT_THRESHOLD`] unless configured otherwise).
    pub fn classify(
        &self,
        image_bytes: &[u8],
        threshold: f32,
    ) -> Result<Classification, MediaError> {
        let input = no_panic(MediaError::Image, || {
            preprocess::to_input_tensor_sized(image_bytes, self.input_size)
        })?;
        let probs = self.run_normalized(&input)?;
        Ok(summarize(&probs, threshold))
    }
}

/// Whether `bytes` look like an NNEF archive: gzip magic, or a tar header (`ustar` at 257).
fn is_nnef(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b]) || bytes.get(257..262) == Some(b"ustar")
}

/// The NNEF reader and writer, with tract-core's operator registry (the written graph's
/// properties fragment needs it; `without_tract_core()` panics on reading it back in 0.23.9).
/// That registry reaches every tract-core op, FFT/STFT among them (rustfft: 2.1 MB of the
/// phone library; crates/ichiba-media/MEDIA.md, "Phone library size").
fn nnef() -> tract_nnef::framework::Nnef {
    tract_nnef::nnef()
}

/// Read an NNEF archive; the input size comes from its declared input shape.
fn read_nnef(bytes: &[u8]) -> Result<(TypedModel, usize), MediaError> {
    let model = nnef()
        .model_for_read(&mut &bytes[..])
        .map_err(|e| model_err("not a readable NNEF model (truncated or corrupt?)", e))?;
    let shape = match model.inputs.as_slice() {
        [input] => model
            .outlet_fact(*input)
            .map_err(|e| model_err("model input", e))?
            .shape
            .as_concrete()
            .map(|s| s.to_vec()),
        _ => None,
    };
    match shape.as_deref() {
        Some(&[1, 3, h, w]) if h == w && (32..=1024).contains(&h) => Ok((model, h)),
        other => Err(MediaError::Model(format!(
            "model input must be f32 [1, 3, S, S] with 32 ≤ S ≤ 1024, found {other:?}"
        ))),
    }
}

#[cfg(feature = "onnx")]
fn read_onnx(bytes: &[u8], input_size: usize) -> Result<TypedModel, MediaError> {
    use tract_onnx::prelude::{Framework as _, InferenceModelExt as _};
    tract_onnx::onnx()
        .model_for_read(&mut &bytes[..])
        .map_err(|e| model_err("not a readable ONNX model (truncated or corrupt?)", e))?
        .with_input_fact(0, f32::fact([1, 3, input_size, input_size]).into())
        .map_err(|e| model_err("model input is not an image tensor", e))?
        .into_typed()
        .map_err(|e| {
            model_err(
                "model cannot be typed (unsupported or inconsistent graph)",
                e,
            )
        })
}

#[cfg(not(feature = "onnx"))]
fn read_onnx(_bytes: &[u8], _input_size: usize) -> Result<TypedModel, MediaError> {
    Err(MediaError::Model(
        "not an NNEF model (tar or tar.gz); this build reads NNEF only (ONNX needs feature \
         `onnx`; convert with `cargo run -p ichiba-media --example to_nnef`)"
            .into(),
    ))
}

/// Convert an ONNX classifier to tract's NNEF form (a gzipped tar), for the phone library.
///
/// `input_size` fixes the square input side in the written model: 224 gives the reference
/// model; a smaller multiple of 32 (e.g. 160) gives a faster, reduced-resolution variant of the
/// same weights (EfficientNet-Lite0 is fully convolutional up to its global pooling). The graph
/// is decluttered (not optimized: optimized kernels are not serializable) and loaded back
/// here once to check it round-trips. The bytes are reproducible (fixed timestamps).
///
/// tract 0.23.9 cannot write quantized ONNX graphs (QDQ or QLinearConv) as NNEF: it has no
/// NNEF serializer for its `QuantizeLinearU8` op, so those come back as [`MediaError::Model`].
#[cfg(feature = "onnx")]
pub fn onnx_to_nnef(onnx: &[u8], input_size: usize) -> Result<Vec<u8>, MediaError> {
    if !(32..=1024).contains(&input_size) || !input_size.is_multiple_of(32) {
        return Err(MediaError::Model(format!(
            "input size {input_size} must be a multiple of 32 in 32..=1024"
        )));
    }
    no_panic(MediaError::Model, || {
        let model = read_onnx(onnx, input_size)?
            .into_decluttered()
            .map_err(|e| model_err("model cannot be decluttered", e))?;
        let mut gz = flate2_encoder();
        // Deterministic: fixed tar timestamps (flate2's gzip header has none), so the same
        // ONNX file and tract version give the same bytes, pinned in the artifact manifest.
        gz = nnef()
            .write_to_tar_with_config(&model, gz, false, true)
            .map_err(|e| model_err("cannot write NNEF", e))?;
        let bytes = gz
            .finish()
            .map_err(|e| model_err("cannot compress NNEF", e))?;
        read_nnef(&bytes)?;
        Ok(bytes)
    })
}

#[cfg(feature = "onnx")]
fn flate2_encoder() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default())
}

/// Media score, decision and top-5 from the 1000 probabilities.
pub fn summarize(probs: &[f32], threshold: f32) -> Classification {
    let media_score: f32 = MEDIA_CLASSES
        .iter()
        .filter_map(|&(i, _)| probs.get(i as usize))
        .sum::<f32>()
        .clamp(0.0, 1.0);
    let mut order: Vec<usize> = (0..probs.len()).collect();
    // Highest probability first; ties by class index so the result is deterministic.
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    let top5 = order
        .into_iter()
        .take(5)
        .map(|i| Label {
            class_index: i as u32,
            name: label_name(i).to_string(),
            probability: probs[i],
        })
        .collect();
    Classification {
        media_score,
        is_media: media_score >= threshold,
        top5,
    }
}
