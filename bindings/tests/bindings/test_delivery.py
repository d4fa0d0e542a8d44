"""Signed delivery from Python: a manifest signed by `ichiba sign manifest` (run.sh signs the
analyzer's manifest with sequence 5), checked with the pinned public key before use."""
import json
import os
import time
import unittest

from _support import ichiba

E = ichiba.BindingError


def text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


SIGNED = text(os.environ["ICHIBA_SIGNED_MANIFEST"])
KEY = text(os.environ["ICHIBA_PUBLIC_KEY"]).strip()
OTHER = text(os.environ["ICHIBA_OTHER_PUBLIC_KEY"]).strip()
NOW = int(time.time())


class Delivery(unittest.TestCase):
    def test_a_signed_manifest_opens_and_selects(self):
        m = ichiba.verify_signed_manifest(SIGNED, [KEY], NOW, None)
        self.assertEqual(m.sequence, 5)
        self.assertGreater(m.expires_at, NOW)
        self.assertEqual(len(m.key_id), 16)
        device = ichiba.Device(os="android", os_version="14", arch="arm64-v8a",
                               app_version="5.12.0", preferred_precision=None)
        a = ichiba.select_artifact(m.manifest_json, "analyzer", device)
        self.assertEqual(a.kind, "analyzer")
        # The same sequence again is not a rollback (the same manifest fetched twice).
        ichiba.verify_signed_manifest(SIGNED, [OTHER, KEY], NOW, 5)

    def test_unsigned(self):
        plain = json.loads(SIGNED)["manifest"]
        with self.assertRaises(E.UnsignedManifest):
            ichiba.verify_signed_manifest(plain, [KEY], NOW, None)
        envelope = json.loads(SIGNED)
        del envelope["signature"]
        with self.assertRaises(E.UnsignedManifest):
            ichiba.verify_signed_manifest(json.dumps(envelope), [KEY], NOW, None)

    def test_another_key(self):
        with self.assertRaises(E.UntrustedKey):
            ichiba.verify_signed_manifest(SIGNED, [OTHER], NOW, None)

    def test_altered(self):
        envelope = json.loads(SIGNED)
        inner = json.loads(envelope["manifest"])
        inner["artifacts"][0]["url"] = "https://evil.example/analyzer"
        envelope["manifest"] = json.dumps(inner)
        with self.assertRaises(E.BadSignature):
            ichiba.verify_signed_manifest(json.dumps(envelope), [KEY], NOW, None)

    def test_rollback(self):
        with self.assertRaises(E.ManifestRollback) as cm:
            ichiba.verify_signed_manifest(SIGNED, [KEY], NOW, 6)
        self.assertIn("rollback", str(cm.exception))

    def test_expired(self):
        with self.assertRaises(E.ManifestExpired):
            ichiba.verify_signed_manifest(SIGNED, [KEY], NOW + 31 * 86400, None)

    def test_bad_keys(self):
        with self.assertRaises(E.InvalidRequest):
            ichiba.verify_signed_manifest(SIGNED, [], NOW, None)
        with self.assertRaises(E.InvalidRequest):
            ichiba.verify_signed_manifest(SIGNED, ["not hex"], NOW, None)


if __name__ == "__main__":
    unittest.main()
