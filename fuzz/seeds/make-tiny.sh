#!/usr/bin/env bash
# Rebuilds fuzz/seeds/tiny.ichiba (the artifact the structure-aware target mutates and a
# seed of dictionary_bytes) from tests/fixtures/tiny.tsv: run after a format change.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
cargo run --release --locked -q -- build tests/fixtures/tiny.tsv --out "$out/tiny.ichiba"
cp "$out/tiny.ichiba" fuzz/seeds/tiny.ichiba
cp "$out/tiny.ichiba" fuzz/corpus/dictionary_bytes/tiny.ichiba
rm -r "$out"
