#!/bin/sh
# Test photos for the image-model golden tests, from the PyPI wheel scikit-image 0.25.2
# (skimage/data/, BSD-3-Clause / public-domain photos; see crates/ichiba-media/models/README.md).
# The wheel is compiled code, so its platform is pinned: the same bytes are downloaded on any
# machine and checked against SHA256SUMS. Output: crates/ichiba-media/models/build/images/. Never committed.
# Needs python3 with pip and access to PyPI. Cached: skips when every image already matches.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MODELS=$(cd "$HERE/../../models" && pwd)
BUILD=${ICHIBA_MEDIA_BUILD:-$MODELS/build}
PY=${PYTHON:-python3}
SUMS=$MODELS/SHA256SUMS
WHEEL=scikit_image-0.25.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
IMAGES="coffee.png chelsea.png page.png astronaut.png rocket.jpg motorcycle_left.png camera.png text.png coins.png hubble_deep_field.jpg"

check_all() { # prints nothing, returns 0 when every image is present with the right sha256
  "$PY" - "$SUMS" "$BUILD" $IMAGES <<'PYEOF'
import hashlib, os, sys
sums, build, names = sys.argv[1], sys.argv[2], sys.argv[3:]
want = dict((l.split()[1], l.split()[0]) for l in open(sums) if l.strip() and not l.startswith("#"))
bad = []
for n in names:
    p = os.path.join(build, "images", n)
    got = hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.exists(p) else None
    if got != want.get("images/" + n):
        bad.append((n, got, want.get("images/" + n)))
for b in bad:
    print("mismatch", *b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
}

if check_all 2>/dev/null; then
  echo "cached: $BUILD/images ($(echo $IMAGES | wc -w) images, sha256 match)"
  exit 0
fi
mkdir -p "$BUILD/wheels" "$BUILD/images"
if [ ! -f "$BUILD/wheels/$WHEEL" ]; then
  echo "== downloading scikit-image 0.25.2 (pinned platform: the data files are what we need)"
  "$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --platform manylinux_2_17_x86_64 --python-version 3.12 --implementation cp --abi cp312 \
      --dest "$BUILD/wheels" scikit-image==0.25.2
fi
want=$(awk -v f="wheels/$WHEEL" '$2 == f { print $1 }' "$SUMS")
got=$("$PY" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$BUILD/wheels/$WHEEL")
[ "$got" = "$want" ] || { echo "sha256 mismatch for $WHEEL: expected $want, got $got" >&2; exit 1; }
"$PY" - "$BUILD" "$WHEEL" $IMAGES <<'PYEOF'
import os, sys, zipfile
build, wheel, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(os.path.join(build, "wheels", wheel)) as z:
    for n in names:
        with open(os.path.join(build, "images", n), "wb") as out:
            out.write(z.read("skimage/data/" + n))
    with open(os.path.join(build, "images", "README.txt"), "wb") as out:
        out.write(z.read("skimage/data/README.txt"))
PYEOF
check_all
echo "ok  $(echo $IMAGES | wc -w) test images in $BUILD/images"
