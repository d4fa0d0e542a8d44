"""SuggestionEngine from Python: suggest, UTF-16 cursors, bytes, threads, swaps."""
import threading
import unittest

from _support import DICT, TINY_DICT, ichiba, read, surfaces, utf16

Field = ichiba.Field


class Suggest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = ichiba.SuggestionEngine()

    def test_suggests_with_the_span_to_replace(self):
        out = self.engine.suggest("しゅぷ", 3, Field.TITLE, 5)
        self.assertEqual(out[0].surface, "シュプリーム")
        self.assertEqual(out[0].reading, "しゅぷりーむ")
        self.assertEqual(out[0].kind, ichiba.SuggestionKind.BRAND)
        self.assertEqual((out[0].replace_start, out[0].replace_end), (0, 3))
        self.assertLessEqual(len(out), 5)

    def test_top_k_defaults_to_ten(self):
        self.assertLessEqual(len(self.engine.suggest("し", 1, Field.FREE)), 10)
        self.assertEqual(self.engine.suggest("しゅぷ", 3, Field.FREE, 0), [])

    def test_emoji_before_the_cursor_counts_two_utf16_units(self):
        text = "😀しゅぷ"  # 😀 is one code point but two UTF-16 units (a surrogate pair)
        cursor = utf16(text)
        self.assertEqual(cursor, 5)
        s = self.engine.suggest(text, cursor, Field.TITLE, 3)[0]
        self.assertEqual(s.surface, "シュプリーム")
        self.assertEqual((s.replace_start, s.replace_end), (2, 5))
        # Replace the span the way Kotlin/Swift would: in UTF-16 units.
        units = text.encode("utf-16-le")
        new = (units[: 2 * s.replace_start] + s.surface.encode("utf-16-le")
               + units[2 * s.replace_end:]).decode("utf-16-le")
        self.assertEqual(new, "😀シュプリーム")

    def test_cursor_in_the_middle_of_the_text(self):
        text = "👍🏽しゅぷ 新品"
        cursor = utf16(text, text.index(" "))
        s = self.engine.suggest(text, cursor, Field.TITLE, 3)[0]
        self.assertEqual(s.surface, "シュプリーム")
        self.assertEqual((s.replace_start, s.replace_end), (utf16(text, 2), cursor))

    def test_field_changes_nothing_about_validity(self):
        for field in (Field.TITLE, Field.DESCRIPTION, Field.BRAND, Field.FREE):
            self.assertTrue(self.engine.suggest("ないき", 3, field, 3))

    def test_from_file_and_from_bytes(self):
        by_file = ichiba.SuggestionEngine.from_file(DICT)
        by_bytes = ichiba.SuggestionEngine.from_bytes(read(DICT))
        want = surfaces(self.engine.suggest("すにー", 3, Field.TITLE, 10))
        self.assertEqual(surfaces(by_file.suggest("すにー", 3, Field.TITLE, 10)), want)
        self.assertEqual(surfaces(by_bytes.suggest("すにー", 3, Field.TITLE, 10)), want)
        self.assertEqual(len(by_bytes.dictionary_build_id()), 32)


class Threads(unittest.TestCase):
    def test_concurrent_calls_from_threads(self):
        engine = ichiba.SuggestionEngine()
        queries = ["しゅぷ", "すにー", "ないき", "しんぴん", "ルイ", "supr"]
        want = {q: surfaces(engine.suggest(q, utf16(q), Field.TITLE, 10)) for q in queries}
        errors = []

        def worker(n):
            try:
                for i in range(200):
                    q = queries[(n + i) % len(queries)]
                    got = surfaces(engine.suggest(q, utf16(q), Field.TITLE, 10))
                    if got != want[q]:
                        errors.append((q, got))
            except Exception as e:  # noqa: BLE001 - any failure fails the test
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])

    def test_swap_while_querying(self):
        default, tiny = read(DICT), read(TINY_DICT)
        engine = ichiba.SuggestionEngine.from_bytes(default)
        q = "しゅ"
        a = surfaces(engine.suggest(q, 2, Field.FREE, 10))
        b = surfaces(ichiba.SuggestionEngine.from_bytes(tiny).suggest(q, 2, Field.FREE, 10))
        self.assertNotEqual(a, b)
        stop = threading.Event()
        seen, errors = set(), []

        def reader():
            try:
                while not stop.is_set():
                    got = surfaces(engine.suggest(q, 2, Field.FREE, 10))
                    if got not in (a, b):
                        errors.append(got)
                    seen.add(tuple(got))
            except Exception as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            for i in range(60):
                engine.swap_dictionary(tiny if i % 2 == 0 else default)
                # A corrupt download in the middle is refused; queries never notice.
                with self.assertRaises(ichiba.BindingError.CorruptDictionary):
                    engine.swap_dictionary(default[: len(default) // 2])
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(errors, [])
        self.assertEqual(surfaces(engine.suggest(q, 2, Field.FREE, 10)), a)  # 60 swaps: default
        engine.swap_dictionary_file(TINY_DICT)
        self.assertEqual(surfaces(engine.suggest(q, 2, Field.FREE, 10)), b)


if __name__ == "__main__":
    unittest.main()
