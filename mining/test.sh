#!/usr/bin/env bash
# The Spark mining job's equality test: on the development corpus (dictionaries/corpus/),
# `ichiba build --counts` over the job's output must write the same artifact, manifest,
# mined pairs and proposals, and the same mined counts (listings, document frequencies
# overall and per category, pairs: `--mined-counts`), byte for byte, as `ichiba build
# --corpus` over the tantivy index; the same again with the corpus read as Parquet.
#
#   mining/test.sh            (from any directory; honours CARGO_TARGET_DIR)
#
# Installs what is missing: Java (Debian's openjdk-17-jre-headless) and the pinned PySpark
# (mining/requirements.txt, into a venv under the target dir). With CI=true a missing piece
# is a failure; elsewhere the test says SKIPPED and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ci=${CI:-false}
started=$SECONDS
step() { printf '\n== mining: %s (%ds)\n' "$1" "$((SECONDS - started))"; }
unavailable() {
  if [ "$ci" = true ]; then
    echo "mining/test.sh: $1 — cannot continue (CI=true: failing instead of skipping)" >&2
    exit 1
  fi
  echo "mining/test.sh: SKIPPED: $1" >&2
  exit 0
}

step "Java and PySpark"
if ! command -v java >/dev/null; then
  echo "installing openjdk-17-jre-headless"
  { command -v apt-get >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless >/dev/null; } || unavailable "java (Debian openjdk-17-jre-headless)"
fi
java -version 2>&1 | head -1
target_dir=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps --locked |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
venv=$target_dir/mining/venv
py=$venv/bin/python
if ! "$py" -c 'import pyspark' 2>/dev/null ||
  [ "$("$py" -c 'import pyspark; print(pyspark.__version__)')" != "$(sed -n 's/^pyspark==//p' mining/requirements.txt)" ]; then
  echo "installing $(grep '^pyspark' mining/requirements.txt) into $venv"
  { python3 -m venv "$venv" && "$py" -m pip install -q -r mining/requirements.txt; } ||
    unavailable "PySpark from PyPI (mining/requirements.txt)"
fi
echo "pyspark $("$py" -c 'import pyspark; print(pyspark.__version__)')"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "bindings with the embedded IPADIC (the analyzer ichiba build uses)"
bindings/generate.sh "$work/gen" --features embedded-analyzer >/dev/null
# The `ichiba` binary as `cargo test --workspace` builds it (a no-op after scripts/test's
# cargo test; `cargo build -p ichiba` would resolve other features and rebuild it).
cargo test -q --workspace --locked --exclude ichiba-media --no-run 2>/dev/null
ichiba=$target_dir/debug/ichiba
corpus=$root/dictionaries/corpus/dev.jsonl

step "one machine: tantivy index, ichiba build --corpus"
mkdir -p "$work/corpus" "$work/jsonl" "$work/parquet"
"$ichiba" corpus index "$corpus" --index "$work/index" >/dev/null 2>&1
"$ichiba" build --out "$work/corpus/dict.ichiba" --corpus "$work/index" \
  --mined-pairs "$work/corpus/pairs.tsv" --proposals "$work/corpus/proposals.tsv" \
  --mined-counts "$work/corpus/counts.tsv" 2>&1 | grep mined
echo "$(grep -c '^cdf' "$work/corpus/counts.tsv") per-category counts, $(grep -c '^df' "$work/corpus/counts.tsv") overall"

step "the first pass the job mines against (ichiba build without a corpus)"
"$ichiba" build --out "$work/first.ichiba" >/dev/null 2>&1

failed=0
compare() {
  local name=$1 a=$2 b=$3 f
  for f in dict.ichiba dict.manifest.json pairs.tsv proposals.tsv counts.tsv; do
    if ! cmp "$a/$f" "$b/$f"; then
      echo "FAIL $name: $f differs from ichiba build --corpus" >&2
      failed=1
    fi
  done
  [ "$failed" -eq 1 ] || echo "ok   $name: artifact, manifest, pairs, proposals and mined counts equal ($(wc -c <"$b/dict.ichiba") bytes)"
}

run_job() {
  local name=$1 input=$2
  step "Spark local[2] on $name"
  (cd "$work" && "$py" "$root/mining/job.py" --master 'local[2]' --bindings "$work/gen/python" \
    --dictionary "$work/first.ichiba" --input "$input" --output "$work/counts-$name" \
    --partitions 4 --metrics "$work/metrics-$name.json") 2> >(grep -v -e WARN -e '^Setting default log level' -e setLogLevel -e 'Stage ' >&2)
  "$ichiba" build --out "$work/$name/dict.ichiba" --counts "$work/counts-$name" \
    --mined-pairs "$work/$name/pairs.tsv" --proposals "$work/$name/proposals.tsv" \
    --mined-counts "$work/$name/counts.tsv" 2>&1 | grep mined
  compare "$name" "$work/corpus" "$work/$name"
}

run_job jsonl "$corpus"
"$py" mining/tests/to_parquet.py "$corpus" "$work/dev.parquet" 2>/dev/null
run_job parquet "$work/dev.parquet"

step "done"
[ "$failed" -eq 0 ]
