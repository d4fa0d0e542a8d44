//! `MediaClassifier`: the on-device image model (feature `image`) for Kotlin, Swift and
//! Python — does this photo show a book, CD, DVD or game? Then the app offers barcode
//! listing. The model itself lives in [`ichiba_media`]; this is the thin uniffi wrapper.

use std::path::Path;

use crate::error::{BindingError, Result, guard};
use ichiba_media::{self as media, Classifier, MediaError};

impl From<MediaError> for BindingError {
    fn from(e: MediaError) -> Self {
        match &e {
            MediaError::Model(_) => BindingError::Model(e.to_string()),
            MediaError::Image(_) => BindingError::Image(e.to_string()),
        }
    }
}

/// One ImageNet class and its probability.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MediaLabel {
    /// The ImageNet class index (0–999).
    pub class_index: u32,
    /// Its English name.
    pub name: String,
    /// Its probability.
    pub probability: f32,
}

/// What the classifier saw in one photo.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MediaClassification {
    /// The summed probability of the media-like classes (book jacket, comic book, …).
    pub media_score: f32,
    /// Whether `media_score` reached the threshold: offer barcode listing.
    pub is_media: bool,
    /// The five most likely classes, best first.
    pub top5: Vec<MediaLabel>,
}

/// The image model, loaded once. Thread-safe: share one; each call has its own scratch state.
#[derive(uniffi::Object)]
pub struct MediaClassifier {
    inner: Classifier,
}

impl std::fmt::Debug for MediaClassifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaClassifier").finish_non_exhaustive()
    }
}

/// The media-score threshold `classify` uses when none is given.
#[uniffi::export]
pub fn default_media_threshold() -> Result<f32> {
    guard(|| Ok(media::DEFAULT_THRESHOLD))
}

#[uniffi::export]
impl MediaClassifier {
    /// Loads the model file (ONNX) at `path`.
    #[uniffi::constructor]
    pub fn new(path: String) -> Result<Self> {
        guard(|| {
            Ok(MediaClassifier {
                inner: Classifier::load(Path::new(&path))?,
            })
        })
    }

    /// Loads the model from bytes the app downloaded (check them with `verify_artifact`).
    #[uniffi::constructor]
    pub fn from_bytes(model: Vec<u8>) -> Result<Self> {
        guard(|| {
            Ok(MediaClassifier {
                inner: Classifier::from_bytes(&model)?,
            })
        })
    }

    /// Classifies one JPEG or PNG photo; `is_media` when the media score reaches
    /// `threshold` (default: `default_media_threshold()`).
    #[uniffi::method(default(threshold = None))]
    pub fn classify(&self, image: Vec<u8>, threshold: Option<f32>) -> Result<MediaClassification> {
        guard(|| {
            let threshold = threshold.unwrap_or(media::DEFAULT_THRESHOLD);
            if !(0.0..=1.0).contains(&threshold) {
                return Err(BindingError::InvalidRequest(format!(
                    "threshold {threshold} is outside 0..=1"
                )));
            }
            let c = self.inner.classify(&image, threshold)?;
            Ok(MediaClassification {
                media_score: c.media_score,
                is_media: c.is_media,
                top5: c
                    .top5
                    .into_iter()
                    .map(|l| MediaLabel {
                        class_index: l.class_index,
                        name: l.name,
                        probability: l.probability,
                    })
                    .collect(),
            })
        })
    }
}
