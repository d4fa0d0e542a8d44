"""A synthetic listing corpus for measuring the mining job at scale (not for tuning).

Recombines the development corpus (dictionaries/corpus/dev.jsonl, written by us): each
synthetic listing takes the category of a random development listing, a title made of the
space-separated words of two or three titles of that category, shuffled, and a description
of three to six lines drawn from descriptions of that category. Seeded: the same arguments
write the same file. The output is synthetic and is never committed.

    python3 mining/synth.py --listings 240000 --seed 16 --out /tmp/synth.jsonl
"""

import argparse
import json
import random
from collections import defaultdict


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dev", default="dictionaries/corpus/dev.jsonl")
    p.add_argument("--listings", type=int, default=240_000)
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    rng = random.Random(args.seed)
    words = defaultdict(list)
    lines = defaultdict(list)
    categories = []
    with open(args.dev, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            c = d.get("category") or ""
            categories.append(c)
            words[c].append(d["title"].split())
            lines[c].extend(x for x in d.get("description", "").split("\n") if x)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.listings):
            c = rng.choice(categories)
            title = [w for t in rng.sample(words[c], min(len(words[c]), rng.randint(2, 3))) for w in t]
            rng.shuffle(title)
            title = " ".join(title[: rng.randint(4, 9)])
            pool = lines[c] or [""]
            description = "\n".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
            listing = {"id": f"synth-{i:08d}", "category": c, "title": title, "description": description}
            out.write(json.dumps(listing, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
