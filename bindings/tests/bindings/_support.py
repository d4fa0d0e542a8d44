"""Shared setup for the Python binding tests (run by bindings/tests/run.sh).

Environment: ICHIBA_PY_DIR (the folder with the generated ichiba.py and the library beside
it), ICHIBA_DICT (a valid dictionary file, the default one), ICHIBA_TINY_DICT (a second,
different valid dictionary built from tests/fixtures/tiny.tsv).
"""
import os
import sys

sys.path.insert(0, os.environ["ICHIBA_PY_DIR"])

import ichiba  # noqa: E402,F401

DICT = os.environ["ICHIBA_DICT"]
TINY_DICT = os.environ["ICHIBA_TINY_DICT"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def utf16(text, index=None):
    """The binding counts UTF-16 code units (Android/iOS), Python counts code points:
    the UTF-16 offset of code point `index` (default: the end) of `text`."""
    if index is None:
        index = len(text)
    return len(text[:index].encode("utf-16-le")) // 2


def surfaces(suggestions):
    return [s.surface for s in suggestions]
