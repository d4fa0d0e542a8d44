"""User history through the bindings: record, rank higher, persist, clear, turn off."""
import os
import tempfile
import unittest

from _support import ichiba, surfaces

Field = ichiba.Field
Q = "しゅ"


def ranked(engine):
    return surfaces(engine.suggest(Q, 2, Field.FREE, 10))


class History(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "history.tsv")
        self.options = ichiba.HistoryOptions(path=self.path, capacity=64, enabled=True)

    def tearDown(self):
        self.dir.cleanup()

    def accept_last(self, engine, times=3):
        out = engine.suggest(Q, 2, Field.FREE, 10)
        last = out[-1]
        for _ in range(times):
            engine.record_acceptance(last)
        return last.surface

    def test_record_persist_clear(self):
        engine = ichiba.SuggestionEngine(self.options)
        before = ranked(engine)
        taken = self.accept_last(engine)
        after = ranked(engine)
        self.assertLess(after.index(taken), before.index(taken), after)
        self.assertTrue(os.path.exists(self.path))

        # A new engine (the app restarted) reads the same file.
        reopened = ichiba.SuggestionEngine(self.options)
        self.assertEqual(ranked(reopened), after)

        reopened.clear_history()
        self.assertFalse(os.path.exists(self.path))
        self.assertEqual(ranked(reopened), before)

    def test_forget_one_word(self):
        engine = ichiba.SuggestionEngine(self.options)
        before = engine.suggest(Q, 2, Field.FREE, 10)
        a, b = before[-1], before[-2]
        for _ in range(3):
            engine.record_acceptance(a)
            engine.record_acceptance(b)
        learned = ranked(engine)
        self.assertLess(learned.index(a.surface), 8, learned)
        self.assertTrue(engine.forget(a.entity))
        self.assertFalse(engine.forget(a.entity))
        after = {s.surface: s.score for s in engine.suggest(Q, 2, Field.FREE, 10)}
        self.assertAlmostEqual(after.get(a.surface, -1e9), a.score, places=4)
        self.assertLess(ranked(engine).index(b.surface), 8)
        # The file no longer holds it: a restarted app has forgotten it too.
        with open(self.path, encoding="utf-8") as f:
            self.assertNotIn(a.entity, f.read())

    def test_learning_off_records_nothing_and_ranks_as_new(self):
        engine = ichiba.SuggestionEngine(self.options)
        before = ranked(engine)
        engine.set_learning(False)
        self.assertFalse(engine.is_learning())
        self.accept_last(engine)
        self.assertEqual(ranked(engine), before)
        self.assertFalse(os.path.exists(self.path))
        engine.set_learning(True)
        self.assertTrue(engine.is_learning())

    def test_disabled_from_the_start(self):
        options = ichiba.HistoryOptions(path=self.path, capacity=64, enabled=False)
        engine = ichiba.SuggestionEngine.from_file(os.environ["ICHIBA_DICT"], options)
        self.assertFalse(engine.is_learning())

    def test_default_is_in_memory(self):
        engine = ichiba.SuggestionEngine()
        before = ranked(engine)
        taken = self.accept_last(engine)
        self.assertLess(ranked(engine).index(taken), before.index(taken))
        self.assertEqual(ranked(ichiba.SuggestionEngine()), before)

    def test_unwritable_history_path_is_an_io_error(self):
        blocker = os.path.join(self.dir.name, "file")
        open(blocker, "w").close()
        options = ichiba.HistoryOptions(path=os.path.join(blocker, "history.tsv"),
                                        capacity=64, enabled=True)
        with self.assertRaises(ichiba.BindingError.Io) as cm:
            ichiba.SuggestionEngine(options)
        self.assertIn("history.tsv", str(cm.exception))


class Blocked(unittest.TestCase):
    def test_blocked_terms_with_utf16_spans(self):
        engine = ichiba.SuggestionEngine()
        text = "😀スーパーコピー"
        found = engine.blocked_terms(text, len(text.encode("utf-16-le")) // 2)
        self.assertEqual([(b.surface, b.reason, b.start, b.end) for b in found],
                         [("スーパーコピー", "counterfeit", 2, 9)])
        self.assertEqual(engine.blocked_terms("しゅぷ", 3), [])
        with self.assertRaises(ichiba.BindingError.CursorOutOfRange):
            engine.blocked_terms("abc", 5)


if __name__ == "__main__":
    unittest.main()
