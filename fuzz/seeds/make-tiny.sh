#!/usr/bin/env bash
# Rebuilds fuzz/seeds/tiny.ichiba (the artifact the structure-aware target mutates and a
# seed of dictionary_bytes) from tests/fixtures/tiny.tsv, and fuzz/seeds/tiny.analyzer (the
# analyzer file analyzer_mutated mutates, a seed of analyzer_bytes) with lindera's builder
# over a few made-up words (crates/ichiba/examples/tiny_analyzer.rs): run after a format change.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
cargo run --release --locked -q -- build tests/fixtures/tiny.tsv --out "$out/tiny.ichiba"
cp "$out/tiny.ichiba" fuzz/seeds/tiny.ichiba
cp "$out/tiny.ichiba" fuzz/corpus/dictionary_bytes/tiny.ichiba
# The crafted regression files of tests/fixtures/crafted/ (regenerated on each format change).
cp tests/fixtures/crafted/*.ichiba fuzz/corpus/dictionary_bytes/
cargo run -q --locked -p ichiba --no-default-features --features analyzer-file \
    --example tiny_analyzer -- fuzz/seeds/tiny.analyzer
cp fuzz/seeds/tiny.analyzer fuzz/corpus/analyzer_bytes/tiny.analyzer
rm -r "$out"
