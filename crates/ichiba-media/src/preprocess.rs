//! Photo bytes → the model's input tensor, with bounded work on hostile input.

use std::io::Cursor;

use image::imageops::{self, FilterType};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use super::MediaError;

/// Side of the square input EfficientNet-Lite0 was trained on.
pub const INPUT_SIZE: usize = 224;
/// Largest accepted width or height. Phone cameras top out around 8000 px (48 MP, 8064×6048);
/// anything larger is refused before its pixels are decoded. Apps should downscale first anyway.
pub const MAX_DIMENSION: u32 = 10_000;
/// Largest accepted pixel count (50 MP): bounds the decoded buffer to 150 MB of RGB.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Bytes the decoder may allocate at once (the RGBA buffer of a MAX_PIXELS image fits).
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + (16 << 20);

/// Standard ImageNet evaluation crop: the central 224/256 of the shorter side.
const CROP_FRACTION: f64 = 224.0 / 256.0;

fn image_err(context: &str, e: impl std::fmt::Display) -> MediaError {
    MediaError::Image(format!("{context}: {e}"))
}

/// Decode a JPEG or PNG, checking format and dimensions from the header before any pixel data
/// is decoded; applies the EXIF orientation (phone photos are often stored rotated).
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Image("image is empty (0 bytes)".into()));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| image_err("cannot read image", e))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png) => {}
        Some(other) => {
            return Err(MediaError::Image(format!(
                "unsupported image format {other:?}: send JPEG or PNG"
            )));
        }
        None => {
            return Err(MediaError::Image(
                "not a JPEG or PNG image (unrecognized header)".into(),
            ));
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    // Parses the header only; the decoder itself also enforces the limits above.
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| image_err("corrupt or too large image header", e))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(MediaError::Image(format!("image has no pixels ({w}×{h})")));
    }
    if w > MAX_DIMENSION || h > MAX_DIMENSION || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(MediaError::Image(format!(
            "image is {w}×{h}: larger than {MAX_DIMENSION} px per side or {MAX_PIXELS} pixels; downscale it first"
        )));
    }
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(MediaError::Image(format!(
            "image needs {} bytes to decode: too large",
            decoder.total_bytes()
        )));
    }
    // A missing or broken EXIF block is not worth failing the photo for.
    let orientation = decoder.orientation().ok();
    let mut img =
        DynamicImage::from_decoder(decoder).map_err(|e| image_err("corrupt image data", e))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// RGB view of the photo; transparent pixels are composited over white (a PNG cut-out of a
/// book on a transparent background should look like a book on a white table, not on black).
fn to_rgb(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        for c in 0..3 {
            o[c] = ((u32::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

/// Central square crop (224/256 of the shorter side), resized to 224×224 with an
/// anti-aliased bilinear (triangle) filter: the same as "resize the shorter side to 256 with
/// PIL bilinear, centre-crop 224", done in the other order so large photos are cropped before
/// they are filtered.
/// `n` is the model's input side (224, or less for a reduced-resolution variant).
pub fn crop_and_resize_to(rgb: &RgbImage, n: usize) -> RgbImage {
    let (w, h) = rgb.dimensions();
    let short = w.min(h);
    let side = ((f64::from(short) * CROP_FRACTION).round() as u32).clamp(1, short);
    let (x, y) = ((w - side) / 2, (h - side) / 2);
    let square = imageops::crop_imm(rgb, x, y, side, side).to_image();
    let n = n as u32;
    if side == n {
        square
    } else {
        imageops::resize(&square, n, n, FilterType::Triangle)
    }
}

/// NCHW f32 planes, RGB order, `(v − 127) / 128` as the Lite0 TF checkpoint was trained.
/// The image's own size sets the tensor's (`3 × w × h` values).
pub fn normalize(img: &RgbImage) -> Vec<f32> {
    let plane = (img.width() * img.height()) as usize;
    let mut out = vec![0.0f32; 3 * plane];
    for (i, p) in img.pixels().enumerate().take(plane) {
        for c in 0..3 {
            out[c * plane + i] = (f32::from(p[c]) - 127.0) / 128.0;
        }
    }
    out
}

/// Photo bytes → model input of `3 × n × n` values.
pub fn to_input_tensor_sized(bytes: &[u8], n: usize) -> Result<Vec<f32>, MediaError> {
    let img = decode(bytes)?;
    Ok(normalize(&crop_and_resize_to(&to_rgb(img), n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn small_and_odd_sizes_give_a_full_tensor() {
        for (w, h) in [(1, 1), (3, 500), (224, 224), (640, 480)] {
            let t = to_input_tensor_sized(&png(w, h), INPUT_SIZE).unwrap();
            assert_eq!(t.len(), 3 * INPUT_SIZE * INPUT_SIZE);
            assert!(t.iter().all(|v| (-1.0..=1.0).contains(v)));
        }
    }

    #[test]
    fn bad_bytes_are_image_errors() {
        assert!(matches!(decode(b""), Err(MediaError::Image(_))));
        assert!(matches!(decode(b"GIF89a......"), Err(MediaError::Image(_))));
        let p = png(64, 64);
        assert!(matches!(
            to_input_tensor_sized(&p[..p.len() / 2], INPUT_SIZE),
            Err(MediaError::Image(_))
        ));
    }

    #[test]
    fn huge_dimensions_are_refused_from_the_header() {
        // A valid PNG header claiming 20000×20000 followed by nothing: refused without
        // allocating 1.2 GB.
        let mut p = png(1, 1);
        p[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        p[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32fast::hash(&p[12..29]); // IHDR chunk type + data
        p[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = decode(&p).unwrap_err();
        assert!(
            matches!(&e, MediaError::Image(m) if m.contains("large")),
            "{e:?}"
        );
    }

    #[test]
    fn transparent_pixels_become_white() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            2,
            2,
            image::Rgba([0, 0, 0, 0]),
        ));
        assert_eq!(to_rgb(img).get_pixel(0, 0).0, [255, 255, 255]);
    }
}
