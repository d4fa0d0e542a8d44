#!/usr/bin/env python3
"""Quantize our fp32 EfficientNet-Lite0 ONNX graph to int8 with onnxruntime's static
quantizer (post-training, MinMax calibration), for the per-device model variants.

Usage: quantize_lite0.py FP32.onnx OUT.onnx --format qdq|qoperator --calibration IMG [IMG…]

- weights int8, per output channel (symmetric); activations uint8 (asymmetric), per tensor;
- `qdq`: QuantizeLinear/DequantizeLinear pairs around fp32 operators (the portable form;
  runtimes fuse them into int8 kernels when they can);
- `qoperator`: QLinearConv / QLinearAdd / … operators (int8 kernels spelled out in the graph);
- calibration images: NOT the golden test photos (fetch_int8.sh passes other images from the
  same scikit-image wheel plus synthetic patterns), preprocessed like crates/ichiba-media's
  `preprocess.rs`: central 224/256 square, bilinear (anti-aliased) resize to 224, RGB,
  (v − 127) / 128, NCHW.

The calibration runs onnxruntime on one thread so the collected ranges, and so the bytes of
the output, are the same on every run with the pinned packages (requirements-quantize.txt).
"""
import argparse, hashlib, os, sys, tempfile, time

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                      QuantType, quantize_static)
from PIL import Image, ImageOps

SIZE = 224


def preprocess(path):
    img = Image.open(path)
    img = ImageOps.exif_transpose(img)
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img)
    img = img.convert("RGB")
    w, h = img.size
    side = max(1, round(min(w, h) * SIZE / 256))
    left, top = (w - side) // 2, (h - side) // 2
    img = img.crop((left, top, left + side, top + side)).resize((SIZE, SIZE), Image.BILINEAR)
    x = (np.asarray(img, dtype=np.float32) - 127.0) / 128.0
    return x.transpose(2, 0, 1)[None].copy()


def synthetic():
    """A few deterministic patterns: flat grey, gradients, stripes (text-like), checkerboard."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    out = []
    out.append(np.zeros((1, 3, SIZE, SIZE), np.float32))
    out.append(np.stack([xx, yy, 1 - xx])[None] * 2 - 1)
    stripes = ((np.floor(yy * 40) % 2) * (np.floor(xx * 12) % 3 > 0)).astype(np.float32)
    out.append(np.stack([stripes] * 3)[None] * 1.8 - 0.9)
    checker = ((np.floor(xx * 8) + np.floor(yy * 8)) % 2).astype(np.float32)
    out.append(np.stack([checker, 1 - checker, checker * 0.5])[None] * 2 - 1)
    return [o.astype(np.float32) for o in out]


class Reader(CalibrationDataReader):
    def __init__(self, tensors):
        self.it = iter([{"input": t} for t in tensors])

    def get_next(self):
        return next(self.it, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fp32")
    ap.add_argument("out")
    ap.add_argument("--format", choices=["qdq", "qoperator"], required=True)
    ap.add_argument("--calibration", nargs="+", required=True)
    ap.add_argument("--op-types", default="Conv,Clip,Add,GlobalAveragePool,Gemm",
                    help="operator types to quantize; Softmax stays fp32 (quantized "
                         "probabilities would round the media score to 1/256)")
    a = ap.parse_args()

    t0 = time.time()
    tensors = [preprocess(p) for p in a.calibration] + synthetic()
    # One thread for the calibration runs (deterministic ranges).
    orig_session = ort.InferenceSession

    def one_thread_session(path_or_bytes, sess_options=None, *args, **kw):
        so = sess_options or ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        return orig_session(path_or_bytes, so, *args, **kw)

    ort.InferenceSession = one_thread_session
    import onnxruntime.quantization.calibrate as calibrate
    calibrate.onnxruntime.InferenceSession = one_thread_session

    with tempfile.TemporaryDirectory() as tmp:
        quantize_static(
            a.fp32, a.out, Reader(tensors),
            quant_format=QuantFormat.QDQ if a.format == "qdq" else QuantFormat.QOperator,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            op_types_to_quantize=a.op_types.split(","),
            extra_options={"WeightSymmetric": True, "ActivationSymmetric": False},
        )
        del tmp
    m = onnx.load(a.out)
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    data = open(a.out, "rb").read()
    print(f"wrote {a.out}: {a.format} ({a.op_types}), {len(m.graph.node)} nodes {dict(sorted(ops.items()))}, "
          f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}, "
          f"calibrated on {len(a.calibration)} images + {len(tensors) - len(a.calibration)} "
          f"synthetic, {time.time() - t0:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
