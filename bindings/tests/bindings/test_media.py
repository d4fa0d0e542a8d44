"""MediaClassifier from Python: bad models and bad images come back as typed errors.

Needs the library built with the `image` feature (otherwise the module has no
MediaClassifier and this file says so and passes nothing). With ICHIBA_MEDIA_MODEL (the
ONNX model file) set, also loads the real model and feeds it bad images, and with
ICHIBA_MEDIA_IMAGES (the test photos) classifies two of them through the binding; the
model's full golden tests live with the model code (crates/ichiba-media/tests/media).
"""
import os
import sys
import unittest

from _support import DICT, ichiba, read

E = ichiba.BindingError
HAS_IMAGE = hasattr(ichiba, "MediaClassifier")
MODEL = os.environ.get("ICHIBA_MEDIA_MODEL")
IMAGES = os.environ.get("ICHIBA_MEDIA_IMAGES")


@unittest.skipUnless(HAS_IMAGE, "library built without the `image` feature")
class BadModels(unittest.TestCase):
    def test_threshold_default_is_a_probability(self):
        self.assertTrue(0.0 < ichiba.default_media_threshold() < 1.0)

    def test_empty_and_garbage_models(self):
        for bad in (b"", b"\x08\x07garbage that is not protobuf", read(DICT)[:4096]):
            with self.assertRaises(E.Model):
                ichiba.MediaClassifier.from_bytes(bad)

    def test_missing_model_file(self):
        with self.assertRaises((E.Model, E.Io)):
            ichiba.MediaClassifier("/nonexistent/model.onnx")

    @unittest.skipUnless(MODEL, "ICHIBA_MEDIA_MODEL not set")
    def test_truncated_model(self):
        model = read(MODEL)
        with self.assertRaises(E.Model):
            ichiba.MediaClassifier.from_bytes(model[: len(model) // 2])


@unittest.skipUnless(HAS_IMAGE and MODEL, "needs the `image` feature and ICHIBA_MEDIA_MODEL")
class BadImages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.classifier = ichiba.MediaClassifier(MODEL)

    def test_empty_and_non_image_bytes(self):
        png_head = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
        for bad in (b"", b"not an image", read(DICT)[:10000], png_head):
            with self.assertRaises(E.Image):
                self.classifier.classify(bad)

    @unittest.skipUnless(IMAGES, "ICHIBA_MEDIA_IMAGES not set")
    def test_real_photos_through_the_binding(self):
        coffee = self.classifier.classify(read(os.path.join(IMAGES, "coffee.png")), None)
        self.assertEqual(coffee.top5[0].class_index, 967)  # espresso
        self.assertEqual(coffee.top5[0].name, "espresso")
        self.assertFalse(coffee.is_media)
        page = self.classifier.classify(read(os.path.join(IMAGES, "page.png")), None)
        self.assertGreater(page.media_score, coffee.media_score)
        # The threshold is the app's: at the page's own score it is media, just above it is not.
        self.assertTrue(self.classifier.classify(read(os.path.join(IMAGES, "page.png")), page.media_score).is_media)
        probs = [label.probability for label in page.top5]
        self.assertEqual(probs, sorted(probs, reverse=True))

    def test_threshold_out_of_range(self):
        with self.assertRaises(E.InvalidRequest):
            self.classifier.classify(b"", 1.5)


if __name__ == "__main__":
    if not (HAS_IMAGE and MODEL and IMAGES):
        why = ("library built without the `image` feature" if not HAS_IMAGE
               else "ICHIBA_MEDIA_MODEL or ICHIBA_MEDIA_IMAGES not set")
        print(f"test_media.py: {why}", file=sys.stderr)
        if os.environ.get("CI") == "true":
            sys.exit("test_media.py: CI=true, so nothing may be skipped")
    unittest.main()
