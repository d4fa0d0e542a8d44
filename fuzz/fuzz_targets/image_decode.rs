//! Image decode and preprocessing of `ichiba-media` (`ichiba_media::preprocess`: JPEG or
//! PNG, dimensions checked from the header, EXIF orientation, centre crop, resize and
//! normalization into the model's input tensor) on arbitrary bytes of at most
//! `MAX_PHOTO` (8 MiB, what `ichiba serve` accepts at `/api/photo`). No model: only what
//! runs before the network. The first byte picks the input side, 32 to 224 in steps of
//! 32 (the reference model and its reduced-resolution variants). Seeds: tiny synthetic
//! JPEG/PNG files (`fuzz/seeds/make-image-seeds.sh`).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// `ichiba serve`'s photo body limit (`src/cmd/serve/photo.rs`, `MAX_PHOTO`).
const MAX_PHOTO: usize = 8 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&side, image)) = data.split_first() else {
        return;
    };
    if image.len() > MAX_PHOTO {
        return;
    }
    let n = 32 * (1 + usize::from(side) % 7);
    if let Ok(tensor) = ichiba_media::preprocess(image, n) {
        assert_eq!(tensor.len(), 3 * n * n);
        assert!(
            tensor.iter().all(|v| (-1.0..=1.0).contains(v)),
            "a value outside [-1, 1]"
        );
    }
});
