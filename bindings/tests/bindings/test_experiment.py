"""ExperimentClient and ExperimentEventLog from Python: the published assignment vectors,
parameters, targeting, invalid configs, the JSONL event log, threads, bad paths."""
import copy
import hashlib
import json
import os
import tempfile
import threading
import unittest

from _support import ichiba

E = ichiba.BindingError
Field = ichiba.Field

NOW = 1_736_121_600_000  # 2025-01-06T00:00:00Z

# docs/experiments.md: (salt, user id, bucket), computed there with Python's hashlib.
VECTORS = [
    ("display-duration-2025-01", "user-1", 6970),
    ("display-duration-2025-01", "user-2", 1397),
    ("display-duration-2025-01", "user-3", 4185),
    ("display-duration-2025-01", "a8f3c2e1-0000-4000-8000-000000000042", 8228),
    ("ranking-v2", "user-1", 6456),
    ("ranking-v2", "", 3968),
    ("ranking-v2", "ユーザー7", 6547),
    ("s", "x", 1141),
]

CONFIG = {
    "defaults": {"max_suggestions": 6},
    "experiments": [
        {
            "id": "display-duration",
            "salt": "display-duration-2025-01",
            "parameters": ["display_ms"],
            "variants": [
                {"name": "display-8s", "weight": 1, "params": {"display_ms": 8000}},
                {"name": "display-4s", "weight": 1, "params": {"display_ms": 4000}},
            ],
            "control": "display-8s",
            "targeting": {
                "platforms": ["ios", "android"],
                "app_version": {"min": "5.2.0", "max": "6.0.0"},
                "os_version_min": {"ios": "16.0", "android": "10"},
            },
            "start": "2025-01-06T00:00:00+09:00",
            "end": "2025-02-03T00:00:00+09:00",
        },
        {
            "id": "ranking",
            "salt": "ranking-v2",
            "parameters": ["ranking", "suggestions_enabled"],
            "variants": [
                {"name": "control", "weight": 1},
                {"name": "v2", "weight": 1, "params": {"ranking": "v2"}},
            ],
        },
        # An A/A test: no parameters, the "s"/"x" vector.
        {"id": "aa", "salt": "s", "variants": [{"name": "a", "weight": 1},
                                               {"name": "b", "weight": 1}]},
    ],
}


def device(os_="android", app="5.3.0", os_version="14"):
    return ichiba.Device(os=os_, os_version=os_version, arch="arm64-v8a", app_version=app,
                         preferred_precision=None)


def hashlib_bucket(salt, user):
    """The doc's reference implementation, independent of the library."""
    return int.from_bytes(hashlib.sha256(f"{salt}:{user}".encode()).digest()[:8], "big") % 10000


def assignments(decision):
    return {a.experiment: (a.variant, a.bucket) for a in decision.assignments}


class Assign(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = ichiba.ExperimentClient.from_config(json.dumps(CONFIG))

    def test_buckets_are_the_published_vectors(self):
        ids = {e["salt"]: e["id"] for e in CONFIG["experiments"]}
        for salt, user, bucket in VECTORS:
            self.assertEqual(hashlib_bucket(salt, user), bucket)  # the table itself
            got = assignments(self.client.decide(user, device(), NOW))
            self.assertEqual(got[ids[salt]][1], bucket, f"{salt}:{user}")

    def test_variants_follow_the_buckets(self):
        # 1:1 weights: the first variant owns buckets 0..5000.
        want = {"user-1": "display-4s", "user-2": "display-8s", "user-3": "display-8s",
                "a8f3c2e1-0000-4000-8000-000000000042": "display-4s"}
        for user, variant in want.items():
            got = assignments(self.client.decide(user, device(), NOW))
            self.assertEqual(got["display-duration"][0], variant, user)
        self.assertEqual(assignments(self.client.decide("x", device(), NOW))["aa"],
                         ("a", 1141))

    def test_same_user_same_variant_in_another_client(self):
        other = ichiba.ExperimentClient()
        self.assertEqual(other.experiment_ids(), [])
        other.load_config(json.dumps(CONFIG))
        self.assertEqual(other.experiment_ids(), ["display-duration", "ranking", "aa"])
        for n in range(200):
            user = f"install-{n}"
            a = self.client.decide(user, device(), NOW)
            b = other.decide(user, device("ios", "5.9.1", "17.4"), NOW + 86_400_000)
            self.assertEqual(a.assignments, b.assignments, user)
            self.assertEqual(a.user_id, user)

    def test_params_for_a_user(self):
        p = self.client.decide("user-1", device(), NOW).params  # display-4s, ranking v2
        self.assertEqual(p, ichiba.ExperimentParams(suggestions_enabled=True, max_suggestions=6,
                                                    display_ms=4000, ranking="v2"))
        p = self.client.decide("user-2", device(), NOW).params  # display-8s
        self.assertEqual((p.display_ms, p.max_suggestions), (8000, 6))
        p = self.client.decide("", device(), NOW).params  # ranking-v2 bucket 3968: control
        self.assertEqual(p.ranking, "default")

    def test_targeting_window_and_kill_switch_leave_the_defaults(self):
        outside = [
            ("app too old", device(app="5.1.9"), NOW),
            ("app at the exclusive max", device(app="6.0.0"), NOW),
            ("android below 10", device(os_version="9"), NOW),
            ("ios below 16", device("ios", "5.3.0", "15.7"), NOW),
            ("before the start", device(), NOW - 9 * 3_600_000 - 1),
            ("at the end", device(), 1_738_508_400_000),
        ]
        for what, dev, now in outside:
            d = self.client.decide("user-1", dev, now)
            self.assertNotIn("display-duration", assignments(d), what)
            self.assertEqual(d.params.display_ms, 8000, what)  # the built-in default
            self.assertIn("ranking", assignments(d), what)  # untargeted: still applies
        inside = self.client.decide("user-1", device("iPadOS", "5.2", "16"), NOW - 9 * 3_600_000)
        self.assertEqual(inside.params.display_ms, 4000)

        killed = copy.deepcopy(CONFIG)
        for e in killed["experiments"]:
            e["killed"] = True
        client = ichiba.ExperimentClient.from_config(json.dumps(killed))
        d = client.decide("user-1", device(), NOW)
        self.assertEqual(d.assignments, [])
        self.assertEqual(d.params, ichiba.ExperimentParams(
            suggestions_enabled=True, max_suggestions=6, display_ms=8000, ranking="default"))

    def test_a_bad_device_is_an_invalid_request(self):
        for bad in (device(os_="windows"), device(app="five"), device(os_version="")):
            with self.assertRaises(E.InvalidRequest):
                self.client.decide("user-1", bad, NOW)


class InvalidConfig(unittest.TestCase):
    def broken(self, change):
        config = copy.deepcopy(CONFIG)
        change(config)
        return json.dumps(config)

    def test_refused_with_the_core_message_and_the_old_config_serves(self):
        client = ichiba.ExperimentClient.from_config(json.dumps(CONFIG))
        before = client.decide("user-1", device(), NOW)

        def zero_weights(c):
            for v in c["experiments"][0]["variants"]:
                v["weight"] = 0

        def overlap(c):
            c["experiments"][2]["parameters"] = ["display_ms"]

        def out_of_range(c):
            c["experiments"][0]["variants"][1]["params"]["display_ms"] = 0

        cases = [
            (self.broken(zero_weights), 'experiment "display-duration": weights sum to 0'),
            (self.broken(overlap),
             'experiments "display-duration" and "aa" both control parameter display_ms'),
            (self.broken(out_of_range), 'experiment "display-duration", variant "display-4s": '
                                        'display_ms = 0 is out of range (1 to 120000 ms)'),
        ]
        for config, message in cases:
            with self.assertRaises(E.InvalidConfig) as cm:
                client.load_config(config)
            self.assertEqual(str(cm.exception), message)
        with self.assertRaises(E.InvalidConfig) as cm:
            client.load_config('{"defaults": {"dispay_ms": 4000}, "experiments": []}')
        self.assertTrue(str(cm.exception).startswith(
            "experiment config: unknown field `dispay_ms`, expected one of"), str(cm.exception))
        for garbage in ("", "{", "[]", '{"experiments": null}'):
            with self.assertRaises(E.InvalidConfig):
                client.load_config(garbage)
        # Every refusal left the good config serving.
        self.assertEqual(client.decide("user-1", device(), NOW), before)
        self.assertEqual(client.experiment_ids(), ["display-duration", "ranking", "aa"])
        with self.assertRaises(E.InvalidConfig):
            ichiba.ExperimentClient.from_config(cases[0][0])


class Events(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "events.jsonl")
        self.client = ichiba.ExperimentClient.from_config(json.dumps(CONFIG))

    def tearDown(self):
        self.dir.cleanup()

    def lines(self, path=None):
        with open(path or self.path, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def test_events_written_and_read_back(self):
        log = ichiba.ExperimentEventLog(self.path)
        d = self.client.decide("user-1", device(), NOW)
        self.assertEqual(len(d.assignments), 3)  # one line per assignment
        log.log_exposure(d, NOW)
        log.log_shown(d, NOW + 1200, Field.TITLE, 5)
        log.log_accepted(d, NOW + 3500, Field.TITLE, 1, 2300, 4)
        log.log_dismissed(d, NOW + 9000, Field.DESCRIPTION, 1500)
        log.sync()
        self.assertEqual(log.files(), [self.path])

        lines = self.lines()
        self.assertEqual(len(lines), 12)
        tags = [{"user": "user-1", "experiment": "display-duration", "variant": "display-4s"},
                {"user": "user-1", "experiment": "ranking", "variant": "v2"},
                {"user": "user-1", "experiment": "aa", "variant": "b"}]
        kinds = [
            {"ts": NOW, "type": "exposure"},
            {"ts": NOW + 1200, "type": "shown", "field": "title", "count": 5},
            {"ts": NOW + 3500, "type": "accepted", "field": "title", "rank": 1,
             "ms_since_shown": 2300, "chars_saved": 4},
            {"ts": NOW + 9000, "type": "dismissed", "field": "description",
             "ms_since_shown": 1500},
        ]
        want = [{**kind, **tag} for kind in kinds for tag in tags]
        self.assertEqual(lines, want)
        # Only ids, numbers and enums: no field could hold what the seller typed.
        for line in lines:
            self.assertLessEqual(set(line), {"ts", "user", "experiment", "variant", "type",
                                             "field", "count", "rank", "ms_since_shown",
                                             "chars_saved"})

    def test_prompt_parameters_and_events(self):
        config = {"experiments": [{
            "id": "prompt", "salt": "prompt-2025-02",
            "parameters": ["prompt_display_ms", "prompt_copy"],
            "variants": [{"name": "p", "weight": 1,
                          "params": {"prompt_display_ms": 4000,
                                     "prompt_copy": "barcode-register"}}]}]}
        client = ichiba.ExperimentClient.from_config(json.dumps(config))
        d = client.decide("user-1", device(), NOW)
        self.assertEqual((d.params.prompt_display_ms, d.params.prompt_copy),
                         (4000, "barcode-register"))
        self.assertEqual(d.params.prompt_text,
                         "商品のバーコードを読み取ると出品に必要な情報を登録できます")
        self.assertEqual(ichiba.prompt_copy_text("barcode-categories"),
                         "本・CD/DVD・ゲームの場合はバーコードで出品できます")
        with self.assertRaises(E.InvalidRequest):
            ichiba.prompt_copy_text("barcode")
        bad = copy.deepcopy(config)
        bad["experiments"][0]["variants"][0]["params"]["prompt_copy"] = "barcode"
        with self.assertRaises(E.InvalidConfig) as cm:
            client.load_config(json.dumps(bad))
        self.assertIn('prompt_copy "barcode" is not a known wording', str(cm.exception))

        log = ichiba.ExperimentEventLog(self.path)
        log.log_prompt_shown(d, NOW, 0.875)
        log.log_prompt_tapped(d, NOW + 5100, 5100)
        log.log_prompt_expired(d, NOW + 6000)
        log.log_prompt_dismissed(d, NOW + 7000, 700)
        for score in (float("nan"), 1.5, -0.1):
            with self.assertRaises(E.InvalidRequest):
                log.log_prompt_shown(d, NOW, score)
        tag = {"user": "user-1", "experiment": "prompt", "variant": "p"}
        self.assertEqual(self.lines(), [
            {"ts": NOW, "type": "prompt_shown", "score": 0.875, **tag},
            {"ts": NOW + 5100, "type": "prompt_tapped", "ms_since_shown": 5100, **tag},
            {"ts": NOW + 6000, "type": "prompt_expired", **tag},
            {"ts": NOW + 7000, "type": "prompt_dismissed", "ms_since_shown": 700, **tag},
        ])

    def test_appends_to_an_existing_log_and_logs_nothing_outside_experiments(self):
        log = ichiba.ExperimentEventLog(self.path)
        d = self.client.decide("user-2", device(), NOW)
        log.log_exposure(d, NOW)
        del log
        nobody = ichiba.ExperimentClient().decide("user-2", device(), NOW)
        log = ichiba.ExperimentEventLog(self.path)
        self.assertEqual(nobody.assignments, [])
        log.log_exposure(nobody, NOW + 1)  # writes nothing
        log.log_shown(d, NOW + 2, Field.BRAND, 3)
        self.assertEqual([(x["ts"], x["type"]) for x in self.lines()],
                         [(NOW, "exposure")] * 3 + [(NOW + 2, "shown")] * 3)
        with self.assertRaises(E.InvalidRequest):
            log.log_accepted(d, NOW, Field.TITLE, 0, 100, 2)  # ranks are 1-based

    def test_rotation_bounds_the_files(self):
        log = ichiba.ExperimentEventLog(self.path, max_bytes=1000, keep=2)
        d = self.client.decide("user-3", device(), NOW)
        for i in range(40):
            log.log_shown(d, NOW + i, Field.TITLE, 5)
        files = log.files()
        self.assertEqual(files, [self.path + ".2", self.path + ".1", self.path])
        self.assertFalse(os.path.exists(self.path + ".3"))
        for f in files:
            self.assertLessEqual(os.path.getsize(f), 1000)
        ts = [x["ts"] for f in files for x in self.lines(f)]
        self.assertEqual(ts, sorted(ts))
        self.assertEqual(ts[-1], NOW + 39)

    def test_bad_paths_and_limits_are_typed_errors(self):
        missing = os.path.join(self.dir.name, "no-such-dir", "events.jsonl")
        with self.assertRaises(E.Io) as cm:
            ichiba.ExperimentEventLog(missing)
        self.assertIn(missing, str(cm.exception))
        with self.assertRaises(E.Io):
            ichiba.ExperimentEventLog(self.dir.name)  # a directory, not a file
        with self.assertRaises(E.InvalidRequest):
            ichiba.ExperimentEventLog(self.path, max_bytes=0)
        with self.assertRaises(E.InvalidRequest):
            ichiba.ExperimentEventLog(self.path, keep=1000)


class Threads(unittest.TestCase):
    def test_concurrent_decide_log_and_reload(self):
        client = ichiba.ExperimentClient.from_config(json.dumps(CONFIG))
        want = {f"u-{n}": client.decide(f"u-{n}", device(), NOW) for n in range(50)}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "events.jsonl")
            log = ichiba.ExperimentEventLog(path)
            errors = []

            def worker(t):
                try:
                    for i in range(100):
                        user = f"u-{(t * 7 + i) % 50}"
                        got = client.decide(user, device(), NOW)
                        if got != want[user]:
                            errors.append((user, got))
                        log.log_accepted(got, NOW + i, Field.TITLE, 1 + i % 5, 100 * i, 3)
                except Exception as e:  # noqa: BLE001 - any failure fails the test
                    errors.append(e)

            threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
            for t in threads:
                t.start()
            for _ in range(50):  # reloading the same config never changes an answer
                client.load_config(json.dumps(CONFIG))
                with self.assertRaises(E.InvalidConfig):
                    client.load_config("{")
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            with open(path, encoding="utf-8") as f:
                lines = [json.loads(line) for line in f]  # no torn or interleaved line
            self.assertEqual(len(lines), 8 * 100 * 3)
            self.assertTrue(all(x["type"] == "accepted" for x in lines))


if __name__ == "__main__":
    unittest.main()
