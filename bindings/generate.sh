#!/usr/bin/env bash
# Builds the native library and writes its Kotlin, Swift and Python bindings into OUTDIR.
#
#   bindings/generate.sh OUTDIR [--release] [--features image] [--target TRIPLE]
#
# OUTDIR/kotlin/uniffi/ichiba/ichiba.kt   Android / JVM (loads libichiba_bindings via JNA)
# OUTDIR/swift/ichiba.swift, ichibaFFI.h, ichibaFFI.modulemap
# OUTDIR/python/ichiba.py                 (plus a copy of the library beside it)
# OUTDIR/lib/libichiba_bindings.so       the library the bindings were generated from
# (the iOS static library is libichiba_bindings.a beside the cdylib in the target dir)
#
# The bindgen is this workspace's own `uniffi-bindgen` (bindings/uniffi-bindgen.rs), built
# from the same pinned uniffi as the library, in library mode: everything is read from the
# built cdylib's metadata, no UDL. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: bindings/generate.sh OUTDIR [--release] [--features image] [--target TRIPLE]}
shift
profile=debug
build_args=()
target=
while [ $# -gt 0 ]; do
  case $1 in
    --release) profile=release; build_args+=(--release) ;;
    --features) build_args+=(--features "$2"); shift ;;
    --target) target=$2; build_args+=(--target "$2"); shift ;;
    *) echo "generate.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

target_dir=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
lib_dir=$target_dir/${target:+$target/}$profile
case "$(uname -s)" in Darwin) so=libichiba_bindings.dylib ;; *) so=libichiba_bindings.so ;; esac

cargo build -p ichiba-bindings --lib "${build_args[@]}"
cargo build -p ichiba-bindings --features cli --bin uniffi-bindgen
bindgen=$target_dir/debug/uniffi-bindgen

mkdir -p "$out/kotlin" "$out/swift" "$out/python" "$out/lib"
for lang in kotlin swift python; do
  "$bindgen" generate --library "$lib_dir/$so" --language "$lang" --out-dir "$out/$lang" --no-format
done
cp "$lib_dir/$so" "$out/python/"
cp "$lib_dir/$so" "$out/lib/"
echo "bindings for $lib_dir/$so written to $out"
