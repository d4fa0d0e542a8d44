"""Bad input through the bindings comes back as a typed BindingError, never a crash."""
import os
import tempfile
import unittest

from _support import DICT, ichiba, read

E = ichiba.BindingError
Field = ichiba.Field


class Errors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = ichiba.SuggestionEngine()

    def test_cursor_out_of_range(self):
        with self.assertRaises(E.CursorOutOfRange) as cm:
            self.engine.suggest("abc", 4, Field.FREE, 10)
        self.assertIn("past the end", str(cm.exception))
        # Android's getSelectionStart() is -1 when there is no selection.
        with self.assertRaises(E.CursorOutOfRange):
            self.engine.suggest("abc", -1, Field.FREE, 10)
        # 😀 is 2 UTF-16 units: 3 is past the end although len("😀a") == 2 in Python... 4 is.
        self.engine.suggest("😀a", 3, Field.FREE, 10)
        with self.assertRaises(E.CursorOutOfRange):
            self.engine.suggest("😀a", 4, Field.FREE, 10)

    def test_cursor_inside_a_surrogate_pair(self):
        with self.assertRaises(E.CursorInsideCharacter) as cm:
            self.engine.suggest("😀しゅぷ", 1, Field.FREE, 10)
        self.assertIn("character boundary", str(cm.exception))

    def test_huge_string(self):
        huge = "しゅぷ" * 100_000  # 900 KB of UTF-8
        with self.assertRaises(E.InvalidRequest) as cm:
            self.engine.suggest(huge, 3, Field.FREE, 10)
        self.assertIn("only the field being edited", str(cm.exception))
        # Long but allowed text costs no more than short text: only the end is looked at.
        long = "あ" * 20_000 + " しゅぷ"
        self.assertEqual(self.engine.suggest(long, len(long), Field.FREE, 1)[0].surface,
                         "シュプリーム")

    def test_top_k_out_of_range(self):
        with self.assertRaises(E.InvalidRequest):
            self.engine.suggest("しゅぷ", 3, Field.FREE, 65)
        with self.assertRaises(E.InvalidRequest):
            self.engine.suggest("しゅぷ", 3, Field.FREE, -1)

    def test_corrupt_dictionary(self):
        good = read(DICT)
        flipped = bytearray(good)
        flipped[len(flipped) // 2] ^= 0xFF
        for bad in (b"", b"not a dictionary at all", good[:1000], bytes(flipped)):
            with self.assertRaises(E.CorruptDictionary):
                ichiba.SuggestionEngine.from_bytes(bad)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.ichiba")
            with open(path, "wb") as f:
                f.write(good[:5000])
            with self.assertRaises(E.CorruptDictionary):
                ichiba.SuggestionEngine.from_file(path)

    def test_swap_refuses_a_corrupt_dictionary_and_keeps_serving(self):
        engine = ichiba.SuggestionEngine()
        with self.assertRaises(E.CorruptDictionary) as cm:
            engine.swap_dictionary(b"\0" * 4096)
        self.assertIn("keeps the dictionary it had", str(cm.exception))
        self.assertEqual(engine.suggest("しゅぷ", 3, Field.FREE, 1)[0].surface, "シュプリーム")

    def test_unsupported_version(self):
        future = bytearray(read(DICT))
        future[8:12] = (99).to_bytes(4, "little")  # the format version after the magic
        with self.assertRaises(E.UnsupportedVersion) as cm:
            ichiba.SuggestionEngine.from_bytes(bytes(future))
        self.assertIn("version 99", str(cm.exception))

    def test_missing_file(self):
        with self.assertRaises(E.Io):
            ichiba.SuggestionEngine.from_file("/nonexistent/default.ichiba")
        with self.assertRaises(E.Io):
            ichiba.SuggestionEngine().swap_dictionary_file("/nonexistent/default.ichiba")

    def test_a_rust_panic_is_a_typed_error(self):
        # debug_panic() panics inside the library (built with the feature test-panic).
        with self.assertRaises(E.Internal) as cm:
            ichiba.debug_panic("deliberate test panic")
        self.assertIn("deliberate test panic", str(cm.exception))
        self.assertIn("please report it", str(cm.exception))
        # The library keeps working after it.
        self.assertEqual(self.engine.suggest("しゅぷ", 3, Field.TITLE, 1)[0].surface, "シュプリーム")

    def test_every_error_is_a_binding_error(self):
        with self.assertRaises(ichiba.BindingError):
            self.engine.suggest("abc", 99, Field.FREE, 10)


if __name__ == "__main__":
    unittest.main()
