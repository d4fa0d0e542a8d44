"""Artifact selection and verification from Python (the logic's own tests are in Rust)."""
import hashlib
import json
import os
import tempfile
import unittest

from _support import DICT, ichiba, read

E = ichiba.BindingError


def manifest(*artifacts):
    return json.dumps({"manifest_version": 1, "artifacts": list(artifacts)})


def artifact(url, **extra):
    a = {"name": "media-classifier", "kind": "model", "version": "1", "url": url,
         "size": 1, "sha256": "0" * 64}
    a.update(extra)
    return a


PIXEL = ichiba.Device(os="android", os_version="14", arch="arm64-v8a", app_version="5.12.0",
                      preferred_precision="fp16")


class Select(unittest.TestCase):
    def test_picks_the_device_fit(self):
        m = manifest(
            artifact("ios-fp16", os="ios", precision="fp16"),
            artifact("android-fp32", os="android"),
            artifact("android-fp16", os="android", precision="fp16", arch=["aarch64"]),
            artifact("android-int8", os="android", precision="int8"),
        )
        a = ichiba.select_artifact(m, "media-classifier", PIXEL)
        self.assertEqual(a.url, "android-fp16")
        self.assertEqual(a.precision, "fp16")
        old = ichiba.Device(os="android", os_version="14", arch="x86_64", app_version="5",
                            preferred_precision=None)
        self.assertEqual(ichiba.select_artifact(m, "media-classifier", old).url, "android-fp32")

    def test_no_match_says_why(self):
        m = manifest(artifact("a", os="ios"), artifact("b", os="android", min_os_version="15"))
        with self.assertRaises(E.NoMatchingArtifact) as cm:
            ichiba.select_artifact(m, "media-classifier", PIXEL)
        self.assertIn("is for ios", str(cm.exception))
        self.assertIn("needs android 15", str(cm.exception))

    def test_invalid_manifest(self):
        for bad in ("", "{", json.dumps({"manifest_version": 1}),
                    manifest(artifact("x", sha256="nothex"))):
            with self.assertRaises(E.InvalidManifest):
                ichiba.select_artifact(bad, "media-classifier", PIXEL)

    def test_dictionary_manifest_written_by_the_builder(self):
        # The builder's manifest describes one file; the delivery manifest lists it.
        with open(DICT[: -len(".ichiba")] + ".manifest.json") as f:
            built = json.load(f)
        m = manifest({"name": "dictionary", "kind": "dictionary", "version": "1",
                      "url": "https://cdn.example/default.ichiba", "size": built["size"],
                      "sha256": built["sha256"], "format_version": built["format_version"]})
        a = ichiba.select_artifact(m, "dictionary", PIXEL)
        ichiba.verify_artifact(read(DICT), a.size, a.sha256)
        ichiba.verify_artifact_file(DICT, a.size, a.sha256)


class Verify(unittest.TestCase):
    def test_size_and_sha256(self):
        data = read(DICT)
        sha = hashlib.sha256(data).hexdigest()
        ichiba.verify_artifact(data, len(data), sha)
        with self.assertRaises(E.SizeMismatch) as cm:
            ichiba.verify_artifact(data[:-1], len(data), sha)
        self.assertIn("truncated", str(cm.exception))
        with self.assertRaises(E.ChecksumMismatch):
            ichiba.verify_artifact(data[:-1] + b"?", len(data), sha)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "partial")
            with open(path, "wb") as f:
                f.write(data[:100])
            with self.assertRaises(E.SizeMismatch):
                ichiba.verify_artifact_file(path, len(data), sha)
            with self.assertRaises(E.Io):
                ichiba.verify_artifact_file(os.path.join(d, "missing"), len(data), sha)


if __name__ == "__main__":
    unittest.main()
