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
//! Everything here is plain Rust (no uniffi attributes); the uniffi wrapper delegates to it.
//! Nothing panics on bad input: a truncated or foreign model is [`MediaError::Model`], an
//! empty, non-image, corrupt or oversized picture is [`MediaError::Image`].

mod labels;
mod preprocess;

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use tract_onnx::prelude::*;

pub use labels::{MEDIA_CLASSES, label_name};
pub use preprocess::{INPUT_SIZE, MAX_DIMENSION, MAX_PIXELS};

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

fn model_err(context: &str, e: impl fmt::Display) -> MediaError {
    MediaError::Model(format!("{context}: {e}"))
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
    /// Load an ONNX model from bytes (e.g. a file the app downloaded and verified).
    ///
    /// The graph must take `f32 [1, 3, 224, 224]` and return `[1, 1000]` probabilities
    /// (softmax inside the graph). The model is optimized once here and run once on a fixed
    /// input to check that its output is a probability distribution, so a wrong or damaged
    /// model fails now rather than at the first photo.
    pub fn from_bytes(model: &[u8]) -> Result<Classifier, MediaError> {
        if model.is_empty() {
            return Err(MediaError::Model("model is empty (0 bytes)".into()));
        }
        no_panic(MediaError::Model, || {
            let plan = tract_onnx::onnx()
                .model_for_read(&mut &model[..])
                .map_err(|e| model_err("not a readable ONNX model (truncated or corrupt?)", e))?
                .with_input_fact(0, f32::fact([1, 3, INPUT_SIZE, INPUT_SIZE]).into())
                .map_err(|e| model_err("model input is not an image tensor", e))?
                .into_optimized()
                .map_err(|e| {
                    model_err(
                        "model cannot be prepared (unsupported or inconsistent graph)",
                        e,
                    )
                })?
                .into_runnable()
                .map_err(|e| model_err("model cannot be planned", e))?;
            let classifier = Classifier { plan };
            classifier.check_contract()?;
            Ok(classifier)
        })
    }

    /// Load an ONNX model file (see [`Classifier::from_bytes`]).
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
        let probs = self.run_normalized(&vec![0.0; 3 * INPUT_SIZE * INPUT_SIZE])?;
        let sum: f32 = probs.iter().sum();
        if probs.iter().any(|p| !(0.0..=1.0).contains(p)) || (sum - 1.0).abs() > 1e-3 {
            return Err(MediaError::Model(format!(
                "model output is not a softmax (sum {sum}); the graph must end with Softmax"
            )));
        }
        Ok(())
    }

    /// Run the network on an already normalized NCHW tensor (`3 × 224 × 224` values,
    /// `(pixel − 127) / 128`, RGB planes) and return the 1000 probabilities.
    /// Exposed for benches and cross-checks against other runtimes.
    pub fn run_normalized(&self, nchw: &[f32]) -> Result<Vec<f32>, MediaError> {
        let n = 3 * INPUT_SIZE * INPUT_SIZE;
        if nchw.len() != n {
            return Err(MediaError::Image(format!(
                "input tensor has {} values, expected {n}",
                nchw.len()
            )));
        }
        no_panic(MediaError::Model, || {
            let input = Tensor::from_shape(&[1, 3, INPUT_SIZE, INPUT_SIZE], nchw)
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
            preprocess::to_input_tensor(image_bytes)
        })?;
        let probs = self.run_normalized(&input)?;
        Ok(summarize(&probs, threshold))
    }
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
