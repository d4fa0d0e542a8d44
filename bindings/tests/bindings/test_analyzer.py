"""The analyzer dictionary from Python: chosen by the manifest, downloaded (bytes fetched from
a local path), verified, loaded from the saved file and from bytes; and the engine without it.

Environment (bindings/tests/run.sh): ICHIBA_ANALYZER_MANIFEST, an artifact manifest whose
`analyzer` entry's url names the analyzer dictionary file beside it (`ichiba analyzer build
--manifest`).
"""
import json
import os
import tempfile
import unittest

from _support import ichiba, read, surfaces, utf16

E = ichiba.BindingError
Field = ichiba.Field
MANIFEST = os.environ["ICHIBA_ANALYZER_MANIFEST"]
PIXEL = ichiba.Device(os="android", os_version="14", arch="arm64-v8a", app_version="5.12.0",
                      preferred_precision=None)
# で is a particle: with the analyzer the word being typed starts after it (おく → 奥);
# by script runs でおく is one hiragana run, whose whole completions come first.
TEXT = "送料無料でおく"


def download():
    """What the app does: select, fetch, verify; returns (artifact, bytes)."""
    with open(MANIFEST, encoding="utf-8") as f:
        manifest = f.read()
    a = ichiba.select_artifact(manifest, "analyzer", PIXEL)
    # The "server" is the manifest's folder: the url is a file name there.
    data = read(os.path.join(os.path.dirname(MANIFEST), a.url))
    ichiba.verify_artifact(data, a.size, a.sha256)
    return a, data


def top_start(engine):
    return engine.suggest(TEXT, utf16(TEXT), Field.TITLE, 5)[0].replace_start


class WithoutAnalyzer(unittest.TestCase):
    def test_script_runs_and_says_so(self):
        e = ichiba.SuggestionEngine()
        self.assertEqual(e.analyzer_kind(), ichiba.AnalyzerKind.SCRIPT_RUNS)
        self.assertEqual(surfaces(e.suggest("しゅぷ", 3, Field.TITLE, 1)), ["シュプリーム"])
        self.assertEqual(top_start(e), utf16(TEXT, TEXT.index("で")))


class WithAnalyzer(unittest.TestCase):
    def test_manifest_names_an_analyzer_this_library_reads(self):
        a, data = download()
        self.assertEqual(a.kind, "analyzer")
        self.assertEqual(a.size, len(data))
        with open(MANIFEST, encoding="utf-8") as f:
            future = json.load(f)
        future["artifacts"][0]["format_version"] += 1
        with self.assertRaises(E.NoMatchingArtifact):
            ichiba.select_artifact(json.dumps(future), "analyzer", PIXEL)

    def test_loaded_from_the_saved_download(self):
        a, data = download()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "analyzer-" + a.version)
            with open(path, "wb") as f:
                f.write(data)
            ichiba.verify_artifact_file(path, a.size, a.sha256)
            e = ichiba.SuggestionEngine()
            e.load_analyzer_file(path)
            self.assertEqual(e.analyzer_kind(), ichiba.AnalyzerKind.FILE)
            self.assertEqual(top_start(e), utf16(TEXT, TEXT.index("お")))
            e.unload_analyzer()
            self.assertEqual(e.analyzer_kind(), ichiba.AnalyzerKind.SCRIPT_RUNS)
            self.assertEqual(top_start(e), utf16(TEXT, TEXT.index("で")))

    def test_loaded_from_bytes(self):
        _, data = download()
        e = ichiba.SuggestionEngine()
        e.load_analyzer_bytes(data)
        self.assertEqual(e.analyzer_kind(), ichiba.AnalyzerKind.FILE)
        self.assertEqual(top_start(e), utf16(TEXT, TEXT.index("お")))

    def test_a_damaged_download_is_refused_and_the_analyzer_kept(self):
        a, data = download()
        cut = data[: len(data) // 2]
        with self.assertRaises(E.SizeMismatch):
            ichiba.verify_artifact(cut, a.size, a.sha256)
        e = ichiba.SuggestionEngine()
        e.load_analyzer_bytes(data)
        # An app that skipped verification still cannot load damaged bytes.
        with self.assertRaises(E.CorruptAnalyzer):
            e.load_analyzer_bytes(cut)
        flipped = bytearray(data)
        flipped[len(data) // 3] ^= 1
        with self.assertRaises(E.CorruptAnalyzer):
            e.load_analyzer_bytes(bytes(flipped))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "partial")
            with open(path, "wb") as f:
                f.write(cut)
            with self.assertRaises(E.CorruptAnalyzer):
                e.load_analyzer_file(path)
            with self.assertRaises(E.Io):
                e.load_analyzer_file(os.path.join(d, "missing"))
        self.assertEqual(e.analyzer_kind(), ichiba.AnalyzerKind.FILE)
        self.assertEqual(top_start(e), utf16(TEXT, TEXT.index("お")))


if __name__ == "__main__":
    unittest.main()
