//! Writes the `image_decode` fuzz target's seeds (fuzz/corpus/image_decode): tiny synthetic
//! JPEG and PNG images made here with the `image` crate's encoders (no photos). Run by
//! `make-image-seeds.sh`.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};

fn png(w: u32, h: u32, color: ExtendedColorType, px: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(px, w, h, color).unwrap();
    out
}

fn jpeg(w: u32, h: u32, color: ExtendedColorType, px: &[u8], quality: u8) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(&mut out, quality).write_image(px, w, h, color).unwrap();
    out.into_inner()
}

/// An APP1 Exif segment whose only tag is Orientation = `o` (little-endian TIFF).
fn exif_orientation(o: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&o.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut seg = vec![0xff, 0xe1];
    seg.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}

fn gradient(w: u32, h: u32, channels: u32) -> Vec<u8> {
    let mut px = Vec::new();
    for y in 0..h {
        for x in 0..w {
            for c in 0..channels {
                px.push(((x * 37 + y * 71 + c * 97) % 256) as u8);
            }
        }
    }
    px
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: image_seeds DIR");
    let write = |name: &str, bytes: Vec<u8>| {
        std::fs::write(format!("{dir}/{name}"), &bytes).unwrap();
        println!("{name}: {} bytes", bytes.len());
    };
    use ExtendedColorType::*;
    write("rgb-8x8.png", png(8, 8, Rgb8, &gradient(8, 8, 3)));
    write("rgba-4x4.png", png(4, 4, Rgba8, &gradient(4, 4, 4)));
    write("gray-16x2.png", png(16, 2, L8, &gradient(16, 2, 1)));
    write("gray-alpha-3x3.png", png(3, 3, La8, &gradient(3, 3, 2)));
    write("rgb16-2x5.png", png(2, 5, Rgb16, &gradient(2, 5, 6)));
    write("rgb-8x8.jpg", jpeg(8, 8, Rgb8, &gradient(8, 8, 3), 80));
    write("gray-8x4.jpg", jpeg(8, 4, L8, &gradient(8, 4, 1), 70));
    write("rgb-17x9.jpg", jpeg(17, 9, Rgb8, &gradient(17, 9, 3), 50));
    // The same 12×6 JPEG stored "rotated": EXIF orientation 6 (rotate 90° clockwise).
    let plain = jpeg(12, 6, Rgb8, &gradient(12, 6, 3), 75);
    let mut rotated = plain[..2].to_vec();
    rotated.extend_from_slice(&exif_orientation(6));
    rotated.extend_from_slice(&plain[2..]);
    write("exif-rotated-12x6.jpg", rotated);
}
