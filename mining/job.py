"""The corpus statistics of `ichiba build --corpus`, mined on Spark.

Reads a listing table (JSON Lines or Parquet: id, title, description, category; optional
created_at) and writes, in the versioned counts format that `ichiba build --counts DIR`
reads (crates/ichiba-build/src/corpus/counts.rs, docs/mining.md):

- ``listings``: listings mined;
- ``df``: per entity, the listings that mention it; ``cdf``: the same per category;
- ``pair``: per (previous entity, next entity), the occurrences of the next-word pair;
- ``phrase``: per run of two or three unknown nouns, the listings it occurs in (at least
  ``--min-phrase-listings``, 3 like the build's proposals).

Tokenizing and matching are not re-implemented here: each partition loads the ichiba Python
bindings' ``CorpusMiner`` once (the same Rust function the build runs, over the build's first
pass dictionary and the same IPADIC), and calls it per listing.

    spark-submit mining/job.py --bindings DIR --dictionary first.ichiba \\
        --input listings.jsonl --output counts/

DIR holds the generated Python bindings (``ichiba.py``) and the native library beside it,
built with the feature ``embedded-analyzer`` (``bindings/generate.sh DIR --features
embedded-analyzer``), or pass ``--analyzer FILE`` (``ichiba analyzer build``).
"""

import argparse
import json
import os
import sys
import time
import urllib.request
from collections import Counter
from operator import add

HEADER = "ichiba-counts"
#: The counts format version (crates/ichiba-build/src/corpus/counts.rs: VERSION).
VERSION = 1
#: Phrases need this many listings to become proposals (corpus/mine.rs: MIN_PROPOSAL_LISTINGS).
MIN_PHRASE_LISTINGS = 3


def escape(key):
    """Escapes a key for the counts format: backslash, tab, line feed, carriage return."""
    return (
        key.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def mine_partition(rows, dictionary, analyzer):
    """One partition's listings to summed ((kind, key, key2), count) records.

    The miner (dictionary, analyzer) is loaded once per partition; counts are summed here
    before the shuffle.
    """
    from pyspark import SparkFiles

    import ichiba  # the generated bindings, shipped with SparkContext.addPyFile

    miner = ichiba.CorpusMiner(
        SparkFiles.get(dictionary), SparkFiles.get(analyzer) if analyzer else None
    )
    counts = Counter()
    for row in rows:
        terms = miner.mine_listing(row.title, row.description or "")
        counts[("listings", "", "")] += 1
        category = row.category or None
        for entity in terms.entities:
            counts[("df", entity, "")] += 1
            if category is not None:
                counts[("cdf", category, entity)] += 1
        for pair in terms.pairs:
            counts[("pair", pair.previous, pair.next)] += 1
        for phrase in terms.phrases:
            counts[("phrase", phrase, "")] += 1
    return iter(counts.items())


def format_partition(records):
    """A part file: the header line, then one escaped row per record."""
    yield f"{HEADER}\t{VERSION}"
    for (kind, key, key2), count in records:
        yield f"{kind}\t{escape(key)}\t{escape(key2)}\t{count}"


def read_listings(spark, path, fmt, columns, since=None, unique_ids=False):
    """The listing table as (title, description, category) rows, cleaned like the index.

    A row without an id or a title is skipped (the index skips such a line), ids are
    deduplicated (one shuffle of the listing text; skipped with ``unique_ids``), a missing description is empty and an empty category is none.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "json"
    if fmt == "json":
        fields = [columns["id"], columns["title"], columns["description"], columns["category"]]
        if since:
            fields.append(columns["created_at"])
        schema = T.StructType([T.StructField(f, T.StringType()) for f in fields])
        df = spark.read.schema(schema).json(path)
    else:
        df = spark.read.parquet(path)
    present = set(df.columns)

    def col(name, required=False):
        c = columns[name]
        if c in present:
            return F.col(c).cast("string")
        if required:
            raise SystemExit(f"job.py: {path} has no column {c!r} ({name}); columns: {sorted(present)}")
        return F.lit(None).cast("string")

    if since:
        df = df.where(col("created_at", required=True) >= F.lit(since))
    df = df.select(
        col("id", required=True).alias("id"),
        col("title", required=True).alias("title"),
        F.coalesce(col("description"), F.lit("")).alias("description"),
        col("category").alias("category"),
    )
    df = df.where(F.col("id").isNotNull() & (F.col("id") != "") & F.col("title").isNotNull())
    if not unique_ids:
        df = df.dropDuplicates(["id"])
    return df.select("title", "description", "category")


def mine(spark, listings, dictionary, analyzer, output, partitions, min_phrase):
    """Mines `listings` and writes the counts folder `output`; returns the records written."""
    counts = (
        listings.rdd.mapPartitions(lambda rows: mine_partition(rows, dictionary, analyzer))
        .reduceByKey(add, numPartitions=partitions)
        .filter(lambda kv: kv[0][0] != "phrase" or kv[1] >= min_phrase)
    )
    counts.mapPartitions(format_partition).saveAsTextFile(output)


def stage_metrics(spark):
    """Per-stage figures from Spark's status API (run time, records, shuffle bytes)."""
    sc = spark.sparkContext
    url = sc.uiWebUrl
    if not url:
        return []
    with urllib.request.urlopen(f"{url}/api/v1/applications/{sc.applicationId}/stages") as r:
        stages = json.load(r)
    keep = [
        "stageId", "name", "numTasks", "executorRunTime", "executorCpuTime", "inputRecords",
        "outputRecords", "shuffleReadBytes", "shuffleReadRecords", "shuffleWriteBytes",
        "shuffleWriteRecords",
    ]
    return sorted(
        ({k: s.get(k) for k in keep} for s in stages if s.get("status") == "COMPLETE"),
        key=lambda s: s["stageId"],
    )


def ship(spark, bindings, dictionary, analyzer):
    """Sends the bindings, the dictionary and the analyzer file to every executor."""
    sc = spark.sparkContext
    module = os.path.join(bindings, "ichiba.py")
    libs = [f for f in os.listdir(bindings) if f.startswith("libichiba_bindings.")]
    if not os.path.isfile(module) or not libs:
        raise SystemExit(f"job.py: {bindings} holds no ichiba.py and libichiba_bindings.* (bindings/generate.sh)")
    for lib in libs:
        sc.addFile(os.path.join(bindings, lib))
    sc.addPyFile(module)
    sc.addFile(dictionary)
    if analyzer:
        sc.addFile(analyzer)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--input", required=True, help="listing table: a JSONL or Parquet file or folder")
    p.add_argument("--format", choices=["auto", "json", "parquet"], default="auto")
    p.add_argument("--output", required=True, help="counts folder to write (must not exist)")
    p.add_argument("--bindings", required=True, help="folder with ichiba.py and the native library")
    p.add_argument("--dictionary", required=True, help="the build's first pass (ichiba build without a corpus)")
    p.add_argument("--analyzer", help="an analyzer dictionary file (ichiba analyzer build) instead of the embedded IPADIC")
    p.add_argument("--partitions", type=int, default=8, help="part files written (reduce tasks)")
    p.add_argument("--min-phrase-listings", type=int, default=MIN_PHRASE_LISTINGS,
                   help="drop rarer phrases (1 when the output will be merged with other runs)")
    p.add_argument("--unique-ids", action="store_true",
                   help="the table's ids are a primary key: skip deduplication (saves a shuffle)")
    p.add_argument("--since", help="only listings with created_at >= this (ISO date)")
    for name, default in [("id", "id"), ("title", "title"), ("description", "description"),
                          ("category", "category"), ("created_at", "created_at")]:
        p.add_argument(f"--{name.replace('_', '-')}-column", dest=f"{name}_column", default=default)
    p.add_argument("--metrics", help="write per-stage figures (JSON) here")
    p.add_argument("--master", help="Spark master (spark-submit's --master otherwise)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("ichiba-mining")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.time()
    columns = {k: getattr(args, f"{k}_column") for k in ["id", "title", "description", "category", "created_at"]}
    ship(spark, args.bindings, args.dictionary, args.analyzer)
    spark.conf.set("spark.sql.shuffle.partitions", str(args.partitions))
    listings = read_listings(spark, args.input, args.format, columns, args.since, args.unique_ids)
    dictionary = os.path.basename(args.dictionary)
    analyzer = os.path.basename(args.analyzer) if args.analyzer else None
    mine(spark, listings, dictionary, analyzer, args.output, args.partitions, args.min_phrase_listings)
    elapsed = time.time() - started
    print(f"job.py: wrote {args.output} in {elapsed:.1f} s", file=sys.stderr)
    if args.metrics:
        with open(args.metrics, "w") as f:
            json.dump({"seconds": elapsed, "stages": stage_metrics(spark)}, f, indent=1)
    spark.stop()


if __name__ == "__main__":
    main()
