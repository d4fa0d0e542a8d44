#!/usr/bin/env bash
# Rebuilds the image_decode fuzz target's seeds (fuzz/corpus/image_decode) with
# fuzz/seeds/image_seeds.rs: tiny synthetic JPEG/PNG files from the `image` crate's encoders.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
mkdir -p "$tmp/src" corpus/image_decode
cp seeds/image_seeds.rs "$tmp/src/main.rs"
cat >"$tmp/Cargo.toml" <<'TOML'
[package]
name = "image-seeds"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
image = { version = "0.25", default-features = false, features = ["png", "jpeg"] }
TOML
cargo run -q --release --manifest-path "$tmp/Cargo.toml" -- "$PWD/corpus/image_decode"
rm -r "$tmp"
