"""Writes a JSONL listing file as Parquet (for mining/test.sh: the job must read both)."""
import sys

from pyspark.sql import SparkSession

src, dst = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.master("local[2]").appName("ichiba-to-parquet").getOrCreate()
spark.read.json(src).write.parquet(dst)
spark.stop()
